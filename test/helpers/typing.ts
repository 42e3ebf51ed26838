// A typist for tests: keystrokes into a paragraph of its own at the start of a section (what the
// document rules allow), each marked `[k<n>]` so that a stored section tells which ones it holds.
import * as Y from 'yjs';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';

export interface Typist {
  /** Types keystroke number `n` and returns the update it made. */
  type(n: number): Uint8Array;
}

/** A typist on `replica` (which need not hold the rest of the section). */
export function typist(replica: Y.Doc): Typist {
  const text = new Y.XmlText();
  let fresh = true;
  return {
    type(n) {
      const before = Y.encodeStateVector(replica);
      replica.transact(() => {
        if (fresh) {
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [text]);
          replica.getXmlFragment(SECTION_FRAGMENT).insert(0, [paragraph]);
          fresh = false;
        }
        text.insert(text.length, `[k${n}]`);
      });
      return Y.encodeStateAsUpdate(replica, before);
    },
  };
}

/** The keystroke numbers a stored section holds. */
export function keystrokesIn(doc: Y.Doc): Set<number> {
  const xml = doc.getXmlFragment(SECTION_FRAGMENT).toString();
  return new Set([...xml.matchAll(/\[k(\d+)\]/g)].map((m) => Number(m[1])));
}

/** An update adding one paragraph of `text` at the start of a section. */
export function paragraphUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(SECTION_FRAGMENT).insert(0, [paragraph]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
