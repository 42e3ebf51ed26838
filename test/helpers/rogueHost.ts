// A meeting "host" that is not Enighed: a wss:// server with a fresh certificate (so a guest given
// its fingerprint connects) that admits every document and answers the guest's first sync request
// with whatever update the test wants to push at it. For testing what a guest lets through.
import https from 'node:https';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocketServer } from 'ws';
import { newMeetingCertificate } from '../../electron/sync/meeting/certificate.ts';

export interface RogueHost {
  url: string;
  fingerprint: string;
  close(): Promise<void>;
}

/** `updateFor(docName)` is sent as sync step 2 for that document (null: nothing). */
export async function startRogueHost(updateFor: (docName: string) => Uint8Array | null): Promise<RogueHost> {
  const certificate = await newMeetingCertificate('127.0.0.1');
  const server = https.createServer({ cert: certificate.cert, key: certificate.key });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const name = decoding.readVarString(decoder);
      const type = decoding.readVarUint(decoder);
      const reply = encoding.createEncoder();
      encoding.writeVarString(reply, name);
      if (type === 2) {
        encoding.writeVarUint(reply, 2); // auth
        encoding.writeVarUint(reply, 2); // authenticated
        encoding.writeVarString(reply, 'read-write');
      } else if (type === 0 && decoding.readVarUint(decoder) === 0) {
        const update = updateFor(name);
        if (!update) return;
        encoding.writeVarUint(reply, 0); // sync
        encoding.writeVarUint(reply, 1); // step 2
        encoding.writeVarUint8Array(reply, update);
      } else return;
      ws.send(encoding.toUint8Array(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `wss://127.0.0.1:${port}`,
    fingerprint: certificate.fingerprint,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
