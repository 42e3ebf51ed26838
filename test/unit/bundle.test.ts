// Change bundles between two "machines" (two workspace files), on real SQLite files and real Yjs
// documents; random edits come from one seeded generator (ENIGHED_TEST_SEED to rerun one).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { Store } from '../../electron/store/store.ts';
import { encodeBundle, parseBundle } from '../../electron/sync/bundle/format.ts';
import { exportBundle, stateVectorsFromBundle, stateVectorsOf, storeSource, type BundleSource } from '../../electron/sync/bundle/export.ts';
import { importBundle, type ImportOptions } from '../../electron/sync/bundle/import.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { templatesDir, workspaceWithAgreement } from '../helpers/bundles.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { runCli } from '../helpers/cli.ts';

const EMPTY_SV = Y.encodeStateVector(new Y.Doc());
const NOT_A_BUNDLE = /Filen er ikke en Enighed-ændringspakke/;
const DAMAGED = /Ændringspakken er beskadiget eller ufuldstændig/;
const OTHER_AGREEMENT = /Ændringspakken hører til en anden aftale/;

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** Runs a test body with a seeded generator; the seed is added to any failure. */
async function withSeed(body: (gen: prng.PRNG) => void | Promise<void>): Promise<void> {
  const seed = Number(process.env.ENIGHED_TEST_SEED ?? crypto.randomInt(2 ** 31));
  try {
    await body(prng.create(seed));
  } catch (error) {
    if (error instanceof Error) error.message += `\n(seed ${seed}; rerun with ENIGHED_TEST_SEED=${seed})`;
    throw error;
  }
}

function openStore(file: string): Store {
  const store = Store.open(file);
  stores.push(store);
  return store;
}

interface Machine {
  name: string;
  store: Store;
  endpoint: BundleSource;
}

/** Imports through the real path: the worker thread checks, this thread writes. */
function importInto(m: Machine, bytes: Uint8Array, options?: ImportOptions) {
  return importBundle({ store: m.store }, bytes, options);
}

/** Machine A creates the agreement; machine B receives it as a full bundle. */
async function twoMachines(): Promise<{ a: Machine; b: Machine; agreementId: string; dir: string }> {
  const dir = tempDir('enighed-bundle-');
  const agreementId = workspaceWithAgreement(path.join(dir, 'a.sqlite'));
  const a = { name: 'A', store: openStore(path.join(dir, 'a.sqlite')) } as Machine;
  const b = { name: 'B', store: openStore(path.join(dir, 'b.sqlite')) } as Machine;
  a.endpoint = storeSource(a.store);
  b.endpoint = storeSource(b.store);
  const full = exportBundle(a.endpoint, { agreementId, createdBy: 'Anna Andersen' });
  const summary = await importInto(b, full);
  const docs = a.endpoint.listDocs(agreementId).length;
  expect(summary).toMatchObject({ agreementId, docs, changed: docs, newAgreement: true, createdBy: 'Anna Andersen' });
  expect(summary.title).toMatch(/Sundhedsaftale/);
  return { a, b, agreementId, dir };
}

/** Every document's state and content, as loaded from the workspace file. */
function stateOf(m: Machine, agreementId: string): Map<string, { sv: string; snapshot: string; content: string }> {
  const out = new Map<string, { sv: string; snapshot: string; content: string }>();
  for (const docId of m.endpoint.listDocs(agreementId)) {
    const doc = m.store.loadYDoc(docId);
    const content =
      docId === structureDocId(agreementId)
        ? JSON.stringify(readAgreement(doc))
        : doc.getXmlFragment(SECTION_FRAGMENT).toString();
    out.set(docId, {
      sv: Buffer.from(Y.encodeStateVector(doc)).toString('hex'),
      snapshot: Buffer.from(Y.encodeSnapshot(Y.snapshot(doc))).toString('hex'),
      content,
    });
    doc.destroy();
  }
  return out;
}

/** Every document's stored state byte for byte, plus the number of log rows. */
function rawState(m: Machine, agreementId: string): { encoded: Map<string, string>; logRows: number } {
  const encoded = new Map<string, string>();
  let logRows = 0;
  for (const docId of m.endpoint.listDocs(agreementId)) {
    encoded.set(docId, Buffer.from(m.endpoint.encodeDiff(docId, EMPTY_SV)).toString('hex'));
    logRows += m.store.logStats(docId).count;
  }
  return { encoded, logRows };
}

