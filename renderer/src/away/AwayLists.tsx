// Under the section's toolbar: *Samtidige ændringer* — clauses both sides changed while apart, each
// side's version and the merged result, to keep one — and *Nyt siden sidst* — clauses others changed
// since this person last saw them, by whom, with a word diff, until marked seen. The editor
// highlights the same clauses (shared/editor/awayHighlights.ts), set here when the lists change.
import { useEffect, useMemo, useState } from 'react';
import { Node as PMNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Api } from '../../../shared/api/contract.ts';
import type { AwayChanges, ConcurrentEdit } from '../../../shared/api/awayContract.ts';
import type { LastEdit } from '../../../shared/negotiation/lastEdit.ts';
import { formatDanishDateTime, sideLabel } from '../../../shared/domain/labels.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { clauseNumber } from '../../../shared/editor/clauseNumbers.ts';
import { setAwayHighlights } from '../../../shared/editor/awayHighlights.ts';
import { clauseReadableText } from '../../../shared/negotiation/clauseVersions.ts';
import { wordDiff } from '../../../shared/negotiation/wordDiff.ts';
import { DiffView } from '../negotiation/DiffView.tsx';

interface ClauseHere {
  pos: number;
  node: PMNode;
  /** 1-based among the section's clauses. */
  index: number;
  text: string;
}

/** The section's clauses by id, as the editor holds them now (texts remembered per node). */
function clausesNow(doc: PMNode): Map<string, ClauseHere> {
  const out = new Map<string, ClauseHere>();
  let index = 0;
  doc.forEach((node, pos) => {
    if (node.type.name !== 'clause') return;
    index++;
    const id = node.attrs.id as string;
    if (!out.has(id)) out.set(id, { pos, node, index, text: clauseReadableText(node) });
  });
  return out;
}

function byLine(by: LastEdit | null): string {
  return by ? `${by.name} (${sideLabel[by.side]})` : 'en anden';
}

export interface AwayListsProps {
  api: Api;
  docId: string;
  view: EditorView | null;
  /** Changes whenever the editor state does. */
  version: number;
  changes: AwayChanges;
  sectionNumber: number | null;
  /** Why the person may not change the text, if so (resolving writes the chosen version). */
  blockedReason?: string;
  onError: (message: string) => void;
}

