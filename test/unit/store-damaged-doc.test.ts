// A damaged Yjs blob inside a valid SQLite file: SQLite's integrity check cannot see it, so
// `workspace check` decodes every document and lists the damaged one, and the app still opens and
// serves every other document; the damaged one answers a Danish error.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import type { Outcome } from '../../shared/api/contract.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { Store } from '../../electron/store/store.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { runCli } from '../helpers/cli.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const dir = tempDir('enighed-damaged-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const client: Client = { id: 'c1', send: () => {} };

const cli = (...args: string[]) => runCli('workspace', ...args);

/** A demo workspace (closed, so every document is one snapshot) and its agreement's section ids. */
function demoWorkspace(name: string): { file: string; agreementId: string; sectionIds: string[] } {
  const file = path.join(dir, name);
  const service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
  const [agreement] = service.listAgreements();
  const structure = new Y.Doc();
  service.close();
  const db = new Database(file);
  const row = db.prepare('SELECT data FROM doc_snapshots WHERE doc_id = ?').get(structureDocId(agreement.id)) as { data: Uint8Array };
  db.close();
  Y.applyUpdate(structure, row.data);
  return { file, agreementId: agreement.id, sectionIds: readAgreement(structure)!.sections.map((s) => s.id) };
}

/** Damages one document's stored bytes: its snapshot loses its second half. */
function damage(file: string, docId: string): Buffer {
  const db = new Database(file);
  const { changes } = db.prepare('UPDATE doc_snapshots SET data = substr(data, 1, length(data) / 2) WHERE doc_id = ?').run(docId);
  const { data } = db.prepare('SELECT data FROM doc_snapshots WHERE doc_id = ?').get(docId) as { data: Buffer };
  db.close();
  expect(changes).toBe(1);
  return data;
}

const storedBlob = (file: string, docId: string) => {
  const db = new Database(file, { readonly: true });
  const row = db.prepare('SELECT data FROM doc_snapshots WHERE doc_id = ?').get(docId) as { data: Buffer };
  db.close();
  return row.data;
};

async function openDoc(service: WorkspaceService, docId: string): Promise<Outcome<{ update: Uint8Array }>> {
  const dispatch = createDispatcher(service.handlers, () => {});
  return (await dispatch('openDoc', { docId, stateVector: Y.encodeStateVector(new Y.Doc()) }, client)) as Outcome<{ update: Uint8Array }>;
}

describe('a damaged document in a valid workspace file', () => {
  it('is listed by `workspace check`, which exits 1', () => {
    const { file, agreementId, sectionIds } = demoWorkspace('check.sqlite');
    expect(cli('check', file).status).toBe(0);
    const damagedId = sectionDocId(agreementId, sectionIds[3]);
    damage(file, damagedId);
    const result = cli('check', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Beskadiget dokument: ${damagedId}`);
    expect(result.stdout).toMatch(/Dokumenter: \d+, heraf 1 beskadigede/);
    expect(result.stdout).not.toContain('Integritet: i orden');
  });

  it('`workspace check` also lists a document that decodes but breaks the document rules', () => {
    const { file, agreementId, sectionIds } = demoWorkspace('rules.sqlite');
    const docId = sectionDocId(agreementId, sectionIds[2]);
    // Written past every check, as an older version or an unchecking peer could have.
    const store = Store.open(file);
    const poison = new Y.Doc();
    poison.getXmlFragment(SECTION_FRAGMENT).insert(0, [new Y.XmlElement('script')]);
    store.appendUpdate(docId, Y.encodeStateAsUpdate(poison));
    store.close();
    const result = cli('check', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Dokument uden for reglerne: ${docId} (`);
    expect(result.stdout).toMatch(/Dokumenter: \d+, heraf 1 beskadigede/);
  });

  it('leaves the rest of the workspace working; opening the damaged one answers a Danish error', async () => {
    const { file, agreementId, sectionIds } = demoWorkspace('service.sqlite');
    const damagedId = sectionDocId(agreementId, sectionIds[0]);
    const damagedBytes = damage(file, damagedId);

    const service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
    expect(service.status.state).toBe('ready');
    expect(service.listAgreements().map((a) => a.id)).toEqual([agreementId]);
    const other = await openDoc(service, sectionDocId(agreementId, sectionIds[1]));
    expect(other.ok).toBe(true);
    const damaged = await openDoc(service, damagedId);
    expect(damaged).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Dokumentet ".*" er beskadiget .*kan ikke læses/) } });
    expect((damaged as { error: { message: string } }).error.message).not.toMatch(/Unexpected|Handlingen mislykkedes/);
    service.close();
    // Closing compacts every document but never rewrites the damaged one.
    expect(storedBlob(file, damagedId).equals(damagedBytes)).toBe(true);
  });

  it('a damaged structure: the workspace still opens (also with sync configured) and lists the other agreements', async () => {
    const { file, agreementId } = demoWorkspace('structure.sqlite');
    // A second agreement that stays readable.
    let service = WorkspaceService.open({ workspacePath: file, templatesDir });
    const second = service.createAgreement('gen2-midtjylland', 'Anden aftale', false);
    // Sync configured to a server that is not there: opening then attaches every document.
    await createDispatcher(service.handlers, () => {})('setSyncSettings', { settings: { url: 'ws://127.0.0.1:9', token: 'hemmelig-kode' } }, client);
    service.close();
    damage(file, structureDocId(agreementId));

    service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
    try {
      expect(service.status.state).toBe('ready');
      expect(service.listAgreements().map((a) => a.id)).toEqual([second]);
      expect((await openDoc(service, structureDocId(second))).ok).toBe(true);
      expect(await openDoc(service, structureDocId(agreementId))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/beskadiget/) } });
    } finally {
      service.close();
    }
  });
});
