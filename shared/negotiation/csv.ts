// The decision log as CSV for the secretariat's spreadsheets: Danish headers, semicolon separated
// (what Danish Excel expects), CRLF line ends, fields quoted per RFC 4180 when they need it.
import { sideLabel } from '../domain/labels.ts';
import type { PositionVerdict } from '../identity/positionVerdict.ts';
import { stanceLabel, type Position } from './position.ts';

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
  'Underskrift',
] as const;

/** The "Underskrift" column: whether the entry counts (shared/identity/positionVerdict.ts). */
function verdictText(verdict: PositionVerdict | undefined): string {
  if (!verdict) return '';
  switch (verdict.status) {
    case 'verified':
      return 'Verificeret';
    case 'local':
      return 'Ikke bekræftet';
    case 'legacy':
      return 'Taget før underskrifter (tæller ikke)';
    case 'unverified':
      return `Ikke verificeret (tæller ikke): ${verdict.reason}`;
  }
}

/** An ISO instant as local time with its UTC offset, as a spreadsheet shows it and the UI means it:
 *  "2026-12-01 17:58:03 +01:00". `offsetMinutes` is the local zone's at that instant (minutes east of
 *  UTC; default: this computer's). */
export function localTimestamp(iso: string, offsetMinutes: (at: Date) => number = (at) => -at.getTimezoneOffset()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const offset = offsetMinutes(at);
  const local = new Date(at.getTime() + offset * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local.toISOString().slice(0, 10)} ${local.toISOString().slice(11, 19)} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function field(value: string): string {
  return /[";\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV row per log entry in the given order, its time local with the offset (localTimestamp); `clauseLabel` is shown in the "Klausul" column
 *  (the clause's number, e.g. "3.2", falling back to its id). `verdictOf` says whether each entry
 *  counts ("Underskrift"); a verified entry is named as the participant directory names its signer,
 *  never by its own label. Starts with a BOM so Excel reads UTF-8. */
export function decisionLogCsv(
  entries: readonly Position[],
  clauseLabel: (clauseId: string) => string = (id) => id,
  verdictOf?: (entry: Position) => PositionVerdict,
  offsetMinutes?: (at: Date) => number,
): string {
  const rows = [
    [...decisionLogHeaders],
    ...entries.map((p) => [p, verdictOf?.(p)] as const).map(([p, verdict]) => [
      localTimestamp(p.at, offsetMinutes),
      clauseLabel(p.clauseId),
      verdict?.status === 'verified' ? verdict.participant.name : p.by.name,
      verdict?.status === 'verified' ? verdict.participant.organisation : p.by.organisation,
      sideLabel[p.side],
      stanceLabel[p.stance],
      p.reason ?? '',
      p.alternative ?? '',
      p.textHash,
      verdictText(verdict),
    ]),
  ];
  return '\uFEFF' + rows.map((row) => row.map(field).join(';')).join('\r\n') + '\r\n';
}
