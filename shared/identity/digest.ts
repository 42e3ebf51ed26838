// SHA-256 digests of identity data (entry hashes, the decision log's chain). Synchronous, so the
// renderer computes exactly what the main process computes; '#sha256' is lib0's SHA-256 in the
// renderer and node:crypto's in Node (shared/identity/sha256.ts), with the same digests.
import { sha256B64, sha256B64OfText } from '#sha256';
import { canonicalJson } from './canonical.ts';
import type { Digest } from './shapes.ts';

export { sha256B64, sha256B64OfText };

const encoder = new TextEncoder();

/** The hash of a decision-log entry (or any identity value): SHA-256 of its canonical encoding,
 *  signature included. */
export function entryHash(entry: unknown): Digest {
  return sha256B64OfText(canonicalJson(entry));
}

/**
 * What a remembered verdict is keyed by (electron/store/verifiedSignatures.ts): SHA-256 over the
 * public key, the signature and the exact message bytes. A valid signature copied onto altered
 * content, or presented with another key, has another digest, so it is verified, not remembered.
 */
export function verdictDigest(publicKey: string, bytes: Uint8Array, signature: string): string {
  const head = encoder.encode(`enighed/verdict/v1\n${publicKey}\n${signature}\n`);
  const all = new Uint8Array(head.length + bytes.length);
  all.set(head);
  all.set(bytes, head.length);
  return sha256B64(all);
}
