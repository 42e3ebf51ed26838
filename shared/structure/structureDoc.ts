// The agreement's structure as a Yjs document: metadata, parties, areas, theme groups and sections.
// Each entity is one entry of a top-level Y.Map keyed by id, so concurrent edits of different
// entities merge and edits of the same entity resolve last-writer-wins, per entity (two people who
// change two fields of one section at the same moment keep one of the two changes; every replica
// keeps the same one). The setup screen's commands (shared/structure/*.ts beside this file) write
// whole entries through these maps.
// The names and entry shapes are in shape.ts (and keys.ts), shared with the document check.
import * as Y from 'yjs';
import type { z } from 'zod';
import { Agreement, AgreementMeta, type Part, type Section, type ThemeGroup } from '../domain/agreement.ts';
import { partOrder } from '../domain/labels.ts';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import { STRUCTURE_COLLECTIONS, type StructureCollection as Collection } from './shape.ts';

const META = STRUCTURE_KEYS.meta;

/** Writes a whole agreement into an (empty) structure document in one transaction. */
export function writeAgreement(doc: Y.Doc, agreement: Agreement): void {
  doc.transact(() => {
    const meta = doc.getMap(META);
    for (const [key, value] of Object.entries(AgreementMeta.parse(agreement))) meta.set(key, value);
    for (const name of Object.keys(STRUCTURE_COLLECTIONS) as Collection[]) {
      const map = doc.getMap(name);
      for (const item of agreement[name]) map.set(item.id, item);
    }
  });
}

/** The meta map's plain entries. Not `toJSON()`: that recurses into nested types, and a nested map
 *  20,000 levels deep (which no version writes) would overflow the stack. */
function metaEntries(doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  doc.getMap(META).forEach((value, key) => {
    if (!(value instanceof Y.AbstractType)) out[key] = value;
  });
  return out;
}

/** Reads the agreement from its structure document, or null while the document is still empty.
 *  Entries that do not validate (e.g. written by a newer version, or damaged) are left out, not
 *  fatal; nothing here recurses into a stored value's nesting. */
export function readAgreement(doc: Y.Doc): Agreement | null {
  const meta = AgreementMeta.safeParse(metaEntries(doc));
  if (!meta.success) return null;
  const read = <C extends Collection>(name: C): z.infer<(typeof STRUCTURE_COLLECTIONS)[C]>[] =>
    [...doc.getMap(name).values()].flatMap((value) => {
      const parsed = STRUCTURE_COLLECTIONS[name].safeParse(value);
      return parsed.success ? [parsed.data as z.infer<(typeof STRUCTURE_COLLECTIONS)[C]>] : [];
    });
  return {
    ...meta.data,
    parties: read('parties'),
    areas: read('areas'),
    themeGroups: read('themeGroups').sort(byOrder),
    sections: read('sections').sort(byOrder),
  };
}

/** Reading order. Two replicas that moved two entities to the same place at once give them the same
 *  order; the id decides, so every replica shows the same. (Y.Map iteration order is not the same on
 *  every replica.) */
export function byOrder(a: { order: number; id: string }, b: { order: number; id: string }): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The sections that are part of the agreement: every section but the archived ones (which stay in
 *  the structure, and their text in their documents, until restored). */
export function activeSections(agreement: Agreement): Section[] {
  return agreement.sections.filter((s) => !s.archived);
}

/** The theme groups not archived, in order. */
export function activeThemeGroups(agreement: Agreement): ThemeGroup[] {
  return agreement.themeGroups.filter((g) => !g.archived);
}

/** Sections of one part in reading order; archived sections are left out. */
export function sectionsOfPart(agreement: Agreement, part: Part): Section[] {
  return activeSections(agreement).filter((s) => s.part === part).sort(byOrder);
}

/**
 * The display number of each section (archived sections have none): its place within its part (the political part and the pixi
 * part are separate documents to their readers, so each counts from 1); clause numbers inside
 * section 3 are "3.1", "3.2", …
 */
export function sectionNumbers(agreement: Agreement): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const part of partOrder) sectionsOfPart(agreement, part).forEach((s, i) => numbers.set(s.id, i + 1));
  return numbers;
}
