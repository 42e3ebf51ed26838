// PLACEHOLDER until the documents branch lands: the real check (the section schema's node types,
// attributes and depth; the structure's keys and shapes) replaces this file. This one only checks
// that an update can be read and is within the contract's size for one update.
import * as Y from 'yjs';

export type DocCheck = { ok: true } | { ok: false; reason: string }; // reason in Danish

const MAX_UPDATE_BYTES = 16 * 1024 * 1024;

/** Would applying `update` to `current` (the document as this replica holds it now) keep the
 *  document within what its kind (parseDocId(docId).kind) may contain? Must not modify `current`,
 *  must cost about O(update size) (no full clone of a large doc per update). */
export function checkUpdate(_docId: string, _current: Y.Doc, update: Uint8Array): DocCheck {
  if (update.byteLength > MAX_UPDATE_BYTES) return { ok: false, reason: 'ændringen er for stor' };
  try {
    Y.decodeUpdate(update);
  } catch {
    return { ok: false, reason: 'ændringen kan ikke læses' };
  }
  return { ok: true };
}

/** Is a whole stored document within the rules (used when opening, checking and importing). */
export function checkDoc(_docId: string, _doc: Y.Doc): DocCheck {
  return { ok: true };
}
