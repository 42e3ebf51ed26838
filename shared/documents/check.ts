// PLACEHOLDER until the documents branch lands: the real check (what a section or structure
// document may contain: node types, attributes, depth, the structure's keys and shapes) is owned
// by the documents branch and replaces this file when merged. This placeholder checks only that an
// update decodes and stays within a size and a struct count, with the same signature.
import * as Y from 'yjs';

export type DocCheck = { ok: true } | { ok: false; reason: string }; // reason in Danish

const MAX_UPDATE_BYTES = 16 * 1024 * 1024;
const MAX_STRUCTS = 500_000;

/** Would applying `update` to `current` keep the document within what its kind may contain?
 *  Must not modify `current`; costs about O(update size). */
export function checkUpdate(_docId: string, _current: Y.Doc, update: Uint8Array): DocCheck {
  if (update.byteLength > MAX_UPDATE_BYTES) return { ok: false, reason: 'Ændringen er for stor.' };
  try {
    const decoded = Y.decodeUpdate(update);
    if (decoded.structs.length > MAX_STRUCTS) return { ok: false, reason: 'Ændringen indeholder for mange dele.' };
  } catch {
    return { ok: false, reason: 'Ændringen kan ikke læses.' };
  }
  return { ok: true };
}

/** Is a whole stored document within the rules (used when opening, checking and importing). */
export function checkDoc(docId: string, doc: Y.Doc): DocCheck {
  return checkUpdate(docId, new Y.Doc(), Y.encodeStateAsUpdate(doc));
}
