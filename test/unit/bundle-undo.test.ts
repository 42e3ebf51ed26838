// *Fortryd import*: a bundle that empties every section (it was accepted, and the text was gone
// for good) is taken back — on this machine, and, because the undo is an ordinary new change, on
// every machine it travels to. Edits made after the import stay. Real SQLite files, real Yjs, the
// real worker thread, and the app's own service behind the contract.
import fs from 'node:fs';
import path from 'node:path';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api/contract.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { BundleImports } from '../../electron/store/bundleImports.ts';
import { Store } from '../../electron/store/store.ts';
import { exportBundle, storeSource, stateVectorsOf } from '../../electron/sync/bundle/export.ts';
import { importBundle } from '../../electron/sync/bundle/import.ts';
import { undoImport } from '../../electron/sync/bundle/undo.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { sectionTexts, templatesDir, workspaceWithAgreement } from '../helpers/bundles.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { call as callService } from '../helpers/serviceCalls.ts';

const stores: Store[] = [];
const services: WorkspaceService[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const s of services.splice(0)) s.close();
});

function openStore(file: string): Store {
  const store = Store.open(file);
  stores.push(store);
  return store;
}

/** Edits a stored document as a fresh session would, appending its updates. */
function edit(store: Store, docId: string, change: (doc: Y.Doc) => void): void {
  const doc = store.loadYDoc(docId);
  doc.on('update', (update: Uint8Array) => store.appendUpdate(docId, update));
  change(doc);
  doc.destroy();
}

const sectionsOf = (store: Store, agreementId: string) => storeSource(store).listDocs(agreementId).filter((id) => id.includes('/section/'));
const texts = (store: Store, agreementId: string) => sectionTexts((id) => store.loadYDoc(id), sectionsOf(store, agreementId));

/** Three machines with the same demo agreement: A (who will wipe it), B and C. */
async function threeMachines() {
  const dir = tempDir('enighed-bundle-undo-');
  const agreementId = workspaceWithAgreement(path.join(dir, 'a.sqlite'));
  const a = openStore(path.join(dir, 'a.sqlite'));
  const b = openStore(path.join(dir, 'b.sqlite'));
  const c = openStore(path.join(dir, 'c.sqlite'));
  const full = exportBundle(storeSource(a), { agreementId, createdBy: 'Anna' });
  await importBundle({ store: b }, full);
  await importBundle({ store: c }, full);
  return { dir, agreementId, a, b, c };
}

/** A empties every section and sends what B lacks. */
function wipingBundle(a: Store, b: Store, agreementId: string): Uint8Array {
  const since = stateVectorsOf(storeSource(b), agreementId);
  for (const docId of sectionsOf(a, agreementId)) {
    edit(a, docId, (doc) => {
      const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
      fragment.delete(0, fragment.length);
    });
  }
  return exportBundle(storeSource(a), { agreementId, since, createdBy: 'Anna' });
}

