// Where positions and the decision log live inside a section's Y.Doc: beside the text, not in it, so
// the editor's undo (which tracks only the text fragment) can never undo a decision.
import * as Y from 'yjs';
import { SECTION_KEYS } from '../documents/keys.ts';
import { NegotiationSide, Position, samePosition } from './position.ts';
import { storedPosition } from './storedPosition.ts';

const POSITIONS = SECTION_KEYS.positions;
const DECISION_LOG = SECTION_KEYS.decisionLog;

const key = (clauseId: string, side: NegotiationSide) => `${clauseId}/${side}`;

/**
 * Records a position: it becomes the side's current one, and is appended to the decision log. One
 * that says nothing new (samePosition: Enig pressed again on the same text) records nothing and
 * returns false. A decision on a suggestion (forslag-accepteret/-afvist) is only logged.
 */
export function recordPosition(doc: Y.Doc, position: Position): boolean {
  const parsed = Position.parse(position);
  const logOnly = parsed.stance === 'forslag-accepteret' || parsed.stance === 'forslag-afvist';
  if (!logOnly && samePosition(currentPositions(doc, parsed.clauseId)[parsed.side], parsed)) return false;
  doc.transact(() => {
    if (!logOnly) doc.getMap(POSITIONS).set(key(parsed.clauseId, parsed.side), parsed);
    doc.getArray(DECISION_LOG).push([parsed]);
  });
  return true;
}

/** Each side's current position on a clause, as stored. Entries that do not validate are ignored.
 *  Raw: whether a position counts is shared/identity/counted.ts's `countedPositions`, which every
 *  status derivation uses. */
export function currentPositions(doc: Y.Doc, clauseId: string): Partial<Record<NegotiationSide, Position>> {
  const map = doc.getMap(POSITIONS);
  const out: Partial<Record<NegotiationSide, Position>> = {};
  for (const side of NegotiationSide.options) {
    const position = storedPosition(map.get(key(clauseId, side)));
    if (position) out[side] = position;
  }
  return out;
}

/** Every clause's current positions in a section (each side's latest), in no particular order. */
export function allCurrentPositions(doc: Y.Doc): Position[] {
  const out: Position[] = [];
  for (const [k, value] of doc.getMap(POSITIONS).entries()) {
    const position = storedPosition(value);
    if (position && k === key(position.clauseId, position.side)) out.push(position);
  }
  return out;
}

/** The decision log of a clause, oldest first. */
export function decisionLog(doc: Y.Doc, clauseId: string): Position[] {
  return doc
    .getArray(DECISION_LOG)
    .toArray()
    .flatMap((entry) => {
      const position = storedPosition(entry);
      return position !== null && position.clauseId === clauseId ? [position] : [];
    });
}

/** The whole decision log of a section (every clause), oldest first; entries that do not validate
 *  are left out (the log check then finds the gap they leave, shared/identity/decisionLogCheck.ts). */
export function sectionDecisionLog(doc: Y.Doc): Position[] {
  return doc
    .getArray(DECISION_LOG)
    .toArray()
    .flatMap((entry) => {
      const position = storedPosition(entry);
      return position !== null ? [position] : [];
    });
}
