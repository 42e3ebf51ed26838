// The shared store (issue 13): PostgreSQL (a throwaway cluster, test/helpers/postgresServer.ts) behind
// the server's store interface, and two server instances sharing it and one real redis-server.
// - the PostgreSQL migrations: a fresh database migrates, a second run is a no-op;
// - the bug: a client writes through A and leaves; a fresh client on B gets exactly what was written;
// - compaction by several instances at once while updates are appended loses nothing;
// - the membership tables (devices, invitations redeemed once, update authors) in the same store;
// - --redis without a shared store is refused with a Danish explanation.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { connectProvider, waitFor } from '../../electron/server/replayTrace.ts';
import { REDIS_NEEDS_SHARED_STORE } from '../../electron/server/openStore.ts';
import { auditLines, auditText, devicesText, revokeDeviceText } from '../../electron/server/adminCommands.ts';
import { migrate, PG_MIGRATIONS } from '../../electron/store/postgres/migrations.ts';
import { openPostgresStore } from '../../electron/store/postgres/store.ts';
import { AlreadyRedeemedError } from '../../electron/store/membership.ts';
import type { ServerStore } from '../../electron/store/serverStore.ts';
import { postgresMissing } from '../helpers/postgresServer.ts';
import { useSharedStores } from '../helpers/sharedStores.ts';
import { startRedis } from '../helpers/redisServer.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { appendParagraph, paragraphTexts } from '../helpers/docContent.ts';

if (postgresMissing) console.warn(postgresMissing);

const dir = tempDir('enighed-shared-store-');
const providers: HocuspocusProvider[] = [];
const servers: SyncServer[] = [];

const shared = useSharedStores({ clients: providers, servers });

