// The meeting join code: drawn uniformly from the read-aloud alphabet (no `byte % 31` bias) and
// long enough for at least 60 bits; the short certificate fingerprint in the same alphabet.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CODE_BITS, newJoinCode, sameCode, shortFingerprint } from '../../electron/sync/meeting/code.ts';
import { CODE_ALPHABET, CODE_LENGTH, isWellFormedCode, normaliseCode } from '../../shared/domain/meetingCode.ts';

const CODES = 20_000;

function characterCounts(codes: string[]): Map<string, number> {
  const counts = new Map<string, number>([...CODE_ALPHABET].map((c) => [c, 0]));
  for (const code of codes) for (const c of normaliseCode(code)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

describe('meeting join code', () => {
  const codes = Array.from({ length: CODES }, newJoinCode);

  it('is read aloud in groups of five from an alphabet without 0/O, 1/I/L', () => {
    for (const code of codes.slice(0, 500)) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(CODE_ALPHABET).toHaveLength(31);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
    for (const lookAlike of '01OIL') expect(CODE_ALPHABET).not.toContain(lookAlike);
    expect(new Set(codes).size).toBe(CODES);
  });

  it('uses every character equally often (chi-square over 300,000 characters)', () => {
    const counts = characterCounts(codes);
    const n = CODES * CODE_LENGTH;
    const expected = n / CODE_ALPHABET.length;
    let chiSquare = 0;
    for (const count of counts.values()) chiSquare += (count - expected) ** 2 / expected;
    // 30 degrees of freedom: P(χ² > 82.6) ≈ 1e-6 for a uniform draw. `byte % 31` (the first 8
    // characters 9/256 likely, the rest 8/256) gives about 840 at this sample size.
    expect(chiSquare).toBeLessThan(82.6);
  });

  it('carries at least 60 bits: 15 characters of log2(31) each, measured as the characters’ entropy', () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(60);
    const counts = characterCounts(codes);
    const n = CODES * CODE_LENGTH;
    let entropy = 0;
    for (const count of counts.values()) entropy -= (count / n) * Math.log2(count / n);
    expect(entropy).toBeGreaterThan(Math.log2(31) - 0.005);
    expect(entropy * CODE_LENGTH).toBeGreaterThanOrEqual(60);
  });

  it('is compared as heard: any case, with or without dashes and spaces', () => {
    const code = codes[0];
    expect(sameCode(code.toLowerCase().replace(/-/g, ' '), code)).toBe(true);
    expect(isWellFormedCode(code.replace(/-/g, ''))).toBe(true);
    expect(sameCode(codes[1], code)).toBe(false);
    expect(sameCode(code.slice(0, -1), code)).toBe(false);
    expect(isWellFormedCode('K7PQ-3QMX')).toBe(false);
    expect(isWellFormedCode('O0000-00000-00000')).toBe(false);
  });
});

describe('short certificate fingerprint', () => {
  it('is a well-formed code, fixed for a digest and different for another', () => {
    const a = crypto.createHash('sha256').update('a').digest();
    const b = crypto.createHash('sha256').update('b').digest();
    expect(isWellFormedCode(shortFingerprint(a))).toBe(true);
    expect(shortFingerprint(a)).toBe(shortFingerprint(Uint8Array.from(a)));
    expect(shortFingerprint(a)).not.toBe(shortFingerprint(b));
    // One bit in the first 80 changes it; the digest's tail does not (it is not shown).
    const flipped = Buffer.from(a);
    flipped[9] ^= 1;
    expect(shortFingerprint(flipped)).not.toBe(shortFingerprint(a));
  });
});
