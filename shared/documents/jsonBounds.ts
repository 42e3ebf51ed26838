// Bounds on a plain JSON value stored in a document (a map entry, an array element, a node
// attribute). Measured without recursion, so a value nested 20,000 levels deep is refused instead of
// overflowing the stack, and the walk stops as soon as a bound is passed.

export interface JsonBounds {
  /** Nesting levels of arrays and objects; a scalar has depth 0. */
  maxDepth: number;
  /** Approximate size in characters: string lengths, key lengths and one per scalar and entry. */
  maxSize: number;
}

/** Null when `value` is within `bounds`, otherwise a Danish reason. */
export function checkJsonBounds(value: unknown, bounds: JsonBounds): string | null {
  let size = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    size += 1;
    if (typeof current === 'string') size += current.length;
    else if (current !== null && typeof current === 'object') {
      if (depth + 1 > bounds.maxDepth) return `en værdi er indlejret dybere end ${bounds.maxDepth} niveauer`;
      if (current instanceof Uint8Array) return 'en værdi er binære data';
      if (Array.isArray(current)) {
        for (const child of current) stack.push([child, depth + 1]);
      } else {
        for (const [key, child] of Object.entries(current)) {
          size += key.length;
          stack.push([child, depth + 1]);
        }
      }
    } else if (current !== null && current !== undefined && typeof current !== 'number' && typeof current !== 'boolean') {
      return 'en værdi er ikke almindelige data';
    }
    if (size > bounds.maxSize) return `en værdi er større end ${bounds.maxSize.toLocaleString('da-DK')} tegn`;
  }
  return null;
}
