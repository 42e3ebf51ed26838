// Sync benchmark (issues 3 and 13): propagation latency between the clients of a section through
// real sync servers — one instance on SQLite, one on PostgreSQL, two on PostgreSQL + Redis — with
// the server's CPU, the harness's own CPU (so that a saturated harness is not read as a slow
// server), the store's append latency, and the server's memory per open section.
//
// The setting is a meeting day of an agreement: every section has `clientsPerSection` participants
// connected (default 25), of whom `writersPerSection` type (default 2, the theme group's co-chairs:
// one keystroke every 200–500 ms each, the cursor moving in awareness with it as the editor's
// presence does); the others only read. The servers run with an access file (a grant per
// participant, a member of the section's theme group, as in production), so every update passes the
// document check and the per-update write check. The secretariat writes the agreement's structure
// through the server first.
//
// Processes: each server is a child process (`node --import tsx electron/server/main.ts …`), its CPU
// read from /proc/<pid>/stat. The clients are real HocuspocusProviders (one WebSocket each, from a
// loopback address of its own as each participant's machine would be, with its own token), spread
// over `clientProcesses` child processes (sync-bench-client.ts, default 2); their CPU is read from
// /proc too, and each reports its event-loop delay. PostgreSQL is a throwaway cluster
// (test/helpers/postgresServer.ts), Redis a real redis-server; their CPU is printed as well. On the
// shared 2-core machine everything competes for two cores: the table says which side saturated.
//
// Latency of an edit = time from just before the local transaction until the last *other* client of
// its section has applied it. Every process stamps with the same absolute clock
// (performance.timeOrigin + performance.now(), one machine), so no timestamp travels in the
// document. An edit is recognised on arrival by its Yjs id: a one-character insert by client c takes
// clock k = c's state before the insert, and a replica has applied it exactly when its state for c
// exceeds k (Yjs integrates a client's items in clock order and holds back anything with missing
// dependencies as pending). Each remote transaction's `beforeState`/`afterState` say which writers
// advanced; a client process logs (writer, new state, time) per advance and its send times, and
// posts them as typed arrays at the end; this process matches them. An edit that has not reached
// every other client of its section 15 s after typing stopped is lost.
//
// Append latency is the server's own `enighed_append_seconds` summary (p99 over the run; /metrics);
// the server's event-loop delay p99 is prom-client's, scraped at the start and end of the counted
// time (it resets on each scrape).
//
// Server memory: `process.memoryUsage()` after two forced GCs, asked for over the child's IPC
// channel by a small probe module preloaded with `--import data:…` (no change to the server), and
// the child's VmRSS from /proc/<pid>/status.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { waitFor } from '../../electron/server/replayTrace.ts';
import { hashToken, newToken, type AccessFile, type Grant } from '../../electron/sync/access.ts';
import { writeAgreement } from '../../shared/structure/structureDoc.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { generatedAgreement } from '../helpers/agreements.ts';
import { startPostgres, postgresMissing, type PostgresProcess } from '../helpers/postgresServer.ts';
import { startRedis, type RedisProcess } from '../helpers/redisServer.ts';
import { formatProfile, packageOrPath, summarizeProfile, type CpuProfile } from './cpuProfile.ts';
import { absNow, CLIENT_PROCESS_FLAG, type BenchClient, type ClientInit, type ClientResult, type FromClient, type ToClient } from './sync-bench-client.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_MAIN = path.join(repoRoot, 'electron/server/main.ts');
const CLIENT_MAIN = fileURLToPath(new URL('./sync-bench-client.ts', import.meta.url));
const PROFILE_DIR = path.join(repoRoot, 'test-results/profiles');
const DEMO_TEXT = path.join(repoRoot, 'resources/templates/gen2-midtjylland.demo.json');

/** sqlite / postgres: one instance on that store; scaleout: two instances on PostgreSQL + Redis. */
export type SyncSetup = 'sqlite' | 'postgres' | 'scaleout';
export const SYNC_SETUPS: readonly SyncSetup[] = ['sqlite', 'postgres', 'scaleout'];

export interface SyncRun {
  setup: SyncSetup;
  /** Clients in all (with scaleout: spread evenly over the two instances). */
  clients: number;
}

/** Issue 13's figures: 50 and 200 clients on one instance of each store, 2 × 100 on two. */
export const DEFAULT_SYNC_RUNS: readonly SyncRun[] = [
  { setup: 'sqlite', clients: 50 },
  { setup: 'sqlite', clients: 200 },
  { setup: 'postgres', clients: 50 },
  { setup: 'postgres', clients: 200 },
  { setup: 'scaleout', clients: 200 },
];

