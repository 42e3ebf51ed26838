// How crashChild.ts records its integers in a workspace's documents and how crash.test.ts reads them
// back, as content the document check (shared/documents/check.ts) accepts: in a section, one
// decision-log entry per integer (clause id `n<integer>`); in the structure, one party per integer.
import type * as Y from 'yjs';
import { parseDocId } from '../../shared/structure/docIds.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { loggedClauseIds, recordTestPosition } from './docContent.ts';

const PREFIX = 'n';

export function recordNumber(docId: string, doc: Y.Doc, n: number): void {
  if (parseDocId(docId)?.kind === 'structure') {
    doc.getMap(STRUCTURE_KEYS.parties).set(`${PREFIX}${n}`, { id: `${PREFIX}${n}`, name: `Kommune ${n}`, kind: 'kommune' });
  } else {
    recordTestPosition(doc, `${PREFIX}${n}`);
  }
}

/** Every integer recorded in `doc`, in document order, duplicates included. */
export function recordedNumbers(docId: string, doc: Y.Doc): number[] {
  const keys = parseDocId(docId)?.kind === 'structure' ? [...doc.getMap(STRUCTURE_KEYS.parties).keys()] : loggedClauseIds(doc);
  return keys.filter((k) => k.startsWith(PREFIX)).map((k) => Number(k.slice(PREFIX.length)));
}
