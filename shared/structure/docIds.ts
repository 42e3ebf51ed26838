// Names of the collaborative documents of an agreement: one for its structure, one per section.
// Each is one Yjs document and so one unit of sync.
import { SECTION_KEYS } from '../documents/keys.ts';

export function structureDocId(agreementId: string): string {
  return `${agreementId}/structure`;
}

export function sectionDocId(agreementId: string, sectionId: string): string {
  return `${agreementId}/section/${sectionId}`;
}

/** Internal data of one side about a section (its own notes and threads): synced to that side only. */
export function internalDocId(agreementId: string, side: 'region' | 'kommune' | 'praksis', sectionId: string): string {
  return `${agreementId}/internal/${side}/${sectionId}`;
}

export type ParsedDocId =
  | { kind: 'structure'; agreementId: string }
  | { kind: 'section'; agreementId: string; sectionId: string }
  | { kind: 'internal'; agreementId: string; side: 'region' | 'kommune' | 'praksis'; sectionId: string };

/** The kinds of document an agreement has. */
export type DocKind = ParsedDocId['kind'];

const ID = '[A-Za-z0-9_-]{1,64}';
const pattern = new RegExp(`^(${ID})/(?:(structure)|section/(${ID})|internal/(region|kommune|praksis)/(${ID}))$`);

/** What a document id names, or null for anything that is not one. */
export function parseDocId(docId: string): ParsedDocId | null {
  const m = pattern.exec(docId);
  if (!m) return null;
  const [, agreementId, structure, sectionId, side, internalSection] = m;
  if (structure) return { kind: 'structure', agreementId };
  if (sectionId) return { kind: 'section', agreementId, sectionId };
  return { kind: 'internal', agreementId, side: side as 'region' | 'kommune' | 'praksis', sectionId: internalSection };
}

/** Name of the Y.Map inside a section document holding section-level facts (last edit, …); from
 *  keys.ts, where every top-level name of a section document is written. */
export const SECTION_META = SECTION_KEYS.meta;
