// The decision log as CSV for the secretariat's spreadsheets: Danish headers, semicolon separated
// (what Danish Excel expects), CRLF line ends, fields quoted per RFC 4180 when they need it.
import { sideLabel } from '../domain/labels.ts';
import type { Position } from './position.ts';

export const decisionLogHeaders = [
  'Tidspunkt',
  'Klausul',
  'Navn',
  'Organisation',
  'Side',
  'Standpunkt',
  'Begrundelse',
  'Alternativ formulering',
  'Teksthash',
] as const;

const stanceLabel: Record<Position['stance'], string> = { enig: 'Enig', uenig: 'Uenig' };

function field(value: string): string {
  return /[";\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV row per log entry in the given order; `clauseLabel` is shown in the "Klausul" column
 *  (the clause's number, e.g. "3.2", falling back to its id). Starts with a BOM so Excel reads UTF-8. */
export function decisionLogCsv(entries: readonly Position[], clauseLabel: (clauseId: string) => string = (id) => id): string {
  const rows = [
    [...decisionLogHeaders],
    ...entries.map((p) => [
      p.at,
      clauseLabel(p.clauseId),
      p.by.name,
      p.by.organisation,
      sideLabel[p.side],
      stanceLabel[p.stance],
      p.reason ?? '',
      p.alternative ?? '',
      p.textHash,
    ]),
  ];
  return '\uFEFF' + rows.map((row) => row.map(field).join(';')).join('\r\n') + '\r\n';
}
