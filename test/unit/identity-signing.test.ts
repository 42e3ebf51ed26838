// The identity primitives: canonical encoding, digests, Ed25519 through node:crypto, invitation
// keys, and the signatures on participant entries, device certificates and positions.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, signingBytes } from '../../shared/identity/canonical.ts';
import { entryHash, sha256B64 } from '../../shared/identity/digest.ts';
import { deviceCertMessage, participantMessage, positionMessage } from '../../shared/identity/messages.ts';
import { Digest, ParticipantEntry, PublicKey, SignatureB64, type ParticipantFields } from '../../shared/identity/shapes.ts';
import { Position } from '../../shared/negotiation/position.ts';
import { certProblem } from '../../shared/identity/directory.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import {
  exportPrivateKey,
  generateKeyPair,
  importPrivateKey,
  keyPairFromSeed,
  signBytes,
  verifyBytes,
} from '../../electron/identity/ed25519.ts';
import { inviteKeyPair, newInviteSecret } from '../../electron/identity/invite.ts';
import { rootDeviceCert, signDeviceCert, signParticipantEntry, signPosition } from '../../electron/identity/sign.ts';

const flip = (bytes: Uint8Array, i: number) => {
  const copy = new Uint8Array(bytes);
  copy[i] ^= 1;
  return copy;
};

