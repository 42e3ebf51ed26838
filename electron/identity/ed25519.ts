// Ed25519: device keys, invitation keys and the secretariat's signatures, signed with node:crypto,
// their public keys derived and signatures verified with libsodium (keyPairOfSeed, verifyBytes).
// Keys and signatures cross boundaries as base64url strings (shared/identity/shapes.ts); private
// keys stay KeyObjects in the main process and are stored as PKCS#8 DER
// (electron/identity/deviceKeyStore.ts).
import crypto from 'node:crypto';
import sodium from 'sodium-native';
import { admissibleKey, admissibleSignature } from '../../shared/identity/ed25519Admissible.ts';
import { fromBase64Url, toBase64Url } from '../../shared/identity/base64url.ts';
import type { PublicKey, SignatureB64 } from '../../shared/identity/shapes.ts';

/** PKCS#8 DER of an Ed25519 private key is this fixed prefix followed by the 32-byte seed (RFC 8410). */
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface KeyPair {
  publicKey: PublicKey;
  privateKey: crypto.KeyObject;
}

/**
 * The key pair of a 32-byte seed: the private key a KeyObject made from PKCS#8 DER, the public key
 * computed by libsodium. Neither crypto.generateKeyPairSync nor a JWK export is used: in Node 20 a
 * JWK export of an Ed25519 key allocates while holding the key's mutex, and a collection running
 * then may destroy the key-generation job that shares that mutex and lock it again — the thread
 * hangs for good (seen in CI: ExportJWKEdKey → GC → ~KeyGenJob → pthread_mutex_lock).
 */
function keyPairOfSeed(seed: Uint8Array): KeyPair {
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = Buffer.alloc(32);
  const secretKey = Buffer.alloc(64);
  try {
    sodium.crypto_sign_seed_keypair(publicKey, secretKey, Buffer.from(seed.buffer, seed.byteOffset, seed.byteLength));
  } finally {
    secretKey.fill(0);
  }
  return { publicKey: toBase64Url(publicKey), privateKey };
}

export function generateKeyPair(): KeyPair {
  const seed = crypto.randomBytes(32);
  try {
    return keyPairOfSeed(seed);
  } finally {
    seed.fill(0);
  }
}

/** The key pair whose private key has this 32-byte seed (deterministic: invitation keys). */
export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  if (seed.length !== 32) throw new Error('en Ed25519-nøgle kræver 32 bytes');
  return keyPairOfSeed(seed);
}

export function signBytes(privateKey: crypto.KeyObject, bytes: Uint8Array): SignatureB64 {
  return toBase64Url(crypto.sign(null, bytes, privateKey));
}

// Keys arrive as base64url strings and recur (an agreement has few keys and many signatures), so the
// decoded bytes are remembered (null: not an admissible key). Bounded: cleared when it grows large.
const rawKeys = new Map<string, Buffer | null>();
const MAX_CACHED_KEYS = 10_000;

function rawPublicKey(publicKey: string): Buffer | null {
  let key = rawKeys.get(publicKey);
  if (key !== undefined) return key;
  const raw = typeof publicKey === 'string' && publicKey.length === 43 ? fromBase64Url(publicKey) : null;
  key = raw && admissibleKey(raw) ? Buffer.from(raw) : null;
  if (rawKeys.size >= MAX_CACHED_KEYS) rawKeys.clear();
  rawKeys.set(publicKey, key);
  return key;
}

/**
 * Whether `signature` is `publicKey`'s Ed25519 signature of `bytes`. Never throws: anything
 * malformed (key, signature, bytes) is simply not a valid signature. Verified with libsodium
 * (sodium-native), about twice as fast here as node:crypto's OpenSSL, after the rule every replica
 * applies first (shared/identity/ed25519Admissible.ts), so the window's WebCrypto and this agree.
 */
export function verifyBytes(publicKey: PublicKey, bytes: Uint8Array, signature: SignatureB64): boolean {
  if (typeof signature !== 'string' || signature.length !== 86 || !(bytes instanceof Uint8Array)) return false;
  const key = rawPublicKey(publicKey);
  if (!key) return false;
  const sig = fromBase64Url(signature);
  if (!sig || !admissibleSignature(key, sig)) return false;
  try {
    return sodium.crypto_sign_verify_detached(Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), key);
  } catch {
    return false;
  }
}

/** The private key as PKCS#8 DER, for storage. */
export function exportPrivateKey(key: crypto.KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }));
}

/** A private key from PKCS#8 DER, with its public key. Throws on anything but an Ed25519 key. */
export function importPrivateKey(bytes: Uint8Array): KeyPair {
  const privateKey = crypto.createPrivateKey({ key: Buffer.from(bytes), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('ikke en Ed25519-nøgle');
  // Re-encoded as the one PKCS#8 form of an Ed25519 key (the prefix and the seed), whatever form
  // it was stored in, so that the seed is read from a known place.
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  if (der.length !== PKCS8_SEED_PREFIX.length + 32 || !der.subarray(0, PKCS8_SEED_PREFIX.length).equals(PKCS8_SEED_PREFIX)) throw new Error('ikke en Ed25519-nøgle');
  try {
    return keyPairOfSeed(der.subarray(PKCS8_SEED_PREFIX.length));
  } finally {
    der.fill(0);
  }
}
