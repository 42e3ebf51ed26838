// A client process of the sync benchmark's propagation test (sync-bench.ts): hosts its share of the
// clients — each a Y.Doc with a real HocuspocusProvider on a WebSocket of its own, from a loopback
// address of its own (as each participant's machine would be) and with its own token — types on
// behalf of the writers among them and notes when the writers' edits arrive at each of its clients.
// Readers only read (as most participants of a meeting do). Times are absolute
// (performance.timeOrigin + performance.now()), so that they compare across processes on one
// machine. Nothing is posted per event: at the end the process sends its send times and arrival
// logs as typed arrays (IPC with `serialization: 'advanced'`), and sync-bench.ts matches them up.
//
// Protocol (main -> client process / client process -> main), over the IPC channel:
//   main:   init { … }            the clients to host
//   client: ready                 every local client has synced with its server
//   main:   start { startAt }     type from startAt (warm-up, then the counted time) until the end
//   client: typed { clocks }      typing is over; the final own clock of each local writer
//   main:   drain { target }      wait until every local client has applied its writers' edits
//   client: result                send times, arrival logs, event-loop delay, final texts
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { providerOn, waitFor } from '../../electron/server/replayTrace.ts';
import { insertParagraph, sectionFragment } from '../../electron/server/flood/sectionText.ts';

export interface BenchClient {
  /** Global index; the client's Yjs clientID is CLIENT_ID_BASE + index. */
  index: number;
  docName: string;
  url: string;
  token: string;
  /** The loopback address its socket connects from (127.x.y.z). */
  localAddress: string;
  /** Global indices of the writers of its document (itself included when it writes). */
  writers: number[];
  writes: boolean;
  /** Its typing positions, characters and pauses. */
  seed: number;
}

export interface ClientInit {
  kind: 'init';
  clients: BenchClient[];
  /** Text of the paragraph every client of a document starts from. */
  seedText: string;
  intervalMs: [number, number];
  warmupMs: number;
  durationMs: number;
  /** Writers also move their cursor in awareness with every keystroke, as the editor's presence does. */
  cursors: boolean;
}

export type ToClient = ClientInit | { kind: 'start'; startAt: number } | { kind: 'drain'; target: Record<number, number> };

export interface ClientOutcome {
  index: number;
  docName: string;
  /** Writes: its own edits (clock of the one-character insert, time just before it, 1 when counted). */
  sendClocks: Int32Array;
  sendTimes: Float64Array;
  sendCounted: Uint8Array;
  /**
   * Per writer of its document (in `writers` order, itself left empty): arrival events (c, t) = at
   * time t this client's state for that writer reached c, i.e. every edit with clock < c had been
   * applied (Yjs integrates a client's items in clock order and holds back what lacks dependencies).
   */
  arrivalClocks: Int32Array[];
  arrivalTimes: Float64Array[];
  text: string;
}

export interface ClientResult {
  kind: 'result';
  outcomes: ClientOutcome[];
  /** 99th percentile of this process's event-loop delay from the end of the warm-up until drained (ms). */
  loopDelayP99: number;
  drained: boolean;
  /** No local client had unacknowledged changes when the texts were taken. */
  synced: boolean;
}

export type FromClient = { kind: 'ready' } | { kind: 'typed'; clocks: Record<number, number> } | ClientResult;

export const CLIENT_ID_BASE = 1000;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzæøå      '.split('');

/** Absolute time in ms, comparable between processes on one machine. */
export const absNow = () => performance.timeOrigin + performance.now();

const plainText = (text: Y.XmlText) => Y.Text.prototype.toString.call(text);

/** The update that creates a section's paragraph with a first sentence; every client starts from it. */
function seedUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1;
  insertParagraph(doc, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** `ws` connecting from `localAddress` (the provider constructs its WebSocket with the URL only). */
function socketFrom(localAddress: string): typeof WebSocket {
  class FromAddress extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { localAddress });
    }
  }
  return FromAddress as unknown as typeof WebSocket;
}

interface Client {
  spec: BenchClient;
  doc: Y.Doc;
  text: Y.XmlText;
  provider: HocuspocusProvider;
  gen: prng.PRNG;
  /** Where this writer types: just after its own last character, wherever others type meanwhile. */
  cursor: Y.RelativePosition | null;
  timer: NodeJS.Timeout | null;
  sendClocks: number[];
  sendTimes: number[];
  sendCounted: number[];
  /** Per writer (by position in spec.writers): [clock, time, clock, time, …]. */
  arrivals: number[][];
}

