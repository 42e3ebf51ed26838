// countUpdateItems (electron/sync/updateMeasure.ts) reads an update the way Y.decodeUpdate does:
// same count of structs and delete ranges on seeded random documents of every content type, an
// early stop past the bound, and a throw wherever decodeUpdate throws. Seed: UPDATE_ITEMS_SEED.
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countUpdateItems, UpdateFormatError } from '../../electron/sync/updateMeasure.ts';

const seed = Number(process.env.UPDATE_ITEMS_SEED ?? Math.floor(Math.random() * 2 ** 31));

function randomDoc(gen: prng.PRNG): Y.Doc {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const map = doc.getMap('m');
  const array = doc.getArray<unknown>('a');
  const xml = doc.getXmlFragment('x');
  for (let i = 0; i < 300; i++) {
    switch (prng.int32(gen, 0, 7)) {
      case 0:
        text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
        break;
      case 1:
        if (text.length > 2) text.delete(prng.int32(gen, 0, text.length - 2), 1);
        break;
      case 2:
        if (text.length > 3) text.format(0, 2, { bold: prng.bool(gen) });
        break;
      case 3:
        map.set(prng.word(gen, 1, 3), { n: prng.int32(gen, 0, 99), s: prng.word(gen) });
        break;
      case 4:
        array.insert(0, [new Uint8Array([1, 2, 3]), prng.int32(gen, 0, 9), null, 'ø']);
        break;
      case 5:
        array.insert(0, [new Y.Map()]);
        break;
      case 6:
        xml.insert(0, [new Y.XmlElement('paragraph'), new Y.XmlText('æ')]);
        break;
      default:
        text.insertEmbed(0, { image: prng.word(gen) });
    }
  }
  return doc;
}

const expected = (update: Uint8Array) => {
  const { structs, ds } = Y.decodeUpdate(update);
  let ranges = 0;
  for (const items of ds.clients.values()) ranges += items.length;
  return structs.length + ranges;
};

describe('countUpdateItems', () => {
  it('counts what Y.decodeUpdate reads, and stops past the bound', () => {
    const gen = prng.create(seed);
    try {
      for (let round = 0; round < 10; round++) {
        const update = Y.encodeStateAsUpdate(randomDoc(gen));
        const n = expected(update);
        expect(countUpdateItems(update)).toBe(n);
        expect(countUpdateItems(update, 10)).toBe(11);
      }
    } catch (error) {
      console.error(`failed with UPDATE_ITEMS_SEED=${seed}`);
      throw error;
    }
  });

  it('throws where Y.decodeUpdate throws: truncated updates and strings that are not UTF-8', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'ærø');
    doc.getMap('m').set('k', 1);
    const update = Y.encodeStateAsUpdate(doc);
    for (let cut = 1; cut < update.length - 1; cut++) {
      const truncated = update.slice(0, cut);
      let yjsThrows = false;
      try {
        Y.decodeUpdate(truncated);
      } catch {
        yjsThrows = true;
      }
      if (yjsThrows) expect(() => countUpdateItems(truncated), `cut at ${cut}`).toThrow(UpdateFormatError);
    }
    // 'ærø' in UTF-8 is c3 a6 72 c3 b8: break the first sequence.
    const bad = update.slice();
    const at = bad.findIndex((b, i) => b === 0xc3 && bad[i + 1] === 0xa6);
    bad[at + 1] = 0x41;
    expect(() => Y.decodeUpdate(bad)).toThrow();
    expect(() => countUpdateItems(bad)).toThrow(UpdateFormatError);
  });
});