describe('canonicalJson', () => {
  it('sorts keys at every depth, independent of insertion order, with no whitespace', () => {
    const a = { b: 1, a: { y: [1, { d: 'x', c: null }], x: true } };
    const b = { a: { x: true, y: [1, { c: null, d: 'x' }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":true,"y":[1,{"c":null,"d":"x"}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('omits undefined properties and rejects what JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: 'æøå' })).toBe('{"b":"æøå"}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow();
    expect(() => canonicalJson([undefined])).toThrow();
    expect(() => canonicalJson({ d: new Date(0) })).toThrow();
    expect(() => canonicalJson({ f: () => 1 })).toThrow();
    expect(canonicalJson(-0)).toBe('0');
  });

  it('prefixes the domain, so one message never reads as another kind', () => {
    const text = new TextDecoder().decode(signingBytes('position', { b: 2, a: 1 }));
    expect(text).toBe('enighed/position/v1\n{"a":1,"b":2}');
    expect(signingBytes('device', { a: 1 })).not.toEqual(signingBytes('participant', { a: 1 }));
  });
});

describe('digests', () => {
  it('is SHA-256 in base64url without padding, equal to node:crypto', () => {
    const bytes = new TextEncoder().encode('enighed');
    expect(sha256B64(bytes)).toBe(crypto.createHash('sha256').update(bytes).digest('base64url'));
    expect(Digest.safeParse(sha256B64(bytes)).success).toBe(true);
  });

  it('hashes entries by their canonical encoding', () => {
    expect(entryHash({ a: 1, b: [2] })).toBe(entryHash({ b: [2], a: 1 }));
    expect(entryHash({ a: 1 })).not.toBe(entryHash({ a: 2 }));
  });
});

describe('Ed25519 (node:crypto)', () => {
  it('signs and verifies; a tampered message, signature or key fails', () => {
    const { publicKey, privateKey } = generateKeyPair();
    expect(PublicKey.safeParse(publicKey).success).toBe(true);
    // The public key libsodium derives is the one node:crypto has (SPKI DER: 12-byte prefix, key).
    expect(crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12).toString('base64url')).toBe(publicKey);
    const bytes = signingBytes('position', { x: 'enig' });
    const signature = signBytes(privateKey, bytes);
    expect(SignatureB64.safeParse(signature).success).toBe(true);
    expect(verifyBytes(publicKey, bytes, signature)).toBe(true);
    expect(verifyBytes(publicKey, flip(bytes, bytes.length - 2), signature)).toBe(false);
    const other = generateKeyPair().publicKey;
    expect(verifyBytes(other, bytes, signature)).toBe(false);
    const badSig = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(verifyBytes(publicKey, bytes, badSig)).toBe(false);
  });

  it('never throws on garbage', () => {
    const { publicKey, privateKey } = generateKeyPair();
    const bytes = new Uint8Array([1, 2, 3]);
    const signature = signBytes(privateKey, bytes);
    expect(verifyBytes('not a key', bytes, signature)).toBe(false);
    expect(verifyBytes('A'.repeat(43), bytes, signature)).toBe(false);
    expect(verifyBytes(publicKey, bytes, '!'.repeat(86))).toBe(false);
    expect(verifyBytes(publicKey, bytes, 'short')).toBe(false);
    expect(verifyBytes(publicKey, 'bytes' as unknown as Uint8Array, signature)).toBe(false);
    expect(verifyBytes(null as unknown as string, bytes, signature)).toBe(false);
  });

  it('derives the same key from the same seed (RFC 8032 test vector 1) and round-trips PKCS#8', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pair = keyPairFromSeed(seed);
    expect(Buffer.from(pair.publicKey, 'base64url').toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(Buffer.from(signBytes(pair.privateKey, new Uint8Array()), 'base64url').toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    const again = importPrivateKey(exportPrivateKey(pair.privateKey));
    expect(again.publicKey).toBe(pair.publicKey);
    expect(() => keyPairFromSeed(new Uint8Array(31))).toThrow();
    // Another kind of key in PKCS#8 is refused.
    const x25519 = crypto.generateKeyPairSync('x25519').privateKey.export({ format: 'der', type: 'pkcs8' });
    expect(() => importPrivateKey(new Uint8Array(x25519))).toThrow('ikke en Ed25519-nøgle');
  });

  it('derives invitation keys from the secret', () => {
    const secret = newInviteSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(inviteKeyPair(secret).publicKey).toBe(inviteKeyPair(secret).publicKey);
    expect(inviteKeyPair(secret).publicKey).not.toBe(inviteKeyPair(newInviteSecret()).publicKey);
  });
});

const fields = (over: Partial<ParticipantFields> = {}): ParticipantFields => ({
  id: 'p-region',
  name: 'Søren Sørensen',
  organisation: 'Region Midtjylland',
  side: 'region',
  role: 'formand',
  themeGroupIds: ['tg1'],
  invitePublicKey: inviteKeyPair('secret').publicKey,
  removed: null,
  revokedDevices: [],
  version: 1,
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

describe('signed identity data', () => {
  const root = generateKeyPair();

  it('signs a participant entry that verifies over the agreement id and its fields only', () => {
    const entry = signParticipantEntry('a1', fields(), { participantId: null, ...root });
    expect(ParticipantEntry.parse(entry)).toEqual(entry);
    expect(verifyBytes(root.publicKey, participantMessage('a1', entry), entry.signature)).toBe(true);
    // The stored entry's own signature fields are not part of the message.
    expect(participantMessage('a1', entry)).toEqual(participantMessage('a1', fields()));
    expect(verifyBytes(root.publicKey, participantMessage('a2', entry), entry.signature)).toBe(false);
    expect(verifyBytes(root.publicKey, participantMessage('a1', { ...entry, side: 'kommune' }), entry.signature)).toBe(false);
    expect(verifyBytes(root.publicKey, participantMessage('a1', { ...entry, role: 'sekretariat' }), entry.signature)).toBe(false);
  });

  it('signs device certificates with the invitation key', () => {
    const device = generateKeyPair();
    const cert = signDeviceCert('a1', 'p-region', device.publicKey, 'secret', '2026-12-01T10:00:00.000Z');
    expect(verifyBytes(inviteKeyPair('secret').publicKey, deviceCertMessage('a1', cert), cert.inviteSignature!)).toBe(true);
    expect(verifyBytes(inviteKeyPair('secret').publicKey, deviceCertMessage('a1', { ...cert, participantId: 'p-kommune' }), cert.inviteSignature!)).toBe(false);
    expect(verifyBytes(inviteKeyPair('other').publicKey, deviceCertMessage('a1', cert), cert.inviteSignature!)).toBe(false);
    expect(rootDeviceCert('p-sek', root.publicKey, 'now').inviteSignature).toBeNull();
  });

  it('refuses a device certificate whose signature was copied from a genuine one, after the genuine one was checked', () => {
    const device = generateKeyPair();
    const stolen = generateKeyPair();
    const cert = signDeviceCert('a1', 'p-region', device.publicKey, 'secret', '2026-12-01T10:00:00.000Z');
    const participant = signParticipantEntry('a1', fields(), { participantId: null, ...root });
    const directory = { agreementId: 'a1', rootKey: root.publicKey, verify: verifyBytes, cache: new VerdictCache() };
    expect(certProblem(directory, participant, cert)).toBeNull();
    // The same invitation signature on another key, another time or for another agreement: its
    // message is built anew (not the genuine one's, remembered by that signature), and fails.
    expect(certProblem(directory, participant, { ...cert, deviceKey: stolen.publicKey })).toBe('enhedscertifikatets underskrift passer ikke');
    expect(certProblem(directory, participant, { ...cert, at: '2020-01-01T00:00:00.000Z' })).toBe('enhedscertifikatets underskrift passer ikke');
    expect(certProblem({ ...directory, agreementId: 'a2' }, participant, cert)).toBe('enhedscertifikatets underskrift passer ikke');
    expect(certProblem(directory, participant, cert)).toBeNull();
  });

  it('signs a position over its fields and the signature context; any change fails', () => {
    const device = generateKeyPair();
    const deviceCert = signDeviceCert('a1', 'p-region', device.publicKey, 'secret', '2026-12-01T10:00:00.000Z');
    const position = {
      clauseId: 'k1',
      side: 'region' as const,
      stance: 'uenig' as const,
      reason: '  Fristen er for kort  ',
      textHash: 'h1',
      text: 'Kommunen giver besked.',
      by: { name: 'Søren', organisation: 'Region Midtjylland' },
      at: '2026-12-01T10:00:00.000Z',
    };
    const signed = signPosition(position, { agreementId: 'a1', sectionId: 's1', participantId: 'p-region', deviceCert, prev: null, privateKey: device.privateKey });
    // Signed in the form that is stored (zod trims the reason).
    expect(Position.parse(signed)).toEqual(signed);
    expect(signed.reason).toBe('Fristen er for kort');
    const { sig, ...rest } = signed;
    const { signature, ...ctx } = sig!;
    const ok = (p: typeof rest, c: typeof ctx) => verifyBytes(device.publicKey, positionMessage(p, c), signature);
    expect(ok(rest, ctx)).toBe(true);
    expect(ok({ ...rest, stance: 'enig' }, ctx)).toBe(false);
    expect(ok({ ...rest, textHash: 'h2' }, ctx)).toBe(false);
    expect(ok({ ...rest, clauseId: 'k2' }, ctx)).toBe(false);
    expect(ok({ ...rest, side: 'kommune' }, ctx)).toBe(false);
    expect(ok({ ...rest, by: { name: 'Åse', organisation: 'Region Midtjylland' } }, ctx)).toBe(false);
    expect(ok(rest, { ...ctx, sectionId: 's2' })).toBe(false);
    expect(ok(rest, { ...ctx, agreementId: 'a2' })).toBe(false);
    expect(ok(rest, { ...ctx, prev: sha256B64(new Uint8Array([1])) })).toBe(false);
    // Key order of the stored object does not matter.
    const reordered = Object.fromEntries(Object.entries(rest).reverse()) as typeof rest;
    expect(ok(reordered, ctx)).toBe(true);
  });
});
