// `npm run server -- backup --out FILE` (issue 13): taken from the running server (its control
// socket; SQLite's online backup API through the server's own connection) while clients write, the
// backup holds every update acknowledged before it was asked for; restored as a server's workspace,
// it opens and serves them. With the server stopped the command backs the file up directly.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { SERVER_WORKSPACE_FILE } from '../../electron/server/options.ts';
import { connectProvider, waitFor } from '../../electron/server/replayTrace.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { loggedClauseIds, recordTestPosition } from '../helpers/docContent.ts';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { tempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const dir = tempDir('enighed-server-backup-');
const servers: ServerProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

const backupCommand = (data: string, out: string) =>
  run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/server/main.ts'), 'backup', '--data', data, '--out', out], { cwd: repoRoot });

describe('server backup', () => {
  it('holds every acknowledged update when taken while clients write, and the restored copy serves them', async () => {
    const data = path.join(dir, 'data');
    const server = await startServerProcess({ args: ['--data', data, '--port', '0', '--quiet'] });
    servers.push(server);
    const docId = 'a1/section/s1';
    const clients = Array.from({ length: 3 }, (_, c) => {
      const doc = new Y.Doc();
      const client = { c, doc, provider: null as unknown as HocuspocusProvider, acked: [] as string[], pushed: [] as string[] };
      client.provider = connectProvider(server.url, docId, doc);
      client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        if (number === 0) client.acked = [...client.pushed];
      });
      return client;
    });
    await waitFor(() => clients.every((cl) => cl.provider.isSynced), 15_000, () => 'clients did not sync');
    let writing = true;
    const writers = clients.map(async (cl) => {
      for (let n = 0; writing; n++) {
        const item = `${cl.c}:${n}`;
        cl.pushed.push(item);
        recordTestPosition(cl.doc, item);
        await sleep(n % 10 === 9 ? 100 : 2);
      }
    });
    await sleep(300);
    await waitFor(() => clients.every((cl) => cl.acked.length > 0), 15_000, () => clients.map((cl) => `${cl.provider.unsyncedChanges} unsynced of ${cl.pushed.length}`).join('; '));
    const ackedBefore = clients.flatMap((cl) => cl.acked);
    expect(ackedBefore.length, clients.map((cl) => `${cl.provider.unsyncedChanges} unsynced of ${cl.pushed.length}`).join("; ")).toBeGreaterThan(0);
    const out = path.join(dir, 'kopi.sqlite');
    const started = Date.now();
    const { stdout } = await backupCommand(data, out);
    const took = Date.now() - started;
    expect(stdout).toMatch(/Sikkerhedskopi gemt i/);
    await sleep(200);
    writing = false;
    await Promise.all(writers);
    // The clients went on writing during and after the backup.
    expect(clients.flatMap((cl) => cl.pushed).length).toBeGreaterThan(ackedBefore.length);
    for (const cl of clients) cl.provider.destroy();
    expect(await server.stop('SIGTERM')).toBe(0);

    // Restored: the copy as another server's workspace, served to a fresh client.
    const restored = path.join(dir, 'restored');
    fs.mkdirSync(restored);
    fs.copyFileSync(out, path.join(restored, SERVER_WORKSPACE_FILE));
    const second = await startServerProcess({ args: ['--data', restored, '--port', '0', '--quiet'] });
    servers.push(second);
    const reader = new Y.Doc();
    const provider = connectProvider(second.url, docId, reader);
    await waitFor(() => provider.isSynced, 15_000, () => 'restored server did not sync');
    const have = new Set(loggedClauseIds(reader));
    const missing = ackedBefore.filter((item) => !have.has(item));
    expect(missing, 'acknowledged before the backup, missing in it').toEqual([]);
    provider.destroy();
    expect(await second.stop('SIGTERM')).toBe(0);

    // With no server running the command copies the file itself; an existing file is not replaced.
    const offline = path.join(dir, 'offline.sqlite');
    await backupCommand(data, offline);
    expect(fs.statSync(offline).size).toBeGreaterThan(0);
    await expect(backupCommand(data, offline)).rejects.toMatchObject({ stderr: expect.stringMatching(/findes allerede/) });
    console.log(`backup of a running server while 3 clients write: ${took} ms (command included), ${ackedBefore.length} acknowledged items all in it`);
  }, 120_000);
});
