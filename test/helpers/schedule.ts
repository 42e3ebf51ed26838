// Drawing a random schedule's steps from one lib0/prng generator: shared by the random convergence
// tests (sync-convergence, identity-convergence), so both replay a seed the same way.
import * as prng from 'lib0/prng';

const ALPHABET = 'abcdeæøå ';

/** Picks a key by weight; zero weights are never picked. */
export function weighted<K extends string>(gen: prng.PRNG, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = prng.real53(gen) * entries.reduce((n, [, w]) => n + w, 0);
  for (const [key, w] of entries) {
    if (r < w) return key;
    r -= w;
  }
  return entries.filter(([, w]) => w > 0).at(-1)![0];
}

/** Between `min` and `max` characters of Danish-looking text. */
export const randomText = (gen: prng.PRNG, min: number, max: number): string =>
  Array.from({ length: prng.int32(gen, min, max) }, () => ALPHABET[prng.int32(gen, 0, ALPHABET.length - 1)]).join('');

/** Waits a random, usually tiny, while: lets some messages through between steps, not all. */
export async function pause(gen: prng.PRNG): Promise<void> {
  const kind = weighted(gen, { none: 4, immediate: 3, timer: 3 });
  if (kind === 'immediate') await new Promise((resolve) => setImmediate(resolve));
  if (kind === 'timer') await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 1, 10)));
}