const inbox: ToClient[] = [];
let wake = () => {};
async function next<K extends ToClient['kind']>(kind: K): Promise<Extract<ToClient, { kind: K }>> {
  for (;;) {
    const i = inbox.findIndex((m) => m.kind === kind);
    if (i >= 0) return inbox.splice(i, 1)[0] as Extract<ToClient, { kind: K }>;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
const post = (m: FromClient) => process.send!(m);

function connect(spec: BenchClient, seed: Uint8Array): Client {
  const doc = new Y.Doc();
  doc.clientID = CLIENT_ID_BASE + spec.index;
  Y.applyUpdate(doc, seed);
  const text = (sectionFragment(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const arrivals: number[][] = spec.writers.map(() => []);
  const slot = new Map(spec.writers.map((w, k) => [CLIENT_ID_BASE + w, k]));
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.local) return;
    const now = absNow();
    for (const [clientId, after] of tr.afterState) {
      const k = slot.get(clientId);
      if (k === undefined || clientId === doc.clientID || after <= (tr.beforeState.get(clientId) ?? 0)) continue;
      arrivals[k].push(after, now);
    }
  });
  const socket = new HocuspocusProviderWebsocket({ url: spec.url, WebSocketPolyfill: socketFrom(spec.localAddress) });
  const provider = providerOn(socket, spec.docName, doc, spec.token);
  return { spec, doc, text, provider, gen: prng.create(spec.seed), cursor: null, timer: null, sendClocks: [], sendTimes: [], sendCounted: [], arrivals };
}

async function run(): Promise<void> {
  process.on('message', (m: ToClient) => (inbox.push(m), wake()));
  const init = await next('init');
  const seeds = new Map<string, Uint8Array>();
  const seedOf = (name: string) => seeds.get(name) ?? (seeds.set(name, seedUpdate(init.seedText)), seeds.get(name)!);
  const clients: Client[] = [];
  try {
    for (const spec of init.clients) clients.push(connect(spec, seedOf(spec.docName)));
    await waitFor(
      () => clients.every((c) => c.provider.isSynced),
      60_000,
      () => `${clients.filter((c) => !c.provider.isSynced).length} of ${clients.length} clients of a client process did not sync within 60 s`,
    );
    post({ kind: 'ready' });
    const { startAt } = await next('start');

    const countFrom = startAt + init.warmupMs;
    const endAt = countFrom + init.durationMs;
    const [minGap, maxGap] = init.intervalMs;
    const type = (c: Client, counted: boolean) => {
      const len = c.text.length;
      const abs = c.cursor && Y.createAbsolutePositionFromRelativePosition(c.cursor, c.doc);
      const pos = abs ? Math.min(abs.index, len) : prng.int32(c.gen, 0, len);
      const ch = prng.oneOf(c.gen, ALPHABET);
      const clock = Y.getState(c.doc.store, c.doc.clientID);
      const t0 = absNow();
      c.text.insert(pos, ch);
      c.sendClocks.push(clock);
      c.sendTimes.push(t0);
      c.sendCounted.push(counted ? 1 : 0);
      // assoc -1: stick to the character just typed, so this writer's run stays contiguous.
      c.cursor = Y.createRelativePositionFromTypeIndex(c.text, pos + 1, -1);
      if (init.cursors) {
        const at = Y.relativePositionToJSON(c.cursor);
        c.provider.setAwarenessField('cursor', { anchor: at, head: at });
      }
    };

    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    const loopTimer = setTimeout(() => loopDelay.enable(), countFrom - absNow());
    const writers = clients.filter((c) => c.spec.writes);
    await new Promise<void>((resolve) => {
      let running = writers.length;
      if (running === 0) resolve();
      for (const c of writers) {
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
      // A process with readers only still waits for the typing time to pass.
      if (writers.length === 0) setTimeout(resolve, endAt - absNow());
    });
    post({ kind: 'typed', clocks: Object.fromEntries(writers.map((c) => [c.spec.index, Y.getState(c.doc.store, c.doc.clientID)])) });
    const { target } = await next('drain');

    // The edits still in flight when typing stops are counted once they arrive.
    const reached = (c: Client) => c.spec.writers.every((w) => w === c.spec.index || Y.getState(c.doc.store, CLIENT_ID_BASE + w) >= (target[w] ?? 0));
    const drained = await waitFor(() => clients.every(reached), 15_000, () => 'drain').then(
      () => true,
      () => false,
    );
    clearTimeout(loopTimer);
    loopDelay.disable();
    const synced = await waitFor(() => clients.every((c) => !c.provider.hasUnsyncedChanges), 15_000, () => 'unsynced').then(
      () => true,
      () => false,
    );
    const outcomes: ClientOutcome[] = clients.map((c) => ({
      index: c.spec.index,
      docName: c.spec.docName,
      sendClocks: Int32Array.from(c.sendClocks),
      sendTimes: Float64Array.from(c.sendTimes),
      sendCounted: Uint8Array.from(c.sendCounted),
      arrivalClocks: c.arrivals.map((log) => Int32Array.from(log.filter((_, k) => k % 2 === 0))),
      arrivalTimes: c.arrivals.map((log) => Float64Array.from(log.filter((_, k) => k % 2 === 1))),
      text: plainText(c.text),
    }));
    post({ kind: 'result', outcomes, loopDelayP99: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : NaN, drained, synced });
  } finally {
    for (const c of clients) {
      if (c.timer) clearTimeout(c.timer);
      c.provider.destroy();
      c.doc.destroy();
    }
  }
}

/** The argument sync-bench.ts starts this module with (importing it for its types runs nothing). */
export const CLIENT_PROCESS_FLAG = '--sync-bench-client';

if (process.argv.includes(CLIENT_PROCESS_FLAG) && process.send) {
  run().then(
    () => process.disconnect(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
