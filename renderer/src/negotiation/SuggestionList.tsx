// The pending suggestions (ændringsforslag) of a section, under the editor's toolbar: what each one
// inserts or deletes, who suggested it and when, and accept/reject for one or for all of one side.
// Accepting changes the text, and so the hash an agreement is bound to; rejecting leaves it.
import { useEffect, useMemo, useState } from 'react';
import type { EditorView } from 'prosemirror-view';
import type { Command } from 'prosemirror-state';
import type * as Y from 'yjs';
import type { Side } from '../../../shared/domain/agreement.ts';
import { formatDanishDateTime, sideLabel } from '../../../shared/domain/labels.ts';
import {
  acceptAllFrom,
  acceptSuggestion,
  hasSuggestions,
  listSuggestions,
  rejectAllFrom,
  rejectSuggestion,
  showSuggestion,
  type SuggestionEntry,
  type SuggestionKind,
} from '../../../shared/editor/suggestions.ts';
import { suggestionAuthors, suggestionsMap, type SuggestionAuthorship } from '../../../shared/negotiation/suggestionsDoc.ts';

const kindLabel: Record<SuggestionKind, string> = {
  insertion: 'Indsættelse',
  deletion: 'Sletning',
  replacement: 'Erstatning',
};

const sideOrder: readonly Side[] = ['region', 'kommune', 'praksis'];

/** The authorship entries of the section's suggestions, following changes from any replica. */
function useSuggestionAuthors(doc: Y.Doc): Map<string, SuggestionAuthorship> {
  const [authors, setAuthors] = useState(() => suggestionAuthors(doc));
  useEffect(() => {
    const map = suggestionsMap(doc);
    const read = () => setAuthors(suggestionAuthors(doc));
    read();
    map.observe(read);
    return () => map.unobserve(read);
  }, [doc]);
  return authors;
}

export interface SuggestionListProps {
  view: EditorView | null;
  /** Changes whenever the editor state does, so the list follows the text. */
  version: number;
  doc: Y.Doc;
  /** Why the person may not accept or reject suggestions here (shared/access), if so. */
  blockedReason?: string;
  /** Called after suggestions were accepted or rejected (for the decision log). */
  onDecided?: (decided: SuggestionEntry[], accepted: boolean) => void;
}

/** What a decided suggestion was, for its decision-log entry: "Erstatning: «syv» → «tre» (forslag fra …)". */
export function suggestionSummary(s: SuggestionEntry): string {
  const cut = (text: string) => (text.length > 160 ? `${text.slice(0, 160)} …` : text);
  const what = [s.deleted && `«${cut(s.deleted)}»`, s.inserted && `«${cut(s.inserted)}»`].filter(Boolean).join(' → ');
  const who = s.author ? ` (forslag fra ${s.author.by.name}${s.side ? `, ${sideLabel[s.side]}` : ''})` : s.side ? ` (forslag fra ${sideLabel[s.side]})` : '';
  return `${kindLabel[s.kind]}: ${what}${who}`;
}

export function SuggestionList({ view, doc: ydoc, blockedReason, onDecided }: SuggestionListProps) {
  const authors = useSuggestionAuthors(ydoc);
  const [open, setOpen] = useState(true);
  // Listing walks the whole section; skipped on the keystrokes of a section without suggestions.
  const doc = view && hasSuggestions(view.state) ? view.state.doc : null;
  const suggestions = useMemo(() => (doc ? listSuggestions(doc, authors) : []), [doc, authors]);
  if (!view || suggestions.length === 0) return null;
  const editable = view.editable && blockedReason === undefined;
  const title = blockedReason;
  const sides = sideOrder.filter((side) => suggestions.some((s) => s.side === side));
  const run = (command: Command, decided?: { ids: string[]; accepted: boolean }) => {
    const entries = decided ? suggestions.filter((x) => decided.ids.includes(x.id)) : [];
    const done = command(view.state, view.dispatch);
    if (done && decided && entries.length > 0) onDecided?.(entries, decided.accepted);
    view.focus();
  };
  const ofSide = (side: Side) => suggestions.filter((x) => x.side === side).map((x) => x.id);

  return (
    <section className="suggestion-list" aria-label="Ændringsforslag" data-testid="suggestion-list">
      <div className="suggestion-list-head">
        <button type="button" className="button button-quiet" aria-expanded={open} data-testid="suggestion-list-toggle" onClick={() => setOpen((o) => !o)}>
          Ændringsforslag ({suggestions.length})
        </button>
        {open &&
          sides.map((side) => (
            <span className="suggestion-side-actions" key={side} role="group" aria-label={`Forslag fra ${sideLabel[side]}`}>
              <button
                type="button"
                className="button button-quiet"
                data-testid={`accept-all-${side}`}
                disabled={!editable}
                title={title}
                onClick={() => run(acceptAllFrom(side, authors), { ids: ofSide(side), accepted: true })}
              >
                Acceptér alle fra {sideLabel[side]}
              </button>
              <button
                type="button"
                className="button button-danger-quiet"
                data-testid={`reject-all-${side}`}
                disabled={!editable}
                title={title}
                onClick={() => run(rejectAllFrom(side, authors), { ids: ofSide(side), accepted: false })}
              >
                Afvis alle fra {sideLabel[side]}
              </button>
            </span>
          ))}
      </div>
      {open && (
        <ol className="suggestion-items">
          {suggestions.map((s) => (
            <SuggestionItem key={s.id} suggestion={s} editable={editable} title={title} run={run} />
          ))}
        </ol>
      )}
    </section>
  );
}

function SuggestionItem({
  suggestion: s,
  editable,
  title,
  run,
}: {
  suggestion: SuggestionEntry;
  editable: boolean;
  title?: string;
  run: (command: Command, decided?: { ids: string[]; accepted: boolean }) => void;
}) {
  const sideClass = s.side ? `side-${s.side}` : '';
  return (
    <li className="suggestion-item" data-testid="suggestion-item" data-suggestion-id={s.id} data-kind={s.kind} data-side={s.side ?? ''}>
      <button
        type="button"
        className="suggestion-text"
        title="Vis forslaget i teksten"
        data-testid="suggestion-show"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => run(showSuggestion(s.id))}
      >
        <span className="suggestion-kind">{kindLabel[s.kind]}:</span>{' '}
        {s.deleted && <del className={`suggestion suggestion-del ${sideClass}`}>{s.deleted}</del>}
        {s.deleted && s.inserted && ' → '}
        {s.inserted && <ins className={`suggestion suggestion-ins ${sideClass}`}>{s.inserted}</ins>}
      </button>
      <span className="suggestion-meta" data-testid="suggestion-author">
        {s.author ? `${s.author.by.name} (${s.author.by.organisation})` : 'Ukendt forfatter'}
        {s.side && <span className={`suggestion-side ${sideClass}`}> · {sideLabel[s.side]}</span>}
        {s.author && <> · {formatDanishDateTime(s.author.at)}</>}
      </span>
      <span className="suggestion-actions">
        <button type="button" className="button button-quiet" data-testid="suggestion-accept" disabled={!editable} title={title} onClick={() => run(acceptSuggestion(s.id), { ids: [s.id], accepted: true })}>
          Acceptér
        </button>
        <button type="button" className="button button-danger-quiet" data-testid="suggestion-reject" disabled={!editable} title={title} onClick={() => run(rejectSuggestion(s.id), { ids: [s.id], accepted: false })}>
          Afvis
        </button>
      </span>
    </li>
  );
}
