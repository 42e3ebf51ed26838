// Comment threads in the UI: the list of a section's (or one clause's) threads with replies,
// resolve/reopen and their place in the text, and the form that starts a thread on a selection.
// Shared threads are written to the section's Y.Doc, internal ones to the side's internal Y.Doc.
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { Profile } from '../../../shared/domain/agreement.ts';
import { formatDanishDateTime, sideLabel } from '../../../shared/domain/labels.ts';
import {
  authorOf,
  isResolved,
  observeThreads,
  readThreads,
  replyToThread,
  setThreadResolved,
  type CommentThread,
  type Visibility,
} from '../../../shared/negotiation/comments.ts';
import type { AnchorPlace } from '../../../shared/editor/commentAnchors.ts';

/** Starts a thread on the selection (like Word's and Google Docs' Ctrl+Alt+M). */
export const commentKey = 'Mod-Alt-m';

/** The documents threads are kept in: the section's, and the own side's internal one if any. */
export interface ThreadDocs {
  shared: Y.Doc;
  internal: Y.Doc | null;
}

export function docFor(docs: ThreadDocs, visibility: Visibility): Y.Doc {
  if (visibility === 'shared') return docs.shared;
  if (!docs.internal) throw new Error('Interne kommentarer er ikke tilgængelige for din profil.');
  return docs.internal;
}

/** Every thread in the section, shared and internal, oldest first; live. */
export function useThreads(docs: ThreadDocs): CommentThread[] {
  const read = () =>
    [...readThreads(docs.shared, 'shared'), ...(docs.internal ? readThreads(docs.internal, 'internal') : [])].sort((a, b) =>
      a.at.localeCompare(b.at),
    );
  const [threads, setThreads] = useState(read);
  useEffect(() => {
    const update = () => setThreads(read());
    update();
    const stops = [observeThreads(docs.shared, update), ...(docs.internal ? [observeThreads(docs.internal, update)] : [])];
    return () => stops.forEach((stop) => stop());
    // read() depends only on docs.
  }, [docs.shared, docs.internal]);
  return threads;
}

/** Whether the profile may keep internal threads (observers may only comment for all to see). */
export function canUseInternal(profile: Profile | null): profile is Profile {
  return profile !== null && profile.role !== 'observatoer';
}

function visibilityLabel(thread: CommentThread): string {
  return thread.visibility === 'shared' ? 'Delt med alle' : `Intern: kun ${sideLabel[thread.by.side].toLowerCase()}`;
}

export interface ThreadListProps {
  threads: readonly CommentThread[];
  places: ReadonlyMap<string, AnchorPlace>;
  docs: ThreadDocs;
  profile: Profile | null;
  activeThreadId: string | null;
  onSelect: (thread: CommentThread) => void;
  /** Shown when there are no threads. */
  empty: string;
}

export function ThreadList({ threads, places, docs, profile, activeThreadId, onSelect, empty }: ThreadListProps) {
  const [showResolved, setShowResolved] = useState(false);
  const resolvedCount = threads.filter(isResolved).length;
  const shown = threads.filter((t) => showResolved || !isResolved(t));
  return (
    <div className="thread-list" data-testid="thread-list">
      {shown.length === 0 && <p className="muted small">{empty}</p>}
      {shown.map((thread) => (
        <ThreadCard
          key={thread.id}
          thread={thread}
          place={places.get(thread.id)}
          docs={docs}
          profile={profile}
          active={thread.id === activeThreadId}
          onSelect={() => onSelect(thread)}
        />
      ))}
      {resolvedCount > 0 && (
        <button type="button" className="button button-quiet small" data-testid="toggle-resolved" onClick={() => setShowResolved((v) => !v)}>
          {showResolved ? 'Skjul løste tråde' : `Vis løste tråde (${resolvedCount})`}
        </button>
      )}
    </div>
  );
}

interface ThreadCardProps {
  thread: CommentThread;
  place: AnchorPlace | undefined;
  docs: ThreadDocs;
  profile: Profile | null;
  active: boolean;
  onSelect: () => void;
}

