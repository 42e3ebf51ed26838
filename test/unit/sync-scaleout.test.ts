// Scale-out: two sync server instances share one real redis-server (Debian package, on loopback);
// clients connected to different instances converge, and each instance stores the result.
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, SERVER_WORKSPACE_FILE, type SyncServer } from '../../electron/server/server.ts';
import { connectProvider } from '../../electron/server/replayTrace.ts';
import { Store } from '../../electron/store/store.ts';
import { startRedis, type RedisProcess } from '../helpers/redisServer.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { appendParagraph, paragraphTexts } from '../helpers/docContent.ts';
import type { HocuspocusProvider } from '@hocuspocus/provider';

let redis: RedisProcess;
const servers: SyncServer[] = [];
const providers: HocuspocusProvider[] = [];
const dir = tempDir('enighed-scaleout-');

beforeAll(async () => {
  redis = await startRedis();
  for (const name of ['one', 'two']) {
    servers.push(await startSyncServer({ dataDir: path.join(dir, name), quiet: true, redis: { host: redis.host, port: redis.port } }));
  }
});

afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const s of servers) await s.close().catch(() => {});
  await redis?.stop();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two server instances sharing Redis', () => {
  it('converge clients on different instances and store the same state on both', async () => {
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
    for (const name of ['one', 'two']) {
      const store = Store.open(path.join(dir, name, SERVER_WORKSPACE_FILE));
      expect(paragraphTexts(store.loadYDoc(docId))).toEqual(JSON.parse(json));
      store.close();
    }
  });
});
