// The lines an export writes around the agreement's text (Word and PDF alike), in one place: the
// exports write them from here, and a Word import of an export recognises them from here
// (shared/word/mapping.ts) to leave them out of the text and out of what was not taken over.

/** Under a section heading: the theme group it belongs to. */
export const themeGroupLine = (name: string): string => `Temagruppe: ${name}`;

/** On the title page of a final version whose unagreed clauses are marked. */
export const DRAFT_NOTICE = 'UDKAST: ikke alle klausuler er endeligt aftalt. De er markeret i teksten.';

/** In place of a section's text that cannot be read. */
export const damagedSectionLine = (reason: string): string => `Afsnittet kan ikke vises: ${reason}`;

/** The theme group's name in a line themeGroupLine wrote, or null when `line` is not one. */
export function themeGroupOfLine(line: string): string | null {
  const prefix = themeGroupLine('');
  return line.startsWith(prefix) && line.length > prefix.length ? line.slice(prefix.length) : null;
}

/** Whether `line` is one of the lines above (each written as one coloured run). */
export function isExportLine(line: string): boolean {
  return themeGroupOfLine(line) !== null || line === DRAFT_NOTICE || line.startsWith(damagedSectionLine(''));
}
