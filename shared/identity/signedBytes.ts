// What a signed position's signature covers: its check (the device key, the exact bytes signed and
// the signature) and the hash of those bytes, which a later entry of the same device names to vouch
// for it (endorsement.ts). Built once per position object.
import type { Position } from '../negotiation/position.ts';
import { sha256B64, sha256B64OfText } from './digest.ts';
import { positionMessage, positionMessageText } from './messages.ts';
import type { Digest } from './shapes.ts';
import type { SignatureCheck } from './verifier.ts';

// Positions are immutable values (currentPositions gives the same object for a stored value), so
// the message and its hash are computed once per position object. Only the hash is kept for every
// position; the check (with the message's bytes) only for positions whose signature is checked,
// which endorsements make a few per section, so the bytes of the others are not held in memory.
const checks = new WeakMap<Position, SignatureCheck>();
const hashes = new WeakMap<Position, Digest>();

/** The Ed25519 check a signed position's verdict rests on (null when it is not signed): the device
 *  key, the bytes signed and the signature. Verifying many at once (a pool of threads) and judging
 *  one at a time make the same check, so a verdict made ahead is found in the cache. */
export function positionSignatureCheck(position: Position): SignatureCheck | null {
  const sig = position.sig;
  if (!sig) return null;
  const known = checks.get(position);
  if (known) return known;
  // positionMessage reads only the fields it signs, so the position and its signature are passed
  // as they are (the signature itself and `sig` are left out there).
  const check = { publicKey: sig.deviceCert.deviceKey, bytes: positionMessage(position, sig), signature: sig.signature };
  checks.set(position, check);
  return check;
}

/** SHA-256 of the bytes a signed position's signature covers (null when it is not signed): what the
 *  device's next entry names as `prevOwn`. */
export function signedHash(position: Position): Digest | null {
  const known = hashes.get(position);
  if (known) return known;
  const sig = position.sig;
  if (!sig) return null;
  // Hashed from the message's text where there is one (its UTF-8 is the signed bytes), so the
  // bytes are not made for the positions whose signature is not checked.
  const bytes = checks.get(position)?.bytes;
  const text = bytes === undefined ? positionMessageText(position, sig) : null;
  const hash = text !== null ? sha256B64OfText(text) : sha256B64(bytes ?? positionMessage(position, sig));
  hashes.set(position, hash);
  return hash;
}
