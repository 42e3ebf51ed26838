// A worker thread of the sync benchmark's latency test (sync-bench.ts): hosts its share of the
// clients, each a Y.Doc with a HocuspocusProvider on a socket of its own, types on their behalf and
// notes when the edits of every client arrive at its own clients. Times are absolute
// (performance.timeOrigin + performance.now()), so that they compare across threads. Nothing is
// posted per event: at the end the worker sends its send times and arrival logs as typed arrays,
// and sync-bench.ts matches them up.
//
// Protocol (main -> worker / worker -> main):
//   worker: ready                 every local client has synced with the server
//   main:   start { startAt }     type from startAt (warm-up, then the counted time) until the end
//   worker: typed { clocks }      typing is over; the final own clock of each local client
//   main:   drain { target }      wait until every local client has applied everyone's edits
//   worker: result                send times, arrival logs, CPU, event-loop delay, final texts
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { connectProvider, waitFor } from '../../electron/server/replayTrace.ts';

export interface SyncWorkerData {
  url: string;
  docName: string;
  /** Text of the paragraph every client starts from. */
  seedText: string;
  /** All clients of the run; client i has Yjs clientID CLIENT_ID_BASE + i. */
  count: number;
  /** The (global) indices of this worker's clients. */
  clients: number[];
  /** A seed per local client: its typing positions, characters and pauses. */
  clientSeeds: number[];
  intervalMs: [number, number];
  warmupMs: number;
  durationMs: number;
}

export type ToWorker = { kind: 'start'; startAt: number } | { kind: 'drain'; target: number[] };

export interface WorkerResult {
  kind: 'result';
  /** Edits of local client j: indices sendOffsets[j] .. sendOffsets[j + 1] of the next three. */
  sendOffsets: Int32Array;
  /** Own clock of the edit (its one-character insert takes exactly that clock). */
  sendClocks: Int32Array;
  /** Absolute time just before the local transaction (ms). */
  sendTimes: Float64Array;
  /** 1 when made after the warm-up. */
  sendCounted: Uint8Array;
  /**
   * Arrival log: for local receiver j and sender s (global), arrivalCounts[j * count + s] events,
   * consecutive in arrivalClocks/arrivalTimes in (j, s) order; event (c, t) = at time t the
   * receiver's state for s reached c, i.e. every edit of s with clock < c had been applied.
   */
  arrivalCounts: Int32Array;
  arrivalClocks: Int32Array;
  arrivalTimes: Float64Array;
  /** CPU of this worker's thread from the end of the warm-up until drained, % of one core. */
  cpuPct: number;
  /** 99th percentile of this thread's event-loop delay over the same time (ms). */
  loopDelayP99: number;
  /** Every local client had applied every edit within the drain time. */
  drained: boolean;
  /** No local client had unacknowledged changes when the texts were taken. */
  synced: boolean;
  /** Final plain text of each local client. */
  texts: string[];
}

export type FromWorker = { kind: 'ready' } | { kind: 'typed'; clocks: number[] } | WorkerResult;

export const CLIENT_ID_BASE = 1000;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzæøå      ';
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Absolute time in ms, comparable between threads. */
export const absNow = () => performance.timeOrigin + performance.now();

/** Plain text of a Y.XmlText (its toString() would render formatting as tags). */
export const plainText = (text: Y.XmlText) => Y.Text.prototype.toString.call(text);

