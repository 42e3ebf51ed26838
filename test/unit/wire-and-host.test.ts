// The WebSocket transport of the contract: frames, and a real test host over a real socket.
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { apiFromBridge, ApiCallError } from '../../shared/api/contract.ts';
import { createWsBridge } from '../../shared/api/wsBridge.ts';
import { decodeFrame, encodeFrame } from '../../shared/api/wire.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { startTestHost, type TestHost } from '../../electron/testhost/server.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function host(): Promise<TestHost> {
  const service = WorkspaceService.open({
    workspacePath: path.join(tempDir(), 'w.sqlite'),
    templatesDir: path.join(repoRoot, 'resources', 'templates'),
    seedDemo: true,
  });
  const h = await startTestHost({ service, rendererDir: path.join(repoRoot, 'renderer') });
  cleanups.push(() => service.close(), () => h.close());
  return h;
}

/** The Origin a page served by `h` sends (its URL without the trailing slash). */
const originOf = (h: TestHost) => h.url.replace(/\/$/, '');

/** A WebSocket as the host's own page opens it: with the page's Origin. */
function pageSocket(h: TestHost): typeof globalThis.WebSocket {
  const origin = originOf(h);
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { origin });
    }
  } as unknown as typeof globalThis.WebSocket;
}

function connect(h: TestHost) {
  const bridge = createWsBridge(h.url.replace('http', 'ws') + 'api', pageSocket(h));
  cleanups.push(() => bridge.close());
  return { bridge, api: apiFromBridge(bridge) };
}

describe('wire frames', () => {
  it('round-trips binary payloads', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const frame = decodeFrame(encodeFrame({ type: 'event', name: 'docUpdate', payload: { docId: 'a/structure', update: bytes } }));
    expect(frame).toEqual({ type: 'event', name: 'docUpdate', payload: { docId: 'a/structure', update: bytes } });
  });

  it('rejects what is not a frame', () => {
    expect(() => decodeFrame('{"type":"call","id":"x"}')).toThrow();
    expect(() => decodeFrame('not json')).toThrow();
  });
});

describe('test host over WebSocket', () => {
  it('serves the contract and pushes updates to the other page', async () => {
    const h = await host();
    const one = connect(h);
    const two = connect(h);
    const [agreement] = await one.api.listAgreements({});
    const docId = structureDocId(agreement.id);

    const docOne = new Y.Doc();
    Y.applyUpdate(docOne, (await one.api.openDoc({ docId, stateVector: Y.encodeStateVector(docOne) })).update);
    const docTwo = new Y.Doc();
    Y.applyUpdate(docTwo, (await two.api.openDoc({ docId, stateVector: Y.encodeStateVector(docTwo) })).update);

    const received = new Promise<Uint8Array>((resolve) => two.api.onEvent('docUpdate', (e) => resolve(e.update)));
    const before = Y.encodeStateVector(docOne);
    docOne.getMap('meta').set('title', 'Sundhedsaftale 2011–2014 (høringsudgave)');
    await one.api.pushUpdate({ docId, update: Y.encodeStateAsUpdate(docOne, before) });
    Y.applyUpdate(docTwo, await received);
    expect(docTwo.getMap('meta').get('title')).toBe('Sundhedsaftale 2011–2014 (høringsudgave)');
  });

  it('answers invalid calls with an error and closes a connection that sends garbage, serving others on', async () => {
    const h = await host();
    const good = connect(h);
    await expect(good.api.openDoc({ docId: 'nope', stateVector: new Uint8Array() })).rejects.toBeInstanceOf(ApiCallError);

    const raw = new WebSocket(h.url.replace('http', 'ws') + 'api', { origin: originOf(h) });
    await new Promise((resolve) => raw.once('open', resolve));
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    raw.send('{"type":"call","id":1,"method":');
    expect(await closed).toBe(1007);

    expect((await good.api.workspaceStatus({})).state).toBe('ready');
  });
});

describe('test host and other origins', () => {
  /** Opens /api with these headers; resolves 'open' or the HTTP status it was refused with. */
  function attempt(h: TestHost, headers: { origin?: string; host?: string }): Promise<string> {
    const socket = new WebSocket(h.url.replace('http', 'ws') + 'api', { ...(headers.origin ? { origin: headers.origin } : {}), headers: headers.host ? { host: headers.host } : {} });
    socket.on('error', () => {});
    cleanups.push(() => socket.terminate());
    return new Promise((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
      socket.once('error', (e) => resolve(`error ${e.message}`));
    });
  }

  it('serves its own page’s origin and refuses another page’s, a missing Origin and a foreign Host', async () => {
    const h = await host();
    const own = new URL(h.url);
    expect(await attempt(h, { origin: originOf(h) })).toBe('open');
    expect(await attempt(h, { origin: `http://localhost:${own.port}`, host: `localhost:${own.port}` })).toBe('open');
    expect(await attempt(h, { origin: 'https://ondsindet.example' })).toBe('HTTP 403');
    expect(await attempt(h, { origin: `http://127.0.0.1:${Number(own.port) + 1}` })).toBe('HTTP 403');
    expect(await attempt(h, {})).toBe('HTTP 403');
    // DNS rebinding: a foreign name pointing at 127.0.0.1, with a matching Origin.
    expect(await attempt(h, { origin: `http://rebind.example:${own.port}`, host: `rebind.example:${own.port}` })).toBe('HTTP 403');
  });

  it('serves its page only under its own Host (DNS rebinding gets 403)', async () => {
    const h = await host();
    const own = new URL(h.url);
    const get = (hostHeader: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get({ host: own.hostname, port: own.port, path: '/', headers: { host: hostHeader } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    expect(await get(own.host)).toBe(200);
    expect(await get(`localhost:${own.port}`)).toBe(200);
    expect(await get(`rebind.example:${own.port}`)).toBe(403);
  });

  it('answers a foreign page’s listAgreements call with nothing, and ours with the agreements', async () => {
    const h = await host();
    const foreign = new WebSocket(h.url.replace('http', 'ws') + 'api', { origin: 'https://ondsindet.example' });
    foreign.on('error', () => {});
    cleanups.push(() => foreign.terminate());
    const answered = await new Promise<string>((resolve) => {
      foreign.once('open', () => {
        foreign.send(encodeFrame({ type: 'call', id: 1, method: 'listAgreements', params: {} }));
        foreign.once('message', (data) => resolve(String(data)));
      });
      foreign.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    });
    expect(answered).toBe('HTTP 403');
    expect(await connect(h).api.listAgreements({})).toHaveLength(1);
  });
});
