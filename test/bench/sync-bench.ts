// Sync benchmark (issue 3): propagation latency between clients editing one section through a real
// sync server, and the server's memory per open section.
//
// The server runs as a child process (`node --import tsx electron/server/main.ts --data <tmp> --port 0
// --quiet`), so that it has its own event loop and the clients here do not steal its time slices.
// The clients are HocuspocusProviders (with `ws`, a socket each) spread over worker threads of this
// process (`syncWorkers`, default 2; client i goes to thread i mod N, sync-bench-worker.ts), so that
// no single event loop has to apply every client's copy of every edit — which real clients, each on
// a machine of its own, would not pay either. On a 2-core machine the server and the threads still
// share two cores, so the latencies are an upper bound: the table prints each thread's CPU and
// event-loop delay and both processes' CPU use so that the share of each side can be read off.
//
// Latency of an edit = time from just before the local transaction until the last *other* client
// has applied it. Every thread stamps with the same absolute clock (performance.timeOrigin +
// performance.now()), so no timestamp has to travel in the document. An edit is recognised on
// arrival by its Yjs id: a one-character insert by client c takes clock k = c's state before the
// insert, and a replica has applied it exactly when its state vector entry for c exceeds k (Yjs
// integrates a client's items in clock order and holds back anything with missing dependencies as
// pending, so the state never runs ahead of what is applied). Each remote transaction's
// `beforeState`/`afterState` say which clients advanced; a thread logs (client, new state, time) per
// advance and its send times, and posts both as typed arrays at the end; this thread matches them
// (an edit's latency is the maximum over its receivers). Nothing is added to the document — unlike
// a side Y.Map of send times, which would double the traffic being measured.
//
// Server memory: `process.memoryUsage()` after two forced GCs, asked for over the child's IPC
// channel by a small probe module preloaded with `--import data:…` (no change to the server), and
// the child's VmRSS from /proc/<pid>/status.
import { spawn, type ChildProcess } from 'node:child_process';
import { startPostgres } from '../helpers/postgresServer.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { waitFor } from '../../electron/server/replayTrace.ts';
import { absNow, plainText, type FromWorker, type SyncWorkerData, type ToWorker } from './sync-bench-worker.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_MAIN = path.join(repoRoot, 'electron/server/main.ts');
const DEMO_TEXT = path.join(repoRoot, 'resources/templates/gen2-midtjylland.demo.json');

export interface SyncBenchOptions {
  /** Client counts to measure latency at (default 2, 10, 50). */
  clientCounts?: number[];
  /** Typing time per client count whose edits are counted (default 10 s). */
  durationMs?: number;
  /** Typing before that, not counted (JIT, connection set-up; default 2 s). */
  warmupMs?: number;
  /** Each client types one character every min..max ms, uniformly at random (default 100–300). */
  intervalMs?: [min: number, max: number];
  /** Numbers of open sections to measure the server's memory at (default 1, 50, 200). */
  sectionCounts?: number[];
  /** Approximate characters of text per section in the memory test (default 4,000). */
  sectionChars?: number;
  /** Worker threads the latency test's clients are spread over (default 2). */
  syncWorkers?: number;
  /** Seed of every random choice (default: random, printed). */
  seed?: number;
  /** Where the servers' temporary data directories go (default: the OS temp dir). */
  dir?: string;
  /** The server's store: its SQLite file (default) or PostgreSQL (a throwaway cluster, issue 13). */
  store?: 'sqlite' | 'postgres';
  log?: (line: string) => void;
}

