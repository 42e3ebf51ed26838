// Replays a concurrent editing trace with one Yjs replica per author, then syncs every replica through
// a real sync server and checks that all of them, and the server's stored document, end at exactly
// the trace's endContent.
//
// Editing traces: Joseph Gentle's `editing-traces` collection (https://github.com/josephg/editing-traces),
// licensed CC BY 4.0. Its concurrent format is {kind: "concurrent", endContent, numAgents,
// txns: [{parents, numChildren, agent, time, patches: [[pos, delLen, insText]]}]}; positions are code
// points into the document as the author saw it after merging `parents`. The collection guarantees
// that no two authors ever insert at the same place concurrently, so every correct CRDT must converge
// on endContent. A sequential trace ({startContent, endContent, txns}) is replayed as one author's chain.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import { Store } from '../store/store.ts';
import { startSyncServer, type SyncServer } from './server.ts';

/** At `pos` delete `delLen` code points, then insert `insText`. */
export type Patch = [pos: number, delLen: number, insText: string];

export interface TraceTxn {
  /** Indices of earlier txns this one comes directly after ([] for the first). */
  parents: number[];
  agent: number;
  patches: Patch[];
}

export interface ConcurrentTrace {
  /** "concurrent", or "sequential" when read from a sequential file (one agent, a chain). */
  kind: 'concurrent' | 'sequential';
  /** Empty for concurrent traces (they start from ""). */
  startContent: string;
  endContent: string;
  numAgents: number;
  txns: TraceTxn[];
}

export class TraceFormatError extends Error {
  override name = 'TraceFormatError';
}

/** Thrown when a replica or the server does not end at endContent. */
export class ReplayMismatchError extends Error {
  override name = 'ReplayMismatchError';
}

const isPatch = (p: unknown): p is Patch =>
  Array.isArray(p) && Number.isInteger(p[0]) && p[0] >= 0 && Number.isInteger(p[1]) && p[1] >= 0 && typeof p[2] === 'string';

