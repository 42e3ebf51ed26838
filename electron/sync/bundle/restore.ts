// *Fortryd import*: the update that takes a document back to how it was before a bundle was
// imported. Yjs cannot remove history, so the undo is a new change on top: it deletes what the
// bundle inserted and inserts again what the bundle deleted, and it syncs onward like any edit.
// Later edits (made after the import, by anyone) are kept: only the bundle's own change is undone.
import * as Y from 'yjs';

const IMPORT = Symbol('bundle import');

/**
 * `before`: the document's state before the import; `imported`: the bundle's update for it;
 * `current`: the document's parts now (snapshot, log). Returns the restoring update, or null when
 * there is nothing to restore (the bundle's change is already gone).
 *
 * How: a Y.Doc without garbage collection is built from `before`, the bundle's update is applied as
 * one tracked transaction of a Y.UndoManager, everything since as untracked ones, and the undo of
 * the tracked one is recorded. The doc gets a fresh client id, so the restoring change is new.
 */
export function restoringUpdate(before: Uint8Array, imported: Uint8Array, current: readonly Uint8Array[]): Uint8Array | null {
  const doc = new Y.Doc({ gc: false });
  try {
    // The UndoManager sees only changes to typed roots (an untyped root fires no events), so each
    // root gets the type its items show, including roots the bundle or later edits created.
    const types = [...rootTypes([before, imported, ...current])].map(([name, Type]) => doc.get(name, Type));
    Y.applyUpdate(doc, before);
    const undo = new Y.UndoManager(types, { trackedOrigins: new Set([IMPORT]), captureTimeout: 0 });
    Y.applyUpdate(doc, imported, IMPORT);
    for (const part of current) Y.applyUpdate(doc, part, 'later');
    const restoring: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => restoring.push(update));
    undo.undo();
    undo.destroy();
    return restoring.length === 0 ? null : Y.mergeUpdates(restoring);
  } finally {
    doc.destroy();
  }
}

type RootType = typeof Y.Map | typeof Y.Array | typeof Y.Text | typeof Y.XmlFragment;

/** Each root type the updates write to, with its kind as its direct children show it. */
function rootTypes(updates: readonly Uint8Array[]): Map<string, RootType> {
  const types = new Map<string, RootType>();
  for (const update of updates) {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || typeof struct.parent !== 'string' || types.has(struct.parent)) continue;
      const kind = kindOf(struct);
      if (kind) types.set(struct.parent, kind);
    }
  }
  return types;
}

function kindOf(item: Y.Item): RootType | null {
  if (item.parentSub !== null) return Y.Map;
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return null;
  if (content instanceof Y.ContentType) {
    return content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText || content.type instanceof Y.XmlHook ? Y.XmlFragment : Y.Array;
  }
  if (content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed) return Y.Text;
  return Y.Array;
}
