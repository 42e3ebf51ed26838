// Sync benchmark (issue 3): propagation latency between clients editing one section through a real
// sync server, and the server's memory per open section.
//
// The server runs as a child process (`node --import tsx electron/server/main.ts --data <tmp> --port 0
// --quiet`), so that it has its own event loop and the clients here do not steal its time slices;
// the clients are HocuspocusProviders (with `ws`) in this process. On a 2-core machine the server
// then has one core and all clients share the other, so the latencies are an upper bound for real
// clients, each of which has a machine of its own: the table prints the clients' event-loop delay
// and both processes' CPU use so that the share of each side can be read off.
//
// Latency of an edit = time from just before the local transaction until the last *other* client
// has applied it. All clients live in this process, so they share one clock (performance.now()) and
// no timestamp has to travel in the document. An edit is recognised on arrival by its Yjs id: a
// one-character insert by client c takes clock k = c's state before the insert, and a replica has
// applied it exactly when its state vector entry for c exceeds k (Yjs integrates a client's items
// in clock order and holds back anything with missing dependencies as pending, so the state never
// runs ahead of what is applied). Each remote transaction's `beforeState`/`afterState` say which
// clients advanced, so matching costs a few comparisons per received update and adds nothing to the
// document — unlike a side Y.Map of send times, which would double the traffic being measured.
//
// Server memory: `process.memoryUsage()` after two forced GCs, asked for over the child's IPC
// channel by a small probe module preloaded with `--import data:…` (no change to the server), and
// the child's VmRSS from /proc/<pid>/status.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { connectProvider, waitFor } from '../../electron/server/replayTrace.ts';

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
  /** Seed of every random choice (default: random, printed). */
  seed?: number;
  /** Where the servers' temporary data directories go (default: the OS temp dir). */
  dir?: string;
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
  /** CPU used during the run, in % of one core. */
  serverCpuPct: number;
  clientCpuPct: number;
  /** 99th percentile of this (client) process' event-loop delay (ms). */
  clientLoopDelayP99: number;
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

