// The poison documents, built with real Yjs: what a member could store in a section or
// write into the structure through a peer that did not check. Shared by the document check's unit
// tests, the workspace-open test and the browser test.
import * as Y from 'yjs';
import { SECTION_KEYS, STRUCTURE_KEYS } from '../../shared/documents/keys.ts';

/** An update adding `count` elements named `name` to the section's text, each inside the previous
 *  one. With 20,000 blockquotes it is about 424 KB. */
export function nestedElementsUpdate(count: number, names: (i: number) => string = () => 'blockquote', base?: Y.Doc): Uint8Array {
  return updateOn(base, (doc) => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(SECTION_KEYS.text);
    for (let i = 0; i < count; i++) {
      const el = new Y.XmlElement(names(i));
      parent.insert(parent === doc.getXmlFragment(SECTION_KEYS.text) ? parent.length : 0, [el]);
      parent = el;
    }
  });
}

/** An update writing a map nested `depth` levels deep into the structure's `root` map under `key`. */
export function deepStructureMapUpdate(depth: number, root: string = STRUCTURE_KEYS.meta, key = 'x', base?: Y.Doc): Uint8Array {
  return updateOn(base, (doc) => {
    let map = new Y.Map<unknown>();
    doc.getMap(root).set(key, map);
    for (let i = 0; i < depth; i++) {
      const inner = new Y.Map<unknown>();
      map.set('x', inner);
      map = inner;
    }
  });
}

/** The update `build` makes on a copy of `base` (or on an empty document). */
export function updateOn(base: Y.Doc | undefined, build: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  doc.transact(() => build(doc));
  return Y.encodeStateAsUpdate(doc, before);
}