async function loadY(store: ServerStore, docId: string): Promise<Y.Doc> {
  const stored = await store.loadDoc(docId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

describe.skipIf(postgresMissing !== null)('the PostgreSQL store', () => {
  it('migrates a fresh database, and a second run is a no-op', async () => {
    const url = await shared.postgres.database();
    const client = new pg.Client(url);
    await client.connect();
    try {
      expect(await migrate(client)).toEqual(PG_MIGRATIONS.map((m) => m.version));
      const tables = (await client.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.t);
      expect(tables).toEqual(['agreements', 'bootstrap_invitations', 'devices', 'doc_log', 'doc_snapshots', 'docs', 'enighed_migrations', 'redeemed_invitations', 'update_authors']);
      expect(await migrate(client)).toEqual([]);
      // A database from a newer program is refused, in Danish.
      await client.query("INSERT INTO enighed_migrations (version, name) VALUES (999, 'future')");
      await expect(migrate(client)).rejects.toThrow(/nyere version af Enighed/);
    } finally {
      await client.end();
    }
  });

  it('keeps every update while several stores compact one document and others append', async () => {
    const url = await shared.postgres.database();
    const stores = await Promise.all([openPostgresStore(url), openPostgresStore(url), openPostgresStore(url)]);
    const docId = 'a1/section/s1';
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    try {
      const appends: Promise<void>[] = [];
      const compactions: Promise<void>[] = [];
      for (let i = 0; i < 300; i++) {
        writer.getArray<number>('n').push([i]);
        appends.push(stores[i % 3].appendUpdate(docId, updates[i]) as Promise<void>);
        if (i % 20 === 7) compactions.push(...stores.map((s) => s.compact(docId, () => new Uint8Array()) as Promise<void>));
      }
      await Promise.all([...appends, ...compactions]);
      await stores[1].compact(docId, () => new Uint8Array());
      for (const store of stores) {
        const doc = await loadY(store, docId);
        expect(doc.getArray<number>('n').toArray()).toEqual(Array.from({ length: 300 }, (_, i) => i));
        doc.destroy();
      }
      const stored = await stores[0].loadDoc(docId);
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates.length).toBe(0);
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it('holds the membership tables: devices, one redemption per invitation, update authors', async () => {
    const url = await shared.postgres.database();
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    try {
      const device = { agreementId: 'a1', participantId: 'p1', deviceKey: 'k1', tokenSha256: 'ab'.repeat(32), name: null, organisation: null, createdAt: '2026-01-01T00:00:00.000Z' };
      const row = await a.membership.redeem('invite-1', device);
      expect(row.id).toBeGreaterThan(0);
      // The other instance sees the device, and the invitation is spent there too.
      expect(await b.membership.deviceByTokenHash(device.tokenSha256)).toEqual({ ...device, id: row.id, revokedAt: null });
      expect(await b.membership.isRedeemed('invite-1')).toBe(true);
      await expect(b.membership.redeem('invite-1', { ...device, tokenSha256: 'cd'.repeat(32) })).rejects.toBeInstanceOf(AlreadyRedeemedError);
      expect((await a.membership.allDevices()).length).toBe(1);
      expect(await b.membership.revokeDevice(row.id, '2026-01-02T00:00:00.000Z')).toBe(true);
      expect(await a.membership.revokeDevice(row.id, '2026-01-03T00:00:00.000Z')).toBe(false);
      expect((await a.membership.deviceByTokenHash(device.tokenSha256))?.revokedAt).toBe('2026-01-02T00:00:00.000Z');
      await a.membership.addBootstrapInvitation({ inviteKey: 'bk', participantId: 'sek', name: 'Sekretariatet', organisation: 'Region', createdAt: '2026-01-01T00:00:00.000Z' });
      expect((await b.membership.bootstrapInvitation('sek'))?.inviteKey).toBe('bk');

      const author = { participantId: 'p1', deviceKey: 'k1', name: 'Rikke', organisation: 'Region Test' };
      await a.appendUpdate('a1/section/s1', Y.encodeStateAsUpdate(new Y.Doc()), author);
      await b.appendUpdate('a1/structure', Y.encodeStateAsUpdate(new Y.Doc()), author);
      const authors = await b.membership.authorsOf('a1');
      expect(authors.map((r) => [r.docId, r.name])).toEqual([
        ['a1/section/s1', 'Rikke'],
        ['a1/structure', 'Rikke'],
      ]);
      // The author rows outlive compaction of the log.
      await a.compact('a1/section/s1', () => new Uint8Array());
      expect((await a.membership.authorsOf('a1')).length).toBe(2);

      // The administrative commands on the shared store (--postgres).
      const source = { postgres: url };
      expect((await auditLines({ ...source, agreementId: 'a1', sectionId: 's1' })).map((l) => [l.docId, l.name, l.organisation])).toEqual([['a1/section/s1', 'Rikke', 'Region Test']]);
      expect(await auditText({ ...source, agreementId: 'a1' })).toMatch(/^Ændringer i aftale a1, ældste først \(2\):/);
      expect(await devicesText(source, 'a1')).toMatch(/^k1 {2}deltager p1, aftale a1, registreret .*, spærret 2026-01-02/);
      await expect(revokeDeviceText(source, 'k1')).rejects.toThrow(/Ingen aktiv enhed/);
      await a.membership.redeem('invite-2', { ...device, deviceKey: 'k2', tokenSha256: 'ef'.repeat(32) });
      expect(await revokeDeviceText(source, 'k2')).toMatch(/er spærret \(1 registrering\)/);
      expect((await b.membership.deviceByTokenHash('ef'.repeat(32)))?.revokedAt).not.toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe.skipIf(postgresMissing !== null)('two instances on the shared store and Redis', () => {
  it('serves a fresh client on instance B exactly what was written through A, after A unloaded it', async () => {
    const url = await shared.postgres.database();
    const redisOptions = { host: shared.redis.host, port: shared.redis.port, prefix: `t${Date.now()}` };
    for (const name of ['a', 'b']) servers.push(await startSyncServer({ dataDir: path.join(dir, name), quiet: true, postgres: url, redis: redisOptions }));
    const [a, b] = servers;
    expect(a.storeKind).toBe('postgres');
    const docId = 'a1/section/s1';

    const writer = new Y.Doc();
    const pa = connectProvider(a.url, docId, writer);
    providers.push(pa);
    await waitFor(() => pa.isSynced, 10_000, () => 'A did not sync');
    for (let i = 0; i < 30; i++) appendParagraph(writer, `Afsnit ${i} skrevet via A`);
    await waitFor(() => pa.unsyncedChanges === 0, 10_000, () => `A left ${pa.unsyncedChanges} unacknowledged`);
    const written = paragraphTexts(writer);
    pa.destroy();
    // A unloads the document once its last connection is gone (after Redis' disconnect delay).
    await waitFor(() => a.stats().loadedDocuments === 0, 15_000, () => `A still has ${a.stats().loadedDocuments} documents loaded`);
    expect(b.stats().loadedDocuments).toBe(0);

    const reader = new Y.Doc();
    const pb = connectProvider(b.url, docId, reader);
    providers.push(pb);
    await waitFor(() => pb.isSynced, 10_000, () => 'B did not sync');
    expect(paragraphTexts(reader)).toEqual(written);
    expect(written.length).toBe(30);
    pb.destroy();

    // B loaded the document only after A had unloaded it: nothing was relayed, nothing stored twice.
    expect(a.stats().appendedUpdates).toBeGreaterThanOrEqual(30);
    expect(b.stats().appendedUpdates).toBe(0);
    const latency = await a.appendLatency();
    console.log(`append latency on PostgreSQL (A): p50 ${(latency.p50 * 1000).toFixed(2)} ms, p99 ${(latency.p99 * 1000).toFixed(2)} ms over ${latency.count}`);
    for (const s of servers.splice(0)) await s.close();
  });

  it('compacts on both instances while clients on both write, and the store holds everything', async () => {
    const url = await shared.postgres.database();
    const redisOptions = { host: shared.redis.host, port: shared.redis.port, prefix: `c${Date.now()}` };
    const pair: SyncServer[] = [];
    for (const name of ['ca', 'cb']) pair.push(await startSyncServer({ dataDir: path.join(dir, name), quiet: true, postgres: url, redis: redisOptions, compactEvery: 7 }));
    servers.push(...pair);
    const docId = 'a1/section/s2';
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const ps = docs.map((d, i) => connectProvider(pair[i % 2].url, docId, d));
    providers.push(...ps);
    await waitFor(() => ps.every((p) => p.isSynced), 10_000, () => 'not synced');
    for (let round = 0; round < 25; round++) {
      docs.forEach((d, i) => appendParagraph(d, `Klient ${i} runde ${round}`));
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor(
      () => ps.every((p) => p.unsyncedChanges === 0) && docs.every((d) => paragraphTexts(d).length === 75),
      20_000,
      () => `not converged: ${docs.map((d) => paragraphTexts(d).length).join(', ')}`,
    );
    expect(pair.every((s) => s.stats().snapshots > 0)).toBe(true);
    const expected = paragraphTexts(docs[0]);
    for (const p of ps) p.destroy();
    for (const s of pair) await s.close();
    const store = await openPostgresStore(url);
    try {
      const stored = await loadY(store, docId);
      expect(paragraphTexts(stored)).toEqual(expected);
      expect((await store.loadDoc(docId)).snapshot).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it('answers /healthz for the store and Redis, and /metrics', async () => {
    const ownRedis = await startRedis();
    const server = await startSyncServer({ dataDir: path.join(dir, 'health'), quiet: true, postgres: await shared.postgres.database(), redis: { host: ownRedis.host, port: ownRedis.port } });
    servers.push(server);
    const http = server.url.replace(/^ws/, 'http');
    const health = await fetch(`${http}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { store: 'ok', redis: 'ok' } });
    expect(await (await fetch(`${http}/metrics`)).text()).toMatch(/^enighed_documents_loaded\{store="postgres"\} 0$/m);
    await ownRedis.stop();
    const down = await fetch(`${http}/healthz`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('fejl');
    expect(body.checks.store).toBe('ok');
    expect(body.checks.redis).not.toBe('ok');
  });

  it('refuses --redis without a shared store, in Danish', async () => {
    await expect(startSyncServer({ dataDir: path.join(dir, 'alone'), quiet: true, redis: { host: shared.redis.host, port: shared.redis.port } })).rejects.toThrow(REDIS_NEEDS_SHARED_STORE);
    expect(REDIS_NEEDS_SHARED_STORE).toMatch(/kræver en fælles database/);
    // The command line says so and exits 2 before opening anything.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/server/main.ts'), '--data', path.join(dir, 'cli'), '--redis', `${shared.redis.host}:${shared.redis.port}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, ENIGHED_POSTGRES: '' },
    });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(REDIS_NEEDS_SHARED_STORE);
  });
});
