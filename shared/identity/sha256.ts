// SHA-256, base64url without padding: the portable implementation (lib0's SHA-256 and TextEncoder),
// what the renderer runs. In Node, `#sha256` (package.json "imports", condition "node") resolves to
// electron/identity/sha256.ts instead: the same function with node:crypto's one-shot hash, which
// hashes a string's UTF-8 without encoding it first. Both give the same digest for every input
// (test/unit/sha256.test.ts); only their speed differs. Import it as '#sha256', not by path.
import { digest } from 'lib0/hash/sha256';
import { toBase64Url } from './base64url.ts';

const encoder = new TextEncoder();

/** SHA-256 of `bytes`, base64url without padding (43 characters). */
export function sha256B64(bytes: Uint8Array): string {
  return toBase64Url(digest(bytes));
}

/** SHA-256 of the UTF-8 encoding of `text`, base64url without padding. */
export function sha256B64OfText(text: string): string {
  return toBase64Url(digest(encoder.encode(text)));
}
