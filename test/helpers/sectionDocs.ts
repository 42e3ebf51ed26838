// Section documents for Node tests: seeded into Yjs (never into the editor, y-prosemirror's caveat),
// positions found by their text, and replicas kept in sync the way the sync server would.
import type { Node } from 'prosemirror-model';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';

/** A Y.Doc whose section text is `content`. */
export function seededSection(...content: Node[]): Y.Doc {
  const ydoc = new Y.Doc();
  prosemirrorToYXmlFragment(schema.nodes.doc.create(null, content), ydoc.getXmlFragment(SECTION_FRAGMENT));
  return ydoc;
}

/** Position just before the first occurrence of `text`, or just after it with `after`. */
export function posOf(doc: Node, text: string, after = false): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text) + (after ? text.length : 0);
    return found < 0;
  });
  if (found < 0) throw new Error(`${text} not found`);
  return found;
}

/** A second replica of `a`, kept level with it: every update of one is applied to the other. */
export function linkedReplica(a: Y.Doc): Y.Doc {
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== b && Y.applyUpdate(b, u, a));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== a && Y.applyUpdate(a, u, b));
  return b;
}
