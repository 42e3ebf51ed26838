// SHA-256, base64url without padding, with node:crypto's one-shot hash: what `#sha256` resolves to
// in Node (package.json "imports", condition "node"); the renderer gets shared/identity/sha256.ts.
// Same functions, same digests (test/unit/sha256.test.ts). Hashing a string here skips encoding it
// into a separate buffer, and the digest is written as base64url directly: verifying an agreement's
// positions from cold hashes the signed bytes of each (shared/identity/signedBytes.ts).
import crypto from 'node:crypto';

/** SHA-256 of `bytes`, base64url without padding (43 characters). */
export function sha256B64(bytes: Uint8Array): string {
  return crypto.hash('sha256', bytes, 'base64url');
}

/** SHA-256 of the UTF-8 encoding of `text`, base64url without padding. */
export function sha256B64OfText(text: string): string {
  return crypto.hash('sha256', text, 'base64url');
}