/** Reads a trace file, gzipped or plain JSON, concurrent or sequential. */
export function loadConcurrentTrace(file: string): ConcurrentTrace {
  let bytes = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new TraceFormatError(`${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof json.endContent !== 'string' || !Array.isArray(json.txns)) {
    throw new TraceFormatError(`${file} is not an editing trace: expected {endContent, txns: [...]}.`);
  }
  const raw = json.txns as Record<string, unknown>[];
  const concurrent = json.kind === 'concurrent';
  const numAgents = concurrent ? Number(json.numAgents) : 1;
  if (!Number.isInteger(numAgents) || numAgents < 1) throw new TraceFormatError(`${file}: numAgents must be a positive integer.`);
  const txns = raw.map((t, i): TraceTxn => {
    const patches = t?.patches;
    if (!Array.isArray(patches) || !patches.every(isPatch)) throw new TraceFormatError(`${file}: txn ${i} has malformed patches.`);
    if (!concurrent) return { parents: i === 0 ? [] : [i - 1], agent: 0, patches: patches.map((p) => [p[0], p[1], p[2]]) };
    const { parents, agent } = t;
    if (!Array.isArray(parents) || !parents.every((p) => Number.isInteger(p) && p >= 0 && p < i)) {
      throw new TraceFormatError(`${file}: txn ${i} has parents that are not earlier txns.`);
    }
    if (parents.length === 0 && i > 0) throw new TraceFormatError(`${file}: only the first txn may have no parents (txn ${i}).`);
    if (!Number.isInteger(agent) || (agent as number) < 0 || (agent as number) >= numAgents) {
      throw new TraceFormatError(`${file}: txn ${i} has agent ${String(agent)} outside 0..${numAgents - 1}.`);
    }
    return { parents: parents as number[], agent: agent as number, patches: patches.map((p) => [p[0], p[1], p[2]]) };
  });
  return {
    kind: concurrent ? 'concurrent' : 'sequential',
    startContent: !concurrent && typeof json.startContent === 'string' ? json.startContent : '',
    endContent: json.endContent,
    numAgents,
    txns,
  };
}

// --- section documents ---------------------------------------------------------------------------

/** The section document's text as the editor keeps it: XmlFragment 'prosemirror' > paragraph > XmlText. */
export function sectionTextOf(doc: Y.Doc): Y.XmlText | null {
  const paragraph = doc.getXmlFragment(SECTION_KEYS.text).get(0);
  if (!(paragraph instanceof Y.XmlElement)) return null;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : null;
}

/** Plain text of a Y.XmlText (its toString() would render formatting as tags). */
export const plainText = (text: Y.XmlText | null): string => (text ? Y.Text.prototype.toString.call(text) : '');

/** A section document as the editor makes it — XmlFragment 'prosemirror' > paragraph > XmlText —
 *  holding `startContent`. */
export function newSectionDoc(startContent: string, clientID?: number): { doc: Y.Doc; text: Y.XmlText } {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  const text = new Y.XmlText();
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    doc.getXmlFragment(SECTION_KEYS.text).insert(0, [paragraph]);
    if (startContent) text.insert(0, startContent);
  });
  return { doc, text };
}

/** The update that creates the section's paragraph (with `startContent`), shared by every replica. */
function seedUpdate(startContent: string): Uint8Array {
  const { doc } = newSectionDoc(startContent, 1);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const hasAstral = (s: string) => /[\uD800-\uDBFF]/.test(s);

/** UTF-16 offset of code point `cps` in `s`, counting from UTF-16 offset `from`. */
function utf16Offset(s: string, from: number, cps: number): number {
  let i = from;
  for (let n = 0; n < cps; n++) i += s.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

// --- local replay --------------------------------------------------------------------------------

export interface Replica {
  agent: number;
  doc: Y.Doc;
  text: Y.XmlText;
}

export interface LocalReplay {
  replicas: Replica[];
  /** Each txn's Yjs update, made on its author's replica (null for a txn without patches). */
  updates: (Uint8Array | null)[];
  seed: Uint8Array;
  patches: number;
  /** Updates applied from other agents' txns (the merges). */
  remoteApplies: number;
  ms: number;
}

/**
 * Replays the trace in memory. Txns run in index order; before txn t runs on its author's replica,
 * that replica receives, in index order, the updates of exactly those txns in t's causal past (the
 * transitive closure of `parents`) it has not yet seen. Each author's txns are totally ordered (a
 * rule of the format), so a causal past is a vector of per-agent counts and a replica's state is
 * one too; a replica that has seen something outside t's past means the trace breaks that rule.
 */
export function replayLocally(trace: ConcurrentTrace): LocalReplay {
  const { numAgents, txns } = trace;
  const seed = seedUpdate(trace.startContent);
  const astral = hasAstral(trace.startContent) || txns.some((t) => t.patches.some((p) => hasAstral(p[2])));

  /** agentTxns[a]: indices of a's txns in order; seqOf[t]: t's position in its agent's list. */
  const agentTxns: number[][] = Array.from({ length: numAgents }, () => []);
  const seqOf = new Int32Array(txns.length);
  /** after[t * numAgents + b]: how many of b's txns are in t's past including t itself. */
  const after = new Int32Array(txns.length * numAgents);

  const replicas: Replica[] = Array.from({ length: numAgents }, (_, agent) => {
    const doc = new Y.Doc();
    // Fixed client ids: the replay does not depend on chance (ids only order concurrent inserts at
    // one place, which these traces never have, but runs stay identical).
    doc.clientID = 2 + agent;
    Y.applyUpdate(doc, seed);
    return { agent, doc, text: sectionTextOf(doc)! };
  });
  const seen = replicas.map(() => new Int32Array(numAgents));
  /** Shadow copies of each replica's text, only kept when code points and UTF-16 units differ. */
  const shadow: (string | null)[] = replicas.map(() => (astral ? trace.startContent : null));
  let captured: Uint8Array | null = null;
  const capture = (u: Uint8Array) => (captured = u);
  for (const r of replicas) r.doc.on('update', capture);

  const updates: (Uint8Array | null)[] = new Array(txns.length).fill(null);
  const before = new Int32Array(numAgents);
  let patches = 0;
  let remoteApplies = 0;
  const t0 = performance.now();

  for (let t = 0; t < txns.length; t++) {
    const { agent, parents } = txns[t];
    before.fill(0);
    for (const p of parents) {
      for (let b = 0; b < numAgents; b++) before[b] = Math.max(before[b], after[p * numAgents + b]);
    }
    seqOf[t] = agentTxns[agent].length;
    if (before[agent] !== seqOf[t]) {
      throw new TraceFormatError(
        `txn ${t}: agent ${agent}'s earlier txns are not exactly its causal past (the format requires each agent's txns to be totally ordered).`,
      );
    }
    agentTxns[agent].push(t);
    after.set(before, t * numAgents);
    after[t * numAgents + agent] = seqOf[t] + 1;

    // Bring the author's replica to exactly t's causal past.
    const replica = replicas[agent];
    const have = seen[agent];
    const missing: number[] = [];
    for (let b = 0; b < numAgents; b++) {
      if (have[b] > before[b]) throw new TraceFormatError(`txn ${t}: agent ${agent} has seen txns of agent ${b} outside the txn's causal past.`);
      for (let k = have[b]; k < before[b]; k++) missing.push(agentTxns[b][k]);
      have[b] = before[b];
    }
    if (missing.length > 0) {
      missing.sort((x, y) => x - y);
      replica.doc.transact(() => {
        for (const m of missing) if (updates[m]) Y.applyUpdate(replica.doc, updates[m]!);
      }, 'merge');
      remoteApplies += missing.length;
      if (shadow[agent] !== null) shadow[agent] = plainText(replica.text);
    }

    // The txn itself, in one transaction: one update per txn.
    captured = null;
    replica.doc.transact(() => {
      for (const [pos, del, ins] of txns[t].patches) {
        let at = pos;
        let len = del;
        const s = shadow[agent];
        if (s !== null) {
          at = utf16Offset(s, 0, pos);
          len = utf16Offset(s, at, del) - at;
          shadow[agent] = s.slice(0, at) + ins + s.slice(at + len);
        }
        if (len > 0) replica.text.delete(at, len);
        if (ins) replica.text.insert(at, ins);
        patches++;
      }
    });
    updates[t] = captured;
    have[agent] = seqOf[t] + 1;
  }
  for (const r of replicas) r.doc.off('update', capture);
  return { replicas, updates, seed, patches, remoteApplies, ms: performance.now() - t0 };
}

