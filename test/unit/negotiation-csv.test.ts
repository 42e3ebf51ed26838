// The decision log as CSV: Danish headers, semicolons, quoting, one row per entry.
import { describe, expect, it } from 'vitest';
import { decisionLogCsv, decisionLogHeaders, localTimestamp } from '../../shared/negotiation/csv.ts';
import type { Position } from '../../shared/negotiation/position.ts';

const entry = (extra: Partial<Position>): Position => ({
  clauseId: 'k1',
  side: 'region',
  stance: 'enig',
  textHash: 'aGFzaA==',
  text: 'paragraph:x',
  by: { name: 'Søren Ærø', organisation: 'Region Midtjylland' },
  at: '2026-11-23T10:00:00.000Z',
  ...extra,
});

/** A small RFC 4180 reader (semicolon separated) to check the output round-trips. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const text = csv.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    }
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('decision log CSV', () => {
  it('has a BOM, Danish headers and one row per entry', () => {
    const csv = decisionLogCsv([entry({}), entry({ side: 'kommune', stance: 'uenig', reason: 'For kort frist', by: { name: 'Åse', organisation: 'Horsens Kommune' } })], () => '3.1', undefined, () => 60);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv);
    expect(rows[0]).toEqual([...decisionLogHeaders]);
    expect(rows[0]).toContain('Begrundelse');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['2026-11-23 11:00:00 +01:00', '3.1', 'Søren Ærø', 'Region Midtjylland', 'Region/hospital', 'Enig', '', '', 'aGFzaA==', '']);
    expect(rows[2].slice(4, 7)).toEqual(['Kommune', 'Uenig', 'For kort frist']);
  });

  it('says whether each entry counts and names a verified entry as the directory does', () => {
    const participant = { id: 'p', name: 'Søren Sørensen', organisation: 'Region Midtjylland', side: 'region', role: 'formand' } as never;
    const rows = parse(
      decisionLogCsv([entry({}), entry({ by: { name: 'Falsk', organisation: 'X' } }), entry({ by: { name: 'Gammel', organisation: 'X' } })], () => '1.1', (p) =>
        p.by.name === 'Falsk' ? { status: 'unverified', reason: 'Underskriften passer ikke.' } : p.by.name === 'Gammel' ? { status: 'legacy' } : { status: 'verified', participant },
      ),
    );
    expect(rows[0].at(-1)).toBe('Underskrift');
    expect(rows[1].slice(2, 4)).toEqual(['Søren Sørensen', 'Region Midtjylland']);
    expect(rows[1].at(-1)).toBe('Verificeret');
    expect(rows[2].at(-1)).toBe('Ikke verificeret (tæller ikke): Underskriften passer ikke.');
    expect(rows[3].at(-1)).toBe('Taget før underskrifter (tæller ikke)');
  });

  it('quotes semicolons, quotes and line breaks so they round-trip', () => {
    const reason = 'Fristen; "to dage"\ner for kort';
    const alternative = ' senest tre hverdage ';
    const rows = parse(decisionLogCsv([entry({ stance: 'uenig', reason, alternative })]));
    expect(rows[1][6]).toBe(reason);
    expect(rows[1][7]).toBe(alternative);
    expect(rows[1][1]).toBe('k1');
  });

  it('gives times in local time with the offset, also across summer time (as the UI shows them)', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Copenhagen';
    try {
      expect(localTimestamp('2026-07-01T10:00:00.000Z')).toBe('2026-07-01 12:00:00 +02:00');
      expect(localTimestamp('2026-12-01T23:30:05.000Z')).toBe('2026-12-02 00:30:05 +01:00');
      const rows = parse(decisionLogCsv([entry({ at: '2026-03-29T00:59:59.000Z' }), entry({ at: '2026-03-29T01:00:00.000Z' })]));
      expect(rows[1][0]).toBe('2026-03-29 01:59:59 +01:00');
      expect(rows[2][0]).toBe('2026-03-29 03:00:00 +02:00');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(localTimestamp('2026-12-01T10:00:00.000Z', () => -330)).toBe('2026-12-01 04:30:00 -05:30');
  });
});