describe('Fortryd import', () => {
  it('brings back every section a bundle emptied, keeps later edits, and the undo travels onward', async () => {
    const { agreementId, a, b, c } = await threeMachines();
    const original = texts(b, agreementId);
    expect(original.size).toBe(22);
    expect([...original.values()].filter((t) => t.length > 0).length).toBeGreaterThan(5);

    const wipe = wipingBundle(a, b, agreementId);
    const imported = await importBundle({ store: b }, wipe);
    expect(imported.importId).not.toBeNull();
    expect([...texts(b, agreementId).values()].every((t) => t === '')).toBe(true);
    await importBundle({ store: c }, wipe);

    // B writes something after the import: the undo must not take it away.
    const first = sectionsOf(b, agreementId)[0];
    edit(b, first, (doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Skrevet efter importen')]);
      doc.getXmlFragment(SECTION_FRAGMENT).insert(0, [p]);
    });

    const undone = await undoImport({ store: b }, imported.importId!);
    expect(undone.restored).toBe([...original.values()].filter((t) => t.length > 0).length);
    const restored = texts(b, agreementId);
    for (const [docId, text] of original) {
      if (docId === first) expect(restored.get(docId)).toBe(`<paragraph>Skrevet efter importen</paragraph>${text}`);
      else expect(restored.get(docId), docId).toBe(text);
    }
    await expect(undoImport({ store: b }, imported.importId!)).rejects.toThrow(/Importen er allerede fortrudt/);

    // The undo is a change like any other: C, who also imported the wipe, gets the text back from B.
    await importBundle({ store: c }, exportBundle(storeSource(b), { agreementId, since: stateVectorsOf(storeSource(c), agreementId), createdBy: 'Bent' }));
    expect(texts(c, agreementId)).toEqual(restored);
    // And so does A, whose own wipe is thereby undone too.
    await importBundle({ store: a }, exportBundle(storeSource(b), { agreementId, createdBy: 'Bent' }));
    expect(texts(a, agreementId)).toEqual(restored);
  });

  it('through the contract: the import names its undo point, open editors see the undo, progress is reported', async () => {
    const { dir, agreementId, a, b } = await threeMachines();
    const original = texts(b, agreementId);
    const wipe = wipingBundle(a, b, agreementId);
    b.close();
    const service = WorkspaceService.open({ workspacePath: path.join(dir, 'b.sqlite'), templatesDir });
    services.push(service);
    const events: { name: string; payload: unknown }[] = [];
    const client: Client = {
      id: 'vindue',
      send<E extends EventName>(name: E, payload: EventPayload<E>) {
        events.push({ name, payload });
      },
    };
    const call = <T,>(method: string, params: unknown) => callService<T>(service, client, method, params);
    const section = [...original.keys()].find((id) => original.get(id)!.length > 0)!;
    // An editor has the section open, as the renderer would.
    const editor = new Y.Doc();
    const opened = await call<{ update: Uint8Array }>('openDoc', { docId: section, stateVector: Y.encodeStateVector(editor) });
    Y.applyUpdate(editor, opened.update);
    const fromService = () => {
      for (const e of events.splice(0)) if (e.name === 'docUpdate') Y.applyUpdate(editor, (e.payload as { update: Uint8Array }).update);
    };

    const summary = await call<{ importId: number; changed: number }>('importBundle', { bytes: wipe });
    const phases = events.filter((e) => e.name === 'bundleImportProgress').map((e) => (e.payload as { phase: string }).phase);
    expect(phases).toEqual(expect.arrayContaining(['reading', 'checking', 'writing', 'done']));
    expect(phases.at(-1)).toBe('done');
    fromService();
    expect(editor.getXmlFragment(SECTION_FRAGMENT).toString()).toBe('');

    const undone = await call<{ restored: number }>('undoBundleImport', { importId: summary.importId });
    expect(undone.restored).toBeGreaterThan(0);
    fromService();
    expect(editor.getXmlFragment(SECTION_FRAGMENT).toString()).toBe(original.get(section));
    await expect(call('undoBundleImport', { importId: summary.importId })).rejects.toThrow(/allerede fortrudt/);
    await expect(call('undoBundleImport', { importId: 999 })).rejects.toThrow(/findes ikke/);
  });
});

