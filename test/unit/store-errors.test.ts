// SQLite's own errors reach the user in Danish (electron/store/sqliteErrors.ts), made for real:
// a full database (PRAGMA max_page_count, which makes SQLite fail exactly as on a full disk), a
// read-only connection, a locked file, a file that is not a database, a folder that does not exist.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { Server } from '@hocuspocus/server';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import type { EventName, EventPayload, Outcome } from '../../shared/api/contract.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { describeSqliteError } from '../../electron/store/sqliteErrors.ts';
import { Store } from '../../electron/store/store.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { until } from '../helpers/until.ts';
import { keystrokesIn, typist } from '../helpers/typing.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const dir = tempDir('enighed-errors-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const client: Client = { id: 'c1', send: () => {} };

const waitFor = (condition: () => boolean, ms = 30_000) => until(condition, ms);

/** Runs `fn` and returns what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('SQLite errors in Danish', () => {
  it('a full disk: pushUpdate answers in Danish, nothing is half-saved, and the retry works once there is room', async () => {
    const file = path.join(dir, 'full.sqlite');
    const service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
    const dispatch = createDispatcher(service.handlers, () => {});
    const [{ id: agreementId }] = service.listAgreements();
    const structure = new Y.Doc();
    const read = (await dispatch('openDoc', { docId: structureDocId(agreementId), stateVector: Y.encodeStateVector(structure) }, client)) as Outcome<{
      update: Uint8Array;
    }>;
    if (!read.ok) throw new Error(read.error.message);
    Y.applyUpdate(structure, read.value.update);
    const docId = sectionDocId(agreementId, readAgreement(structure)!.sections[0].id);
    const replica = new Y.Doc();
    const opened = (await dispatch('openDoc', { docId, stateVector: Y.encodeStateVector(replica) }, client)) as Outcome<{ update: Uint8Array }>;
    if (!opened.ok) throw new Error(opened.error.message);
    Y.applyUpdate(replica, opened.value.update);

    // No room for another page: the store's connection is the only one (the file is locked to it).
    const db = (service as unknown as { store: Store }).store.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const before = Y.encodeStateVector(replica);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('x'.repeat(20_000))]);
    replica.getXmlFragment(SECTION_FRAGMENT).insert(0, [paragraph]);
    const update = Y.encodeStateAsUpdate(replica, before);
    const refused = await dispatch('pushUpdate', { docId, update }, client);
    expect(refused).toEqual({ ok: false, error: { code: 'failed', message: expect.stringMatching(/^Disken er fuld/) } });
    expect(JSON.stringify(refused)).not.toMatch(/database or disk is full|SQLITE/);

    db.pragma(`max_page_count = ${pages * 100}`);
    expect(await dispatch('pushUpdate', { docId, update }, client)).toMatchObject({ ok: true });
    service.close();
    const reopened = Store.open(file);
    expect(reopened.loadYDoc(docId).getXmlFragment(SECTION_FRAGMENT).toString()).toContain('x'.repeat(20_000));
    reopened.close();
  });

  it('a full disk when the app quits: it closes all the same, and every update is there on the next start', async () => {
    const file = path.join(dir, 'full-at-close.sqlite');
    const service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
    const dispatch = createDispatcher(service.handlers, () => {});
    const [{ id: agreementId }] = service.listAgreements();
    const docId = sectionDocId(agreementId, 'traening-politisk');
    await dispatch('openDoc', { docId, stateVector: new Uint8Array([0]) }, client);
    const keys = typist(new Y.Doc());
    for (let n = 0; n < 50; n++) expect((await dispatch('pushUpdate', { docId, update: keys.type(n) }, client)).ok).toBe(true);
    const db = (service as unknown as { store: Store }).store.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    expect(() => service.close()).not.toThrow();
    expect(db.open).toBe(false);
    const reopened = Store.open(file);
    expect(keystrokesIn(reopened.loadYDoc(docId)).size).toBe(50);
    reopened.close();
  });

  it('a full disk while a change arrives from the sync server: every window is told in Danish, and the change is saved once there is room', async () => {
    const server = new Server({ port: 0, address: '127.0.0.1', quiet: true });
    await server.listen();
    const settings = { url: `ws://127.0.0.1:${server.address.port}`, token: 'hemmelig-adgang' };
    const fileA = path.join(dir, 'sync-a.sqlite');
    const fileB = path.join(dir, 'sync-b.sqlite');
    WorkspaceService.open({ workspacePath: fileA, templatesDir, seedDemo: true }).close();
    fs.copyFileSync(fileA, fileB);
    const a = WorkspaceService.open({ workspacePath: fileA, templatesDir });
    let b = WorkspaceService.open({ workspacePath: fileB, templatesDir });
    try {
      const events: { name: string; payload: unknown }[] = [];
      const window: Client = { id: 'b', send: <E extends EventName>(name: E, payload: EventPayload<E>) => void events.push({ name, payload }) };
      b.connect(window);
      const dispatchA = createDispatcher(a.handlers, () => {});
      const dispatchB = createDispatcher(b.handlers, () => {});
      const [{ id: agreementId }] = a.listAgreements();
      const docId = sectionDocId(agreementId, 'traening-politisk');
      for (const [dispatch, service] of [[dispatchA, a], [dispatchB, b]] as const) {
        await dispatch('setSyncSettings', { settings }, client);
        await service.whenSynced(30_000);
      }
      // B's disk is full; A writes a paragraph.
      const dbB = (b as unknown as { store: Store }).store.db;
      const pages = dbB.pragma('page_count', { simple: true }) as number;
      dbB.pragma(`max_page_count = ${pages}`);
      const paragraph = new Y.Doc();
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Fra serveren: ' + 'træning '.repeat(3000))]);
      paragraph.getXmlFragment(SECTION_FRAGMENT).insert(0, [p]);
      const pushed = await dispatchA('pushUpdate', { docId, update: Y.encodeStateAsUpdate(paragraph) }, client);
      expect(pushed.ok).toBe(true);
      await a.whenSynced(30_000);
      await waitFor(() => events.some((e) => e.name === 'storeError'));
      const { message } = events.find((e) => e.name === 'storeError')!.payload as { message: string };
      expect(message).toMatch(/^En ændring fra serveren kunne ikke gemmes på denne computer\. Disken er fuld/);

      // Room again, and a restart: the server sends the change again, and now it is saved.
      dbB.pragma(`max_page_count = ${pages * 100}`);
      b.close();
      b = WorkspaceService.open({ workspacePath: fileB, templatesDir });
      await b.whenSynced(30_000);
      await waitFor(() => (b as unknown as { store: Store }).store.loadYDoc(docId).getXmlFragment(SECTION_FRAGMENT).toString().includes('Fra serveren'));
    } finally {
      a.close();
      b.close();
      await server.destroy();
    }
  });

  it('describes real read-only, locked, not-a-database and cannot-open errors', () => {
    const file = path.join(dir, 'plain.sqlite');
    const writer = new Database(file);
    writer.exec('CREATE TABLE t (x)');
    writer.close();

    const readonly = new Database(file, { readonly: true });
    const readonlyError = thrown(() => readonly.exec('INSERT INTO t VALUES (1)'));
    readonly.close();
    expect((readonlyError as { code: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(describeSqliteError(readonlyError)).toMatch(/^Arbejdsområdet er skrivebeskyttet/);

    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('INSERT INTO t VALUES (1)');
    const other = new Database(file, { timeout: 0 });
    const busyError = thrown(() => other.prepare('SELECT * FROM t').all());
    other.close();
    holder.close();
    expect((busyError as { code: string }).code).toMatch(/^SQLITE_BUSY/);
    expect(describeSqliteError(busyError)).toMatch(/i brug af et andet program/);

    const garbage = path.join(dir, 'garbage.sqlite');
    fs.writeFileSync(garbage, Buffer.alloc(8192, 0x41));
    const notADb = new Database(garbage);
    const notADbError = thrown(() => notADb.prepare('SELECT * FROM sqlite_schema').all());
    notADb.close();
    expect((notADbError as { code: string }).code).toBe('SQLITE_NOTADB');
    expect(describeSqliteError(notADbError)).toMatch(/ikke et Enighed-arbejdsområde eller er beskadiget/);

    // A folder where the file should be.
    const folder = path.join(dir, 'en-mappe');
    fs.mkdirSync(folder);
    const cantOpenError = thrown(() => new Database(folder));
    expect((cantOpenError as { code: string }).code).toMatch(/^SQLITE_CANTOPEN/);
    expect(describeSqliteError(cantOpenError)).toMatch(/kunne ikke åbnes/);
    // What opening a workspace there says (the user sees this in the app's error page).
    expect(() => Store.open(path.join(dir, 'mappe-findes-ikke', 'w.sqlite'))).toThrow(/^Mappen ".*mappe-findes-ikke" findes ikke/);

    expect(describeSqliteError(new Error('not from SQLite'))).toBeNull();
  });
});