function textsOf(fragment: Y.XmlFragment): Y.XmlText[] {
  return [...fragment.createTreeWalker((n) => n instanceof Y.XmlText)] as Y.XmlText[];
}

/**
 * Edits like a person offline: a few sessions, each a fresh Y.Doc (its own client id) loaded from
 * the workspace, making random insertions and deletions in the text of random sections; every
 * update is appended to the workspace as the service would.
 */
function editRandomly(m: Machine, agreementId: string, gen: prng.PRNG, sessions: number): void {
  const sectionIds = m.endpoint.listDocs(agreementId).filter((id) => id.includes('/section/'));
  for (let s = 0; s < sessions; s++) {
    const docId = prng.oneOf(gen, sectionIds);
    const doc = new Y.Doc();
    doc.clientID = prng.uint32(gen, 1, 2 ** 31);
    Y.applyUpdate(doc, m.endpoint.encodeDiff(docId, EMPTY_SV));
    doc.on('update', (update: Uint8Array) => m.store.appendUpdate(docId, update));
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    if (textsOf(fragment).length === 0) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(`${m.name} skriver`)]);
      fragment.insert(fragment.length, [paragraph]);
    }
    const edits = prng.int32(gen, 1, 6);
    for (let e = 0; e < edits; e++) {
      const text = prng.oneOf(gen, textsOf(fragment));
      if (text.length > 0 && prng.int32(gen, 0, 3) === 0) {
        const at = prng.int32(gen, 0, text.length - 1);
        text.delete(at, Math.min(text.length - at, prng.int32(gen, 1, 12)));
      } else {
        text.insert(prng.int32(gen, 0, text.length), ` ${m.name}:${prng.word(gen, 1, 8)}`);
      }
    }
    doc.destroy();
  }
}

