// What a change bundle may hold: the agreement's structure and the sections it lists — never a
// side's internal documents, never documents for made-up sections — and all or nothing: a bundle
// that fails any check writes nothing (the workspace file and its WAL keep every byte).
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { Store } from '../../electron/store/store.ts';
import { exportBundle, storeSource } from '../../electron/sync/bundle/export.ts';
import { encodeBundle, parseBundle, type BundleDoc } from '../../electron/sync/bundle/format.ts';
import { importBundle } from '../../electron/sync/bundle/import.ts';
import { workspaceBytes, workspaceWithAgreement } from '../helpers/bundles.ts';
import { deepStructureMapUpdate, nestedElementsUpdate } from '../helpers/poison.ts';
import { tempDir } from '../helpers/tempDir.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** A sender with the demo agreement; a recipient that has it too (from a first full bundle). */
async function setup() {
  const dir = tempDir('enighed-bundle-structure-');
  const agreementId = workspaceWithAgreement(path.join(dir, 'a.sqlite'));
  const a = Store.open(path.join(dir, 'a.sqlite'));
  const bFile = path.join(dir, 'b.sqlite');
  const b = Store.open(bFile);
  stores.push(a, b);
  await importBundle({ store: b }, exportBundle(storeSource(a), { agreementId, createdBy: 'Anna' }));
  return { agreementId, a, b, bFile };
}

function paragraphDoc(text: string): Uint8Array {
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(SECTION_FRAGMENT).insert(0, [p]);
  return Y.encodeStateAsUpdate(doc);
}

/** A real bundle with a fresh edit in every section, plus `extra` appended at the end. */
function bundleWith(a: Store, agreementId: string, extra: BundleDoc[]): Uint8Array {
  const parsed = parseBundle(exportBundle(storeSource(a), { agreementId, createdBy: 'Anna' }));
  const docs = parsed.docs.map((d) => (d.docId.includes('/section/') ? { ...d, update: Y.mergeUpdates([d.update, paragraphDoc('Ny tekst')]) } : d));
  return encodeBundle({ ...parsed, docs: [...docs, ...extra] });
}

async function expectRefusedUnchanged(b: Store, bFile: string, bytes: Uint8Array, message: RegExp): Promise<void> {
  const before = workspaceBytes(bFile);
  const agreements = b.agreementIds();
  await expect(importBundle({ store: b }, bytes)).rejects.toThrow(message);
  expect(workspaceBytes(bFile)).toEqual(before);
  expect(b.agreementIds()).toEqual(agreements);
}

describe('what a bundle may hold', () => {
  it('refuses a section that would hold 20,000 nested blockquotes, and a structure with a 20,000-deep map, writing nothing', async () => {
    const { agreementId, a, b, bFile } = await setup();
    const parsed = parseBundle(exportBundle(storeSource(a), { agreementId, createdBy: 'Anna' }));
    const poisoned = (docId: string, poison: (base: Y.Doc) => Uint8Array) =>
      encodeBundle({ ...parsed, docs: parsed.docs.map((d) => (d.docId === docId ? { ...d, update: Y.mergeUpdates([d.update, poison(a.loadYDoc(docId))]) } : d)) });
    const section = parsed.docs.find((d) => d.docId.includes('/section/'))!.docId;
    // Each bundle is otherwise genuine: every checksum is right, and it builds on what b holds.
    await expectRefusedUnchanged(b, bFile, poisoned(section, (base) => nestedElementsUpdate(20_000, () => 'blockquote', base)), /i ændringspakken er afvist: .*blockquote.*Pakken er ikke indlæst/);
    await expectRefusedUnchanged(b, bFile, poisoned(structureDocId(agreementId), (base) => deepStructureMapUpdate(20_000, undefined, 'x', base)), /structure" i ændringspakken er afvist: .*aftalens struktur.*Pakken er ikke indlæst/);
  });

  it("refuses a side's internal document, even with every checksum right, and writes nothing", async () => {
    const { agreementId, a, b, bFile } = await setup();
    const internal = { docId: internalDocId(agreementId, 'region', 'afsnit1'), update: paragraphDoc('Kun for regionen'), stateVector: new Uint8Array([0]) };
    await expectRefusedUnchanged(b, bFile, bundleWith(a, agreementId, [internal]), /er en parts interne noter; de må aldrig sendes i en ændringspakke\. Pakken er ikke indlæst/);
  });

  it("refuses a document for a section the agreement's structure does not list, placed last, and writes nothing", async () => {
    const { agreementId, a, b, bFile } = await setup();
    const madeUp = { docId: sectionDocId(agreementId, 'opdigtet'), update: paragraphDoc('Findes ikke'), stateVector: new Uint8Array([0]) };
    await expectRefusedUnchanged(
      b,
      bFile,
      bundleWith(a, agreementId, [madeUp]),
      new RegExp(`Dokumentet "${agreementId}/section/opdigtet" i ændringspakken hører ikke til aftalens struktur`),
    );
    // Also into a workspace that does not have the agreement yet.
    const dir = tempDir('enighed-bundle-structure-new-');
    const freshFile = path.join(dir, 'c.sqlite');
    const fresh = Store.open(freshFile);
    stores.push(fresh);
    await expectRefusedUnchanged(fresh, freshFile, bundleWith(a, agreementId, [madeUp]), /hører ikke til aftalens struktur/);
  });

  it('a section the bundle adds to the structure is accepted together with its document', async () => {
    const { agreementId, a, b } = await setup();
    const parsed = parseBundle(exportBundle(storeSource(a), { agreementId, createdBy: 'Anna' }));
    const structure = new Y.Doc();
    Y.applyUpdate(structure, parsed.docs[0].update);
    const sv = Y.encodeStateVector(structure);
    const sections = structure.getMap('sections');
    const first = sections.values().next().value as Record<string, unknown>;
    sections.set('nyt', { ...first, id: 'nyt', title: 'Nyt afsnit', order: 999 });
    const withSection = encodeBundle({
      ...parsed,
      docs: [
        { ...parsed.docs[0], update: Y.mergeUpdates([parsed.docs[0].update, Y.encodeStateAsUpdate(structure, sv)]) },
        ...parsed.docs.slice(1),
        { docId: sectionDocId(agreementId, 'nyt'), update: paragraphDoc('Nyt'), stateVector: new Uint8Array([0]) },
      ],
    });
    const summary = await importBundle({ store: b }, withSection);
    expect(summary.changed).toBe(2);
    expect(b.loadYDoc(sectionDocId(agreementId, 'nyt')).getXmlFragment(SECTION_FRAGMENT).toString()).toContain('Nyt');
  });

  it('the export never includes internal documents', async () => {
    const { agreementId, a } = await setup();
    a.appendUpdate(internalDocId(agreementId, 'kommune', 'x'), paragraphDoc('Internt'));
    const ids = parseBundle(exportBundle(storeSource(a), { agreementId, createdBy: 'Anna' })).docs.map((d) => d.docId);
    expect(ids.some((id) => id.includes('/internal/'))).toBe(false);
  });
});
