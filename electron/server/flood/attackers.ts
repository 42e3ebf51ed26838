// The flood tool's attackers. Each runs a loop until stopped: connect (from its own loopback
// address, so that per-address limits apply to it and not to the honest clients on 127.0.0.1),
// send as fast as the socket drains, and reconnect when the server closes or refuses it. What each
// one saw is counted in its AttackerView.
import * as Y from 'yjs';
import { sectionDocId } from '../../../shared/structure/docIds.ts';
import { FIXTURE_AGREEMENT } from './fixture.ts';
import { insertParagraph, paragraphOfItems } from './sectionText.ts';
import { authMessage, awarenessMessage, RawClient, statelessMessage, syncStep1Message, updateMessage } from './wire.ts';

export interface AttackerView {
  name: string;
  sockets: number;
  refusedUpgrades: Record<string, number>;
  closes: Record<string, number>;
  messages: number;
  bytes: number;
}

export interface Attack {
  view: AttackerView;
  done: Promise<void>;
}

const S1 = sectionDocId(FIXTURE_AGREEMENT, 's1');
const S2 = sectionDocId(FIXTURE_AGREEMENT, 's2');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `session` on fresh sockets from `localAddress` until `stopped()`. */
function attack(
  name: string,
  url: string,
  localAddress: string,
  stopped: () => boolean,
  session: (client: RawClient, send: (data: Uint8Array) => Promise<void>) => Promise<void>,
): Attack {
  const view: AttackerView = { name, sockets: 0, refusedUpgrades: {}, closes: {}, messages: 0, bytes: 0 };
  const done = (async () => {
    while (!stopped()) {
      let client: RawClient;
      try {
        client = await RawClient.open(url, { localAddress });
      } catch (error) {
        const status = String((error as { status?: number }).status ?? 'fejl');
        view.refusedUpgrades[status] = (view.refusedUpgrades[status] ?? 0) + 1;
        await sleep(100);
        continue;
      }
      view.sockets++;
      let closed = false;
      void client.closed.then(({ code }) => {
        closed = true;
        // (Once the flood is over the attacker drops its own sockets: not the server's doing.)
        if (!stopped()) view.closes[code] = (view.closes[code] ?? 0) + 1;
      });
      const send = async (data: Uint8Array) => {
        // Keep at most 1 MiB in flight: the flooders must not be what runs out of memory. And yield
        // to I/O after every message, or the flooders would starve the honest clients' process.
        await new Promise((resolve) => setImmediate(resolve));
        while (!closed && client.ws.bufferedAmount > 1024 * 1024) await sleep(2);
        if (closed || stopped() || !client.isOpen) throw new Error('closed');
        client.send(data);
        view.messages++;
        view.bytes += data.byteLength;
      };
      try {
        await session(client, send);
      } catch {
        // the server closed it, or the flood is over
      }
      if (!closed) {
        await Promise.race([client.closed, sleep(stopped() ? 0 : 60_000)]);
        client.close();
      }
    }
  })();
  return { view, done };
}

/** Valid messages for a real document and never a token: everything would be queued by Hocuspocus. */
export function unauthenticatedBytes(url: string, address: string, stopped: () => boolean): Attack {
  const state = { pad: 'x'.repeat(8000) };
  return attack('uautentificerede bytes', url, address, stopped, async (_client, send) => {
    for (let clock = 0; ; clock++) await send(awarenessMessage(S1, [{ clientID: 99, clock, state }]));
  });
}

/** As many sockets as the server admits, each holding still (until the authentication timeout). */
export function manySockets(url: string, address: string, stopped: () => boolean): Attack {
  return attack('mange forbindelser', url, address, stopped, async (client) => {
    await client.closed;
  });
}

/** Wrong tokens, each for a new document name, as fast as the socket allows. */
export function wrongTokens(url: string, address: string, stopped: () => boolean): Attack {
  let n = 0;
  return attack('forkerte adgangskoder', url, address, stopped, async (_client, send) => {
    for (;;) {
      n++;
      await send(authMessage(sectionDocId(FIXTURE_AGREEMENT, `g${n}`), `gæt-${n}`));
      await sleep(1);
    }
  });
}

/** Awareness floods with a valid token: `entries` forged states per message, plus stateless broadcasts. */
export function awarenessFlood(url: string, address: string, token: string, entries: number, stopped: () => boolean, documentName = S1): Attack {
  const states = (clock: number) =>
    Array.from({ length: entries }, (_, i) => ({ clientID: 5000 + i, clock, state: { user: { name: 'Forfalsket' }, i } }));
  return attack(`awareness (${entries} pr. besked)`, url, address, stopped, async (client, send) => {
    await send(authMessage(documentName, token));
    await send(syncStep1Message(documentName, Y.encodeStateVector(new Y.Doc())));
    await client.waitFor((m) => m.documentName === documentName && m.kind === 'authenticated');
    for (let clock = 1; ; clock++) {
      await send(awarenessMessage(documentName, states(clock)));
      if (clock % 10 === 0) await send(statelessMessage(documentName, `støj ${clock}`));
      await sleep(1);
    }
  });
}

/**
 * A writer's huge updates: one of too many items; ~15 MiB ones (over the document size); then
 * 6 MiB ones into every document the writer may write (s2 and its side's internal data).
 */
export function hugeUpdates(url: string, address: string, token: string, stopped: () => boolean): Attack {
  const manyItems = paragraphOfItems(150_000);
  const big = (seed: number, mib: number) => {
    const doc = new Y.Doc();
    doc.clientID = 1_000_000 + seed;
    insertParagraph(doc, String.fromCharCode(97 + (seed % 26)).repeat(mib * 1024 * 1024));
    return Y.encodeStateAsUpdate(doc);
  };
  const docs = [S2, `${FIXTURE_AGREEMENT}/internal/region/s1`, `${FIXTURE_AGREEMENT}/internal/region/s2`];
  let round = 0;
  return attack('store ændringer', url, address, stopped, async (client, send) => {
    const kind = round++ % 3;
    const targets = kind === 2 ? docs : [S2];
    for (const doc of targets) await send(authMessage(doc, token));
    for (const doc of targets) await client.waitFor((m) => m.documentName === doc && m.kind === 'authenticated');
    if (kind === 0) return send(updateMessage(S2, manyItems));
    if (kind === 1) return send(updateMessage(S2, big(round, 15)));
    for (;;) {
      for (const doc of targets) await send(updateMessage(doc, big(round++, 6)));
      await sleep(100);
    }
  });
}

/** Reads nothing, and keeps asking for the whole of a (large) document. */
export function slowReader(url: string, address: string, token: string, stopped: () => boolean): Attack {
  const empty = Y.encodeStateVector(new Y.Doc());
  return attack('læser ikke sine svar', url, address, stopped, async (client, send) => {
    await send(authMessage(S2, token));
    await client.waitFor((m) => m.documentName === S2 && m.kind === 'authenticated');
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (;;) {
      await send(syncStep1Message(S2, empty));
      await sleep(20);
    }
  });
}