async function expectRejected(target: Machine, bytes: Uint8Array, message: RegExp, options?: { expectedAgreementId?: string }): Promise<void> {
  let thrown: unknown;
  try {
    await importInto(target, bytes, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `bundle of ${bytes.byteLength} bytes was accepted`).toBeInstanceOf(UserFacingError);
  expect((thrown as Error).message).toMatch(message);
}

describe('change bundles between two machines', () => {
  it('converge after offline edits and exchanges both ways (full and what the other lacks)', async () => {
    await withSeed(async (gen) => {
      const { a, b, agreementId } = await twoMachines();
      expect(stateOf(b, agreementId)).toEqual(stateOf(a, agreementId));

      // The last bundle each received from the other: it tells what the other had.
      let fromA: Uint8Array | null = null;
      let fromB: Uint8Array | null = null;
      for (let round = 0; round < 5; round++) {
        editRandomly(a, agreementId, gen, prng.int32(gen, 1, 12));
        editRandomly(b, agreementId, gen, prng.int32(gen, 1, 12));
        const editedA = stateOf(a, agreementId);
        const editedB = stateOf(b, agreementId);
        expect(editedA).not.toEqual(editedB);

        // Both export before either imports: the bundles cross in the mail.
        const sinceB = fromB && prng.bool(gen) ? stateVectorsFromBundle(fromB, agreementId) : null;
        const sinceA = fromA && prng.bool(gen) ? stateVectorsFromBundle(fromA, agreementId) : null;
        const toB = exportBundle(a.endpoint, { agreementId, since: sinceB, createdBy: 'Anna' });
        const toA = exportBundle(b.endpoint, { agreementId, since: sinceA, createdBy: 'Bent' });
        if (sinceB) expect(toB.byteLength).toBeLessThan(exportBundle(a.endpoint, { agreementId, createdBy: 'Anna' }).byteLength);
        if (sinceA) expect(toA.byteLength).toBeLessThan(exportBundle(b.endpoint, { agreementId, createdBy: 'Bent' }).byteLength);

        const intoB = await importInto(b, toB, { expectedAgreementId: agreementId });
        const intoA = await importInto(a, toA, { expectedAgreementId: agreementId });
        expect(intoB.changed).toBeGreaterThan(0);
        expect(intoA.changed).toBeGreaterThan(0);
        expect(intoA.newAgreement || intoB.newAgreement).toBe(false);
        fromA = toB;
        fromB = toA;

        const stateA = stateOf(a, agreementId);
        expect(stateOf(b, agreementId)).toEqual(stateA);
        // Each side got the other's edits (both edited, so the merge differs from either alone).
        expect(stateA).not.toEqual(editedA);
        expect(stateA).not.toEqual(editedB);
      }

      // Now in step: what B lacks according to its last bundle is nothing, and it is small.
      const nothing = exportBundle(a.endpoint, { agreementId, since: stateVectorsFromBundle(fromB!, agreementId), createdBy: 'Anna' });
      expect(nothing.byteLength).toBeLessThan(exportBundle(a.endpoint, { agreementId, createdBy: 'Anna' }).byteLength / 4);
      expect((await importInto(b, nothing)).changed).toBe(0);
    });
  });

  it('a bundle with nothing new serves as a request: the answer holds exactly what the requester lacks', async () => {
    await withSeed(async (gen) => {
      const { a, b, agreementId } = await twoMachines();
      editRandomly(a, agreementId, gen, 8);
      // B has nothing to send, but its bundle tells A what B has.
      const request = exportBundle(b.endpoint, { agreementId, since: stateVectorsOf(b.endpoint, agreementId), createdBy: 'Bent' });
      expect((await importInto(a, request)).changed).toBe(0);
      const answer = exportBundle(a.endpoint, { agreementId, since: stateVectorsFromBundle(request, agreementId), createdBy: 'Anna' });
      expect((await importInto(b, answer)).changed).toBeGreaterThan(0);
      expect(stateOf(b, agreementId)).toEqual(stateOf(a, agreementId));
    });
  });

  it('importing the same bundle twice changes nothing the second time', async () => {
    await withSeed(async (gen) => {
      const { a, b, agreementId } = await twoMachines();
      editRandomly(a, agreementId, gen, 6);
      const bundle = exportBundle(a.endpoint, { agreementId, createdBy: 'Anna' });
      const first = await importInto(b, bundle);
      expect(first.changed).toBeGreaterThan(0);
      expect(first.changed).toBeLessThan(first.docs);
      const before = rawState(b, agreementId);
      const second = await importInto(b, bundle);
      expect(second).toMatchObject({ agreementId, docs: first.docs, changed: 0, newAgreement: false });
      expect(rawState(b, agreementId)).toEqual(before);
    });
  });

  it('refuses a bundle that builds on changes the recipient lacks', async () => {
    const { a, b, agreementId } = await twoMachines();
    const docId = a.endpoint.listDocs(agreementId).find((id) => id.includes('/section/'))!;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, a.endpoint.encodeDiff(docId, EMPTY_SV));
    doc.on('update', (update: Uint8Array) => a.store.appendUpdate(docId, update));
    const text = new Y.XmlText('første');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    doc.getXmlFragment(SECTION_FRAGMENT).insert(0, [paragraph]);
    // A wrong idea of what B has: A's own state after its first edit, which B never received.
    const wrongSince = stateVectorsOf(a.endpoint, agreementId);
    text.insert(text.length, ' og anden');
    const bundle = exportBundle(a.endpoint, { agreementId, since: wrongSince, createdBy: 'Anna' });
    const before = rawState(b, agreementId);
    await expectRejected(b, bundle, /bygger på ændringer, som dette arbejdsområde ikke har/);
    expect(rawState(b, agreementId)).toEqual(before);
  });
});

