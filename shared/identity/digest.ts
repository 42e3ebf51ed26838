// SHA-256 digests of identity data (entry hashes, the decision log's chain). Synchronous and pure
// (lib0's SHA-256), so the renderer computes exactly what the main process computes.
import { digest } from 'lib0/hash/sha256';
import { toBase64Url } from './base64url.ts';
import { canonicalJson } from './canonical.ts';
import type { Digest } from './shapes.ts';

const encoder = new TextEncoder();

/** SHA-256 of `bytes`, base64url without padding (43 characters). */
export function sha256B64(bytes: Uint8Array): string {
  return toBase64Url(digest(bytes));
}

/** The hash of a decision-log entry (or any identity value): SHA-256 of its canonical encoding,
 *  signature included. */
export function entryHash(entry: unknown): Digest {
  return sha256B64(encoder.encode(canonicalJson(entry)));
}
