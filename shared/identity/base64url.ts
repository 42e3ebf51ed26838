// base64url without padding (RFC 4648 §5), the encoding of every key, signature and digest in
// shared/identity/shapes.ts. Works in Node and in the renderer.
import { fromBase64, toBase64 } from 'lib0/buffer';

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const URL_SAFE = /^[A-Za-z0-9_-]*$/;

/** The bytes of a base64url string, or null when it is not one (wrong alphabet or length). */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!URL_SAFE.test(text) || text.length % 4 === 1) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    return fromBase64(padded);
  } catch {
    return null;
  }
}
