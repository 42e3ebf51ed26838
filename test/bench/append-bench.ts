// Append latency of the server's store (issue 13): the time from handing an update to the store
// until it is durable (the `enighed_append_seconds` metric), on SQLite and on PostgreSQL (a
// throwaway cluster, as in the tests), with `clients` providers typing one character every
// `intervalMs` into their own sections of one agreement through one server in this process, and
// the ack round trip each typist sees (sent → acknowledged). PostgreSQL is skipped when not installed.
import * as Y from 'yjs';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { startSyncServer } from '../../electron/server/server.ts';
import { connectProvider, waitFor } from '../../electron/server/replayTrace.ts';
import { appendParagraph } from '../helpers/docContent.ts';
import { postgresMissing, startPostgres } from '../helpers/postgresServer.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { percentile } from './stats.ts';

export interface AppendBenchOptions {
  clients?: number;
  intervalMs?: number;
  durationMs?: number;
}

export interface AppendFigures {
  store: 'sqlite' | 'postgres';
  appends: number;
  appendP50Ms: number;
  appendP99Ms: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

async function measure(store: 'sqlite' | 'postgres', url: string | undefined, options: Required<AppendBenchOptions>): Promise<AppendFigures> {
  const server = await startSyncServer({ dataDir: tempDir('enighed-append-bench-'), quiet: true, postgres: url });
  const providers: HocuspocusProvider[] = [];
  const acks: number[] = [];
  try {
    const typists = await Promise.all(
      Array.from({ length: options.clients }, async (_, i) => {
        const doc = new Y.Doc();
        const provider = connectProvider(server.url, `a1/section/s${i}`, doc);
        providers.push(provider);
        await waitFor(() => provider.isSynced, 30_000, () => 'did not sync');
        return { doc, provider, text: appendParagraph(doc, '') };
      }),
    );
    const end = Date.now() + options.durationMs;
    await Promise.all(
      typists.map(async (t, i) => {
        await new Promise((r) => setTimeout(r, (i * options.intervalMs) / options.clients));
        while (Date.now() < end) {
          // One keystroke, then wait for its acknowledgement (a typist's provider has one in flight).
          const sent = performance.now();
          t.text.insert(t.text.length, 'x');
          await waitFor(() => t.provider.unsyncedChanges === 0, 10_000, () => 'not acknowledged');
          acks.push(performance.now() - sent);
          await new Promise((r) => setTimeout(r, options.intervalMs));
        }
      }),
    );
    const q = await server.appendLatency();
    return { store, appends: q.count, appendP50Ms: q.p50 * 1000, appendP99Ms: q.p99 * 1000, ackP50Ms: percentile(acks.sort((a, b) => a - b), 50), ackP99Ms: percentile(acks, 99) };
  } finally {
    for (const p of providers) p.destroy();
    await server.close();
  }
}

export async function runAppendBench(options: AppendBenchOptions = {}): Promise<AppendFigures[]> {
  const o = { clients: options.clients ?? 20, intervalMs: options.intervalMs ?? 100, durationMs: options.durationMs ?? 10_000 };
  console.log(`append: ${o.clients} typists, one keystroke per ${o.intervalMs} ms each (after its ack), ${o.durationMs / 1000} s per store`);
  const results: AppendFigures[] = [await measure('sqlite', undefined, o)];
  if (postgresMissing) console.log(postgresMissing);
  else {
    const pg = await startPostgres();
    try {
      results.push(await measure('postgres', await pg.database(), o));
    } finally {
      await pg.stop();
    }
  }
  for (const r of results) {
    console.log(
      `  ${r.store.padEnd(8)} ${String(r.appends).padStart(6)} appends  append p50 ${r.appendP50Ms.toFixed(2)} ms  p99 ${r.appendP99Ms.toFixed(2)} ms  ack round trip p50 ${r.ackP50Ms.toFixed(2)} ms  p99 ${r.ackP99Ms.toFixed(2)} ms`,
    );
  }
  return results;
}
