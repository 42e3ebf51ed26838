// Sikkerhedskopi while the app keeps writing: SQLite's backup API through the workspace's own
// connection. Every keystroke acknowledged (pushUpdate resolved) before the backup was returned is
// in it, recent ones still in the WAL included; a copy of the .sqlite file alone would lose them.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import type { Outcome } from '../../shared/api/contract.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { Store } from '../../electron/store/store.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { keystrokesIn, paragraphUpdate, typist } from '../helpers/typing.ts';
import { runCli } from '../helpers/cli.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const dir = tempDir('enighed-backup-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const client: Client = { id: 'c1', send: () => {} };

const cli = (...args: string[]) => runCli('workspace', ...args);

async function call<T>(dispatch: ReturnType<typeof createDispatcher<Client>>, method: string, params: unknown): Promise<T> {
  const outcome = (await dispatch(method, params, client)) as Outcome<T>;
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

describe('Sikkerhedskopi', () => {
  it('holds every keystroke acknowledged before it was returned, also those pushed while it ran, and opens as a workspace', async () => {
    const file = path.join(dir, 'live.sqlite');
    const service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
    const dispatch = createDispatcher(service.handlers, () => {});
    const [{ id: agreementId }] = service.listAgreements();
    const structure = new Y.Doc();
    Y.applyUpdate(structure, (await call<{ update: Uint8Array }>(dispatch, 'openDoc', { docId: structureDocId(agreementId), stateVector: new Uint8Array([0]) })).update);
    const sections = readAgreement(structure)!.sections;
    const docId = sectionDocId(agreementId, sections[0].id);
    await call(dispatch, 'openDoc', { docId, stateVector: new Uint8Array([0]) });
    const keys = typist(new Y.Doc());
    let pushed = 0;
    const keystroke = async () => {
      const n = pushed++;
      await call(dispatch, 'pushUpdate', { docId, update: keys.type(n) });
      return n;
    };
    // Weight, so that the backup takes many steps (1,024 pages each) and keystrokes land between them.
    for (const [i, section] of sections.slice(1, 9).entries()) {
      await call(dispatch, 'pushUpdate', { docId: sectionDocId(agreementId, section.id), update: paragraphUpdate(`${i}`.repeat(600_000)) });
    }
    // 900 keystrokes before the backup: they are in the WAL, not yet in the .sqlite file.
    for (let i = 0; i < 900; i++) await keystroke();
    const plainCopy = path.join(dir, 'plain-copy.sqlite');
    fs.copyFileSync(file, plainCopy);

    const acked: number[] = [];
    let done = false;
    const backup = call<{ bytes: Uint8Array; fileName: string }>(dispatch, 'backupWorkspace', {}).finally(() => (done = true));
    let whileRunning = 0;
    while (!done) {
      // Keystrokes arrive as separate events (IPC messages), between the backup's steps.
      await new Promise((resolve) => setImmediate(resolve));
      acked.push(await keystroke());
      whileRunning++;
    }
    const { bytes, fileName } = await backup;
    const ackedBeforeReturn = acked.slice(0, -1); // the last one may have been acknowledged after it
    service.close();

    expect(fileName).toMatch(/^sikkerhedskopi-enighed-\d{8}-\d{4}\.sqlite$/);
    expect(whileRunning).toBeGreaterThanOrEqual(2);
    const backupFile = path.join(dir, fileName);
    fs.writeFileSync(backupFile, bytes);
    const restored = WorkspaceService.open({ workspacePath: backupFile, templatesDir });
    expect(restored.status.state).toBe('ready');
    expect(restored.listAgreements().map((a) => a.id)).toEqual([agreementId]);
    restored.close();
    const store = Store.open(backupFile);
    const inBackup = keystrokesIn(store.loadYDoc(docId));
    store.close();
    for (let n = 0; n < 900; n++) expect(inBackup.has(n), `keystroke ${n} (before the backup)`).toBe(true);
    for (const n of ackedBeforeReturn) expect(inBackup.has(n), `keystroke ${n} (while the backup ran)`).toBe(true);
    expect(cli('check', backupFile).stdout).toContain('Integritet: i orden');

    // What the backup guards against: the .sqlite file copied alone lacks what sat in the WAL.
    const plain = Store.open(plainCopy);
    expect(keystrokesIn(plain.loadYDoc(docId)).size).toBeLessThan(900);
    plain.close();
  });

  it('straight to a file for the shell (backupTo), never over an existing one', async () => {
    const file = path.join(dir, 'direct.sqlite');
    const service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
    const dest = path.join(dir, 'direct-kopi.sqlite');
    await service.backupTo(dest);
    await expect(service.backupTo(dest)).rejects.toThrow(/findes allerede/);
    await expect(service.backupTo(path.join(dir, 'ingen-mappe', 'kopi.sqlite'))).rejects.toThrow(/Mappen ".*ingen-mappe" findes ikke/);
    service.close();
    expect(cli('check', dest)).toMatchObject({ status: 0, stdout: expect.stringContaining('Aftaler: 1') });
  });

  it('from the command line: `workspace backup FILE --out OUT` writes a workspace and never replaces a file', () => {
    const file = path.join(dir, 'cli.sqlite');
    WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true }).close();
    const out = path.join(dir, 'cli-kopi.sqlite');
    const result = cli('backup', file, '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Sikkerhedskopi gemt: .*cli-kopi\.sqlite \(\d+ byte\)\./);
    expect(cli('check', out)).toMatchObject({ status: 0, stdout: expect.stringContaining('Aftaler: 1') });
    expect(fs.readdirSync(dir).filter((f) => f.includes('.part'))).toEqual([]);

    const before = fs.readFileSync(out);
    const again = cli('backup', file, '--out', out);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/findes allerede/);
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    expect(cli('backup', file).status).toBe(2);
  });
});
