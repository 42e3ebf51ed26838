// The sync server's configuration from outside: the operator's limits file (--limits) and the
// client address behind a trusted reverse proxy (--trust-proxy), against a real server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RawClient } from '../../electron/server/flood/wire.ts';
import { readLimitsFile } from '../../electron/server/limitsFile.ts';
import { startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dir = tempDir('enighed-server-config-');
const servers: SyncServer[] = [];
const clients: RawClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const limitsFile = (content: string) => {
  const file = path.join(dir, `limits-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, content);
  return file;
};

async function status(server: SyncServer, options: { localAddress?: string; headers?: Record<string, string> }): Promise<number> {
  try {
    clients.push(await RawClient.open(server.url, options));
    return 101;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

describe('sync server configuration', () => {
  it('reads a limits file of known bounds and refuses anything else in Danish', () => {
    expect(readLimitsFile(limitsFile('{"maxConnections": 10, "authTimeoutMs": 5000}'))).toEqual({ maxConnections: 10, authTimeoutMs: 5000 });
    expect(() => readLimitsFile(limitsFile('{"maxConnectoins": 10}'))).toThrow(/Grænsefilen .* er ugyldig, ukendt grænse "maxConnectoins".*Kendte grænser: maxPayload/);
    expect(() => readLimitsFile(limitsFile('[1]'))).toThrow(/skal være et JSON-objekt/);
    expect(() => readLimitsFile(limitsFile('{"maxConnections": -1}'))).toThrow(/ugyldig, ved maxConnections: skal være et positivt tal/);
    expect(() => readLimitsFile(limitsFile('{"maxConnections": "mange"}'))).toThrow(/ugyldig, ved maxConnections: skal være et positivt tal/);
    expect(() => readLimitsFile(limitsFile('ikke json'))).toThrow(/kunne ikke læses/);
    expect(() => readLimitsFile(limitsFile(' '.repeat(70 * 1024)))).toThrow(/større end/);
  });

  it("counts a trusted proxy's clients by their forwarded address, and ignores the header from anyone else", async () => {
    const server = await startSyncServer({ dataDir: path.join(dir, 'proxy'), quiet: true, trustedProxies: ['127.0.0.1'], limits: { maxConnectionsPerAddress: 2 } });
    servers.push(server);
    const via = (client: string) => ({ localAddress: '127.0.0.1', headers: { 'X-Forwarded-For': `203.0.113.9, ${client}` } });
    expect(await status(server, via('198.51.100.1'))).toBe(101);
    expect(await status(server, via('198.51.100.1'))).toBe(101);
    expect(await status(server, via('198.51.100.1'))).toBe(429);
    // Another client behind the same proxy is another address.
    expect(await status(server, via('198.51.100.2'))).toBe(101);
    // Not from the proxy: the header is the client's own claim and counts for nothing.
    const spoof = { localAddress: '127.0.0.2', headers: { 'X-Forwarded-For': '198.51.100.3' } };
    expect(await status(server, spoof)).toBe(101);
    expect(await status(server, spoof)).toBe(101);
    expect(await status(server, { ...spoof, headers: { 'X-Forwarded-For': '198.51.100.4' } })).toBe(429);
  });
});
