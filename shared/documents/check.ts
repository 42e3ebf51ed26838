// The document check: what a collaborative document may contain, by kind (parseDocId). Called at
// every boundary where a document or an update enters: the local push (WorkspaceService.pushUpdate),
// the sync server and meeting host before an update is applied, the bundle importer before anything
// is written, and when a workspace opens (a stored document that fails is reported, not opened).
//
// - A section (`<agreement>/section/<id>`): its text fragment holds only the schema's node types
//   (each where its parent's content expression allows it), with the schema's attribute names and
//   values (its `validate`, bounded in size), marks from the schema, nested at most MAX_NODE_DEPTH
//   and at most MAX_TEXT_CHARS of text; beside it only the top-level types in keys.ts, each entry of
//   the shape its writer uses (positions, decision log, suggestion authors, comments, last edit).
// - The structure (`<agreement>/structure`): only the maps of shared/structure/shape.ts, each entry
//   a plain value of its entity's shape, keyed by its id; no nested types at all.
// - An internal document (`<agreement>/internal/<side>/<section>`): only comment threads.
// Anything else is refused with a Danish reason naming what was wrong.
import type * as Y from 'yjs';
import { parseDocId } from '../structure/docIds.ts';
import { firstProblemInDoc } from './docWalk.ts';
import { kindLabel, rootRules } from './rootRules.ts';
import { firstProblemInUpdate } from './updateWalk.ts';

export { MAX_NODE_DEPTH, MAX_TEXT_CHARS } from './limits.ts';

export type DocCheck = { ok: true } | { ok: false; reason: string }; // reason in Danish

const OK: DocCheck = { ok: true };

function unknownDoc(docId: string): DocCheck {
  return { ok: false, reason: `«${docId.slice(0, 200)}» er ikke navnet på et dokument i en aftale.` };
}

/** Would applying `update` to `current` (the document as this replica holds it now) keep the
 *  document within what its kind (parseDocId(docId).kind) may contain? Must not modify `current`,
 *  must cost about O(update size) (no full clone of a large doc per update).
 *
 *  Items that build on something neither the update nor `current` holds are held back, as Yjs
 *  holds them (pending), and checked together with the update that brings their base; what
 *  `current` holds back is therefore checked again with every update. Deletions are always allowed. */
export function checkUpdate(docId: string, current: Y.Doc, update: Uint8Array): DocCheck {
  const parsed = parseDocId(docId);
  if (!parsed) return unknownDoc(docId);
  const problem = firstProblemInUpdate(current, update, rootRules[parsed.kind]);
  return problem ? { ok: false, reason: `Ændringen afvises, fordi den ikke passer til ${kindLabel[parsed.kind]}: ${problem}.` } : OK;
}

/** Is a whole stored document within the rules (used when opening, checking and importing). */
export function checkDoc(docId: string, doc: Y.Doc): DocCheck {
  const parsed = parseDocId(docId);
  if (!parsed) return unknownDoc(docId);
  const problem = firstProblemInDoc(doc, rootRules[parsed.kind]);
  return problem ? { ok: false, reason: `Dokumentet passer ikke til ${kindLabel[parsed.kind]}: ${problem}.` } : OK;
}