describe('Fortryd import with a sync server', () => {
  it('a second machine synced with the importer gets the wipe, then the text back', { timeout: 120_000 }, async () => {
    const dir = tempDir('enighed-bundle-undo-sync-');
    const fileA = path.join(dir, 'a.sqlite');
    const fileB = path.join(dir, 'b.sqlite');
    const fileS = path.join(dir, 'afsender.sqlite');
    const agreementId = workspaceWithAgreement(fileA);
    fs.copyFileSync(fileA, fileB);
    fs.copyFileSync(fileA, fileS);
    const sender = openStore(fileS);
    const original = texts(sender, agreementId);
    const section = [...original.keys()].find((id) => original.get(id)!.length > 0)!;
    for (const docId of sectionsOf(sender, agreementId)) {
      edit(sender, docId, (doc) => {
        const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
        fragment.delete(0, fragment.length);
      });
    }
    const wipe = exportBundle(storeSource(sender), { agreementId, createdBy: 'Anna' });

    const server = new Server({ port: 0, address: '127.0.0.1', quiet: true });
    await server.listen();
    const a = WorkspaceService.open({ workspacePath: fileA, templatesDir });
    const b = WorkspaceService.open({ workspacePath: fileB, templatesDir });
    services.push(a, b);
    try {
      const client: Client = { id: 'vindue', send: () => {} };
      const call = <T,>(s: WorkspaceService, method: string, params: unknown) => callService<T>(s, client, method, params);
      const settings = { url: `ws://127.0.0.1:${server.address.port}`, token: 'hemmelig-adgang' };
      await call(a, 'setSyncSettings', { settings });
      await call(b, 'setSyncSettings', { settings });
      await Promise.all([a.whenSynced(30_000), b.whenSynced(30_000)]);
      const textOnA = async () => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(a, 'openDoc', { docId: section, stateVector: Y.encodeStateVector(doc) })).update);
        return doc.getXmlFragment(SECTION_FRAGMENT).toString();
      };
      const until = async (condition: () => Promise<boolean>) => {
        for (const end = Date.now() + 60_000; !(await condition()); ) {
          if (Date.now() > end) throw new Error('timed out');
          await new Promise((r) => setTimeout(r, 50));
        }
      };

      const { importId } = await call<{ importId: number }>(b, 'importBundle', { bytes: wipe });
      await until(async () => (await textOnA()) === '');
      await call(b, 'undoBundleImport', { importId });
      await until(async () => (await textOnA()) === original.get(section));
    } finally {
      a.close();
      b.close();
      await server.destroy();
    }
  });
});

describe('an interrupted import', () => {
  it('is forgotten when only its undo points were stored, and finished when its updates were being written', async () => {
    const { dir, agreementId, a, b } = await threeMachines();
    const original = texts(b, agreementId);
    const docs = sectionsOf(a, agreementId).slice(0, 3);
    const imports = new BundleImports(b);
    const update = (docId: string) => {
      const doc = a.loadYDoc(docId);
      const sv = Y.encodeStateVector(doc);
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`Tilføjet i ${docId}`)]);
      doc.getXmlFragment(SECTION_FRAGMENT).insert(0, [p]);
      return Y.encodeStateAsUpdate(doc, sv);
    };
    const record = { agreementId, agreementCreatedAt: 't', newAgreement: false, createdBy: 'Anna', bundleCreatedAt: 't' };
    // Interrupted while storing undo points: nothing was visible, so nothing is applied.
    const writing = imports.begin(record);
    imports.stage(writing, docs.map((docId) => ({ docId, before: new Uint8Array([0, 0]), imported: update(docId) })));
    // Interrupted after one of three documents was appended: finished on the next open.
    const staged = imports.begin(record);
    const stagedDocs = docs.map((docId) => ({ docId, before: new Uint8Array([0, 0]), imported: update(docId) }));
    imports.stage(staged, stagedDocs);
    imports.setState(staged, 'staged');
    imports.append(staged, [{ docId: stagedDocs[0].docId, update: stagedDocs[0].imported }]);
    b.close();

    const service = WorkspaceService.open({ workspacePath: path.join(dir, 'b.sqlite'), templatesDir });
    service.close();
    const reopened = openStore(path.join(dir, 'b.sqlite'));
    const after = texts(reopened, agreementId);
    for (const docId of docs) expect(after.get(docId)).toBe(`<paragraph>Tilføjet i ${docId}</paragraph>${original.get(docId)}`);
    const again = new BundleImports(reopened);
    expect(again.get(writing)).toBeNull();
    expect(again.get(staged)?.state).toBe('done');
  });
});
