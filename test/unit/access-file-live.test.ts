// The access file while the server runs (electron/server/liveAccessFile.ts, watched by main.ts): a
// token taken out of the file has its open connection closed within a few seconds, a grant that no
// longer opens the document too, and an unreadable new version keeps the old one. The real server
// as a child process, a real file rewritten, a real provider.
import fs from 'node:fs';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken, newToken, type AccessFile, type Grant } from '../../electron/sync/access.ts';
import { CLOSE_REVOKED } from '../../electron/server/closeCodes.ts';
import { startServerProcess } from '../helpers/hostProcess.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dir = tempDir('enighed-access-live-');
const accessPath = path.join(dir, 'adgang.json');
const tokens = { kept: newToken(), removed: newToken(), narrowed: newToken() };
const grant = (token: string, name: string, agreementIds: string[] = ['a1']): Grant => ({
  tokenSha256: hashToken(token),
  name,
  organisation: 'Prøve',
  side: 'region',
  rights: 'secretariat',
  themeGroupIds: [],
  agreementIds,
});
const write = (file: AccessFile | string) => fs.writeFileSync(accessPath, typeof file === 'string' ? file : JSON.stringify(file));
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(): Promise<string> {
  const server = await startServerProcess(['--data', path.join(dir, 'server'), '--access', accessPath, '--port', '0']);
  cleanups.push(() => server.stop());
  return server.url;
}

/** A connection to `docId` with `token`; `closed` resolves with the close code. */
async function connect(url: string, docId: string, token: string) {
  let closeCode: number | null = null;
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
  socket.on('close', ({ event }: { event: { code?: number } }) => (closeCode ??= event?.code ?? null));
  const doc = new Y.Doc();
  const synced = new Promise<void>((resolve, reject) => {
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: docId, document: doc, token, onSynced: () => resolve(), onAuthenticationFailed: ({ reason }) => reject(new Error(reason)) });
    provider.attach();
    cleanups.push(() => {
      provider.destroy();
      socket.destroy();
    });
  });
  await synced;
  return { doc, closeCode: () => closeCode };
}

describe('the access file while the server runs', () => {
  it('closes the connection of a removed token and of a grant that no longer opens the document; keeps the old file when the new one does not read', async () => {
    write({ version: 1, grants: [grant(tokens.kept, 'Bliver'), grant(tokens.removed, 'Fjernes'), grant(tokens.narrowed, 'Indsnævres')] });
    const url = await start();
    const kept = await connect(url, 'a1/section/s1', tokens.kept);
    const removed = await connect(url, 'a1/section/s1', tokens.removed);
    const narrowed = await connect(url, 'a1/section/s1', tokens.narrowed);

    // A file that does not read changes nothing.
    write('{ "version": 1, "grants": [ ');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect([kept.closeCode(), removed.closeCode(), narrowed.closeCode()]).toEqual([null, null, null]);

    write({ version: 1, grants: [grant(tokens.kept, 'Bliver'), grant(tokens.narrowed, 'Indsnævres', ['a2'])] });
    await expect.poll(() => removed.closeCode(), { timeout: 10_000, interval: 100 }).toBe(CLOSE_REVOKED);
    await expect.poll(() => narrowed.closeCode(), { timeout: 10_000, interval: 100 }).toBe(CLOSE_REVOKED);
    expect(kept.closeCode()).toBeNull();
    // The removed token opens nothing any more.
    await expect(connect(url, 'a1/section/s2', tokens.removed)).rejects.toThrow(/ukendt adgangskode/);
  });
});
