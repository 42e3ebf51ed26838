// The invitation's one-time secret and the key pair derived from it: the participant entry holds the
// public half, and the joining device's certificate is signed with the private half
// (shared/identity/ARCHITECTURE.md, "Device keys and certificates").
import crypto from 'node:crypto';
import { keyPairFromSeed, type KeyPair } from './ed25519.ts';

/** 32 random bytes, base64url: the secret an invitation carries. */
export function newInviteSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** The invitation key pair: seed = SHA-256 of UTF-8 `enighed/invite/v1\n` + secret. */
export function inviteKeyPair(secret: string): KeyPair {
  const seed = crypto.createHash('sha256').update(`enighed/invite/v1\n${secret}`, 'utf8').digest();
  return keyPairFromSeed(seed);
}