export interface LatencyRow {
  clients: number;
  /** Edits counted (made after the warm-up) that reached every other client. */
  samples: number;
  /** Counted edits that had not reached every other client when the drain timed out. */
  lost: number;
  editsPerSec: number;
  /** Until every other client has applied the edit (ms). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Until one given other client has applied it, over all (edit, receiver) pairs (ms). */
  eachP50: number;
  eachP99: number;
  /** CPU used during the run, in % of one core (the client process: all its threads). */
  serverCpuPct: number;
  clientCpuPct: number;
  /** The highest of the worker threads' event-loop delay p99s (ms). */
  clientLoopDelayP99: number;
  /** Per worker thread: its clients, its thread's CPU (% of one core) and event-loop delay p99 (ms). */
  workers: { clients: number; cpuPct: number; loopDelayP99: number }[];
}

export interface MemoryRow {
  sections: number;
  rssBytes: number;
  /** null when the memory probe did not answer (then only RSS is known). */
  heapUsedBytes: number | null;
  externalBytes: number | null;
}

export interface SyncBenchResult {
  seed: number;
  latency: LatencyRow[];
  memory: MemoryRow[];
  /** Mean encoded Yjs state of one section in the memory test. */
  sectionStateBytes: number;
  sectionTextChars: number;
  /** Growth per section between the last two measured counts (the marginal cost). */
  rssPerSection: number | null;
  heapPerSection: number | null;
  targets: Record<string, boolean>;
}

// --- the server as a child process ---------------------------------------------------------------

const PROBE_REQUEST = 'enighed-bench:memory';
/** Preloaded into the server: answers a memory request over the IPC channel after two full GCs. */
const MEMORY_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    `process.on('message', (m) => {
      if (m !== '${PROBE_REQUEST}') return;
      if (globalThis.gc) { globalThis.gc(); globalThis.gc(); }
      process.send({ kind: '${PROBE_REQUEST}', usage: process.memoryUsage() });
    });`,
  );

interface ServerMemory {
  rssBytes: number;
  heapUsedBytes: number | null;
  externalBytes: number | null;
}

interface ServerProcess {
  url: string;
  pid: number;
  /** CPU seconds (user + system) the server has used so far. */
  cpuSeconds(): number;
  memory(): Promise<ServerMemory>;
  stop(): Promise<void>;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function procCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces), from field 3 on: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function procRssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

async function spawnServer(dataDir: string, extraArgs: string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--import', MEMORY_PROBE, SERVER_MAIN, '--data', dataDir, '--port', '0', '--quiet', ...extraArgs],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the sync server printed no ENIGHED_SYNC_URL within 30 s; stderr: ${stderr}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const m = /^ENIGHED_SYNC_URL=(\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sync server exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
  const pid = child.pid!;

  return {
    url,
    pid,
    cpuSeconds: () => procCpuSeconds(pid),
    async memory() {
      const usage = await new Promise<NodeJS.MemoryUsage | null>((resolve) => {
        const timer = setTimeout(() => (child.off('message', onMessage), resolve(null)), 10_000);
        const onMessage = (m: unknown) => {
          const reply = m as { kind?: string; usage?: NodeJS.MemoryUsage };
          if (reply?.kind !== PROBE_REQUEST || !reply.usage) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(reply.usage);
        };
        child.on('message', onMessage);
        child.send(PROBE_REQUEST);
      });
      // After the probe's GCs, so that RSS is read at the same moment as the heap.
      return {
        rssBytes: procRssBytes(pid),
        heapUsedBytes: usage?.heapUsed ?? null,
        externalBytes: usage ? usage.external + usage.arrayBuffers : null,
      };
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

// --- helpers -------------------------------------------------------------------------------------

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** Paragraph texts of the demo agreement, the corpus the sections are written from. */
function demoParagraphs(): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === 'string') {
      if ((key === 'p' || key === undefined) && node.length > 40) out.push(node.replace(/\*\*/g, ''));
    } else if (Array.isArray(node)) for (const x of node) walk(x, key === 'ul' ? undefined : key);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk((JSON.parse(fs.readFileSync(DEMO_TEXT, 'utf8')) as { sections: unknown }).sections);
  if (out.length === 0) throw new Error(`no paragraphs found in ${DEMO_TEXT}`);
  return out;
}

/**
 * A section document as two authors would have written it: paragraphs of demo text typed in
 * bursts of 3–30 characters (one transaction each), mostly at the end, sometimes in the middle,
 * with occasional deletions, so that its Yjs items are fragmented as in a real document.
 */
function writeSection(gen: prng.PRNG, corpus: string[], chars: number): Y.Doc {
  const doc = new Y.Doc();
  const authors = [prng.uint32(gen, 1_000_000, 2 ** 31), prng.uint32(gen, 1_000_000, 2 ** 31)];
  doc.clientID = authors[0];
  const fragment = doc.getXmlFragment('prosemirror');
  let written = 0;
  while (written < chars) {
    const text = new Y.XmlText();
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [text]);
      fragment.insert(fragment.length, [paragraph]);
    });
    const target = Math.min(chars - written, prng.int32(gen, 400, 1200));
    let source = '';
    while (source.length < target) source += (source ? ' ' : '') + prng.oneOf(gen, corpus);
    source = source.slice(0, target);
    for (let at = 0; at < source.length; ) {
      if (prng.int32(gen, 0, 9) === 0) doc.clientID = prng.oneOf(gen, authors);
      const burst = source.slice(at, at + prng.int32(gen, 3, 30));
      at += burst.length;
      doc.transact(() => {
        const len = text.length;
        const roll = prng.int32(gen, 0, 19);
        if (roll === 0 && len > 20) text.delete(prng.int32(gen, 0, len - 10), prng.int32(gen, 1, 8));
        text.insert(roll === 1 ? prng.int32(gen, 0, text.length) : text.length, burst);
      });
    }
    written += plainText(text).length;
  }
  return doc;
}

