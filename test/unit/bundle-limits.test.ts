// Change bundles are bounded before anything inflates: the file, the header, each document's
// declared size, and what each payload decodes to (structs, delete ranges, JSON values), counted
// while reading it — with the app's real limits where a test can afford them, smaller ones where
// it cannot. Real SQLite files, real Yjs, the real worker thread.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../electron/store/store.ts';
import { exportBundle, storeSource } from '../../electron/sync/bundle/export.ts';
import { encodeBundle, parseBundle } from '../../electron/sync/bundle/format.ts';
import { importBundle } from '../../electron/sync/bundle/import.ts';
import { LIMITS, LimitExceeded, measureUpdate } from '../../electron/sync/bundle/limits.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { manyStructsUpdate, workspaceBytes, workspaceWithAgreement } from '../helpers/bundles.ts';
import { tempDir } from '../helpers/tempDir.ts';

const TOO_LARGE = /Ændringspakken er for stor til at blive indlæst/;

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** A sender with the demo agreement and an empty recipient (both real workspace files). */
function senderAndRecipient() {
  const dir = tempDir('enighed-bundle-limits-');
  const agreementId = workspaceWithAgreement(path.join(dir, 'a.sqlite'));
  const a = Store.open(path.join(dir, 'a.sqlite'));
  const bFile = path.join(dir, 'b.sqlite');
  const b = Store.open(bFile);
  stores.push(a, b);
  const bundle = parseBundle(exportBundle(storeSource(a), { agreementId, createdBy: 'Anna' }));
  return { agreementId, bundle, b, bFile, dir };
}

async function refusal(store: Store, bytes: Uint8Array): Promise<string> {
  try {
    await importBundle({ store }, bytes);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the bundle was accepted');
}

describe('measuring an update without building it', () => {
  it('counts exactly the structs and delete ranges Y.decodeUpdate finds, on random documents', () => {
    const seed = Number(process.env.ENIGHED_TEST_SEED ?? crypto.randomInt(2 ** 31));
    const gen = prng.create(seed);
    for (let round = 0; round < 30; round++) {
      const doc = new Y.Doc();
      const fragment = doc.getXmlFragment('prosemirror');
      const meta = doc.getMap('meta');
      const list = doc.getArray('list');
      for (let op = prng.int32(gen, 1, 60); op > 0; op--) {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(prng.word(gen, 1, 20))]);
        fragment.insert(prng.int32(gen, 0, fragment.length), [p]);
        if (fragment.length > 2 && prng.bool(gen)) fragment.delete(prng.int32(gen, 0, fragment.length - 1), 1);
        meta.set(prng.word(gen, 1, 3), { n: prng.int32(gen, 0, 9), list: [1, 2, { deep: 'x' }] });
        list.insert(0, [prng.int32(gen, 0, 99), 'tekst']);
      }
      const update = Y.encodeStateAsUpdate(doc);
      const decoded = Y.decodeUpdate(update);
      const measured = measureUpdate(update, Number.MAX_SAFE_INTEGER);
      const ranges = [...decoded.ds.clients.values()].reduce((n, r) => n + r.length, 0);
      expect(measured.structs, `seed ${seed}`).toBe(decoded.structs.length);
      expect(measured.deleteRanges, `seed ${seed}`).toBe(ranges);
      expect(measured.values).toBeGreaterThan(0);
    }
  });

  it('stops at the limit and refuses what is not an update', () => {
    expect(() => measureUpdate(manyStructsUpdate(5000), 4000)).toThrow(LimitExceeded);
    expect(measureUpdate(manyStructsUpdate(5000), 5000).structs).toBe(5000);
    const update = manyStructsUpdate(100);
    expect(() => measureUpdate(update.subarray(0, update.length - 7), 1e9)).toThrow();
    expect(() => measureUpdate(new Uint8Array([...update, 1, 2, 3]), 1e9)).toThrow(/trailing/);
    // A forged struct count far beyond the bytes does not spin.
    expect(() => measureUpdate(new Uint8Array([1, 0xff, 0xff, 0xff, 0x7f, 1, 0]), 1e9)).toThrow();
  });
});

describe('bounded bundles', () => {
  it('a document that inflates past the limit is refused before any Y.Doc holds it, and nothing is written', async () => {
    const { bundle, b, bFile } = senderAndRecipient();
    // 600,000 one-letter structs: ~9.6 MB on the wire, ~150 MB as Yjs objects.
    const inflating = manyStructsUpdate(LIMITS.docParts + 100_000);
    expect(inflating.byteLength).toBeLessThan(LIMITS.docBytes);
    const target = bundle.docs[3].docId;
    const bytes = encodeBundle({ ...bundle, docs: bundle.docs.map((d) => (d.docId === target ? { ...d, update: inflating } : d)) });
    const before = workspaceBytes(bFile);
    const message = await refusal(b, bytes);
    expect(message).toMatch(TOO_LARGE);
    expect(message).toContain(`dokumentet "${target}" fylder for meget udpakket (over 500.000 dele)`);
    expect(workspaceBytes(bFile)).toEqual(before);
    expect(b.agreementIds()).toEqual([]);
  });

  it('a document declared larger than 16 MB is refused before its payload is read', async () => {
    const { bundle, b, bFile } = senderAndRecipient();
    const big = new Uint8Array(LIMITS.docBytes + 1).fill(7);
    const bytes = encodeBundle({ ...bundle, docs: [...bundle.docs.slice(0, 2), { ...bundle.docs[2], update: big }, ...bundle.docs.slice(3)] });
    const before = workspaceBytes(bFile);
    expect(await refusal(b, bytes)).toMatch(new RegExp(`${TOO_LARGE.source}: dokumentet ".*" er over 16 MB`));
    expect(workspaceBytes(bFile)).toEqual(before);
  });

  it('the sum over all documents is bounded too, as are the number of documents and the header', () => {
    const { bundle } = senderAndRecipient();
    const bytes = encodeBundle({ ...bundle, docs: bundle.docs.map((d, i) => (i > 0 ? { ...d, update: manyStructsUpdate(300) } : d)) });
    // Each document is within its own bound, together they are not.
    const limits = { ...LIMITS, docParts: 1000, bundleParts: 2000 };
    expect(() => parseBundle(bytes, { limits })).toThrow(/dokumenterne fylder tilsammen for meget udpakket \(over 2\.000 dele\)/);
    expect(() => parseBundle(bytes, { limits: { ...LIMITS, docParts: 1000, bundleParts: 100_000 } })).not.toThrow();
    expect(() => parseBundle(bytes, { limits: { ...LIMITS, docs: 5 } })).toThrow(/over 5 dokumenter/);
    expect(() => parseBundle(bytes, { limits: { ...LIMITS, headerBytes: 1000 } })).toThrow(/indholdsfortegnelse er over/);
    expect(() => parseBundle(bytes, { limits: { ...LIMITS, bundleBytes: 1000 } })).toThrow(/filen er over/);
  });

  it('the command line refuses a file over 256 MB without reading it', () => {
    const { dir, bFile } = senderAndRecipient();
    for (const s of stores.splice(0)) s.close();
    const huge = path.join(dir, 'stor.enighed');
    fs.writeFileSync(huge, 'ENIGHED-BUNDLE\n');
    fs.truncateSync(huge, LIMITS.bundleBytes + 1); // sparse: nothing is really written
    const before = workspaceBytes(bFile);
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/cli/bundle.ts'), 'import', bFile, huge], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/er for stor til at være en ændringspakke \(over 256 MB\)/);
    expect(workspaceBytes(bFile)).toEqual(before);
  });
});
