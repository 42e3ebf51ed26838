// The kinds of exported document, their Danish names, and the file name a user is offered.
import { z } from 'zod';

export const ExportKind = z.enum(['horing', 'endelig', 'forhandling', 'laesevejledning', 'uenighed']);
export type ExportKind = z.infer<typeof ExportKind>;

export const ExportFormat = z.enum(['docx', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const exportKindLabel: Record<ExportKind, string> = {
  horing: 'Høringsversion',
  endelig: 'Endelig version',
  forhandling: 'Forhandlingsudkast',
  laesevejledning: 'Læsevejledning',
  uenighed: 'Uenighedsrapport',
};

/** For the final version: what to do with clauses that are not agreed. */
export const UnagreedChoice = z.enum(['refuse', 'mark']);
export type UnagreedChoice = z.infer<typeof UnagreedChoice>;

/** "2010-06-01" in Danish time. */
export function exportDate(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Characters no file system takes in a name. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g;

/** "Sundhedsaftale 2011-2014 – Høringsversion – 2010-06-01.docx"; `scopeName` (a part, theme
 *  group or section) is put after the kind when the export is not of the whole agreement. */
export function exportFileName(input: { period: { from: number; to: number }; kind: ExportKind; format: ExportFormat; now: Date; scopeName?: string | null }): string {
  const parts = [`Sundhedsaftale ${input.period.from}-${input.period.to}`, exportKindLabel[input.kind]];
  if (input.scopeName) parts.push(input.scopeName);
  parts.push(exportDate(input.now));
  return `${parts.join(' – ').replace(UNSAFE, '-')}.${input.format}`;
}
