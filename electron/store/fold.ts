// The fold step of compaction, on its own so that a worker thread can run it without loading the
// store (SQLite) — see foldThread.ts.
import * as Y from 'yjs';

/** Folds a document's stored parts into one update. Re-encoding through a Y.Doc drops deleted
 *  content that Y.mergeUpdates would keep, so snapshots stay close to Yjs' own state size. */
export function foldUpdates(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