/** CPU seconds (user + system) of the calling thread so far. */
function threadCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The update that creates the section's paragraph with a first sentence; every client starts from it. */
function seedUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1;
  doc.transact(() => {
    const t = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [t]);
    doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    t.insert(0, text);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

interface Client {
  index: number;
  doc: Y.Doc;
  text: Y.XmlText;
  provider: HocuspocusProvider;
  gen: prng.PRNG;
  /** Where this client types: just after its own last character, wherever others type meanwhile. */
  cursor: Y.RelativePosition | null;
  timer: NodeJS.Timeout | null;
  sendClocks: number[];
  sendTimes: number[];
  sendCounted: number[];
  /** Per sender (global index): [clock, time, clock, time, …]. */
  arrivals: number[][];
}

const nextMessage = <K extends ToWorker['kind']>(kind: K) =>
  new Promise<Extract<ToWorker, { kind: K }>>((resolve) => {
    const on = (m: ToWorker) => {
      if (m.kind !== kind) return;
      parentPort!.off('message', on);
      resolve(m as Extract<ToWorker, { kind: K }>);
    };
    parentPort!.on('message', on);
  });

async function run(data: SyncWorkerData): Promise<void> {
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  const { count } = data;
  const seed = seedUpdate(data.seedText);
  const clients: Client[] = [];
  try {
    data.clients.forEach((index, j) => {
      const doc = new Y.Doc();
      doc.clientID = CLIENT_ID_BASE + index; // fixed, so that runs with one seed are alike
      Y.applyUpdate(doc, seed);
      const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      const arrivals: number[][] = Array.from({ length: count }, () => []);
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.local) return;
        const now = absNow();
        for (const [clientId, after] of tr.afterState) {
          const s = clientId - CLIENT_ID_BASE;
          if (s < 0 || s >= count || s === index || after <= (tr.beforeState.get(clientId) ?? 0)) continue;
          arrivals[s].push(after, now);
        }
      });
      clients.push({
        index,
        doc,
        text,
        provider: connectProvider(data.url, data.docName, doc),
        gen: prng.create(data.clientSeeds[j]),
        cursor: null,
        timer: null,
        sendClocks: [],
        sendTimes: [],
        sendCounted: [],
        arrivals,
      });
    });
    const started = nextMessage('start');
    await waitFor(
      () => clients.every((c) => c.provider.isSynced),
      30_000,
      () => `${clients.filter((c) => !c.provider.isSynced).length} of ${clients.length} clients of a worker did not sync within 30 s`,
    );
    post({ kind: 'ready' });
    const { startAt } = await started;

    const countFrom = startAt + data.warmupMs;
    const endAt = countFrom + data.durationMs;
    const [minGap, maxGap] = data.intervalMs;
    const type = (c: Client, counted: boolean) => {
      const len = c.text.length;
      const abs = c.cursor && Y.createAbsolutePositionFromRelativePosition(c.cursor, c.doc);
      const pos = abs ? Math.min(abs.index, len) : prng.int32(c.gen, 0, len);
      const ch = prng.oneOf(c.gen, ALPHABET.split(''));
      const clock = Y.getState(c.doc.store, c.doc.clientID);
      const t0 = absNow();
      c.text.insert(pos, ch);
      c.sendClocks.push(clock);
      c.sendTimes.push(t0);
      c.sendCounted.push(counted ? 1 : 0);
      // assoc -1: stick to the character just typed, so this client's run stays contiguous.
      c.cursor = Y.createRelativePositionFromTypeIndex(c.text, pos + 1, -1);
    };

    // This thread's event-loop delay and CPU while the counted edits are made and delivered.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    let cpuStart = { at: countFrom, cpu: threadCpuSeconds() };
    const loopTimer = setTimeout(() => {
      loopDelay.enable();
      cpuStart = { at: absNow(), cpu: threadCpuSeconds() };
    }, countFrom - absNow());
    await new Promise<void>((resolve) => {
      let running = clients.length;
      if (running === 0) resolve();
      for (const c of clients) {
        const tick = () => {
          const now = absNow();
          if (now >= endAt) {
            c.timer = null;
            if (--running === 0) resolve();
            return;
          }
          type(c, now >= countFrom);
          c.timer = setTimeout(tick, prng.int32(c.gen, minGap, maxGap));
        };
        c.timer = setTimeout(tick, startAt - absNow() + prng.int32(c.gen, 0, maxGap));
      }
    });
    const drainTarget = nextMessage('drain');
    post({ kind: 'typed', clocks: clients.map((c) => Y.getState(c.doc.store, c.doc.clientID)) });
    const { target } = await drainTarget;

    // The edits still in flight when typing stops are counted once they arrive.
    const drained = await waitFor(
      () => clients.every((c) => target.every((clock, s) => s === c.index || Y.getState(c.doc.store, CLIENT_ID_BASE + s) >= clock)),
      15_000,
      () => 'drain',
    ).then(
      () => true,
      () => false,
    );
    clearTimeout(loopTimer);
    loopDelay.disable();
    const cpuPct = ((threadCpuSeconds() - cpuStart.cpu) / ((absNow() - cpuStart.at) / 1000)) * 100;
    const synced = await waitFor(() => clients.every((c) => !c.provider.hasUnsyncedChanges), 15_000, () => 'unsynced').then(
      () => true,
      () => false,
    );

    const sendOffsets = new Int32Array(clients.length + 1);
    clients.forEach((c, j) => (sendOffsets[j + 1] = sendOffsets[j] + c.sendClocks.length));
    const arrivalCounts = new Int32Array(clients.length * count);
    clients.forEach((c, j) => c.arrivals.forEach((log, s) => (arrivalCounts[j * count + s] = log.length / 2)));
    const logs = clients.flatMap((c) => c.arrivals);
    const arrivalClocks = new Int32Array(logs.flatMap((log) => log.filter((_, k) => k % 2 === 0)));
    const arrivalTimes = new Float64Array(logs.flatMap((log) => log.filter((_, k) => k % 2 === 1)));
    const result: WorkerResult = {
      kind: 'result',
      sendOffsets,
      sendClocks: new Int32Array(clients.flatMap((c) => c.sendClocks)),
      sendTimes: new Float64Array(clients.flatMap((c) => c.sendTimes)),
      sendCounted: new Uint8Array(clients.flatMap((c) => c.sendCounted)),
      arrivalCounts,
      arrivalClocks,
      arrivalTimes,
      cpuPct,
      loopDelayP99: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : NaN,
      drained,
      synced,
      texts: clients.map((c) => plainText(c.text)),
    };
    const buffers = [result.sendOffsets, result.sendClocks, result.sendTimes, result.sendCounted, arrivalCounts, arrivalClocks, arrivalTimes];
    post(result, buffers.map((a) => a.buffer as ArrayBuffer));
  } finally {
    for (const c of clients) {
      if (c.timer) clearTimeout(c.timer);
      c.provider.destroy();
      c.doc.destroy();
    }
  }
}

if (parentPort && (workerData as { syncBench?: SyncWorkerData } | null)?.syncBench) {
  const data = (workerData as { syncBench: SyncWorkerData }).syncBench;
  // An error rejects run(); rethrown outside the promise it reaches the main thread's 'error' event.
  run(data).then(
    () => parentPort!.close(),
    (error: unknown) =>
      setImmediate(() => {
        throw error;
      }),
  );
}
