// The one convention between a section's in-text headings and Word's heading levels, used by the
// Word export (electron/export/docx/blocks.ts) and the Word import (toProsemirror.ts), so that an
// agreement exported and read back keeps its headings' levels (test/unit/word-own-export-import.test.ts).
//
// A section's title is one Word heading level (the export writes Overskrift 2, below a part's
// Overskrift 1; the import finds it as the shallowest heading that starts sections). A heading inside
// the section's text sits as many Word levels below the section's title as its editor level is below
// 1: editor levels 2–6 (a level-1 heading is taken as level 2), Overskrift 3–7 in the export.

/** The editor's heading levels inside a section's text. */
export const IN_SECTION_LEVELS = { min: 2, max: 6 } as const;

/** The Word heading level the export gives a section's title. */
export const SECTION_WORD_LEVEL = 2;

const clamp = (level: number) => Math.min(IN_SECTION_LEVELS.max, Math.max(IN_SECTION_LEVELS.min, level));

/** The Word heading level of an in-section heading of editor `level`, in a section whose title is at
 *  Word level `sectionWordLevel` (the export's: SECTION_WORD_LEVEL). */
export function wordLevelOfHeading(level: number, sectionWordLevel: number = SECTION_WORD_LEVEL): number {
  return clamp(level) + sectionWordLevel - 1;
}

/** The editor level of a Word heading of `wordLevel` inside a section whose title is at Word level
 *  `sectionWordLevel`; `tooDeep` when Word's level is deeper than the editor has (it is kept at the
 *  deepest, and the import reports it). */
export function headingLevelOfWord(wordLevel: number, sectionWordLevel: number): { level: number; tooDeep: boolean } {
  const level = wordLevel - sectionWordLevel + 1;
  return { level: clamp(level), tooDeep: level > IN_SECTION_LEVELS.max };
}
