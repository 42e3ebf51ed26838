// Section text as the editor keeps it (XmlFragment 'prosemirror' > paragraph > XmlText), for the
// flood tool and the tests (test/helpers/docContent.ts builds on it): what they write must pass the document check
// (shared/documents/check.ts) like the app's own edits, or the server refuses it.
import * as Y from 'yjs';
import { SECTION_KEYS } from '../../../shared/documents/keys.ts';

export const sectionFragment = (doc: Y.Doc) => doc.getXmlFragment(SECTION_KEYS.text);

/** Adds a paragraph holding `text` at `index` (default: the end), in one transaction; returns
 *  the paragraph's text, for typing into it later. */
export function insertParagraph(doc: Y.Doc, text: string, index = sectionFragment(doc).length): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  doc.transact(() => {
    sectionFragment(doc).insert(index, [paragraph]);
    paragraph.insert(0, [content]);
    if (text) content.insert(0, text);
  });
  return content;
}

/** The plain text of every paragraph, in order. */
export function paragraphTexts(doc: Y.Doc): string[] {
  return sectionFragment(doc)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((t) => (t instanceof Y.XmlText ? Y.Text.prototype.toString.call(t) : '')).join('') : ''));
}

/** A section update of one paragraph whose text is `n` separate items (each typed at the front, so
 *  none merges with another). */
export function paragraphOfItems(n: number, char = 'x'): Uint8Array {
  const doc = new Y.Doc();
  const text = new Y.XmlText();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [text]);
  sectionFragment(doc).insert(0, [paragraph]);
  for (let i = 0; i < n; i++) text.insert(0, char);
  return Y.encodeStateAsUpdate(doc);
}
