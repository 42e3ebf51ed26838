// The HTTP (or, with a certificate, HTTPS) server the sync server listens on: it upgrades WebSocket
// requests, hands plain HTTP requests to `request` (the redemption endpoint, redeem.ts; anything it
// does not take gets 426) and, on close, closes every socket it handed out.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { TlsOptions } from './options.ts';

export interface Listener {
  port: number;
  /** Sockets currently open. */
  sockets: Set<WebSocket>;
  /** Refuses new upgrades, closes every socket (1001; terminated after 2 s) and the HTTP server. */
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  maxPayload: number;
  /** Serve TLS (wss://) with this certificate and key. */
  tls?: TlsOptions;
  /** Seconds a client has to send its HTTP upgrade request. */
  requestTimeoutMs: number;
  /** Whether an upgrade request may become a socket; a refusal is answered with its HTTP status. */
  admit(request: http.IncomingMessage): { ok: true } | { ok: false; status: number; retryAfterS: number };
  /** A plain HTTP request: answered (true) or left for the default 426 (false). */
  request?(request: http.IncomingMessage, response: http.ServerResponse): boolean;
  /** Called for every upgraded socket. */
  accept(ws: WebSocket, request: http.IncomingMessage): void;
}

export async function listen(options: ListenOptions): Promise<Listener> {
  const sockets = new Set<WebSocket>();
  let closing = false;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload });
  const answerPlainRequest = (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (!closing && options.request?.(request, response)) return;
    response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Enighed-synkroniseringsserver: forbind med WebSocket.\n');
  };
  const httpServer = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, answerPlainRequest)
    : http.createServer(answerPlainRequest);
  // A client that opens TCP connections and never completes its request is dropped.
  httpServer.headersTimeout = options.requestTimeoutMs;
  httpServer.requestTimeout = options.requestTimeoutMs;
  httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (closing) return socket.destroy();
    const admission = options.admit(request);
    if (!admission.ok) {
      const text = http.STATUS_CODES[admission.status] ?? 'Refused';
      socket.end(`HTTP/1.1 ${admission.status} ${text}\r\nRetry-After: ${admission.retryAfterS}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      options.accept(ws, request);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });

  async function close(): Promise<void> {
    closing = true;
    const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await Promise.all(
      [...sockets].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => ws.terminate(), 2000);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(1001, 'serveren lukker');
          }),
      ),
    );
    wss.close();
    await httpClosed;
  }

  return { port: (httpServer.address() as { port: number }).port, sockets, close };
}