describe('damaged, altered and foreign bundles are refused and change nothing', () => {
  // Some twenty imports through the worker thread: generous time on a loaded machine.
  it('truncated, bit-flipped, edited, foreign, empty and random files', { timeout: 180_000 }, async () => {
    await withSeed(async (gen) => {
      const { a, b, agreementId, dir } = await twoMachines();
      editRandomly(a, agreementId, gen, 5);
      editRandomly(b, agreementId, gen, 5);
      const bundle = exportBundle(a.endpoint, { agreementId, createdBy: 'Anna' });
      const before = rawState(b, agreementId);
      const agreementsBefore = b.store.agreementIds();
      const unchanged = () => {
        expect(rawState(b, agreementId)).toEqual(before);
        expect(b.store.agreementIds()).toEqual(agreementsBefore);
      };

      // Cut off at every 97th byte (0: the empty file). Every cut is verified as the worker verifies
      // it (parseBundle); every 16th also goes through the whole import.
      const CUT = /Filen er ikke en Enighed-ændringspakke|Ændringspakken er beskadiget eller ufuldstændig/;
      for (let length = 0, n = 0; length < bundle.byteLength; length += 97, n++) {
        const cut = bundle.slice(0, length);
        expect(() => parseBundle(cut)).toThrow(length === 0 ? NOT_A_BUNDLE : CUT);
        if (n % 16 === 0) await expectRejected(b, cut, length === 0 ? NOT_A_BUNDLE : CUT);
      }
      unchanged();

      // Single bit flips anywhere, the magic line, header and trailer included.
      const positions = [0, 15, 16, 17, 20, 21, bundle.byteLength - 1];
      while (positions.length < 80) positions.push(prng.int32(gen, 0, bundle.byteLength - 1));
      for (const [n, at] of positions.entries()) {
        const flipped = bundle.slice();
        flipped[at] ^= 1 << prng.int32(gen, 0, 7);
        expect(() => parseBundle(flipped)).toThrow(at < 15 ? NOT_A_BUNDLE : DAMAGED);
        if (n < 7 || n % 25 === 0) await expectRejected(b, flipped, at < 15 ? NOT_A_BUNDLE : DAMAGED);
      }
      unchanged();

      // The header's agreement id edited in place (same length), checksums left as they were.
      const text = new TextDecoder().decode(bundle);
      const otherId = 'a' + 'x'.repeat(agreementId.length - 1);
      const at = text.indexOf(`"agreementId":"${agreementId}"`);
      expect(at).toBeGreaterThan(0);
      const edited = bundle.slice();
      edited.set(new TextEncoder().encode(otherId), Buffer.byteLength(text.slice(0, at)) + '"agreementId":"'.length);
      await expectRejected(b, edited, DAMAGED);

      // …and rewritten to another agreement with every checksum recomputed: ids, doc ids and all.
      const parsed = parseBundle(bundle);
      const renamed = encodeBundle({
        ...parsed,
        agreementId: otherId,
        docs: parsed.docs.map((d) => ({ ...d, docId: d.docId.replace(agreementId, otherId) })),
      });
      await expectRejected(b, renamed, OTHER_AGREEMENT, { expectedAgreementId: agreementId });
      await expectRejected(b, renamed, OTHER_AGREEMENT);
      // Doc ids of another agreement under this agreement's id.
      const foreignDocs = encodeBundle({ ...parsed, docs: parsed.docs.map((d) => ({ ...d, docId: d.docId.replace(agreementId, otherId) })) });
      await expectRejected(b, foreignDocs, /hører ikke til aftalen/);
      // A payload that is not a Yjs update, with correct checksums.
      const garbage = encodeBundle({ ...parsed, docs: parsed.docs.map((d, i) => (i === 1 ? { ...d, update: prng.uint8Array(gen, 40) } : d)) });
      await expectRejected(b, garbage, DAMAGED);
      // A newer format version.
      const newer = encodeBundle(parsed);
      newer[16] = 2;
      newer.set(crypto.createHash('sha256').update(newer.subarray(0, newer.byteLength - 32)).digest(), newer.byteLength - 32);
      await expectRejected(b, newer, /nyere version af Enighed/);
      unchanged();

      // A genuine bundle of a different agreement, from a third machine.
      const otherFile = path.join(dir, 'c.sqlite');
      const otherAgreement = workspaceWithAgreement(otherFile);
      const c = openStore(otherFile);
      const foreign = exportBundle(storeSource(c), { agreementId: otherAgreement, createdBy: 'Carl' });
      await expectRejected(b, foreign, OTHER_AGREEMENT, { expectedAgreementId: agreementId });
      expect(() => stateVectorsFromBundle(foreign, agreementId)).toThrow(OTHER_AGREEMENT);

      // Files that are no bundle at all.
      await expectRejected(b, new Uint8Array(0), NOT_A_BUNDLE);
      await expectRejected(b, prng.uint8Array(gen, 5000), NOT_A_BUNDLE);
      await expectRejected(b, new TextEncoder().encode('Kære Anna\nHer er referatet fra mødet.\n'), NOT_A_BUNDLE);
      const magicThenNoise = new Uint8Array(3000);
      magicThenNoise.set(new TextEncoder().encode('ENIGHED-BUNDLE\n'));
      magicThenNoise.set(prng.uint8Array(gen, 3000 - 15), 15);
      await expectRejected(b, magicThenNoise, DAMAGED);
      unchanged();

      // And the genuine bundle still goes in.
      expect((await importInto(b, bundle, { expectedAgreementId: agreementId })).changed).toBeGreaterThan(0);
    });
  });

  it('a bundle of only changes cannot bring in an agreement the workspace does not have', async () => {
    const { a, agreementId, dir } = await twoMachines();
    const empty = { store: openStore(path.join(dir, 'empty.sqlite')) } as Machine;
    empty.endpoint = storeSource(empty.store);
    const request = exportBundle(a.endpoint, { agreementId, since: stateVectorsOf(a.endpoint, agreementId), createdBy: 'Anna' });
    await expectRejected(empty, request, /indeholder ikke hele aftalen/);
    expect(empty.store.agreementIds()).toEqual([]);
  });
});

