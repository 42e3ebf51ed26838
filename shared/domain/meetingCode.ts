// The shape of what a meeting host shows and a guest types: the join code and the certificate's short
// fingerprint. Both are read aloud across a table, so both use one alphabet without the look-alikes
// 0/O and 1/I/L, in three groups of five. Drawing codes is Node's job (electron/sync/meeting/code.ts);
// this is the format both sides check.

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_GROUP = 5;
export const CODE_GROUPS = 3;
/** Characters in a join code and in a short fingerprint. */
export const CODE_LENGTH = CODE_GROUP * CODE_GROUPS;

/** Codes are compared without case, spaces or dashes: people type them as they hear them. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Whether `text` is a code or short fingerprint as typed (any case, spaces or dashes). */
export function isWellFormedCode(text: string): boolean {
  const normal = normaliseCode(text);
  return normal.length === CODE_LENGTH && [...normal].every((c) => CODE_ALPHABET.includes(c));
}

/** "K7PQ3QMXH4TW9ZR" → "K7PQ3-QMXH4-TW9ZR". */
export function groupCode(chars: string): string {
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += CODE_GROUP) groups.push(chars.slice(i, i + CODE_GROUP));
  return groups.join('-');
}
