// *Brug denne formulering*: the other side's alternative wording becomes a suggestion (a tracked
// replacement of the clause's wording) in one step, for the author of the suggestion to be the
// person who took it over; the text itself changes only when the suggestion is accepted.
import type { Node } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { clauseStatusEntry } from './clauseStatus.ts';
import { isSuggesting, setSuggesting } from './suggestions.ts';

/**
 * The range of a clause's wording: from the start of its first paragraph to the end of the last
 * paragraph before anything else (a delmål block, a table, a list); null when it has no paragraph.
 */
export function clauseWordingRange(doc: Node, clausePos: number): { from: number; to: number } | null {
  const clause = doc.nodeAt(clausePos);
  if (!clause) return null;
  let from: number | null = null;
  let to: number | null = null;
  let open = true;
  clause.forEach((child, offset) => {
    if (!open) return;
    if (child.type.name !== 'paragraph') {
      if (from !== null) open = false;
      return;
    }
    const start = clausePos + 1 + offset + 1;
    from ??= start;
    to = start + child.content.size;
  });
  return from !== null && to !== null ? { from, to } : null;
}

/**
 * Proposes `wording` for the clause as a suggestion: suggestion mode on for the one transaction
 * (through the view's dispatch, where edits become suggestions: suggestingDispatch), then back as it
 * was. False when the clause is not found or has no wording to replace.
 */
export function proposeWording(view: { state: EditorState; dispatch: (tr: Transaction) => void }, clauseId: string, wording: string): boolean {
  const entry = clauseStatusEntry(view.state, { clauseId });
  const range = entry && clauseWordingRange(view.state.doc, entry.pos);
  const text = wording.replace(/\s+/g, ' ').trim();
  if (!range || text === '') return false;
  const was = isSuggesting(view.state);
  if (!was) view.dispatch(setSuggesting(view.state, true));
  view.dispatch(view.state.tr.insertText(text, range.from, range.to).scrollIntoView());
  if (!was) view.dispatch(setSuggesting(view.state, false));
  return true;
}
