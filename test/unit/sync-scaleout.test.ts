// Scale-out: two sync server instances share one real redis-server (Debian package, on loopback)
// and one PostgreSQL store (a throwaway cluster); clients connected to different instances
// converge, and the shared store holds the result.
import path from 'node:path';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { connectProvider } from '../../electron/server/replayTrace.ts';
import { openPostgresStore } from '../../electron/store/postgres/store.ts';
import { postgresMissing } from '../helpers/postgresServer.ts';
import { useSharedStores } from '../helpers/sharedStores.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { until } from '../helpers/until.ts';
import { appendParagraph, paragraphTexts } from '../helpers/docContent.ts';
import type { HocuspocusProvider } from '@hocuspocus/provider';

let database = '';
const servers: SyncServer[] = [];
const providers: HocuspocusProvider[] = [];
const dir = tempDir('enighed-scaleout-');

if (postgresMissing) console.warn(postgresMissing);

const stores = useSharedStores({ clients: providers, servers });

beforeAll(async () => {
  if (postgresMissing) return;
  database = await stores.postgres.database();
  for (const name of ['one', 'two']) {
    servers.push(await startSyncServer({ dataDir: path.join(dir, name), quiet: true, postgres: database, redis: { host: stores.redis.host, port: stores.redis.port } }));
  }
}, 60_000);

describe.skipIf(postgresMissing !== null)('two server instances sharing Redis and PostgreSQL', () => {
  it('converge clients on different instances and store the result once, in the shared store', async () => {
    const docId = 'a1/section/s1';
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()];
    docs.forEach((doc, i) => providers.push(connectProvider(servers[i % 2].url, docId, doc)));
    await until(() => providers.every((p) => p.isSynced));

    const words = ['Regionen', 'Aarhus', 'Randers', 'Viborg'];
    for (let round = 0; round < 20; round++) {
      docs.forEach((doc, i) => appendParagraph(doc, `${words[i]} ${round}`));
      await new Promise((r) => setTimeout(r, 5));
    }
    const expected = 20 * docs.length;
    await until(() => docs.every((d) => paragraphTexts(d).length === expected) && providers.every((p) => p.unsyncedChanges === 0));
    const json = JSON.stringify(paragraphTexts(docs[0]));
    for (const d of docs) expect(JSON.stringify(paragraphTexts(d))).toBe(json);

    for (const p of providers.splice(0)) p.destroy();
    for (const s of servers.splice(0)) await s.close();
    const store = await openPostgresStore(database);
    const stored = await store.loadDoc(docId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    expect(paragraphTexts(doc)).toEqual(JSON.parse(json));
    await store.close();
  });
});