export interface SyncBenchOptions {
  /** The configurations measured, in order (default DEFAULT_SYNC_RUNS). */
  runs?: readonly SyncRun[];
  /** Participants connected to each section (default 25). */
  clientsPerSection?: number;
  /** Of them, how many type (default 2: the co-chairs). */
  writersPerSection?: number;
  /** Typing time per run whose edits are counted (default 10 s). */
  durationMs?: number;
  /** Typing before that, not counted (JIT, connection set-up; default 2 s). */
  warmupMs?: number;
  /** Each writer types one character every min..max ms, uniformly at random (default 200–500). */
  intervalMs?: [min: number, max: number];
  /** Writers move their cursor in awareness with each keystroke (default true). */
  cursors?: boolean;
  /** Child processes the clients are spread over (default 2). */
  clientProcesses?: number;
  /** Numbers of open sections to measure the server's memory at (default 1, 50, 200; [] skips it). */
  sectionCounts?: number[];
  /** Approximate characters of text per section in the memory test (default 4,000). */
  sectionChars?: number;
  /** Seed of every random choice (default: random, printed). */
  seed?: number;
  /** Where the servers' temporary data directories go (default: the OS temp dir). */
  dir?: string;
  /** Run the servers with `node --cpu-prof` and print a summary of each instance's profile. */
  profile?: boolean;
  log?: (line: string) => void;
}

