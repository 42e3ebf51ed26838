// storedPosition's fast path (wellFormedPosition) against the definition (Position, zod): it accepts
// every genuine position, and whatever it accepts zod accepts with the same result (same fields,
// same order, nothing extra); over positions broken in every field it never accepts what zod
// refuses. What it leaves to zod, zod decides (storedPosition gives zod's answer).
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Position } from '../../shared/negotiation/position.ts';
import { storedPosition, wellFormedPosition } from '../../shared/negotiation/storedPosition.ts';
import { identityFixture, unsignedPosition } from '../helpers/identity.ts';

type Json = Record<string, unknown>;

const f = identityFixture('stored');
const genuine = (): Json[] => {
  const doc = new Y.Doc();
  return [
    f.take('regionChair', doc, 's1', 'k1', 'enig', 'h'.repeat(43)),
    f.sign('kommuneChair', doc, 's1', { ...unsignedPosition('k1', 'kommune', 'uenig', 'h'.repeat(43), 'Kommunens formand'), alternative: 'Tre hverdage.' }),
    f.sign('kommuneChair', doc, 's1', { ...unsignedPosition('k2', 'kommune', 'enig', 'h'.repeat(43)), stance: 'trukket', text: '' }),
    { clauseId: 'k9', side: 'region', stance: 'enig', textHash: 'h', text: '', by: { name: 'A', organisation: 'B' }, at: '2026-01-01T00:00:00.000Z' },
  ] as unknown as Json[];
};

// Values to put in a field's place: wrong types, edge lengths, patterns, untrimmed text.
const replacements: unknown[] = [
  undefined, null, '', ' ', ' x', 'x ', 'x', 0, 1, 2, -0, Number.NaN, true, [], {}, Object.create(null),
  'x'.repeat(43), 'x'.repeat(42), 'x'.repeat(44), 'x'.repeat(86), 'x'.repeat(85), 'x'.repeat(86) + '=', '+'.repeat(43), 'æ'.repeat(43),
  'x'.repeat(120), 'x'.repeat(121), 'x'.repeat(40), 'x'.repeat(41), 'x'.repeat(4000), 'x'.repeat(4001), ` ${'x'.repeat(3999)} `,
  'region', 'kommune', 'enig', 'uenig', 'trukket', 'forslag-afvist', 'Region',
  { name: 'A', organisation: 'B' }, { name: 'A' }, { name: 1, organisation: 'B' },
];

/** Every path to a field or object in a value (a.b.c). */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return [prefix, ...Object.keys(value).flatMap((k) => paths((value as Json)[k], [...prefix, k]))];
}

function withField(value: Json, path: string[], replacement: unknown, mode: 'set' | 'delete' | 'extra'): Json {
  const copy = structuredClone(value);
  let target: Json = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Json;
  const last = path[path.length - 1];
  if (mode === 'delete') delete target[last];
  else if (mode === 'extra') (target[last] as Json).extra = replacement;
  else target[last] = replacement;
  return copy;
}

function expectSameAsZod(value: unknown): 'fast' | 'zod' {
  const fast = typeof value === 'object' && value !== null ? wellFormedPosition(value) : undefined;
  const zod = Position.safeParse(value);
  if (fast === undefined) {
    expect(storedPosition(value)).toEqual(zod.success ? zod.data : null);
    return 'zod';
  }
  expect(zod.success, `zod refuses what the fast path accepts: ${JSON.stringify(value)}`).toBe(true);
  expect(fast).toStrictEqual(zod.data);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  return 'fast';
}

describe('storedPosition', () => {
  it('reads every genuine position without zod, as zod reads it', () => {
    for (const position of genuine()) expect(expectSameAsZod(position)).toBe('fast');
    // As stored: decoded from a Yjs update, with a field the schema does not know.
    const doc = new Y.Doc();
    doc.getMap('m').set('p', { ...genuine()[0], newer: 'felt' });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(expectSameAsZod(copy.getMap('m').get('p'))).toBe('fast');
  });

  it('never accepts what zod refuses, over every field of genuine positions broken every way', () => {
    let cases = 0;
    let refused = 0;
    for (const position of genuine()) {
      for (const path of paths(position)) {
        if (path.length === 0) continue;
        const variants = [withField(position, path, undefined, 'delete'), ...replacements.map((r) => withField(position, path, r, 'set'))];
        const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Json)[k], position);
        const field = (parent as Json)[path[path.length - 1]];
        if (typeof field === 'object' && field !== null) {
          variants.push(withField(position, path, 'x', 'extra'));
        }
        for (const variant of variants) {
          cases++;
          expectSameAsZod(variant);
          if (!Position.safeParse(variant).success) refused++;
        }
      }
    }
    expect(cases).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(1000);
  });

  it('agrees with zod on 5,000 randomly broken positions (several fields at once)', () => {
    const gen = prng.create(20261202);
    const all = genuine();
    for (let i = 0; i < 5000; i++) {
      let value = prng.oneOf(gen, all);
      for (let k = prng.int32(gen, 1, 3); k > 0; k--) {
        const path = prng.oneOf(gen, paths(value).filter((p) => p.length > 0));
        value = withField(value, path, prng.oneOf(gen, replacements), prng.int32(gen, 0, 5) === 0 ? 'delete' : 'set');
      }
      expectSameAsZod(value);
    }
  });

  it('leaves values that are not plain objects to zod', () => {
    const [position] = genuine();
    expect(wellFormedPosition([position])).toBeUndefined();
    expect(wellFormedPosition(new (class Stored {})())).toBeUndefined();
    expect(wellFormedPosition(Object.assign(Object.create({ clauseId: 'k1' }), { ...position, clauseId: undefined }))).toBeUndefined();
    expect(storedPosition(null)).toBeNull();
    expect(storedPosition('enig')).toBeNull();
  });
});
