// Content for tests that need "some edits" in a document: written the way the app writes it, so it
// passes the document check (shared/documents/check.ts) that the sync server, the meeting host, the
// bundle importer and the local push apply. A section gets paragraphs in its ProseMirror fragment,
// positions through recordPosition and comment threads through startThread; a structure gets its
// meta fields; an internal document gets comment threads.
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { SECTION_KEYS, STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { insertParagraph, paragraphTexts } from '../../electron/server/flood/sectionText.ts';
import { readThreads, startThread, type CommentAuthor, type Visibility } from '../../shared/negotiation/comments.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { Position, type NegotiationSide } from '../../shared/negotiation/position.ts';

/** Appends a paragraph holding `text` to the section's text; returns the paragraph's text. */
export const appendParagraph = (doc: Y.Doc, text = ''): Y.XmlText => insertParagraph(doc, text);

/** The text of the section's first paragraph, which is appended (empty) if the section has none:
 *  a place for random insertions. */
export function firstParagraphText(doc: Y.Doc): Y.XmlText {
  const first = doc.getXmlFragment(SECTION_FRAGMENT).get(0);
  if (first instanceof Y.XmlElement) {
    const text = first.get(0);
    if (text instanceof Y.XmlText) return text;
  }
  return appendParagraph(doc);
}

/** The section's text as plain text: one line per top-level paragraph, marks left out. */
export const sectionPlainText = (doc: Y.Doc): string => paragraphTexts(doc).join('\n');

export { paragraphTexts };

export const TEST_AUTHOR: CommentAuthor = { name: 'Test Testesen', organisation: 'Region Test', side: 'region' };

/** Starts a real comment thread (shared/negotiation/comments.ts) anchored at the start of the
 *  section's text; in an internal document the anchor points nowhere in particular, as the app's
 *  does into the section it is about. Returns the thread id. */
export function addCommentThread(doc: Y.Doc, text: string, by: CommentAuthor = TEST_AUTHOR, at?: string): string {
  const anchorAt = Y.createRelativePositionFromTypeIndex(doc.getXmlFragment(SECTION_FRAGMENT), 0);
  const encoded = toBase64(Y.encodeRelativePosition(anchorAt));
  return startThread(doc, { anchor: { start: encoded, end: encoded, quote: '', clauseId: null }, text, by, ...(at === undefined ? {} : { at }) });
}

/** The texts of the document's comment threads, oldest first. */
export function commentTexts(doc: Y.Doc, visibility: Visibility = 'shared'): string[] {
  return readThreads(doc, visibility).map((t) => t.text);
}

/** Records an agreeing position on clause `clauseId` (recordPosition: the positions map and the
 *  decision log), so every call leaves one entry in the append-only log. */
export function recordTestPosition(doc: Y.Doc, clauseId: string, side: NegotiationSide = 'region', at = new Date(0).toISOString()): void {
  recordPosition(doc, { clauseId, side, stance: 'enig', textHash: 'test', text: '', by: { name: TEST_AUTHOR.name, organisation: TEST_AUTHOR.organisation }, at });
}

/** The clause ids of the section's decision log, in log order. */
export function loggedClauseIds(doc: Y.Doc): string[] {
  return doc
    .getArray(SECTION_KEYS.decisionLog)
    .toArray()
    .flatMap((entry) => {
      const parsed = Position.safeParse(entry);
      return parsed.success ? [parsed.data.clauseId] : [];
    });
}

/** Sets a field of the structure's meta map (one entry per AgreementMeta field). */
export function setStructureMeta(doc: Y.Doc, field: 'title' | 'createdAt' | 'regionPartyId' | 'id', value: string): void {
  doc.getMap(STRUCTURE_KEYS.meta).set(field, value);
}

/** The structure's title, or undefined while it has none. */
export function structureTitle(doc: Y.Doc): unknown {
  return doc.getMap(STRUCTURE_KEYS.meta).get('title');
}
