// The agreement of a structure document held in memory, read once per change of it rather than on
// every keystroke in a section: the write check asks for it with every update.
import type * as Y from 'yjs';
import type { Agreement } from '../domain/agreement.ts';
import { readAgreement } from '../structure/structureDoc.ts';

const readOf = new WeakMap<Y.Doc, Agreement | null>();
const watched = new WeakSet<Y.Doc>();

/** readAgreement(structure), cached until the document next changes. */
export function currentAgreement(structure: Y.Doc): Agreement | null {
  if (!watched.has(structure)) {
    watched.add(structure);
    structure.on('update', () => readOf.delete(structure));
  }
  if (!readOf.has(structure)) readOf.set(structure, readAgreement(structure));
  return readOf.get(structure)!;
}
