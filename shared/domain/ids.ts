// Random ids for entities created on any machine without coordination.
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `prefix` + 12 base-36 characters (≈ 62 bits): unique without a central counter. */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let id = prefix;
  for (const b of bytes) id += alphabet[b % 36];
  return id;
}
