// The sync server (electron/server): convergence of a real concurrent editing trace through it, no
// loss of acknowledged changes when the server process is killed, and refusal of bad input.
//
// Random choices come from one lib0/prng generator; its seed is printed on failure and can be given
// back with SYNC_TEST_SEED=<n>.
import fs from 'node:fs';
import path from 'node:path';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startSyncServer, CLOSE_MALFORMED, CLOSE_TOO_BIG, INVALID_DOC_REASON, SERVER_WORKSPACE_FILE } from '../../electron/server/server.ts';
import { connectProvider, loadConcurrentTrace, replayConcurrent, waitFor } from '../../electron/server/replayTrace.ts';
import { Store } from '../../electron/store/store.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { startServerProcess } from '../helpers/hostProcess.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { appendParagraph, firstParagraphText, loggedClauseIds, recordTestPosition, sectionPlainText, setStructureMeta, structureTitle } from '../helpers/docContent.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';

const FRIENDS = path.resolve(repoRoot, '../shared/data/editing-traces/friendsforever.json.gz');
const dirs: string[] = [];
const newDir = () => {
  const dir = tempDir('enighed-sync-');
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` with a seeded generator; a failure names the seed. */
async function seeded(name: string, fn: (gen: prng.PRNG) => Promise<void>): Promise<void> {
  const seed = Number(process.env.SYNC_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
  try {
    await fn(prng.create(seed));
  } catch (error) {
    console.error(`${name} failed with seed ${seed} (rerun with SYNC_TEST_SEED=${seed})`);
    throw error;
  }
}

// --- the server as a child process ----------------------------------------------------------------

const startServer = (dataDir: string, port = 0) => startServerProcess(['--data', dataDir, '--port', String(port), '--quiet']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every [client, clock] of `sv` is covered by `doc`. */
function covers(doc: Y.Doc, sv: Uint8Array): { ok: boolean; missing: string[] } {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  const missing: string[] = [];
  for (const [client, clock] of Y.decodeStateVector(sv)) {
    if ((have.get(client) ?? 0) < clock) missing.push(`client ${client}: ${have.get(client) ?? 0} < ${clock}`);
  }
  return { ok: missing.length === 0, missing };
}

// --- (a) a concurrent trace through the server ----------------------------------------------------

describe('sync server', () => {
  it('replays the friendsforever concurrent trace through a real server to endContent on every replica and on disk', async () => {
    const trace = loadConcurrentTrace(FRIENDS);
    const lines: string[] = [];
    const result = await replayConcurrent(trace, { dir: newDir(), log: (line) => lines.push(line) });
    // replayConcurrent throws on any difference; these are the figures.
    expect(result.txns).toBe(26_078);
    expect(result.agents).toBe(2);
    expect(result.endLength).toBe(trace.endContent.length);
    expect(result.serverAppends).toBeGreaterThan(0);
    console.log(lines.join('\n'));
  });

  it('accepts a sequential trace as one agent\'s chain', async () => {
    const dir = newDir();
    const file = path.join(dir, 'small.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ startContent: 'ab', endContent: 'xa😀c', txns: [{ patches: [[1, 1, '😀']] }, { patches: [[0, 0, 'x'], [3, 0, 'c']] }] }),
    );
    const trace = loadConcurrentTrace(file);
    expect(trace.kind).toBe('sequential');
    await replayConcurrent(trace, { dir });
  });

  // --- (b) SIGKILL during sync ----------------------------------------------------------------------

  it('keeps every acknowledged change when the server is killed with SIGKILL, and takes offline edits after restart', async () => {
    await seeded('sigkill', async (gen) => {
      const dataDir = newDir();
      const docName = 'a1/section/s1';
      let server = await startServer(dataDir);
      const port = server.port;
      const reconnect = { delay: 50, minDelay: 50, maxDelay: 200, factor: 1.5 };
      const CLIENTS = 3;
      const clients = Array.from({ length: CLIENTS }, (_, c) => {
        const doc = new Y.Doc();
        const client = {
          c,
          doc,
          provider: null as unknown as HocuspocusProvider,
          pushed: [] as string[],
          /** The client's state vector whenever its unacknowledged count fell to 0 before the kill. */
          acked: null as Uint8Array | null,
          acks: 0,
        };
        client.provider = connectProvider(server.url, docName, doc, reconnect);
        client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
          if (number === 0 && phase === 'online') {
            client.acked = Y.encodeStateVector(doc);
            client.acks++;
          }
        });
        return client;
      });
      let phase: 'online' | 'killed' | 'restarted' = 'online';
      try {
        await waitFor(() => clients.every((cl) => cl.provider.isSynced), 20_000, () => 'clients did not sync');

        // Each client edits at its own random pace until told to stop.
        let editing = true;
        const editors = clients.map(async (cl) => {
          for (let n = 0; editing; n++) {
            const item = `${cl.c}:${n}`;
            cl.doc.transact(() => {
              // One decision-log entry per item; some section text besides.
              recordTestPosition(cl.doc, item);
              if (prng.bool(gen)) {
                const text = firstParagraphText(cl.doc);
                text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 12));
              }
            });
            cl.pushed.push(item);
            // Now and then a breath, so that acknowledgements catch up even on a loaded machine (the
            // server records each update's author too): each client must see some before the kill.
            await sleep(n % 10 === 9 ? 30 : prng.int32(gen, 0, 4));
          }
        });

        await sleep(prng.int32(gen, 200, 700));
        // On a loaded machine the first acknowledgements may take longer than that: the kill must
        // come while the clients write, after each has had some of its changes acknowledged.
        await waitFor(() => clients.every((cl) => cl.acks > 0), 20_000, () => `no acknowledgement for ${clients.filter((cl) => cl.acks === 0).map((cl) => cl.c).join(', ')}`);
        phase = 'killed';
        const killedAt = clients.map((cl) => cl.pushed.length);
        await server.stop('SIGKILL');
        // The clients keep editing offline for a while.
        await sleep(prng.int32(gen, 100, 400));

        // What the killed server left on disk (its lock died with it) holds everything acknowledged.
        {
          const store = Store.open(path.join(dataDir, SERVER_WORKSPACE_FILE), { create: false });
          const stored = store.loadYDoc(docName);
          for (const cl of clients) {
            expect(cl.acks, `client ${cl.c} never saw an acknowledgement before the kill`).toBeGreaterThan(0);
            const { ok, missing } = covers(stored, cl.acked!);
            expect(ok, `client ${cl.c}: acknowledged changes missing on the server: ${missing.join(', ')}`).toBe(true);
          }
          stored.destroy();
          store.close();
        }

        // Restart on the same port: the providers reconnect by themselves and push what they made offline.
        server = await startServer(dataDir, port);
        phase = 'restarted';
        await sleep(prng.int32(gen, 100, 300));
        editing = false;
        await Promise.all(editors);
        expect(clients.every((cl, i) => cl.pushed.length > killedAt[i]), 'clients edited after the kill').toBe(true);

        const sv = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex');
        await waitFor(
          () => clients.every((cl) => cl.provider.isSynced && !cl.provider.hasUnsyncedChanges && sv(cl.doc) === sv(clients[0].doc)),
          30_000,
          () => `clients did not converge after restart: ${clients.map((cl) => `${cl.c}: synced=${cl.provider.isSynced} unsynced=${cl.provider.unsyncedChanges}`).join('; ')}`,
        );
        const everything = clients.flatMap((cl) => cl.pushed).sort();
        for (const cl of clients) expect(loggedClauseIds(cl.doc).sort()).toEqual(everything);

        for (const cl of clients) cl.provider.destroy();
        expect(await server.stop('SIGTERM')).toBe(0);
        const store = Store.open(path.join(dataDir, SERVER_WORKSPACE_FILE), { create: false });
        const stored = store.loadYDoc(docName);
        expect(loggedClauseIds(stored).sort()).toEqual(everything);
        expect(stored.getXmlFragment(SECTION_FRAGMENT).toString()).toBe(clients[0].doc.getXmlFragment(SECTION_FRAGMENT).toString());
        expect(store.agreementIds()).toEqual(['a1']);
        stored.destroy();
        store.close();
      } finally {
        for (const cl of clients) cl.provider.destroy();
        await server.stop('SIGKILL');
      }
    });
  });

  // --- (c) malformed and oversized messages ---------------------------------------------------------

  it('closes a connection that sends a malformed or oversized message and keeps serving the others', async () => {
    await seeded('bad input', async (gen) => {
      const server = await startSyncServer({ dataDir: newDir(), quiet: true, limits: { maxPayload: 64 * 1024 } });
      const good = new Y.Doc();
      const provider = connectProvider(server.url, 'a1/section/good', good);
      const other = new Y.Doc();
      const observer = connectProvider(server.url, 'a1/section/good', other);
      try {
        await waitFor(() => provider.isSynced && observer.isSynced, 10_000, () => 'providers did not sync');

        const rawClose = async (payload: Uint8Array | string): Promise<number> => {
          const ws = new WebSocket(server.url);
          await new Promise((resolve, reject) => {
            ws.once('open', resolve);
            ws.once('error', reject);
          });
          const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
          ws.on('error', () => {});
          ws.send(payload);
          return closed;
        };
        const message = (build: (e: encoding.Encoder) => void) => {
          const e = encoding.createEncoder();
          build(e);
          return encoding.toUint8Array(e);
        };
        const garbage = (n: number) => Uint8Array.from({ length: n }, () => prng.uint32(gen, 0, 255));
        const bad: [string, Uint8Array | string][] = [
          ['a truncated document name', Uint8Array.from([0x20, 0x61, 0x62])],
          ['random bytes after a valid name', message((e) => {
            encoding.writeVarString(e, 'a1/section/good');
            encoding.writeUint8Array(e, garbage(prng.int32(gen, 1, 40)));
          })],
          ['a broken Yjs update', message((e) => {
            encoding.writeVarString(e, 'a1/section/good');
            encoding.writeVarUint(e, 0); // Sync
            encoding.writeVarUint(e, 2); // update
            encoding.writeVarUint8Array(e, Uint8Array.from([5, 200, 1, 7, 7, 7]));
          })],
          ['an unknown message type', message((e) => {
            encoding.writeVarString(e, 'a1/section/good');
            encoding.writeVarUint(e, 42);
          })],
          ['a text frame', 'hello'],
        ];
        for (const [what, payload] of bad) {
          expect(await rawClose(payload), what).toBe(CLOSE_MALFORMED);
        }
        expect(await rawClose(new Uint8Array(65 * 1024))).toBe(CLOSE_TOO_BIG);
        expect(server.stats().rejectedConnections).toBe(bad.length + 1);

        // The good connection never noticed: it still edits and syncs, and the other client sees it.
        appendParagraph(good, 'still here');
        await waitFor(
          () => !provider.hasUnsyncedChanges && sectionPlainText(other) === 'still here',
          10_000,
          () => `good provider stopped syncing (unsynced=${provider.unsyncedChanges}, other sees ${JSON.stringify(sectionPlainText(other))})`,
        );
        // Nothing from the bad messages reached the document.
        expect(sectionPlainText(good)).toBe('still here');
        expect(good.getXmlFragment(SECTION_FRAGMENT).length).toBe(1);
      } finally {
        provider.destroy();
        observer.destroy();
        await server.close();
      }
    });
  });

  it('takes a burst of updates that each build on the one before, though Hocuspocus applies them later', async () => {
    const server = await startSyncServer({ dataDir: newDir(), quiet: true });
    const doc = new Y.Doc();
    const provider = connectProvider(server.url, 'a1/section/burst', doc);
    const other = new Y.Doc();
    const observer = connectProvider(server.url, 'a1/section/burst', other);
    try {
      await waitFor(() => provider.isSynced && observer.isSynced, 10_000, () => 'providers did not sync');
      // Fifty keystrokes in one tick: fifty messages that reach the server together, each checked
      // before Hocuspocus has applied the previous one.
      const text = appendParagraph(doc);
      for (let i = 0; i < 50; i++) text.insert(text.length, `${i};`);
      const expected = sectionPlainText(doc);
      await waitFor(
        () => !provider.hasUnsyncedChanges && sectionPlainText(other) === expected,
        10_000,
        () => `burst not taken (unsynced=${provider.unsyncedChanges}, refused=${server.stats().rejectedConnections}, other sees ${JSON.stringify(sectionPlainText(other))})`,
      );
      expect(server.stats().rejectedConnections).toBe(0);
    } finally {
      provider.destroy();
      observer.destroy();
      await server.close();
    }
  });

  // --- (d) document names ---------------------------------------------------------------------------

  it('refuses a document name that is not a document id', async () => {
    const dataDir = newDir();
    const server = await startSyncServer({ dataDir, quiet: true });
    const providers: HocuspocusProvider[] = [];
    try {
      for (const name of ['not-a-doc', 'a1/section/', '../etc/passwd', 'a1/structure/extra', 'a1/section/s 1']) {
        const doc = new Y.Doc();
        appendParagraph(doc, 'x');
        const provider = connectProvider(server.url, name, doc);
        providers.push(provider);
        const reason = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${name} was not refused`)), 10_000);
          provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
            clearTimeout(timer);
            resolve(reason);
          });
        });
        expect(reason, name).toBe(INVALID_DOC_REASON);
        expect(provider.isSynced).toBe(false);
      }
      // A valid name on the same server still works.
      const doc = new Y.Doc();
      const ok = connectProvider(server.url, 'a1/structure', doc);
      providers.push(ok);
      setStructureMeta(doc, 'title', 'ok');
      await waitFor(() => ok.isSynced && !ok.hasUnsyncedChanges, 10_000, () => 'valid name did not sync');
    } finally {
      for (const p of providers) p.destroy();
      await server.close();
    }
    const store = Store.open(path.join(dataDir, SERVER_WORKSPACE_FILE), { create: false });
    expect(store.agreementIds()).toEqual(['a1']);
    expect(structureTitle(store.loadYDoc('a1/structure'))).toBe('ok');
    store.close();
  });
});
