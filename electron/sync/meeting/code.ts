// Drawing join codes and writing certificate fingerprints in the meeting alphabet
// (shared/domain/meetingCode.ts holds the format). The join code is the secret that admits a guest;
// the short fingerprint is public and lets the guest check that it reached the laptop across the
// table and not someone in between.
import crypto from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH, groupCode, normaliseCode } from '../../../shared/domain/meetingCode.ts';

export { normaliseCode };

/** log2(31^15) ≈ 74.3 bits: far beyond guessing at the throttled rate (see throttle.ts). */
export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);

/** "K7PQ3-QMXH4-TW9ZR": each character drawn uniformly (crypto.randomInt rejects the biased tail). */
export function newJoinCode(): string {
  return groupCode(Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join(''));
}

/** Constant-time comparison of two codes as typed. */
export function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(normaliseCode(given));
  const b = Buffer.from(normaliseCode(expected));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * The short form of a certificate's SHA-256 fingerprint: its first 80 bits written in the code
 * alphabet (15 characters carry 74.3 of them). A certificate with the same short form would take
 * about 2^74 attempts to make, which nobody does during a meeting.
 */
export function shortFingerprint(sha256: Uint8Array): string {
  if (sha256.byteLength !== 32) throw new Error('shortFingerprint: expected a 32-byte SHA-256 digest');
  let n = 0n;
  for (const byte of sha256.subarray(0, 10)) n = (n << 8n) | BigInt(byte);
  const base = BigInt(CODE_ALPHABET.length);
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    out = CODE_ALPHABET[Number(n % base)] + out;
    n /= base;
  }
  return groupCode(out);
}

/** The SHA-256 digest of a DER-encoded certificate. */
export function certificateSha256(der: Uint8Array): Uint8Array {
  return crypto.createHash('sha256').update(der).digest();
}
