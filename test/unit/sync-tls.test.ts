// Transport: the sync server serves wss:// itself (`npm run server -- --tls-cert … --tls-key …`), and
// the app says in Danish why it cannot connect when it does not trust the server's certificate
// (it used to sit at "Offline" with no reason).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { startSyncServer } from '../../electron/server/server.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { caSignedCertificate, selfSignedCertificate } from '../helpers/certificates.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { hashToken, type AccessFile } from '../../electron/sync/access.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Runs the server's command line; resolves with its URL once it listens, or its exit and output. */
function serverCli(args: string[]): Promise<{ url: string | null; code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/server/main.ts'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  let output = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ url: null, code: null, output }), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ENIGHED_SYNC_URL=(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], code: null, output });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ url: null, code, output });
    });
  });
}

/** Syncs one document with `url`, trusting `ca`; resolves 'synced' or the failure. */
function syncOnce(url: string, ca: string): Promise<string> {
  class TrustingSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { ca });
      this.on('error', () => {});
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: TrustingSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: structureDocId('tls-test'), document: new Y.Doc(), token: 'x'.repeat(8) });
  cleanups.push(() => {
    provider.destroy();
    socket.destroy();
  });
  return new Promise((resolve) => {
    provider.on('synced', () => resolve('synced'));
    provider.attach();
  });
}

describe('the sync server over TLS', () => {
  it('serves wss:// itself with --tls-cert and --tls-key', async () => {
    const dir = tempDir();
    const files = await caSignedCertificate(dir);
    const started = await serverCli(['--data', path.join(dir, 'data'), '--port', '0', '--tls-cert', files.certFile, '--tls-key', files.keyFile]);
    expect(started.url, started.output).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    expect(await syncOnce(started.url!, files.caCert)).toBe('synced');
    // Nothing is served in the clear on that port.
    const plain = new WebSocket(started.url!.replace('wss:', 'ws:'));
    const outcome = await new Promise<string>((resolve) => {
      plain.on('open', () => resolve('open'));
      plain.on('error', () => resolve('refused'));
    });
    plain.terminate();
    expect(outcome).toBe('refused');
  });

  it('refuses to start with half the TLS flags or a key that is not the certificate’s (exit 2, Danish)', async () => {
    const dir = tempDir();
    const a = await caSignedCertificate(dir);
    const b = await selfSignedCertificate(dir);
    const half = await serverCli(['--data', path.join(dir, 'd1'), '--port', '0', '--tls-cert', a.certFile]);
    expect(half.code).toBe(2);
    expect(half.output).toContain('Angiv både --tls-cert');
    const mismatched = await serverCli(['--data', path.join(dir, 'd2'), '--port', '0', '--tls-cert', a.certFile, '--tls-key', b.keyFile]);
    expect(mismatched.code).toBe(2);
    expect(mismatched.output).toContain('Certifikatet og nøglen kan ikke bruges sammen');
    const missing = await serverCli(['--data', path.join(dir, 'd3'), '--port', '0', '--tls-cert', path.join(dir, 'nope.crt'), '--tls-key', b.keyFile]);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('findes ikke');
  });
});

describe('the app and a certificate it does not trust', () => {
  async function statusAgainst(files: { cert: string; key: string }): Promise<SyncStatus> {
    const dir = tempDir();
    const server = await startSyncServer({ dataDir: path.join(dir, 'server'), quiet: true, tls: { cert: files.cert, key: files.key } });
    cleanups.push(() => server.close());
    const service = WorkspaceService.open({ workspacePath: path.join(dir, 'app.sqlite'), templatesDir, seedDemo: true });
    cleanups.push(() => service.close());
    const client = recordingClient('app');
    service.connect(client);
    await call(service, client, 'setSyncSettings', { settings: { url: server.url, token: 'adgang-til-temagruppen' } });
    await expect.poll(() => service.syncStatus().error, { timeout: 20_000 }).not.toBeNull();
    // The window is told too (the top bar and the settings show it).
    expect(client.events.some((e) => e.name === 'syncStatus' && (e.payload as SyncStatus).error !== null)).toBe(true);
    return service.syncStatus();
  }

  it('says that a self-signed certificate is not trusted, instead of a bare "Offline"', async () => {
    const status = await statusAgainst(await selfSignedCertificate(tempDir()));
    expect(status.state).toBe('offline');
    expect(status.error).toMatch(/^Forbindelsen er afvist, fordi serverens certifikat er selvsigneret/);
  });

  it('says that the certificate’s issuer is not one this computer trusts', async () => {
    const status = await statusAgainst(await caSignedCertificate(tempDir()));
    expect(status.state).toBe('offline');
    expect(status.error).toMatch(/certifikat kan ikke efterprøves|ikke stoler på/);
  });
});

describe('the app and a token the server does not know', () => {
  it('stops retrying and says what to fix, instead of earning its address a back-off', async () => {
    const dir = tempDir();
    const access: AccessFile = {
      version: 1,
      grants: [{ tokenSha256: hashToken('den-rigtige-kode'), name: 'Søren', organisation: 'Region', side: 'region', rights: 'member', themeGroupIds: [], agreementIds: ['x'] }],
    };
    const server = await startSyncServer({ dataDir: path.join(dir, 'server'), quiet: true, access });
    cleanups.push(() => server.close());
    const service = WorkspaceService.open({ workspacePath: path.join(dir, 'app.sqlite'), templatesDir, seedDemo: true });
    cleanups.push(() => service.close());
    await call(service, recordingClient('app'), 'setSyncSettings', { settings: { url: server.url, token: 'en-forkert-kode' } });
    await expect.poll(() => service.syncStatus().error, { timeout: 20_000 }).toMatch(/kender ikke adgangskoden/);
    const refused = server.stats().refusals.unknownToken;
    // Three seconds later (six reconnect attempts' worth) nothing more has been tried.
    await new Promise((r) => setTimeout(r, 3000));
    expect(server.stats().refusals.unknownToken).toBe(refused);
    expect(refused).toBe(1); // one document asked first; before, 11 in the first second and growing
    expect(service.syncStatus().state).toBe('offline');
  });
});