describe('bundle CLI', () => {
  const cli = (...args: string[]) => runCli('bundle', ...args);

  it('exports and imports, full and what the recipient lacks, undoes an import, and refuses a corrupt file', { timeout: 180_000 }, () => {
    const dir = tempDir('enighed-bundle-cli-');
    const fileA = path.join(dir, 'a.sqlite');
    const fileB = path.join(dir, 'b.sqlite');
    const agreementId = workspaceWithAgreement(fileA);
    WorkspaceService.open({ workspacePath: fileB, templatesDir }).close();

    const full = path.join(dir, 'fra-a.enighed');
    const exported = cli('export', fileA, agreementId, full);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/Ændringspakke skrevet: .*alle ændringer/);

    const imported = cli('import', fileB, full);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/er tilføjet til arbejdsområdet/);
    expect(imported.stdout).toMatch(/Indlæst: (\d+) af \1 dokumenter/);
    const again = cli('import', fileB, full, '--agreement', agreementId);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Ingen nye ændringer/);

    // B answers; A then sends only what B lacks according to B's bundle.
    const fromB = path.join(dir, 'fra-b.enighed');
    expect(cli('export', fileB, agreementId, fromB).status).toBe(0);
    const delta = path.join(dir, 'til-b.enighed');
    const deltaRun = cli('export', fileA, agreementId, delta, '--since', fromB);
    expect(deltaRun.status).toBe(0);
    expect(deltaRun.stdout).toMatch(/kun det modtageren mangler/);
    expect(fs.statSync(delta).size).toBeLessThan(fs.statSync(full).size / 4);
    expect(cli('import', fileB, delta).stdout).toMatch(/Ingen nye ændringer/);

    const corrupt = path.join(dir, 'beskadiget.enighed');
    const bytes = fs.readFileSync(full);
    bytes[Math.floor(bytes.length / 2)] ^= 0x10;
    fs.writeFileSync(corrupt, bytes);
    const refused = cli('import', fileB, corrupt);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(DAMAGED);

    const wrongAgreement = cli('import', fileB, full, '--agreement', 'aandenaftale');
    expect(wrongAgreement.status).toBe(1);
    expect(wrongAgreement.stderr).toMatch(OTHER_AGREEMENT);

    const missing = cli('import', fileB, path.join(dir, 'findes-ikke.enighed'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/findes ikke/);

    const noWorkspace = cli('import', path.join(dir, 'intet.sqlite'), full);
    expect(noWorkspace.status).toBe(1);
    expect(fs.existsSync(path.join(dir, 'intet.sqlite'))).toBe(false);

    // Fortryd import from the command line: the number import printed, once.
    const later = cli('export', fileA, agreementId, path.join(dir, 'senere.enighed'));
    expect(later.status).toBe(0);
    const fileC = path.join(dir, 'c.sqlite');
    WorkspaceService.open({ workspacePath: fileC, templatesDir }).close();
    const intoC = cli('import', fileC, path.join(dir, 'senere.enighed'));
    const undoLine = /Kan fortrydes med: bundle undo (\S+) (\d+)/.exec(intoC.stdout);
    expect(undoLine?.[1]).toBe(fileC);
    const undone = cli('undo', fileC, undoLine![2]);
    expect(undone.stderr).toBe('');
    expect(undone.stdout).toMatch(/Importen er fortrudt: \d+ dokumenter i aftalen/);
    const twice = cli('undo', fileC, undoLine![2]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/allerede fortrudt/);
    expect(cli('undo', fileC, 'nul').status).toBe(2);

    const usage = cli('export', fileA);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Brug:.*\n[\s\S]*ikke have arbejdsområdet åbent/);
    expect(cli('send', fileA, full).status).toBe(2);
  });
});