function ThreadCard({ thread, place, docs, profile, active, onSelect }: ThreadCardProps) {
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const deleted = place?.kind === 'deleted';
  const resolved = isResolved(thread);

  const run = (action: () => void) => {
    try {
      action();
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Kommentaren kunne ikke gemmes.');
    }
  };
  const sendReply = () => {
    if (!profile) return setError('Opret en profil for at svare.');
    if (reply.trim() === '') return setError('Skriv et svar.');
    run(() => {
      replyToThread(docFor(docs, thread.visibility), { threadId: thread.id, text: reply, by: authorOf(profile) });
      setReply('');
    });
  };

  return (
    <article
      className={`thread-card ${thread.visibility === 'internal' ? 'thread-internal' : ''} ${active ? 'thread-active' : ''} ${resolved ? 'thread-resolved' : ''}`}
      data-testid="thread"
      data-thread-id={thread.id}
      data-visibility={thread.visibility}
      data-deleted={deleted ? 'true' : 'false'}
    >
      <button type="button" className="thread-quote" onClick={onSelect} disabled={deleted} title={deleted ? undefined : 'Vis teksten'}>
        {deleted && <span className="thread-badge badge-deleted">På slettet tekst</span>}
        <q className={deleted ? 'quote-deleted' : undefined}>{thread.anchor.quote}</q>
      </button>
      <div className="thread-meta">
        <span className={`thread-badge ${thread.visibility === 'internal' ? 'badge-internal' : 'badge-shared'}`}>{visibilityLabel(thread)}</span>
        {resolved && thread.state && (
          <span className="thread-badge badge-resolved">
            Løst af {thread.state.by.name}, {formatDanishDateTime(thread.state.at)}
          </span>
        )}
      </div>
      <Message by={thread.by} at={thread.at} text={thread.text} />
      {thread.replies.map((r) => (
        <Message key={r.id} by={r.by} at={r.at} text={r.text} />
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!resolved && profile && (
        <form
          className="reply-form"
          onSubmit={(e) => {
            e.preventDefault();
            sendReply();
          }}
        >
          <label className="visually-hidden" htmlFor={`reply-${thread.id}`}>
            Svar
          </label>
          <textarea id={`reply-${thread.id}`} rows={2} placeholder="Svar …" value={reply} onChange={(e) => setReply(e.target.value)} />
          <div className="panel-actions">
            <button type="submit" className="button" data-testid="reply">
              Svar
            </button>
            <button
              type="button"
              className="button button-quiet"
              data-testid="resolve"
              onClick={() => run(() => setThreadResolved(docFor(docs, thread.visibility), thread.id, true, authorOf(profile)))}
            >
              Markér som løst
            </button>
          </div>
        </form>
      )}
      {resolved && profile && (
        <button
          type="button"
          className="button button-quiet"
          data-testid="reopen"
          onClick={() => run(() => setThreadResolved(docFor(docs, thread.visibility), thread.id, false, authorOf(profile)))}
        >
          Genåbn
        </button>
      )}
    </article>
  );
}

function Message({ by, at, text }: { by: CommentThread['by']; at: string; text: string }) {
  return (
    <div className="thread-message">
      <div className="small">
        <strong>{by.name}</strong> ({by.organisation}, {sideLabel[by.side].toLowerCase()}) · <span className="muted">{formatDanishDateTime(at)}</span>
      </div>
      <p className="thread-text">{text}</p>
    </div>
  );
}

export interface NewThreadFormProps {
  quote: string;
  profile: Profile;
  onSubmit: (text: string, visibility: Visibility) => void;
  onCancel: () => void;
}

export function NewThreadForm({ quote, profile, onSubmit, onCancel }: NewThreadFormProps) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('shared');
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => textRef.current?.focus(), []);
  const internalAllowed = canUseInternal(profile);
  return (
    <form
      className="new-thread"
      data-testid="new-thread"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') {
          setError('Skriv en kommentar.');
          textRef.current?.focus();
          return;
        }
        try {
          onSubmit(text, visibility);
        } catch (err) {
          setError(err instanceof Error ? err.message : 'Kommentaren kunne ikke gemmes.');
        }
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3>Ny kommentar</h3>
      <p className="small">
        Til teksten <q>{quote}</q>
      </p>
      <label>
        Kommentar
        <textarea ref={textRef} name="comment" rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={error ? true : undefined} />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <fieldset className="visibility-choice">
        <legend>Hvem kan se den?</legend>
        <label>
          <input type="radio" name="visibility" value="shared" checked={visibility === 'shared'} onChange={() => setVisibility('shared')} /> Alle parter
        </label>
        <label title={internalAllowed ? undefined : 'Observatører kan kun kommentere synligt for alle.'}>
          <input
            type="radio"
            name="visibility"
            value="internal"
            disabled={!internalAllowed}
            checked={visibility === 'internal'}
            onChange={() => setVisibility('internal')}
          />{' '}
          Kun {sideLabel[profile.side].toLowerCase()} (intern)
        </label>
      </fieldset>
      <div className="panel-actions">
        <button type="submit" className="button button-primary" data-testid="submit-thread">
          Gem kommentar
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Annullér
        </button>
      </div>
    </form>
  );
}
