// Behind a reverse proxy every connection comes from 127.0.0.1. With trustProxy the server counts
// per-address limits by the address the proxy appended to X-Forwarded-For; without it (or from a
// peer that is not loopback) the header is ignored, so a client cannot name its own address.
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startSyncServer } from '../../electron/server/server.ts';
import { clientAddress } from '../../electron/server/clientAddress.ts';
import { tempDir } from '../helpers/tempDir.ts';
import type http from 'node:http';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Opens a socket with this X-Forwarded-For; resolves 'open' or the HTTP status it was refused with. */
function open(url: string, forwardedFor?: string): Promise<string> {
  const socket = new WebSocket(url, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
  socket.on('error', () => {});
  cleanups.push(() => socket.terminate());
  return new Promise((resolve) => {
    socket.once('open', () => resolve('open'));
    socket.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
  });
}

async function server(trustProxy: boolean) {
  const s = await startSyncServer({ dataDir: path.join(tempDir(), 'server'), quiet: true, trustProxy, limits: { maxConnectionsPerAddress: 2 } });
  cleanups.push(() => s.close());
  return s;
}

describe('sync server behind a reverse proxy', () => {
  it('with trustProxy, counts connections per forwarded address', async () => {
    const s = await server(true);
    expect(await open(s.url, '10.0.0.1')).toBe('open');
    expect(await open(s.url, '10.0.0.1')).toBe('open');
    expect(await open(s.url, '10.0.0.1')).toBe('HTTP 429');
    // Another participant behind the same proxy is not affected; a forged first entry does not help.
    expect(await open(s.url, '10.0.0.2')).toBe('open');
    expect(await open(s.url, '10.0.0.2, 10.0.0.9')).toBe('open');
    expect(await open(s.url, '10.0.0.9, 10.0.0.1')).toBe('HTTP 429');
  });

  it('without trustProxy, the header is ignored: all of them are the one loopback address', async () => {
    const s = await server(false);
    expect(await open(s.url, '10.0.0.1')).toBe('open');
    expect(await open(s.url, '10.0.0.2')).toBe('open');
    expect(await open(s.url, '10.0.0.3')).toBe('HTTP 429');
  });

  it('takes the header only from a loopback peer, and only an address literal', () => {
    const request = (peer: string, xff?: string) => ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as http.IncomingMessage;
    expect(clientAddress(request('127.0.0.1', '192.0.2.7'), true)).toBe('192.0.2.7');
    expect(clientAddress(request('::ffff:127.0.0.1', '2001:db8::7'), true)).toBe('2001:db8::7');
    expect(clientAddress(request('192.0.2.50', '10.0.0.1'), true)).toBe('192.0.2.50');
    expect(clientAddress(request('127.0.0.1', 'evil<script>'), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1'), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', '192.0.2.7'), false)).toBe('127.0.0.1');
  });
});