// --- through the server --------------------------------------------------------------------------

export interface ReplayOptions {
  /** Document name on the server (default `trace/section/replay`). */
  docName?: string;
  /** Folder for the server's temporary data directory (default: the OS temp dir). Removed afterwards. */
  dir?: string;
  /** How long the replicas may take to converge through the server (default 120 s). */
  syncTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface ReplayResult {
  kind: ConcurrentTrace['kind'];
  txns: number;
  agents: number;
  patches: number;
  /** Other agents' txns applied to replicas to bring them to each txn's causal past. */
  remoteApplies: number;
  endLength: number;
  localMs: number;
  syncMs: number;
  /** Closing the server and reloading its stored document. */
  verifyMs: number;
  totalMs: number;
  serverAppends: number;
  serverBytesOnDisk: number;
  storedStateBytes: number;
}

/** Throws ReplayMismatchError, saying where the text first differs, unless it is the expected one. */
export function expectText(what: string, actual: string, expected: string): void {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  throw new ReplayMismatchError(
    `${what}: text differs from endContent at ${i} (length ${actual.length}, expected ${expected.length}): ` +
      `${JSON.stringify(actual.slice(i, i + 40))} vs ${JSON.stringify(expected.slice(i, i + 40))}`,
  );
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

/**
 * Replays `trace` locally (replayLocally), then connects every replica to a sync server started
 * in-process on a temporary folder, waits until each provider is synced with nothing unacknowledged
 * and all replicas hold the same state, and checks that every replica's text equals endContent.
 * Then it closes the server, reopens its workspace and checks the stored document the same way.
 * Throws ReplayMismatchError on any difference.
 */
export async function replayConcurrent(trace: ConcurrentTrace, options: ReplayOptions = {}): Promise<ReplayResult> {
  const log = options.log ?? (() => {});
  const docName = options.docName ?? 'trace/section/replay';
  const syncTimeoutMs = options.syncTimeoutMs ?? 120_000;
  const t0 = performance.now();

  const local = replayLocally(trace);
  log(`  local replay: ${local.patches} patches in ${trace.txns.length} txns, ${local.remoteApplies} merged, ${local.ms.toFixed(0)} ms`);

  const dir = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'enighed-replay-'));
  let server: SyncServer | null = null;
  const providers: HocuspocusProvider[] = [];
  try {
    server = await startSyncServer({ dataDir: dir, quiet: true });
    const s1 = performance.now();
    for (const replica of local.replicas) providers.push(connectProvider(server.url, docName, replica.doc));
    await waitFor(
      () =>
        providers.every((p) => p.isSynced && !p.hasUnsyncedChanges) &&
        local.replicas.every((r, _i, all) => sameBytes(Y.encodeStateVector(r.doc), Y.encodeStateVector(all[0].doc))),
      syncTimeoutMs,
      () =>
        `replicas did not converge through the server within ${syncTimeoutMs} ms: ` +
        providers.map((p, i) => `agent ${i}: synced=${p.isSynced}, unsynced=${p.unsyncedChanges}`).join('; '),
    );
    const syncMs = performance.now() - s1;
    for (const r of local.replicas) expectText(`replica of agent ${r.agent}`, plainText(r.text), trace.endContent);
    log(`  ${local.replicas.length} replicas synced through ${server.url} in ${syncMs.toFixed(0)} ms; all equal endContent`);

    const v0 = performance.now();
    const serverAppends = server.stats().appendedUpdates;
    for (const p of providers.splice(0)) p.destroy();
    await server.close();
    const workspacePath = server.workspacePath;
    server = null;
    const serverBytesOnDisk = fs.statSync(workspacePath).size;
    const store = Store.open(workspacePath, { create: false });
    let storedStateBytes: number;
    try {
      const stored = store.loadYDoc(docName);
      storedStateBytes = Y.encodeStateAsUpdate(stored).byteLength;
      expectText('server store', plainText(sectionTextOf(stored)), trace.endContent);
      stored.destroy();
    } finally {
      store.close();
    }
    const verifyMs = performance.now() - v0;
    log(`  server's stored document equals endContent (${serverAppends} updates appended, reloaded in ${verifyMs.toFixed(0)} ms)`);

    return {
      kind: trace.kind,
      txns: trace.txns.length,
      agents: trace.numAgents,
      patches: local.patches,
      remoteApplies: local.remoteApplies,
      endLength: trace.endContent.length,
      localMs: local.ms,
      syncMs,
      verifyMs,
      totalMs: performance.now() - t0,
      serverAppends,
      serverBytesOnDisk,
      storedStateBytes,
    };
  } finally {
    for (const p of providers) p.destroy();
    await server?.close();
    for (const r of local.replicas) r.doc.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Reconnection timing of a provider's socket (see HocuspocusProviderWebsocket). */
export interface ReconnectOptions {
  delay?: number;
  minDelay?: number;
  maxDelay?: number;
  factor?: number;
}

/**
 * A HocuspocusProvider for `doc` on its own socket. Node has no global WebSocket before v22, so
 * `ws` stands in for it. destroy() on the provider also destroys the socket it manages.
 */
export function connectProvider(url: string, name: string, doc: Y.Doc, reconnect: ReconnectOptions = {}): HocuspocusProvider {
  return providerOn(new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, ...reconnect }), name, doc);
}

/** A HocuspocusProvider for `doc` on `socket`, attached; destroying it destroys the socket too. */
export function providerOn(socket: HocuspocusProviderWebsocket, name: string, doc: Y.Doc, token?: string): HocuspocusProvider {
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, ...(token === undefined ? {} : { token }) });
  provider.attach();
  // With an explicit websocketProvider the provider does not own it; tie their lifetimes together.
  // (The socket's own 'destroy' event is forwarded to the provider, hence the guard.)
  let destroyed = false;
  provider.on('destroy', () => {
    if (destroyed) return;
    destroyed = true;
    socket.destroy();
  });
  return provider;
}

/** Polls `done` every 10 ms until it holds; rejects with `describe()` after `timeoutMs`. */
export async function waitFor(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
