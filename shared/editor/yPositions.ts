// Where a Yjs relative position is in the editor's ProseMirror document: y-prosemirror's
// relativePositionToAbsolutePosition, with its one long walk made short. To count what lies before a
// top-level block, y-prosemirror walks every item before it in the section's fragment (deleted ones
// too) and looks each one's node up in the binding's mapping: ~50 µs in a 600-block section, paid
// per caret and per comment anchor end. Here the items before the block are only counted, and the
// document's child at that index, when it is the block's node, gives the offset (a sum over an
// array). Everything below the top level is counted as y-prosemirror counts it, and so is a block
// that is deleted or whose node is not at its index (the mapping is of another document).
import type { Node } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

/** The editor's binding to its section, as y-prosemirror's sync plugin keeps it. */
export interface YBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Map<Y.AbstractType<unknown>, Node>;
}

/** The editor's binding, or null when it is not bound (yet). */
export function yBinding(state: EditorState): YBinding | null {
  const sync = ySyncPluginKey.getState(state) as { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping: YBinding['mapping'] } | null } | undefined;
  if (!sync?.doc || !sync.type || !sync.binding) return null;
  return { doc: sync.doc, type: sync.type, mapping: sync.binding.mapping };
}

/**
 * The offset in `doc` of the top-level block `type` (a live child of the section's fragment), or
 * null unless `doc`'s child at the block's index is the block's node: then y-prosemirror's walk
 * decides. The items before it are counted, not measured: no mapping lookup per item.
 */
function topLevelOffset(doc: Node, type: Y.AbstractType<unknown>, mapping: YBinding['mapping']): number | null {
  const item = type._item;
  if (!item || item.deleted) return null;
  let index = 0;
  for (let n = item.left; n !== null; n = n.left) if (!n.deleted) index++;
  if (index >= doc.childCount || doc.child(index) !== mapping.get(type)) return null;
  let offset = 0;
  for (let i = 0; i < index; i++) offset += doc.child(i).nodeSize;
  return offset;
}

/** The size of what `type` holds (an element's node, a text's length), as y-prosemirror counts it. */
function sizeOf(type: Y.AbstractType<unknown> | undefined, mapping: YBinding['mapping']): number {
  return type instanceof Y.XmlText ? type._length : mapping.get(type as Y.AbstractType<unknown>)!.nodeSize;
}

/**
 * The position in `doc` (the editor's document, rendered from `binding.type`) of `relPos`, or null
 * when it does not resolve inside the section's text. Throws as y-prosemirror does when the mapping
 * lacks a node on the way (the editor has not rendered that part).
 */
export function relativeToPosition(binding: YBinding, doc: Node, relPos: Y.RelativePosition): number | null {
  const { doc: ydoc, type: root, mapping } = binding;
  const decoded = Y.createAbsolutePositionFromRelativePosition(relPos, ydoc);
  if (decoded === null || (decoded.type !== root && !Y.isParentOf(root, decoded.type._item))) return null;
  let type = decoded.type;
  let pos = 0;
  if (type instanceof Y.XmlText) {
    pos = decoded.index;
  } else if (type._item === null || !type._item.deleted) {
    // Inside an element: what its children before the index hold.
    let n = type._start;
    for (let i = 0; i < type._length && i < decoded.index && n !== null; n = n.right) {
      if (n.deleted) continue;
      i++;
      pos += sizeOf((n.content as Y.ContentType).type, mapping);
    }
    pos += 1;
  }
  while (type !== root && type._item !== null) {
    const parent = type._item.parent as Y.AbstractType<unknown>;
    if (parent._item === null || !parent._item.deleted) {
      pos += 1;
      const offset = parent === root ? topLevelOffset(doc, type as Y.AbstractType<unknown>, mapping) : null;
      if (offset !== null) pos += offset;
      else {
        // From the first live item, as y-prosemirror walks: a block deleted before it is not met, and
        // a position in it counts everything (the end of the section).
        for (let n = parent._first; n !== null; n = n.right) {
          const content = (n.content as Y.ContentType).type;
          if (content === type) break;
          if (!n.deleted) pos += sizeOf(content, mapping);
        }
      }
    }
    type = parent;
  }
  return pos - 1;
}