export interface LatencyRow {
  setup: SyncSetup;
  instances: number;
  clients: number;
  sections: number;
  writers: number;
  /** Edits counted (made after the warm-up) that reached every other client of their section. */
  samples: number;
  /** Counted edits that had not reached every other client when the drain timed out. */
  lost: number;
  editsPerSec: number;
  /** Until every other client of the section has applied the edit (ms). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Until one given other client has applied it, over all (edit, receiver) pairs (ms). */
  eachP50: number;
  eachP99: number;
  /** CPU used during the counted time and drain, in % of one core. */
  serverCpuPct: number[];
  /** The servers' CPU (all instances) per counted edit, ms: their cost, less dependent on how busy the machine is. */
  serverMsPerEdit: number;
  /** The client processes', and this process's. */
  harnessCpuPct: number[];
  benchCpuPct: number;
  /** PostgreSQL (postmaster and its backends) and redis-server, when used. */
  postgresCpuPct: number | null;
  redisCpuPct: number | null;
  /** Per client process: event-loop delay p99 (ms). */
  harnessLoopDelayP99: number[];
  /** Per server instance: event-loop delay p99 over the counted time (ms), from its /metrics. */
  serverLoopDelayP99: number[];
  /** Per instance: the store's append latency until durable, p99 over the counted time (ms), and appends. */
  appendP99: number[];
  appends: number[];
  /** How busy the machine's cores were meanwhile (everything on it, the run included), % of all cores. */
  machineBusyPct: number;
  /** Share of the time some runnable task waited for a core (/proc/pressure/cpu "some"; null: not available). */
  cpuPressurePct: number | null;
  /** Which side ran out of CPU, if any (printed under the table). */
  saturated: string[];
  /** With `profile`: each instance's CPU profile summary over the counted time, as report lines. */
  profile?: string[];
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
const PROFILE_START = 'enighed-bench:profile-start';
const PROFILE_STOP = 'enighed-bench:profile-stop';
/**
 * Preloaded into the server: answers a memory request over the IPC channel after two full GCs, and
 * starts and stops a CPU profile (node:inspector, in the server's own thread) on request, so that a
 * profile covers the counted time only and not the server's start.
 */
const MEMORY_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    `let session = null;
    process.on('message', async (m) => {
      if (m === '${PROBE_REQUEST}') {
        if (globalThis.gc) { globalThis.gc(); globalThis.gc(); }
        process.send({ kind: '${PROBE_REQUEST}', usage: process.memoryUsage() });
      } else if (m === '${PROFILE_START}') {
        const { Session } = await import('node:inspector');
        session = new Session();
        session.connect();
        session.post('Profiler.enable', () => session.post('Profiler.start', () => process.send({ kind: '${PROFILE_START}' })));
      } else if (m === '${PROFILE_STOP}' && session) {
        session.post('Profiler.stop', (error, result) => {
          process.send({ kind: '${PROFILE_STOP}', profile: error ? null : result.profile });
          session.disconnect();
          session = null;
        });
      }
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
  /** Starts a CPU profile in the server; stopProfile() ends it and returns it (null: none came). */
  startProfile(): Promise<void>;
  stopProfile(): Promise<CpuProfile | null>;
  stop(): Promise<void>;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function procCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces), from field 3 on: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Every process whose parent chain reaches `root` (root included), from /proc. */
function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (const [pid] of parentOf) {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === root) {
        tree.push(pid);
        break;
      }
    }
  }
  return tree;
}

/** CPU seconds of the processes (those gone meanwhile count 0). */
function treeCpuSeconds(pids: number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      sum += procCpuSeconds(pid);
    } catch {
      // exited
    }
  }
  return sum;
}

/** The first process whose command line (arguments joined by spaces) matches `pattern`. */
function findProcess(pattern: RegExp): number | null {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (pattern.test(fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' '))) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

function procRssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

/** `nodeArgs` go to node (e.g. --cpu-prof), `extraArgs` to the server's command line. */
async function spawnServer(dataDir: string, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', ...nodeArgs, '--import', 'tsx', '--import', MEMORY_PROBE, SERVER_MAIN, '--data', dataDir, '--port', '0', '--quiet', ...extraArgs],
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
  /** Sends `request` to the probe; resolves with `read(reply)` of its answer (null after 30 s). */
  const ask = <T,>(request: string, read: (reply: Record<string, unknown>) => T) =>
    new Promise<T | null>((resolve) => {
      const timer = setTimeout(() => (child.off('message', onMessage), resolve(null)), 30_000);
      const onMessage = (m: unknown) => {
        const reply = m as Record<string, unknown> | null;
        if (reply?.kind !== request) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(read(reply));
      };
      child.on('message', onMessage);
      child.send(request);
    });

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
    async startProfile() {
      await ask<unknown>(PROFILE_START, () => true);
    },
    stopProfile: () => ask(PROFILE_STOP, (reply) => (reply.profile as CpuProfile | null) ?? null),
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

/** Plain text of a Y.XmlText (its toString() would render formatting as tags). */
const plainText = (text: Y.XmlText) => Y.Text.prototype.toString.call(text);

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

interface ClientLink {
  pid: number;
  send(message: ToClient): void;
  /** The process's next message of this kind; rejects if it fails or exits first. */
  next<K extends FromClient['kind']>(kind: K): Promise<Extract<FromClient, { kind: K }>>;
  stop(): Promise<void>;
}

function startClientProcess(): ClientLink {
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT_MAIN, CLIENT_PROCESS_FLAG], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced', // typed arrays cross as they are
  });
  const inbox: FromClient[] = [];
  let failure: Error | null = null;
  let wake = () => {};
  child.on('message', (m: FromClient) => (inbox.push(m), wake()));
  child.on('error', (error) => ((failure ??= error), wake()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      failure ??= new Error(`a sync bench client process exited (code ${code}) before it had finished`);
      wake();
      resolve();
    }),
  );
  return {
    pid: child.pid!,
    send: (message) => child.send(message),
    async next(kind) {
      for (;;) {
        const i = inbox.findIndex((m) => m.kind === kind);
        if (i >= 0) return inbox.splice(i, 1)[0] as Extract<FromClient, { kind: typeof kind }>;
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Scrape {
  /** The append latency histogram's cumulative counts, by upper bound (seconds, +Inf last). */
  appendBuckets: [le: number, count: number][];
  loopDelayP99Ms: number;
}

/** What the benchmark reads from a server's /metrics (Prometheus' text format). */
async function scrape(url: string): Promise<Scrape> {
  const text = await (await fetch(`${url.replace(/^ws/, 'http')}/metrics`)).text();
  const lag = /^enighed_process_nodejs_eventloop_lag_p99_seconds\{[^}]*\} (\S+)$/m.exec(text);
  const appendBuckets = [...text.matchAll(/^enighed_append_latency_seconds_bucket\{le="([^"]+)"[^}]*\} (\S+)$/gm)].map(
    (m): [number, number] => [m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])],
  );
  return { appendBuckets, loopDelayP99Ms: lag ? Number(lag[1]) * 1000 : NaN };
}

/**
 * The q-quantile of the appends between two scrapes, interpolated linearly inside its bucket as
 * Prometheus' histogram_quantile does (so within the bucket's bounds, not exact); count = appends.
 */
function appendQuantile(before: Scrape, after: Scrape, q: number): { ms: number; count: number } {
  const counts = after.appendBuckets.map(([le, c], i): [number, number] => [le, c - (before.appendBuckets[i]?.[1] ?? 0)]);
  const total = counts.length ? counts[counts.length - 1][1] : 0;
  if (total === 0) return { ms: NaN, count: 0 };
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, c] of counts) {
    if (c >= rank) {
      if (le === Infinity) return { ms: lower * 1000, count: total };
      return { ms: (lower + (le - lower) * ((rank - below) / Math.max(1, c - below))) * 1000, count: total };
    }
    lower = le;
    below = c;
  }
  return { ms: NaN, count: total };
}

/** Microseconds some runnable task has waited for a CPU so far (Linux pressure stall information), or null. */
function cpuStallMicros(): number | null {
  try {
    const m = /^some .* total=(\d+)$/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time of the whole machine so far (all cores, from /proc/stat): busy and total, in seconds. */
function machineCpu(): { busy: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3] + fields[4]; // idle + iowait
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

/** An agreement of `sections` sections, each in a theme group of its own, and a grant per client. */
function meetingAccess(sections: number, clients: number, perSection: number): { access: AccessFile; tokens: string[]; secretariat: string } {
  const secretariat = newToken();
  const tokens = Array.from({ length: clients }, () => newToken());
  const grant = (token: string, partial: Partial<Grant>): Grant => ({
    tokenSha256: hashToken(token),
    name: 'Sekretariatet',
    organisation: 'Region Midtjylland',
    side: 'region',
    rights: 'secretariat',
    themeGroupIds: [],
    agreementIds: [AGREEMENT],
    ...partial,
  });
  return {
    secretariat,
    tokens,
    access: {
      version: 1,
      grants: [
        grant(secretariat, {}),
        ...tokens.map((token, i) =>
          grant(token, {
            name: `Deltager ${i + 1}`,
            organisation: i % 2 === 0 ? 'Region Midtjylland' : `Kommune ${i}`,
            side: i % 2 === 0 ? 'region' : 'kommune',
            rights: 'member',
            themeGroupIds: [`g${Math.floor(i / perSection) % sections}`],
          }),
        ),
      ],
    },
  };
}

const AGREEMENT = 'a1';

/** The secretariat writes the agreement's structure through the server (as the app does). */
async function writeStructure(url: string, token: string, sections: number): Promise<void> {
  const doc = new Y.Doc();
  writeAgreement(doc, { ...generatedAgreement(Array.from({ length: sections }, (_, i) => `s${i}`), sections), id: AGREEMENT });
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: structureDocId(AGREEMENT), document: doc, token });
  provider.attach();
  try {
    await waitFor(() => provider.isSynced && !provider.hasUnsyncedChanges, 30_000, () => 'the secretariat could not store the structure within 30 s');
  } finally {
    provider.destroy();
    socket.destroy();
    doc.destroy();
  }
}

interface RunContext {
  root: string;
  postgres: () => Promise<PostgresProcess>;
  redis: () => Promise<RedisProcess>;
  gen: prng.PRNG;
  corpus: string[];
}

type LatencyOptions = Required<
  Pick<SyncBenchOptions, 'durationMs' | 'warmupMs' | 'intervalMs' | 'cursors' | 'clientProcesses' | 'clientsPerSection' | 'writersPerSection' | 'profile'>
>;

async function measureRun(run: SyncRun, options: LatencyOptions, ctx: RunContext): Promise<LatencyRow> {
  const instances = run.setup === 'scaleout' ? 2 : 1;
  const perSection = options.clientsPerSection;
  const sections = Math.ceil(run.clients / perSection);
  const dir = fs.mkdtempSync(path.join(ctx.root, `${run.setup}-${run.clients}-`));
  const { access, tokens, secretariat } = meetingAccess(sections, run.clients, perSection);
  const accessFile = path.join(dir, 'access.json');
  fs.writeFileSync(accessFile, JSON.stringify(access));
  const storeArgs: string[] = ['--access', accessFile];
  let postgresPid: number | null = null;
  let redisPid: number | null = null;
  if (run.setup !== 'sqlite') {
    const pg = await ctx.postgres();
    storeArgs.push('--postgres', await pg.database());
    postgresPid = findProcess(new RegExp(`postgres -D \\S+ -p ${pg.port} `));
  }
  if (run.setup === 'scaleout') {
    const redis = await ctx.redis();
    storeArgs.push('--redis', `${redis.host}:${redis.port}`);
    redisPid = findProcess(new RegExp(`redis-server \\S*:${redis.port}\\b`));
  }
  const servers: ServerProcess[] = [];
  const links: ClientLink[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      const data = path.join(dir, `instance-${i}`);
      fs.mkdirSync(data);
      servers.push(await spawnServer(data, storeArgs));
    }
    await writeStructure(servers[0].url, secretariat, sections);

    // Client i: section ⌊i / perSection⌋; the first writersPerSection of a section type; a section's
    // clients alternate between the instances (so its two writers sit on different ones).
    const writersOf = (s: number) =>
      Array.from({ length: Math.min(options.writersPerSection, perSection) }, (_, k) => s * perSection + k).filter((i) => i < run.clients);
    const clients: BenchClient[] = Array.from({ length: run.clients }, (_, i) => {
      const section = Math.floor(i / perSection);
      const place = i % perSection;
      return {
        index: i,
        docName: sectionDocId(AGREEMENT, `s${section}`),
        url: servers[place % instances].url,
        token: tokens[i],
        localAddress: `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`,
        writers: writersOf(section),
        writes: place < options.writersPerSection,
        seed: prng.uint32(ctx.gen, 0, 2 ** 31),
      };
    });
    const processes = Math.max(1, Math.min(options.clientProcesses, run.clients));
    const shares = Array.from({ length: processes }, (_, p) => clients.filter((c) => c.index % processes === p));
    for (const share of shares) {
      const link = startClientProcess();
      links.push(link);
      const init: ClientInit = {
        kind: 'init',
        clients: share,
        seedText: ctx.corpus[0],
        intervalMs: options.intervalMs,
        warmupMs: options.warmupMs,
        durationMs: options.durationMs,
        cursors: options.cursors,
      };
      link.send(init);
    }
    await Promise.all(links.map((l) => l.next('ready')));
    await sleep(300); // let the awareness announcements of the last connections pass

    const startAt = absNow() + 100; // time for the start message to reach every process
    const countFrom = startAt + options.warmupMs;
    const postgresTree = postgresPid === null ? [] : processTree(postgresPid);
    const cpuNow = () => ({
      at: absNow(),
      servers: servers.map((s) => s.cpuSeconds()),
      harness: links.map((l) => treeCpuSeconds([l.pid])),
      bench: process.cpuUsage(),
      postgres: treeCpuSeconds(postgresTree),
      redis: redisPid === null ? 0 : treeCpuSeconds([redisPid]),
      machine: machineCpu(),
      stall: cpuStallMicros(),
    });
    let cpuStart = cpuNow();
    // prom-client's event-loop delay resets on each scrape: the one at the start opens the window.
    let scrapesAtStart: Promise<Scrape[]> = Promise.all(servers.map((s) => scrape(s.url)));
    const cpuTimer = setTimeout(() => {
      cpuStart = cpuNow();
      scrapesAtStart = Promise.all(servers.map((s) => scrape(s.url)));
      if (options.profile) for (const s of servers) void s.startProfile();
    }, countFrom - absNow());
    for (const l of links) l.send({ kind: 'start', startAt });
    const typed = await Promise.all(links.map((l) => l.next('typed')));
    clearTimeout(cpuTimer);
    const target: Record<number, number> = Object.assign({}, ...typed.map((t) => t.clocks));
    for (const l of links) l.send({ kind: 'drain', target });
    const results: ClientResult[] = await Promise.all(links.map((l) => l.next('result')));
    const cpuEnd = cpuNow();
    const profiles = options.profile ? await Promise.all(servers.map((s) => s.stopProfile())) : [];
    const metrics = await Promise.all(servers.map((s) => scrape(s.url)));
    const metricsBefore = await scrapesAtStart;
    const appendP99 = metrics.map((m, i) => appendQuantile(metricsBefore[i], m, 0.99));
    const elapsedSec = (cpuEnd.at - cpuStart.at) / 1000;
    const pct = (seconds: number) => (seconds / elapsedSec) * 100;
    const benchCpu = process.cpuUsage(cpuStart.bench);

    // Every replica of a section must end with the same text (a wrong result fails the benchmark).
    const outcomes = results.flatMap((r) => r.outcomes).sort((a, b) => a.index - b.index);
    const byDoc = new Map<string, typeof outcomes>();
    for (const o of outcomes) byDoc.set(o.docName, [...(byDoc.get(o.docName) ?? []), o]);
    for (const [docName, replicas] of byDoc) {
      const differ = replicas.filter((o) => o.text !== replicas[0].text).length;
      if (differ > 0) throw new Error(`the clients of ${docName} did not converge: ${differ} of ${replicas.length} differ from client ${replicas[0].index}`);
    }
    if (!results.every((r) => r.synced)) throw new Error('some clients still had unacknowledged changes after the drain');

    const all: number[] = [];
    const each: number[] = [];
    let lost = 0;
    let countedEdits = 0;
    for (const replicas of byDoc.values()) {
      const writers = clients[replicas[0].index].writers;
      writers.forEach((w, k) => {
        const sent = outcomes[w];
        const slowest = new Float64Array(sent.sendClocks.length);
        const reached = new Int32Array(sent.sendClocks.length);
        for (const r of replicas) {
          if (r.index === w) continue;
          const clocks = r.arrivalClocks[k];
          const times = r.arrivalTimes[k];
          // Edit j arrived at the first event whose state exceeds its clock; both are ascending.
          for (let j = 0, e = 0; j < sent.sendClocks.length; j++) {
            while (e < clocks.length && clocks[e] <= sent.sendClocks[j]) e++;
            if (e === clocks.length) break;
            const latency = times[e] - sent.sendTimes[j];
            if (latency > slowest[j]) slowest[j] = latency;
            reached[j]++;
            if (sent.sendCounted[j]) each.push(latency);
          }
        }
        for (let j = 0; j < sent.sendClocks.length; j++) {
          if (!sent.sendCounted[j]) continue;
          countedEdits++;
          if (reached[j] === replicas.length - 1) all.push(slowest[j]);
          else lost++;
        }
      });
    }
    all.sort((a, b) => a - b);
    each.sort((a, b) => a - b);

    const row: LatencyRow = {
      setup: run.setup,
      instances,
      clients: run.clients,
      sections,
      writers: clients.filter((c) => c.writes).length,
      samples: all.length,
      lost,
      editsPerSec: countedEdits / (options.durationMs / 1000),
      p50: percentile(all, 0.5),
      p95: percentile(all, 0.95),
      p99: percentile(all, 0.99),
      max: all.length ? all[all.length - 1] : NaN,
      eachP50: percentile(each, 0.5),
      eachP99: percentile(each, 0.99),
      serverCpuPct: cpuEnd.servers.map((x, i) => pct(x - cpuStart.servers[i])),
      serverMsPerEdit: (cpuEnd.servers.reduce((sum, x, i) => sum + x - cpuStart.servers[i], 0) * 1000) / Math.max(1, countedEdits),
      harnessCpuPct: cpuEnd.harness.map((x, i) => pct(x - cpuStart.harness[i])),
      benchCpuPct: pct((benchCpu.user + benchCpu.system) / 1e6),
      postgresCpuPct: postgresPid === null ? null : pct(cpuEnd.postgres - cpuStart.postgres),
      redisCpuPct: redisPid === null ? null : pct(cpuEnd.redis - cpuStart.redis),
      harnessLoopDelayP99: results.map((r) => r.loopDelayP99),
      serverLoopDelayP99: metrics.map((m) => m.loopDelayP99Ms),
      appendP99: appendP99.map((a) => a.ms),
      appends: appendP99.map((a) => a.count),
      cpuPressurePct: cpuEnd.stall === null || cpuStart.stall === null ? null : ((cpuEnd.stall - cpuStart.stall) / 1e3 / (cpuEnd.at - cpuStart.at)) * 100,
      machineBusyPct: ((cpuEnd.machine.busy - cpuStart.machine.busy) / (cpuEnd.machine.total - cpuStart.machine.total)) * 100,
      saturated: [],
    };
    row.saturated = saturation(row);
    row.profile = profiles.flatMap((profile, i) => {
      if (!profile) return [`    (server instance ${i + 1} sent no CPU profile)`];
      // Kept for Chromium's DevTools (Performance > Load profile).
      const file = path.join(PROFILE_DIR, `sync-${run.setup}-${run.clients}-instance-${i + 1}.cpuprofile`);
      fs.mkdirSync(PROFILE_DIR, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(profile));
      return [
        `    CPU profile of server instance ${i + 1} over the counted time and drain (${path.relative(repoRoot, file)}):`,
        ...formatProfile(summarizeProfile(profile, moduleOfFrame, 20)),
      ];
    });
    return row;
  } finally {
    await Promise.all(links.map((l) => l.stop()));
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** One core's worth: a Node event loop at this share of a core (or lagging so) has no time to spare. */
const SATURATED_PCT = 85;

/**
 * Which side of a run ran out of CPU: a server or a client process (one event loop each: a core's
 * worth), or the machine (its cores busy, whoever used them: the machine is shared). An event loop
 * that lags at low CPU waited for a core, which is the machine's saturation, not its own.
 */
function saturation(r: LatencyRow): string[] {
  const out: string[] = [];
  r.serverCpuPct.forEach((x, i) => {
    if (x > SATURATED_PCT) out.push(`server${r.instances > 1 ? ` ${i + 1}` : ''} (CPU ${x.toFixed(0)} %)`);
  });
  r.harnessCpuPct.forEach((x, i) => {
    if (x > SATURATED_PCT) out.push(`client process ${i + 1} (CPU ${x.toFixed(0)} %)`);
  });
  if (r.machineBusyPct > SATURATED_PCT) {
    const ours = [...r.serverCpuPct, ...r.harnessCpuPct, r.benchCpuPct, r.postgresCpuPct ?? 0, r.redisCpuPct ?? 0].reduce((a, b) => a + b, 0);
    const pressure = r.cpuPressurePct === null ? '' : `, a task waiting for a core ${r.cpuPressurePct.toFixed(0)} % of the time`;
    out.push(`the machine (${r.machineBusyPct.toFixed(0)} % of its ${os.cpus().length} cores busy, this run ${(ours / os.cpus().length).toFixed(0)} % of that capacity${pressure})`);
  }
  return out;
}

/** A profile frame's module: the package, or the path inside the repository. */
const moduleOfFrame = (frame: { url: string }) => packageOrPath(frame.url.replace(/^file:\/\//, '').replace(repoRoot, ''));

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

const SETUP_LABEL: Record<SyncSetup, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', scaleout: 'PG+Redis' };

// --- the benchmark -------------------------------------------------------------------------------

export async function runSyncBench(options: SyncBenchOptions = {}): Promise<SyncBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const runs = options.runs ?? DEFAULT_SYNC_RUNS;
  const sectionCounts = options.sectionCounts ?? [1, 50, 200];
  const latencyOptions: LatencyOptions = {
    durationMs: options.durationMs ?? 10_000,
    warmupMs: options.warmupMs ?? 2_000,
    intervalMs: options.intervalMs ?? [200, 500],
    cursors: options.cursors ?? true,
    clientProcesses: options.clientProcesses ?? 2,
    clientsPerSection: options.clientsPerSection ?? 25,
    writersPerSection: options.writersPerSection ?? 2,
    profile: options.profile ?? false,
  };
  const o = latencyOptions;
  if (!Number.isInteger(o.clientProcesses) || o.clientProcesses < 1) throw new Error(`clientProcesses must be a whole number of at least 1, not ${o.clientProcesses}`);
  if (!Number.isInteger(o.clientsPerSection) || o.clientsPerSection < 2) throw new Error(`clientsPerSection must be a whole number of at least 2, not ${o.clientsPerSection}`);
  const sectionChars = options.sectionChars ?? 4_000;
  const seed = options.seed ?? prng.uint32(prng.create(Date.now()), 0, 2 ** 31);
  const gen = prng.create(seed);
  const corpus = demoParagraphs();
  const root = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'enighed-sync-bench-'));
  // One throwaway cluster (a fresh database per run) and one redis-server, started when first needed.
  let postgres: Promise<PostgresProcess> | null = null;
  let redis: Promise<RedisProcess> | null = null;
  const ctx: RunContext = {
    root,
    gen,
    corpus,
    postgres: () => (postgres ??= startPostgres()),
    redis: () => (redis ??= startRedis()),
  };

  log(
    `sync bench: seed ${seed} (--seed to repeat); ${os.cpus().length} cores, load average ${loadAverage()} at start; ` +
      `servers = child processes, clients = real Hocuspocus providers in ${o.clientProcesses} child process(es)`,
  );
  log(
    `  propagation, a meeting: ${o.clientsPerSection} participants per section (a grant each, from a loopback address each), ` +
      `${o.writersPerSection} of them typing 1 character every ${o.intervalMs[0]}-${o.intervalMs[1]} ms${o.cursors ? ' (cursor in awareness with each)' : ''}, ` +
      `the rest reading; ${o.durationMs / 1000} s counted after ${o.warmupMs / 1000} s warm-up; PG+Redis = 2 instances, each section's clients alternating between them`,
  );
  log(
    '  latency = local transaction -> applied by every other client of the section (ms); "one" = to a single other client; ' +
      'CPU in % of one core over the counted time: "srv" per instance, "harness" per client process (+ this process), "db" PostgreSQL + Redis; ' +
      '"ms/edit" = the servers\' CPU per edit (ms, all instances: what an edit with its cursor move and fan-out costs them); "loop" = event-loop delay p99 (ms); "append" = the store\'s append until durable, p99 over the counted time (ms, from the server\'s /metrics histogram, ' +
      'interpolated in its bucket); "busy" = the machine\'s cores in use meanwhile (by anyone)',
  );
  const n = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  const list = (xs: number[], digits = 0) => xs.map((x) => n(x, digits)).join('/');
  log(
    `  ${'setup'.padEnd(10)} ${pad('clients', 7)} ${pad('sect', 4)} ${pad('edits/s', 7)} ${pad('samples', 7)} ${pad('lost', 4)} ${pad('p50', 6)} ${pad('p95', 6)} ${pad('p99', 6)} ${pad('max', 6)}` +
      ` ${pad('one p99', 7)} ${pad('srv CPU', 7)} ${pad('ms/edit', 7)} ${pad('srv loop', 8)} ${pad('append', 9)} ${pad('harness CPU', 13)} ${pad('harn loop', 9)} ${pad('db CPU', 6)} ${pad('busy', 5)}`,
  );
  const latency: LatencyRow[] = [];
  try {
    for (const run of runs) {
      if (run.setup !== 'sqlite' && postgresMissing) {
        log(`  ${SETUP_LABEL[run.setup].padEnd(10)} ${pad(run.clients, 7)}  skipped: ${postgresMissing}`);
        continue;
      }
      const r = await measureRun(run, latencyOptions, ctx);
      latency.push(r);
      const clientsText = r.instances > 1 ? `${r.instances}×${r.clients / r.instances}` : String(r.clients);
      const db = (r.postgresCpuPct ?? 0) + (r.redisCpuPct ?? 0);
      log(
        `  ${SETUP_LABEL[r.setup].padEnd(10)} ${pad(clientsText, 7)} ${pad(r.sections, 4)} ${pad(n(r.editsPerSec, 0), 7)} ${pad(r.samples, 7)} ${pad(r.lost, 4)}` +
          ` ${pad(n(r.p50), 6)} ${pad(n(r.p95), 6)} ${pad(n(r.p99), 6)} ${pad(n(r.max), 6)} ${pad(n(r.eachP99), 7)}` +
          ` ${pad(`${list(r.serverCpuPct)}%`, 7)} ${pad(n(r.serverMsPerEdit, 2), 7)} ${pad(list(r.serverLoopDelayP99, 1), 8)} ${pad(list(r.appendP99, 2), 9)}` +
          ` ${pad(`${list(r.harnessCpuPct)}+${n(r.benchCpuPct, 0)}%`, 13)} ${pad(list(r.harnessLoopDelayP99, 1), 9)} ${pad(r.postgresCpuPct === null ? '-' : `${n(db, 0)}%`, 6)} ${pad(`${n(r.machineBusyPct, 0)}%`, 5)}`,
      );
      if (r.saturated.length > 0) log(`  ${''.padEnd(10)} saturated: ${r.saturated.join('; ')} — latencies here are an upper bound`);
      for (const line of r.profile ?? []) log(line);
    }
    const targets: Record<string, boolean> = {};
    for (const r of latency.filter((x) => x.clients === 200 && x.instances === 1)) {
      const key = `p99At200${r.setup}`;
      targets[key] = r.p99 < 50 && r.lost === 0;
      log(`  target p99 < 50 ms at 200 clients on one instance (${SETUP_LABEL[r.setup]}): ${targets[key] ? 'met' : 'MISSED'} (p99 ${n(r.p99)} ms, ${r.lost} lost)`);
    }
    for (const r of latency) if (r.lost > 0) targets[`noneLost${r.setup}${r.clients}`] = false;
    const quiet = latency.filter((r) => r.saturated.length === 0).map((r) => `${SETUP_LABEL[r.setup]} ${r.clients}`);
    const busy = latency.filter((r) => r.saturated.length > 0).map((r) => `${SETUP_LABEL[r.setup]} ${r.clients}`);
    log(`  saturated configurations: ${busy.length ? busy.join(', ') : 'none'}; within capacity: ${quiet.length ? quiet.join(', ') : 'none'}`);

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
        `  server memory per open section (SQLite, open server): one client, one socket; each section ~${n(mem.textChars, 0)} characters of text ` +
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
    await Promise.all([postgres && (await postgres).stop(), redis && (await redis).stop()]);
    fs.rmSync(root, { recursive: true, force: true });
  }
}
