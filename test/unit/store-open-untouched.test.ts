// A workspace we refuse is left exactly as it was, its WAL included. The file below has a hot WAL
// (its writer was killed with SIGKILL), and what makes us refuse it sits in that WAL only: closing a
// writing connection on it would checkpoint the WAL into the file and delete it, although the
// message says "Filen er ikke ændret".
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../electron/store/store.ts';
import { LATEST_VERSION } from '../../electron/store/migrations/index.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dir = tempDir('enighed-untouched-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A workspace whose writer ran `PRAGMA <pragma>` and was then killed, leaving a hot WAL. */
async function hotWalWorkspace(name: string, pragma: string): Promise<string> {
  const file = path.join(dir, name);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/helpers/hotWalChild.ts'), file, pragma], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`hotWalChild exited (${code}) before it was ready`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
  return file;
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const filesOf = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(path.basename(file))).sort();

function expectUntouched(file: string, open: () => void, message: RegExp): void {
  const before = { db: sha256(file), wal: sha256(`${file}-wal`), files: filesOf(file) };
  expect(open).toThrow(message);
  expect(fs.existsSync(`${file}-wal`)).toBe(true);
  expect({ db: sha256(file), wal: sha256(`${file}-wal`), files: filesOf(file) }).toEqual(before);
}

describe('a refused workspace file with a hot WAL', () => {
  it('from a newer version: the file and its WAL are byte for byte unchanged', async () => {
    const file = await hotWalWorkspace('newer.sqlite', `user_version = ${LATEST_VERSION + 10}`);
    expectUntouched(file, () => Store.open(file), /nyere version af Enighed \(skemaversion \d+\).*Filen er ikke ændret/);
    // The app's service starts in its error state, and leaves the file alone too.
    const before = sha256(`${file}-wal`);
    const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources/templates') });
    expect(service.status).toMatchObject({ state: 'error', message: expect.stringMatching(/nyere version/) });
    service.close();
    expect(sha256(`${file}-wal`)).toBe(before);
  });

  it('of another program: the file and its WAL are byte for byte unchanged', async () => {
    const file = await hotWalWorkspace('foreign.sqlite', 'application_id = 4660');
    expectUntouched(file, () => Store.open(file), /ikke et Enighed-arbejdsområde\. Filen er ikke ændret/);
  });

  it('an ordinary hot WAL is recovered when the file is ours and current', async () => {
    const file = await hotWalWorkspace('ours.sqlite', `user_version = ${LATEST_VERSION}`);
    const store = Store.open(file);
    expect(store.logStats('a1/section/s1').count).toBe(50);
    expect(store.loadYDoc('a1/section/s1').getArray('numbers').length).toBe(50);
    store.close();
  });
});