async function spawnServer(dataDir: string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--import', MEMORY_PROBE, SERVER_MAIN, '--data', dataDir, '--port', '0', '--quiet'],
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

/** Plain text of a Y.XmlText (its toString() would render formatting as tags). */
const plainText = (text: Y.XmlText) => Y.Text.prototype.toString.call(text);

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

interface Edit {
  clock: number;
  t0: number;
  /** Other clients that have not applied it yet. */
  remaining: number;
  /** Latency to the slowest receiver so far. */
  slowest: number;
  counted: boolean;
}

interface Client {
  doc: Y.Doc;
  text: Y.XmlText;
  provider: HocuspocusProvider;
  /** Where this client types: just after its own last character, wherever others type meanwhile. */
  cursor: Y.RelativePosition | null;
  timer: NodeJS.Timeout | null;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzæøå      ';

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

async function measureLatency(
  server: ServerProcess,
  count: number,
  options: Required<Pick<SyncBenchOptions, 'durationMs' | 'warmupMs' | 'intervalMs'>>,
  gen: prng.PRNG,
  corpus: string[],
): Promise<LatencyRow> {
  const docName = 'a1/section/s1';
  const seed = seedUpdate(corpus[0]);
  const clients: Client[] = [];
  const indexOfClientId = new Map<number, number>();
  const edits: Edit[][] = Array.from({ length: count }, () => []);
  /** next[r * count + s]: the first of s's edits that client r has not applied yet. */
  const next = new Int32Array(count * count);
  const all: number[] = [];
  const each: number[] = [];
  /** Edits not yet applied by every other client. */
  let outstanding = 0;

  try {
    for (let i = 0; i < count; i++) {
      const doc = new Y.Doc();
      doc.clientID = 1000 + i; // fixed, so that runs with one seed are alike
      Y.applyUpdate(doc, seed);
      const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      indexOfClientId.set(doc.clientID, i);
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.local) return;
        const now = performance.now();
        for (const [client, after] of tr.afterState) {
          const s = indexOfClientId.get(client);
          if (s === undefined || s === i || after <= (tr.beforeState.get(client) ?? 0)) continue;
          const list = edits[s];
          let k = next[i * count + s];
          for (; k < list.length && list[k].clock < after; k++) {
            const e = list[k];
            const latency = now - e.t0;
            if (latency > e.slowest) e.slowest = latency;
            if (e.counted) each.push(latency);
            if (--e.remaining === 0) {
              outstanding--;
              if (e.counted) all.push(e.slowest);
            }
          }
          next[i * count + s] = k;
        }
      });
      clients.push({ doc, text, provider: connectProvider(server.url, docName, doc), cursor: null, timer: null });
    }
    await waitFor(
      () => clients.every((c) => c.provider.isSynced),
      30_000,
      () => `${clients.filter((c) => !c.provider.isSynced).length} of ${count} clients did not sync within 30 s`,
    );
    await sleep(300); // let the awareness announcements of the last connections pass

    const type = (i: number, counted: boolean) => {
      const c = clients[i];
      const len = c.text.length;
      const abs = c.cursor && Y.createAbsolutePositionFromRelativePosition(c.cursor, c.doc);
      const pos = abs ? Math.min(abs.index, len) : prng.int32(gen, 0, len);
      const ch = prng.oneOf(gen, ALPHABET.split(''));
      const clock = Y.getState(c.doc.store, c.doc.clientID);
      const t0 = performance.now();
      c.text.insert(pos, ch);
      edits[i].push({ clock, t0, remaining: count - 1, slowest: 0, counted });
      outstanding++;
      // assoc -1: stick to the character just typed, so this client's run stays contiguous.
      c.cursor = Y.createRelativePositionFromTypeIndex(c.text, pos + 1, -1);
    };

    // Delay of this process' event loop while the counted edits are made and delivered: how long a
    // received update may wait before the client gets to apply it.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    const start = performance.now();
    const countFrom = start + options.warmupMs;
    const endAt = countFrom + options.durationMs;
    const [minGap, maxGap] = options.intervalMs;
    const loopTimer = setTimeout(() => loopDelay.enable(), options.warmupMs);
    let cpuStart = { at: start, server: server.cpuSeconds(), client: process.cpuUsage() };
    let countedEdits = 0;
    await new Promise<void>((resolve) => {
      let running = count;
      clients.forEach((c, i) => {
        const tick = () => {
          const now = performance.now();
          if (now >= endAt) {
            c.timer = null;
            if (--running === 0) resolve();
            return;
          }
          const counted = now >= countFrom;
          if (counted && countedEdits++ === 0) cpuStart = { at: now, server: server.cpuSeconds(), client: process.cpuUsage() };
          type(i, counted);
          c.timer = setTimeout(tick, prng.int32(gen, minGap, maxGap));
        };
        c.timer = setTimeout(tick, prng.int32(gen, 0, maxGap));
      });
    });
    // The edits still in flight when typing stops are counted once they arrive.
    await waitFor(() => outstanding === 0, 15_000, () => 'drain').catch(() => {});
    clearTimeout(loopTimer);
    loopDelay.disable();
    const elapsedSec = (performance.now() - cpuStart.at) / 1000;
    const clientCpu = process.cpuUsage(cpuStart.client);
    const serverCpuPct = ((server.cpuSeconds() - cpuStart.server) / elapsedSec) * 100;
    const clientCpuPct = ((clientCpu.user + clientCpu.system) / 1e6 / elapsedSec) * 100;
    const lost = edits.reduce((n, list) => n + list.filter((e) => e.counted && e.remaining > 0).length, 0);

    // Every replica must end with the same text (a wrong result fails the benchmark).
    await waitFor(
      () => clients.every((c) => !c.provider.hasUnsyncedChanges && plainText(c.text) === plainText(clients[0].text)),
      15_000,
      () => `clients did not converge: ${clients.filter((c) => plainText(c.text) !== plainText(clients[0].text)).length} differ from client 0`,
    );
    all.sort((a, b) => a - b);
    each.sort((a, b) => a - b);
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
      clientLoopDelayP99: loopDelay.percentile(99) / 1e6,
    };
  } finally {
    for (const c of clients) {
      if (c.timer) clearTimeout(c.timer);
      c.provider.destroy();
      c.doc.destroy();
    }
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
  const sectionChars = options.sectionChars ?? 4_000;
  const seed = options.seed ?? prng.uint32(prng.create(Date.now()), 0, 2 ** 31);
  const gen = prng.create(seed);
  const corpus = demoParagraphs();
  const root = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'enighed-sync-bench-'));

  log(
    `sync bench: seed ${seed} (--seed to repeat); server = child process, clients in this process; ` +
      `${os.cpus().length} cores, load average ${loadAverage()} at start`,
  );
  log(
    `  propagation latency, one section (a1/section/s1): each client types 1 character every ${intervalMs[0]}-${intervalMs[1]} ms, ` +
      `${durationMs / 1000} s counted after ${warmupMs / 1000} s warm-up`,
  );
  log('  latency = local transaction -> applied by every other client (ms); "one" = to a single other client');
  const latency: LatencyRow[] = [];
  const n = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  log(
    `  ${pad('clients', 7)} ${pad('edits/s', 7)} ${pad('samples', 7)} ${pad('lost', 4)} ${pad('p50', 6)} ${pad('p95', 6)} ${pad('p99', 6)} ${pad('max', 6)}` +
      ` ${pad('one p50', 7)} ${pad('one p99', 7)} ${pad('srv CPU', 7)} ${pad('cli CPU', 7)} ${pad('cli loop p99', 12)}`,
  );
  try {
    for (const count of clientCounts) {
      const server = await spawnServer(fs.mkdtempSync(path.join(root, `latency-${count}-`)));
      try {
        const r = await measureLatency(server, count, { durationMs, warmupMs, intervalMs }, gen, corpus);
        latency.push(r);
        log(
          `  ${pad(r.clients, 7)} ${pad(n(r.editsPerSec, 0), 7)} ${pad(r.samples, 7)} ${pad(r.lost, 4)} ${pad(n(r.p50), 6)} ${pad(n(r.p95), 6)} ${pad(n(r.p99), 6)} ${pad(n(r.max), 6)}` +
            ` ${pad(n(r.eachP50), 7)} ${pad(n(r.eachP99), 7)} ${pad(`${n(r.serverCpuPct, 0)}%`, 7)} ${pad(`${n(r.clientCpuPct, 0)}%`, 7)} ${pad(n(r.clientLoopDelayP99), 12)}`,
        );
      } finally {
        await server.stop();
      }
    }
    const starved = latency.filter((r) => r.clientLoopDelayP99 > 20);
    if (starved.length > 0) {
      log(
        `  note: at ${starved.map((r) => r.clients).join(', ')} clients this process' event loop lagged (p99 above 20 ms): ` +
          'one process applying every client\'s copy of every edit is part of the latency measured, which real ' +
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
      const server = await spawnServer(fs.mkdtempSync(path.join(root, 'memory-')));
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
    fs.rmSync(root, { recursive: true, force: true });
  }
}
