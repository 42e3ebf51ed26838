// The browser test host: serves the built renderer over HTTP and the API contract over a WebSocket,
// so tests drive the real UI in real Chromium against the real Node side — the same service and the
// same dispatcher Electron's IPC uses, with only the transport swapped. The WebSocket answers only
// this host's own page (origin.ts).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import { decodeFrame, encodeFrame } from '../../shared/api/wire.ts';
import type { Client, WorkspaceService } from '../workspace/service.ts';
import { foreignRequest, ownHosts } from './origin.ts';

export interface TestHostOptions {
  service: WorkspaceService;
  rendererDir: string;
  host?: string;
  port?: number;
}

export interface TestHost {
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const MAX_FRAME_BYTES = 32 * 1024 * 1024;

export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const { service, rendererDir } = options;
  const dispatch = createDispatcher(service.handlers);
  const root = path.resolve(rendererDir);

  /** The Host values this host answers to (known once it listens). */
  let hosts: string[] = [];
  const server = http.createServer((req, res) => {
    // A page under a foreign name (DNS rebinding) is not served either.
    if (!hosts.includes(req.headers.host?.toLowerCase() ?? '')) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Afvist: fremmed Host.');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Ikke fundet');
      return;
    }
    let body: Buffer | string = fs.readFileSync(file);
    if (file.endsWith('.html')) {
      // The page's CSP allows only 'self'; this host also speaks WebSocket on the same origin.
      body = body.toString('utf8').replace("connect-src 'self'", `connect-src 'self' ws://${req.headers.host}`);
    }
    res
      .writeHead(200, {
        'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': "frame-ancestors 'none'",
      })
      .end(body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refused = new URL(req.url ?? '/', 'http://localhost').pathname !== '/api' ? 'ukendt sti' : foreignRequest(req.headers, hosts);
    if (refused) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\nAfvist: ${refused}.\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  let nextClient = 1;
  wss.on('connection', (socket: WebSocket) => {
    const client: Client = {
      id: `ws-${nextClient++}`,
      send: (name, payload) => {
        if (socket.readyState === socket.OPEN) socket.send(encodeFrame({ type: 'event', name, payload }));
      },
    };
    service.connect(client);
    socket.on('message', async (data) => {
      let frame;
      try {
        frame = decodeFrame(String(data));
      } catch {
        socket.close(1007, 'ugyldig besked');
        return;
      }
      if (frame.type !== 'call') return;
      const outcome = await dispatch(frame.method, frame.params, client);
      if (socket.readyState === socket.OPEN) socket.send(encodeFrame({ type: 'result', id: frame.id, outcome }));
    });
    socket.on('close', () => service.disconnect(client));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  hosts = ownHosts(address.address, address.port);
  return {
    url: `http://${address.address}:${address.port}/`,
    close: async () => {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
