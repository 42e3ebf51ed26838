// A TCP relay on loopback in front of a sync server, for a connection that goes silent: once told
// to, it forwards nothing in either direction yet closes nothing, as when a machine loses its network
// without a goodbye (no FIN, no close frame; neither end knows until its own timeout).
import net from 'node:net';

export interface SilentProxy {
  /** ws://127.0.0.1:PORT, to connect to instead of the server. */
  url: string;
  /** From now on nothing passes, and every socket stays open. */
  goSilent(): void;
  close(): Promise<void>;
}

export async function startSilentProxy(serverUrl: string): Promise<SilentProxy> {
  const target = new URL(serverUrl);
  const sockets = new Set<net.Socket>();
  let silent = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk) => {
      if (!silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!silent) client.write(chunk);
    });
    // A close before the silence is passed on; after it, nothing is.
    client.on('end', () => !silent && upstream.end());
    upstream.on('end', () => !silent && client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${target.protocol}//127.0.0.1:${port}`,
    goSilent: () => {
      silent = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
