// The rule every replica applies before verifying an Ed25519 signature (shared/identity/
// ed25519Admissible.ts), against the libraries' own edges: a signature whose R is the identity can
// be made by anyone holding the key (S = h·a), OpenSSL (node:crypto) accepts it and libsodium does
// not, so without the rule two replicas would judge the same position differently.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { admissibleKey, admissibleSignature } from '../../shared/identity/ed25519Admissible.ts';
import { fromBase64Url, toBase64Url } from '../../shared/identity/base64url.ts';
import { keyPairFromSeed, signBytes, verifyBytes } from '../../electron/identity/ed25519.ts';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

const littleEndian = (bytes: Uint8Array): bigint => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
function toLittleEndian(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** A signature of `message` with R = the identity point (order 1), made from the key's seed. */
function identityRSignature(seed: Uint8Array, publicKey: Uint8Array, message: Uint8Array): Uint8Array {
  const h = crypto.createHash('sha512').update(seed).digest();
  const a = h.subarray(0, 32);
  a[0] &= 248;
  a[31] &= 127;
  a[31] |= 64;
  const R = toLittleEndian(1n, 32);
  const k = littleEndian(crypto.createHash('sha512').update(R).update(publicKey).update(message).digest()) % L;
  const S = (k * littleEndian(a)) % L;
  return Uint8Array.from([...R, ...toLittleEndian(S, 32)]);
}

const nodeVerify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) =>
  crypto.verify(null, message, crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey) }, format: 'jwk' }), signature);

describe('admissible Ed25519 signatures', () => {
  const seed = new Uint8Array(32).fill(7);
  const pair = keyPairFromSeed(seed);
  const publicKey = fromBase64Url(pair.publicKey)!;
  const message = new TextEncoder().encode('{"clauseId":"k1","stance":"enig"}');

  it('lets a genuine signature through, and verifyBytes (libsodium) accepts it', () => {
    const signature = signBytes(pair.privateKey, message);
    expect(admissibleSignature(publicKey, fromBase64Url(signature)!)).toBe(true);
    expect(verifyBytes(pair.publicKey, message, signature)).toBe(true);
  });

  it('refuses R of small order, which OpenSSL would accept: one verdict on every replica', () => {
    const forged = identityRSignature(seed, publicKey, message);
    // The divergence the rule exists for: node:crypto says valid.
    expect(nodeVerify(publicKey, message, forged)).toBe(true);
    expect(admissibleSignature(publicKey, forged)).toBe(false);
    expect(verifyBytes(pair.publicKey, message, toBase64Url(forged))).toBe(false);
  });

  it('refuses S ≥ L (the same signature with L added to S)', () => {
    const signature = fromBase64Url(signBytes(pair.privateKey, message))!;
    const S = littleEndian(signature.subarray(32)) + L;
    const malleated = Uint8Array.from([...signature.subarray(0, 32), ...toLittleEndian(S, 32)]);
    expect(admissibleSignature(publicKey, malleated)).toBe(false);
    expect(verifyBytes(pair.publicKey, message, toBase64Url(malleated))).toBe(false);
  });

  it('refuses public keys of small order and non-canonical encodings', () => {
    const identity = toLittleEndian(1n, 32);
    expect(admissibleKey(identity)).toBe(false);
    // The sign bit does not make a small-order point admissible.
    expect(admissibleKey(Uint8Array.from([...identity.subarray(0, 31), 0x80]))).toBe(false);
    const p = 2n ** 255n - 19n;
    // y = p + 2 ≥ p: not canonical (it would decode as y = 2).
    expect(admissibleKey(toLittleEndian(p + 2n, 32))).toBe(false);
    expect(admissibleKey(publicKey)).toBe(true);
    expect(admissibleKey(new Uint8Array(31))).toBe(false);
    const signature = signBytes(pair.privateKey, message);
    expect(verifyBytes(toBase64Url(identity), message, signature)).toBe(false);
  });
});