// --- propagation latency -------------------------------------------------------------------------

/**
 * Evaluated by each worker thread: registers tsx's loader there (a worker started with
 * `execArgv: ['--import', 'tsx']` does not get it for its entry module on Node 20), then loads the
 * worker module, which starts from `workerData.syncBench`.
 */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => {
  register();
  return import(${JSON.stringify(new URL('./sync-bench-worker.ts', import.meta.url).href)});
})`;

interface WorkerLink {
  send(message: ToWorker): void;
  /** The worker's next message of this kind; rejects if the worker fails or exits first. */
  next<K extends FromWorker['kind']>(kind: K): Promise<Extract<FromWorker, { kind: K }>>;
  terminate(): Promise<void>;
}

function startWorker(data: SyncWorkerData): WorkerLink {
  const worker = new Worker(WORKER_BOOT, { eval: true, workerData: { syncBench: data } });
  const inbox: FromWorker[] = [];
  let failure: Error | null = null;
  let wake = () => {};
  worker.on('message', (m: FromWorker) => (inbox.push(m), wake()));
  worker.on('error', (error) => ((failure ??= error), wake()));
  worker.on('exit', (code) => ((failure ??= new Error(`a sync bench worker exited (code ${code}) before it had finished`)), wake()));
  return {
    send: (message) => worker.postMessage(message),
    async next(kind) {
      for (;;) {
        const i = inbox.findIndex((m) => m.kind === kind);
        if (i >= 0) return inbox.splice(i, 1)[0] as Extract<FromWorker, { kind: typeof kind }>;
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    terminate: () => worker.terminate().then(() => {}),
  };
}

interface Series {
  clocks: Int32Array;
  times: Float64Array;
}

async function measureLatency(
  server: ServerProcess,
  count: number,
  options: Required<Pick<SyncBenchOptions, 'durationMs' | 'warmupMs' | 'intervalMs' | 'syncWorkers'>>,
  gen: prng.PRNG,
  corpus: string[],
): Promise<LatencyRow> {
  // One seed per client, so that a client types the same whichever thread it lands on.
  const clientSeeds = Array.from({ length: count }, () => prng.uint32(gen, 0, 2 ** 31));
  const threads = Math.max(1, Math.min(options.syncWorkers, count));
  const shares = Array.from({ length: threads }, (_, w) => Array.from({ length: count }, (_, i) => i).filter((i) => i % threads === w));
  const links = shares.map((clients) =>
    startWorker({
      url: server.url,
      docName: 'a1/section/s1',
      seedText: corpus[0],
      count,
      clients,
      clientSeeds: clients.map((i) => clientSeeds[i]),
      intervalMs: options.intervalMs,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
    }),
  );
  let cpuTimer: NodeJS.Timeout | undefined;
  try {
    await Promise.all(links.map((l) => l.next('ready')));
    await sleep(300); // let the awareness announcements of the last connections pass

    const startAt = absNow() + 50; // time for the start message to reach every worker
    const countFrom = startAt + options.warmupMs;
    let cpuStart = { at: countFrom, server: server.cpuSeconds(), client: process.cpuUsage() };
    cpuTimer = setTimeout(() => (cpuStart = { at: absNow(), server: server.cpuSeconds(), client: process.cpuUsage() }), countFrom - absNow());
    for (const l of links) l.send({ kind: 'start', startAt });
    const typed = await Promise.all(links.map((l) => l.next('typed')));
    const target = new Array<number>(count).fill(0);
    shares.forEach((share, w) => share.forEach((i, j) => (target[i] = typed[w].clocks[j])));
    for (const l of links) l.send({ kind: 'drain', target });
    const results = await Promise.all(links.map((l) => l.next('result')));
    const elapsedSec = (absNow() - cpuStart.at) / 1000;
    const clientCpu = process.cpuUsage(cpuStart.client);
    const serverCpuPct = ((server.cpuSeconds() - cpuStart.server) / elapsedSec) * 100;
    const clientCpuPct = ((clientCpu.user + clientCpu.system) / 1e6 / elapsedSec) * 100;

    // Every replica must end with the same text (a wrong result fails the benchmark).
    const texts = results.flatMap((r) => r.texts);
    const differ = texts.filter((t) => t !== texts[0]).length;
    if (differ > 0 || !results.every((r) => r.synced)) {
      throw new Error(`clients did not converge: ${differ} differ from client ${shares[0][0]}${results.every((r) => r.synced) ? '' : ', some had unacknowledged changes'}`);
    }

    // Regroup the workers' arrays by client: what each sent, and when each received whose edits.
    const sends: (Series & { counted: Uint8Array })[] = [];
    const received: Series[] = []; // [r * count + s]
    results.forEach((res, w) => {
      let at = 0;
      shares[w].forEach((r, j) => {
        const [from, to] = [res.sendOffsets[j], res.sendOffsets[j + 1]];
        sends[r] = { clocks: res.sendClocks.subarray(from, to), times: res.sendTimes.subarray(from, to), counted: res.sendCounted.subarray(from, to) };
        for (let s = 0; s < count; s++) {
          const n = res.arrivalCounts[j * count + s];
          received[r * count + s] = { clocks: res.arrivalClocks.subarray(at, at + n), times: res.arrivalTimes.subarray(at, at + n) };
          at += n;
        }
      });
    });
    const all: number[] = [];
    const each: number[] = [];
    let lost = 0;
    let countedEdits = 0;
    for (let s = 0; s < count; s++) {
      const sent = sends[s];
      const slowest = new Float64Array(sent.clocks.length);
      const reached = new Int32Array(sent.clocks.length);
      for (let r = 0; r < count; r++) {
        if (r === s) continue;
        const log = received[r * count + s];
        // Edit k arrived at the first event whose state exceeds its clock; both are ascending.
        for (let k = 0, e = 0; k < sent.clocks.length; k++) {
          while (e < log.clocks.length && log.clocks[e] <= sent.clocks[k]) e++;
          if (e === log.clocks.length) break;
          const latency = log.times[e] - sent.times[k];
          if (latency > slowest[k]) slowest[k] = latency;
          reached[k]++;
          if (sent.counted[k]) each.push(latency);
        }
      }
      for (let k = 0; k < sent.clocks.length; k++) {
        if (!sent.counted[k]) continue;
        countedEdits++;
        if (reached[k] === count - 1) all.push(slowest[k]);
        else lost++;
      }
    }
    all.sort((a, b) => a - b);
    each.sort((a, b) => a - b);
    const workers = results.map((r, w) => ({ clients: shares[w].length, cpuPct: r.cpuPct, loopDelayP99: r.loopDelayP99 }));
    return {
      clients: count,
      samples: all.length,
      lost,
      editsPerSec: countedEdits / (options.durationMs / 1000),
      p50: percentile(all, 0.5),
      p95: percentile(all, 0.95),
      p99: percentile(all, 0.99),
      max: all.length ? all[all.length - 1] : NaN,
      eachP50: percentile(each, 0.5),
      eachP99: percentile(each, 0.99),
      serverCpuPct,
      clientCpuPct,
      clientLoopDelayP99: Math.max(...workers.map((x) => x.loopDelayP99)),
      workers,
    };
  } finally {
    clearTimeout(cpuTimer);
    await Promise.all(links.map((l) => l.terminate()));
  }
}

// --- server memory per open section --------------------------------------------------------------

interface MemoryRun {
  rows: MemoryRow[];
  stateBytes: number;
  textChars: number;
}

/**
 * One client on one socket opens sections one after another (each a HocuspocusProvider multiplexed
 * on that socket, its document already holding the section's text, which reaches the server as
 * sync step 2 and is stored); the server's memory is read before the first and once each count in
 * `counts` is open, every section synced and acknowledged.
 */
async function measureMemory(server: ServerProcess, counts: number[], chars: number, gen: prng.PRNG, corpus: string[]): Promise<MemoryRun> {
  const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
  const providers: HocuspocusProvider[] = [];
  const docs: Y.Doc[] = [];
  let stateBytes = 0;
  let textChars = 0;
  try {
    await waitFor(() => socket.status === 'connected', 30_000, () => 'the memory test\'s socket did not connect within 30 s');
    // Settle, as after each step below.
    await sleep(STEP_SETTLE_MS);
    const rows: MemoryRow[] = [{ sections: 0, ...(await server.memory()) }];
    for (const target of [...counts].sort((a, b) => a - b)) {
      while (providers.length < target) {
        const doc = writeSection(gen, corpus, chars);
        stateBytes += Y.encodeStateAsUpdate(doc).byteLength;
        textChars += doc
          .getXmlFragment('prosemirror')
          .toArray()
          .reduce((n, p) => n + plainText((p as Y.XmlElement).get(0) as Y.XmlText).length, 0);
        const provider = new HocuspocusProvider({ websocketProvider: socket, name: `bench/section/m${providers.length}`, document: doc });
        provider.attach();
        providers.push(provider);
        docs.push(doc);
      }
      await waitFor(
        () => providers.every((p) => p.isSynced && !p.hasUnsyncedChanges),
        60_000,
        () => `${providers.filter((p) => !p.isSynced || p.hasUnsyncedChanges).length} of ${target} sections did not sync within 60 s`,
      );
      // Hocuspocus' debounced onStoreDocument (2 s after the last change) keeps closures per
      // document until it has run; measure after it, in the steady state of an open section.
      await sleep(STEP_SETTLE_MS);
      rows.push({ sections: target, ...(await server.memory()) });
    }
    return { rows, stateBytes: stateBytes / providers.length, textChars: textChars / providers.length };
  } finally {
    for (const p of providers) p.destroy();
    socket.destroy();
    for (const d of docs) d.destroy();
  }
}

const STEP_SETTLE_MS = 2_500;

/** The 1-minute load average, with the 5-minute one: the machine is shared, so say how busy it was. */
const loadAverage = () => os.loadavg().slice(0, 2).map((x) => x.toFixed(1)).join(' / ');

// --- the benchmark -------------------------------------------------------------------------------

export async function runSyncBench(options: SyncBenchOptions = {}): Promise<SyncBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clientCounts = options.clientCounts ?? [2, 10, 50];
  const sectionCounts = options.sectionCounts ?? [1, 50, 200];
  const durationMs = options.durationMs ?? 10_000;
  const warmupMs = options.warmupMs ?? 2_000;
  const intervalMs = options.intervalMs ?? [100, 300];
  const syncWorkers = options.syncWorkers ?? 2;
  if (!Number.isInteger(syncWorkers) || syncWorkers < 1) throw new Error(`syncWorkers must be a whole number of at least 1, not ${syncWorkers}`);
  const sectionChars = options.sectionChars ?? 4_000;
  const seed = options.seed ?? prng.uint32(prng.create(Date.now()), 0, 2 ** 31);
  const gen = prng.create(seed);
  const corpus = demoParagraphs();
  const root = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'enighed-sync-bench-'));
  // With PostgreSQL every server of the run gets a fresh database in one throwaway cluster.
  const postgres = options.store === 'postgres' ? await startPostgres() : null;
  const storeArgs = async (): Promise<string[]> => (postgres ? ['--postgres', await postgres.database()] : []);

  log(
    `sync bench: seed ${seed} (--seed to repeat); store ${options.store ?? 'sqlite'}; server = child process, clients spread over ${syncWorkers} worker thread(s) of this process ` +
      `(sync workers: ${syncWorkers}); ` +
      `${os.cpus().length} cores, load average ${loadAverage()} at start`,
  );
  log(
    `  propagation latency, one section (a1/section/s1): each client types 1 character every ${intervalMs[0]}-${intervalMs[1]} ms, ` +
      `${durationMs / 1000} s counted after ${warmupMs / 1000} s warm-up`,
  );
  log(
    '  latency = local transaction -> applied by every other client (ms); "one" = to a single other client; ' +
      '"cli CPU" = the client process (all threads), "cli loop p99" = the worst worker thread',
  );
  const latency: LatencyRow[] = [];
  const n = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  log(
    `  ${pad('clients', 7)} ${pad('edits/s', 7)} ${pad('samples', 7)} ${pad('lost', 4)} ${pad('p50', 6)} ${pad('p95', 6)} ${pad('p99', 6)} ${pad('max', 6)}` +
      ` ${pad('one p50', 7)} ${pad('one p99', 7)} ${pad('srv CPU', 7)} ${pad('cli CPU', 7)} ${pad('cli loop p99', 12)}`,
  );
  try {
    for (const count of clientCounts) {
      const server = await spawnServer(fs.mkdtempSync(path.join(root, `latency-${count}-`)), await storeArgs());
      try {
        const r = await measureLatency(server, count, { durationMs, warmupMs, intervalMs, syncWorkers }, gen, corpus);
        latency.push(r);
        log(
          `  ${pad(r.clients, 7)} ${pad(n(r.editsPerSec, 0), 7)} ${pad(r.samples, 7)} ${pad(r.lost, 4)} ${pad(n(r.p50), 6)} ${pad(n(r.p95), 6)} ${pad(n(r.p99), 6)} ${pad(n(r.max), 6)}` +
            ` ${pad(n(r.eachP50), 7)} ${pad(n(r.eachP99), 7)} ${pad(`${n(r.serverCpuPct, 0)}%`, 7)} ${pad(`${n(r.clientCpuPct, 0)}%`, 7)} ${pad(n(r.clientLoopDelayP99), 12)}`,
        );
        log(
          `  ${''.padStart(7)} per worker thread (clients, thread CPU, loop p99 ms): ` +
            r.workers.map((w, i) => `w${i} ${w.clients}, ${n(w.cpuPct, 0)}%, ${n(w.loopDelayP99)}`).join('; '),
        );
      } finally {
        await server.stop();
      }
    }
    const starved = latency.filter((r) => r.clientLoopDelayP99 > 20);
    if (starved.length > 0) {
      log(
        `  note: at ${starved.map((r) => r.clients).join(', ')} clients a worker thread's event loop lagged (p99 above 20 ms): ` +
          'one thread applying its clients\' copies of every edit is part of the latency measured, which real ' +
          'clients, each on a machine of its own, would not pay',
      );
    }
    const targets: Record<string, boolean> = {};
    const at50 = latency.find((r) => r.clients === 50);
    if (at50) {
      targets.p99At50 = at50.p99 < 100 && at50.lost === 0;
      log(`  target p99 < 100 ms at 50 clients: ${targets.p99At50 ? 'met' : 'MISSED'} (p99 ${n(at50.p99)} ms, ${at50.lost} lost)`);
    }

    let memory: MemoryRow[] = [];
    let mem: MemoryRun | null = null;
    if (sectionCounts.length > 0) {
      const server = await spawnServer(fs.mkdtempSync(path.join(root, 'memory-')), await storeArgs());
      try {
        mem = await measureMemory(server, sectionCounts, sectionChars, gen, corpus);
        memory = mem.rows;
      } finally {
        await server.stop();
      }
      const kib = (x: number | null) => (x === null ? '-' : `${(x / 1024).toFixed(0)} KiB`);
      const mib = (x: number | null) => (x === null ? '-' : `${(x / 1024 / 1024).toFixed(1)} MiB`);
      log(
        `  server memory per open section: one client, one socket; each section ~${n(mem.textChars, 0)} characters of text ` +
          `in ${n(mem.stateBytes / 1024)} KiB of Yjs state (after 2 forced GCs in the server)`,
      );
      log(`  ${pad('sections', 8)} ${pad('RSS', 10)} ${pad('heap used', 10)} ${pad('external', 10)} ${pad('RSS/sect', 9)} ${pad('heap/sect', 9)}  (per section: growth since the previous row)`);
      memory.forEach((r, i) => {
        const prev = memory[i - 1];
        const per = (a: number | null, b: number | null | undefined) =>
          prev && a !== null && b !== null && b !== undefined ? kib((a - b) / (r.sections - prev.sections)) : '';
        log(
          `  ${pad(r.sections, 8)} ${pad(mib(r.rssBytes), 10)} ${pad(mib(r.heapUsedBytes), 10)} ${pad(mib(r.externalBytes), 10)}` +
            ` ${pad(per(r.rssBytes, prev?.rssBytes), 9)} ${pad(per(r.heapUsedBytes, prev?.heapUsedBytes), 9)}`,
        );
      });
    }
    log(`  load average ${loadAverage()} at the end (other processes on the machine inflate the latencies)`);
    const last = memory[memory.length - 1];
    const before = memory[memory.length - 2];
    const slope = (a: number | null | undefined, b: number | null | undefined) =>
      last && before && a != null && b != null ? (a - b) / (last.sections - before.sections) : null;
    const rssPerSection = slope(last?.rssBytes, before?.rssBytes);
    const heapPerSection = slope(last?.heapUsedBytes, before?.heapUsedBytes);
    if (last && before) {
      log(
        `  marginal cost of an open section (${before.sections} -> ${last.sections}): ` +
          `${rssPerSection === null ? '-' : Math.round(rssPerSection).toLocaleString('en-US')} bytes RSS, ` +
          `${heapPerSection === null ? '-' : Math.round(heapPerSection).toLocaleString('en-US')} bytes heap`,
      );
    }
    return {
      seed,
      latency,
      memory,
      sectionStateBytes: mem?.stateBytes ?? 0,
      sectionTextChars: mem?.textChars ?? 0,
      rssPerSection,
      heapPerSection,
      targets,
    };
  } finally {
    await postgres?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
