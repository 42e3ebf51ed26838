// The two SHA-256 implementations behind '#sha256' (package.json "imports"): the portable one the
// renderer runs (lib0) and node:crypto's, which Node resolves. They give the same digest for every
// input — bytes and text, æøå, astral characters, lone surrogates (both encode them as U+FFFD) —
// and Node gets the node:crypto one.
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as resolved from '#sha256';
import * as node from '../../electron/identity/sha256.ts';
import * as portable from '../../shared/identity/sha256.ts';
import { positionSignatureCheck, signedHash } from '../../shared/identity/signedBytes.ts';
import { identityFixture } from '../helpers/identity.ts';
import * as Y from 'yjs';

const pieces = ['Kommunen', '"besked"', 'æøå ÆØÅ', '\\', '\n\t', '\u0000', '😀', '\ud800', '\udc00x', '\u2028', '', ' ', 'x'.repeat(70)];

describe('#sha256', () => {
  it('resolves to node:crypto in Node', () => {
    expect(resolved.sha256B64).toBe(node.sha256B64);
    expect(resolved.sha256B64OfText).toBe(node.sha256B64OfText);
  });

  it('gives the same digests in Node and in the portable implementation, over 3,000 random inputs', () => {
    const gen = prng.create(20261202);
    const encoder = new TextEncoder();
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: prng.int32(gen, 0, 12) }, () => prng.oneOf(gen, pieces)).join('');
      expect(node.sha256B64OfText(text)).toBe(portable.sha256B64OfText(text));
      const bytes = prng.uint8Array(gen, prng.int32(gen, 0, 300));
      expect(node.sha256B64(bytes)).toBe(portable.sha256B64(bytes));
      expect(node.sha256B64OfText(text)).toBe(portable.sha256B64(encoder.encode(text)));
    }
    // A known digest (SHA-256 of "abc", FIPS 180-2), base64url without padding.
    expect(node.sha256B64OfText('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(portable.sha256B64OfText('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it("hashes a position's signed bytes from their text: the same as hashing the bytes", () => {
    const f = identityFixture('sha');
    const position = f.take('regionChair', new Y.Doc(), 's1', 'k1', 'enig', 'Kommunen giver besked æøå 😀 \ud800.');
    const hashed = signedHash(position);
    expect(hashed).toBe(portable.sha256B64(positionSignatureCheck(position)!.bytes));
  });
});
