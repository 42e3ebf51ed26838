// The Danish reasons the sync status gives for a failed connection, from the error objects Node and
// ws really produce (the certificate cases are exercised against real servers in sync-tls.test.ts).
import net from 'node:net';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { describeConnectionError, isCertificateError } from '../../electron/sync/connectionError.ts';

/** The error ws emits when connecting to `url` fails. */
async function errorFrom(url: string): Promise<Error> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => socket.once('error', resolve));
}

describe('connection error reasons', () => {
  it('names a refused port', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const error = await errorFrom(`ws://127.0.0.1:${port}`);
    expect(describeConnectionError(error)).toBe('Ingen forbindelse: serveren svarer ikke på adressen (er den startet, og er porten rigtig?).');
    expect(isCertificateError(error)).toBe(false);
  });

  it('tells a server that backs this computer off (429) or is full (503) from one that is not Enighed', async () => {
    for (const [status, expected] of [
      [429, /afviser denne computer et stykke tid/],
      [503, /ikke plads til flere forbindelser/],
      [404, /ikke som en Enighed-server \(HTTP 404\)/],
    ] as const) {
      const server = net.createServer((c) => c.end(`HTTP/1.1 ${status} Nej\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const error = await errorFrom(`ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
      server.close();
      expect(describeConnectionError(error)).toMatch(expected);
    }
  });

  it('says wss:// met a server that does not speak TLS', async () => {
    const server = net.createServer((c) => c.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const error = await errorFrom(`wss://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    server.close();
    expect(describeConnectionError(error)).toMatch(/taler ikke krypteret/);
  });
});
