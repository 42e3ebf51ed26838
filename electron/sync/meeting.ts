// Meeting mode: a bilateral meeting with no internet. One laptop hosts a sync server on the local
// network (bound to an interface the host picks) and shows its address and a short join code; the
// other joins with them like any sync server. The meeting server keeps documents in memory only:
// each laptop persists everything in its own workspace as it arrives, so ending the meeting leaves
// both with the full state.
import crypto from 'node:crypto';
import os from 'node:os';
import { Server } from '@hocuspocus/server';
import { DocId } from '../../shared/api/contract.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';

// No 0/O, 1/I/L: the code is read aloud across a table.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** "K7PQ-3QMX": 8 random characters (≈ 40 bits), easy to read aloud and type. */
export function newJoinCode(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Codes are compared without case, spaces or dashes: people type them as they hear them. */
function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export interface NetworkInterfaceChoice {
  name: string;
  address: string;
}

/** IPv4 addresses this machine can host on: the local network ones first, loopback last. */
export function meetingInterfaces(): NetworkInterfaceChoice[] {
  const out: NetworkInterfaceChoice[] = [];
  for (const [name, infos] of Object.entries(os.networkInterfaces())) {
    for (const info of infos ?? []) if (info.family === 'IPv4') out.push({ name, address: info.address });
  }
  return out.sort((a, b) => Number(a.address.startsWith('127.')) - Number(b.address.startsWith('127.')));
}

export interface Meeting {
  url: string;
  code: string;
  close(): Promise<void>;
}

export async function startMeeting(options: { address: string; port?: number }): Promise<Meeting> {
  const code = newJoinCode();
  const expected = Buffer.from(normaliseCode(code));
  const server = new Server({
    address: options.address,
    port: options.port ?? 0,
    quiet: true,
    async onAuthenticate({ token, documentName }) {
      const given = Buffer.from(normaliseCode(String(token ?? '')));
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
        throw { reason: 'forkert mødekode' };
      }
      // Hocuspocus sends a thrown object's `reason` to the client (an Error's message it does not).
      if (!DocId.safeParse(documentName).success) throw { reason: 'ugyldigt dokument' };
      // The other laptop is the other side's: one side's internal threads are never shared here.
      if (parseDocId(documentName)?.kind === 'internal') throw { reason: 'interne kommentarer deles ikke på møder' };
    },
  });
  await server.listen();
  return {
    url: `ws://${options.address}:${server.address.port}`,
    code,
    close: async () => {
      await server.destroy();
    },
  };
}