export function AwayLists({ api, docId, view, changes, sectionNumber, blockedReason, onError }: AwayListsProps) {
  const [open, setOpen] = useState(true);
  // Only while something is listed: the clauses are looked up on every keystroke then.
  const doc = changes.unseen.length + changes.concurrent.length > 0 ? (view?.state.doc ?? null) : null;
  const here = useMemo(() => (doc ? clausesNow(doc) : new Map<string, ClauseHere>()), [doc]);
  // A clause changed back to what was seen is not news; a deleted clause cannot be shown.
  const unseen = changes.unseen.filter((u) => {
    const now = here.get(u.clauseId);
    return now !== undefined && now.text !== u.seenText;
  });
  const concurrent = changes.concurrent.filter((c) => here.has(c.clauseId));

  // The editor's highlights follow the lists (not each keystroke: the plugin maps them meanwhile),
  // and are set again once listed clauses appear in the editor (its text arrives from Yjs after it
  // is made).
  const shown = changes.unseen.filter((u) => here.has(u.clauseId)).length + changes.concurrent.filter((c) => here.has(c.clauseId)).length;
  useEffect(() => {
    if (!view || view.isDestroyed) return;
    view.dispatch(
      setAwayHighlights(view.state, {
        unseen: new Map(changes.unseen.map((u) => [u.clauseId, u.seenText])),
        concurrent: new Set(changes.concurrent.map((c) => c.clauseId)),
      }),
    );
  }, [view, changes, shown]);

  if (!view || (unseen.length === 0 && concurrent.length === 0)) return null;
  const label = (clauseId: string) => `Klausul ${clauseNumber(sectionNumber, here.get(clauseId)!.index)}`;
  const show = (clauseId: string) => {
    const at = here.get(clauseId);
    if (!at) return;
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(at.pos + 1))).scrollIntoView());
    view.focus();
  };
  const fail = (what: string) => (error: unknown) => onError(`${what}: ${(error as Error).message}`);
  const markSeen = (clauseIds: string[] | 'all') =>
    api.markSeen(clauseIds === 'all' ? { docId, all: true } : { docId, clauseIds }).catch(fail('Kunne ikke markeres som set'));

  const resolve = (edit: ConcurrentEdit, keep: 'ours' | 'theirs' | 'merged') => {
    const at = here.get(edit.clauseId);
    if (!at) return;
    if (keep !== 'merged') {
      let chosen: PMNode;
      try {
        chosen = PMNode.fromJSON(schema, JSON.parse(keep === 'ours' ? edit.oursJson : edit.theirsJson));
        chosen.check();
      } catch {
        onError('Versionen kan ikke læses og blev ikke skrevet.');
        return;
      }
      // An ordinary edit of the clause's content (its id stays): saved, synced and undoable as any.
      view.dispatch(view.state.tr.replaceWith(at.pos + 1, at.pos + at.node.nodeSize - 1, chosen.content));
    }
    api.resolveConcurrent({ docId, clauseId: edit.clauseId }).catch(fail('Markeringen kunne ikke fjernes'));
    view.focus();
  };

  return (
    <div className="away-lists">
      {concurrent.length > 0 && (
        <section className="away-list concurrent-list" aria-labelledby="concurrent-title" data-testid="concurrent-list">
          <div className="away-list-head">
            <h2 id="concurrent-title" className="away-list-title">
              Samtidige ændringer ({concurrent.length})
            </h2>
            <p className="small muted">Begge sider ændrede disse klausuler, mens I var hver for sig. Yjs har flettet dem; se resultatet igennem, og vælg hvad der skal stå.</p>
          </div>
          <ol className="away-items">
            {concurrent.map((edit) => {
              const now = here.get(edit.clauseId)!;
              return (
                <li key={edit.clauseId} className="away-item" data-testid="concurrent-item" data-clause-id={edit.clauseId}>
                  <p className="away-item-head">
                    <button type="button" className="button button-quiet away-clause" onClick={() => show(edit.clauseId)}>
                      {label(edit.clauseId)}
                    </button>
                    <span className="small muted">
                      ændret af dig og af {byLine(edit.by)} · opdaget {formatDanishDateTime(edit.detectedAt)}
                    </span>
                  </p>
                  <div className="concurrent-versions">
                    <div data-testid="concurrent-ours">
                      <h3 className="away-version-title">Din version</h3>
                      <DiffView ops={wordDiff(edit.common, edit.ours)} />
                    </div>
                    <div data-testid="concurrent-theirs">
                      <h3 className="away-version-title">{edit.by ? `${edit.by.name}s version` : 'Den anden sides version'}</h3>
                      <DiffView ops={wordDiff(edit.common, edit.theirs)} />
                    </div>
                    <div data-testid="concurrent-merged">
                      <h3 className="away-version-title">Flettet (står i teksten nu)</h3>
                      <DiffView ops={wordDiff(edit.common, now.text)} />
                    </div>
                  </div>
                  <p className="away-actions" role="group" aria-label={`Vælg for ${label(edit.clauseId)}`}>
                    <button type="button" className="button" data-testid="concurrent-keep-ours" disabled={blockedReason !== undefined} title={blockedReason} onClick={() => resolve(edit, 'ours')}>
                      Behold min version
                    </button>
                    <button type="button" className="button" data-testid="concurrent-keep-theirs" disabled={blockedReason !== undefined} title={blockedReason} onClick={() => resolve(edit, 'theirs')}>
                      Brug {edit.by ? `${edit.by.name}s` : 'deres'} version
                    </button>
                    <button type="button" className="button button-quiet" data-testid="concurrent-keep-merged" onClick={() => resolve(edit, 'merged')}>
                      Behold det flettede
                    </button>
                  </p>
                </li>
              );
            })}
          </ol>
        </section>
      )}
      {unseen.length > 0 && (
        <section className="away-list unseen-list" aria-labelledby="unseen-title" data-testid="unseen-list">
          <div className="away-list-head">
            <button type="button" className="button button-quiet away-list-title" id="unseen-title" aria-expanded={open} data-testid="unseen-toggle" onClick={() => setOpen((o) => !o)}>
              Nyt siden sidst ({unseen.length})
            </button>
            <button type="button" className="button button-quiet" data-testid="unseen-seen-all" onClick={() => void markSeen('all')}>
              Markér alle som set
            </button>
          </div>
          {open && (
            <ol className="away-items">
              {unseen.map((u) => (
                <li key={u.clauseId} className="away-item" data-testid="unseen-item" data-clause-id={u.clauseId}>
                  <p className="away-item-head">
                    <button type="button" className="button button-quiet away-clause" onClick={() => show(u.clauseId)}>
                      {label(u.clauseId)}
                    </button>
                    <span className="small muted" data-testid="unseen-by">
                      {u.seenText === '' ? 'ny klausul' : 'ændret'} af {byLine(u.by)} · {formatDanishDateTime(u.changedAt)}
                    </span>
                    <button type="button" className="button button-quiet" data-testid="unseen-seen" onClick={() => void markSeen([u.clauseId])}>
                      Markér som set
                    </button>
                  </p>
                  <DiffView ops={wordDiff(u.seenText, here.get(u.clauseId)!.text)} />
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
