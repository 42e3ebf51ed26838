// SIGKILL of one of two instances (child processes, `--postgres` and `--redis`) while clients on
// both write: the shared store holds every update any client had acknowledged before the kill,
// and after a restart everyone converges with every item stored once in PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as Y from 'yjs';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { connectProvider, waitFor } from '../../electron/server/replayTrace.ts';
import { openPostgresStore } from '../../electron/store/postgres/store.ts';
import { loggedClauseIds, recordTestPosition } from '../helpers/docContent.ts';
import { startPostgres, postgresMissing, type PostgresProcess } from '../helpers/postgresServer.ts';
import { startRedis, type RedisProcess } from '../helpers/redisServer.ts';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { tempDir } from '../helpers/tempDir.ts';

if (postgresMissing) console.warn(postgresMissing);

let postgres: PostgresProcess;
let redis: RedisProcess;
const dir = tempDir('enighed-shared-kill-');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  if (postgresMissing) return;
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);

afterAll(async () => {
  await redis?.stop();
  await postgres?.stop();
});

async function storedDoc(url: string, docId: string): Promise<Y.Doc> {
  const store = await openPostgresStore(url, { poolSize: 1 });
  try {
    const stored = await store.loadDoc(docId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    return doc;
  } finally {
    await store.close();
  }
}

describe.skipIf(postgresMissing !== null)('SIGKILL of one instance on the shared store', () => {
  it('loses no acknowledged update, and everyone converges after the restart', async () => {
    const database = await postgres.database();
    const args = (name: string, port = 0) => ['--data', path.join(dir, name), '--port', String(port), '--postgres', database, '--redis', `${redis.host}:${redis.port}`];
    const instances: ServerProcess[] = [await startServerProcess({ args: args('a') }), await startServerProcess({ args: args('b') })];
    const docId = 'a1/section/s1';
    const reconnect = { delay: 50, minDelay: 50, maxDelay: 200, factor: 1.5 };
    let phase: 'online' | 'killed' = 'online';
    const clients = Array.from({ length: 4 }, (_, c) => {
      const doc = new Y.Doc();
      const client = { c, doc, provider: null as unknown as HocuspocusProvider, pushed: [] as string[], ackedClock: 0, acks: 0 };
      client.provider = connectProvider(instances[c % 2].url, docId, doc, reconnect);
      client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        if (number === 0 && phase === 'online') {
          // Everything this client made so far is acknowledged.
          client.ackedClock = Y.getState(doc.store, doc.clientID);
          client.acks++;
        }
      });
      return client;
    });
    try {
      await waitFor(() => clients.every((cl) => cl.provider.isSynced), 20_000, () => 'clients did not sync');
      let editing = true;
      const editors = clients.map(async (cl) => {
        for (let n = 0; editing; n++) {
          const item = `${cl.c}:${n}`;
          recordTestPosition(cl.doc, item);
          cl.pushed.push(item);
          if (n % 10 === 9) {
            // After a burst, a breath until the acknowledgements (each waits for its commit) have
            // caught up — or a while, once the instance is dead.
            const until = Date.now() + 1000;
            while (editing && cl.provider.unsyncedChanges > 0 && Date.now() < until) await sleep(10);
          } else await sleep(3);
        }
      });
      await sleep(800);
      await waitFor(() => clients.every((cl) => cl.acks > 0), 20_000, () => `no acknowledgements: ${clients.map((x) => `${x.c}: ${x.provider.unsyncedChanges} unsynced`).join('; ')}`);
      await sleep(300);
      phase = 'killed';
      const killedAt = clients.map((cl) => cl.pushed.length);
      await instances[0].stop('SIGKILL');
      await sleep(200);

      // The shared store holds every client's acknowledged updates, those acknowledged by the
      // killed instance included.
      const stored = await storedDoc(database, docId);
      for (const cl of clients) {
        expect(cl.acks, `client ${cl.c} never saw an acknowledgement before the kill (${clients.map((x) => `${x.c}: ${x.acks} acks, ${x.provider.unsyncedChanges} unsynced, ${x.pushed.length} pushed`).join('; ')})\n${instances[1].output()}`).toBeGreaterThan(0);
        expect(Y.getState(stored.store, cl.doc.clientID), `client ${cl.c}: acknowledged updates missing in the store`).toBeGreaterThanOrEqual(cl.ackedClock);
      }
      stored.destroy();

      // Restarted on its port: its clients reconnect and push what they wrote meanwhile.
      instances[0] = await startServerProcess({ args: args('a', instances[0].port) });
      await sleep(300);
      editing = false;
      await Promise.all(editors);
      expect(clients.every((cl, i) => cl.pushed.length > killedAt[i])).toBe(true);
      const sv = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex');
      await waitFor(
        () => clients.every((cl) => cl.provider.isSynced && !cl.provider.hasUnsyncedChanges && sv(cl.doc) === sv(clients[0].doc)),
        30_000,
        () => `no convergence: ${clients.map((cl) => `${cl.c}: synced=${cl.provider.isSynced} unsynced=${cl.provider.unsyncedChanges}`).join('; ')}`,
      );
      const everything = clients.flatMap((cl) => cl.pushed).sort();
      for (const cl of clients) expect(loggedClauseIds(cl.doc).sort()).toEqual(everything);
      for (const cl of clients) cl.provider.destroy();
      for (const instance of instances) expect(await instance.stop('SIGTERM')).toBe(0);
      const final = await storedDoc(database, docId);
      expect(loggedClauseIds(final).sort()).toEqual(everything);
      final.destroy();
    } finally {
      for (const cl of clients) cl.provider.destroy();
      for (const instance of instances) await instance.stop('SIGKILL');
    }
  });
});
