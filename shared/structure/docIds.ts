// Names of the collaborative documents of an agreement: one for its structure, one per section.
// Each is one Yjs document and so one unit of sync.

export function structureDocId(agreementId: string): string {
  return `${agreementId}/structure`;
}

export function sectionDocId(agreementId: string, sectionId: string): string {
  return `${agreementId}/section/${sectionId}`;
}

/** Name of the Y.Map inside a section document holding section-level facts (last edit, …). */
export const SECTION_META = 'meta';
