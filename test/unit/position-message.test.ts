// positionMessage's field-by-field encoder gives the bytes of the definition (canonicalJson through
// positionMessageGeneric) for every shape a position takes: optional fields present or absent,
// strings with quotes, control characters, æøå, astral characters and lone surrogates, prev null or a digest, prevOwn
// absent, null or a digest — and
// leaves anything unexpected to the generic encoder (which throws where it throws).
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import { positionMessage, positionMessageGeneric } from '../../shared/identity/messages.ts';

const pieces = ['Kommunen', 'giver', '"besked"', 'æøå ÆØÅ', '\\', '\n\t', '\u0000\u001f', '😀', '\ud800', '\udc00x', '\u2028', '', ' '];

function text(gen: prng.PRNG): string {
  return Array.from({ length: prng.int32(gen, 0, 6) }, () => prng.oneOf(gen, pieces)).join(prng.bool(gen) ? ' ' : '');
}
const maybe = <T,>(gen: prng.PRNG, value: T): T | undefined => (prng.bool(gen) ? value : undefined);

describe('positionMessage', () => {
  it('is byte for byte the canonical encoding, over 2,000 random positions', () => {
    const gen = prng.create(20261201);
    for (let i = 0; i < 2000; i++) {
      const position = {
        clauseId: text(gen),
        side: prng.bool(gen) ? 'region' : 'kommune',
        stance: prng.bool(gen) ? 'enig' : 'uenig',
        reason: maybe(gen, text(gen)),
        alternative: maybe(gen, text(gen)),
        textHash: text(gen),
        text: maybe(gen, text(gen)),
        by: { name: text(gen), organisation: text(gen) },
        at: new Date(prng.int32(gen, 0, 2 ** 31)).toISOString(),
      } as never;
      const sig = {
        v: prng.oneOf(gen, [1, 2, 0, -0, 1.5]),
        agreementId: text(gen),
        sectionId: text(gen),
        participantId: text(gen),
        deviceCert: { participantId: text(gen), deviceKey: text(gen), at: text(gen), inviteSignature: text(gen) },
        prev: prng.bool(gen) ? null : text(gen),
        prevOwn: prng.oneOf(gen, [undefined, null, 'x'.repeat(43), text(gen)]),
      } as never;
      expect(positionMessage(position, sig)).toEqual(positionMessageGeneric(position, sig));
    }
  });

  it('leaves what is not a string, a number or null to the generic encoder', () => {
    const position = { clauseId: 'k1', side: 'region', stance: 'enig', textHash: 'h', by: { name: 'A', organisation: 'B' }, at: 'x' };
    const sig = { v: 1, agreementId: 'a', sectionId: 's', participantId: 'p', deviceCert: { participantId: 'p', deviceKey: 'k', at: 't', inviteSignature: 'i' }, prev: null };
    expect(() => positionMessage({ ...position, text: { not: 'a string' } } as never, sig as never)).not.toThrow();
    expect(positionMessage({ ...position, text: { b: 1, a: 2 } } as never, sig as never)).toEqual(positionMessageGeneric({ ...position, text: { b: 1, a: 2 } } as never, sig as never));
    expect(() => positionMessage({ ...position, at: Number.NaN } as never, sig as never)).toThrow(/non-finite/);
    expect(() => positionMessage({ ...position, by: undefined } as never, sig as never)).toThrow();
  });
});
