// Store benchmark: replays a real editing trace into a section document through the Store, one Yjs
// update per keystroke-level patch, each committed before the next is applied, and compares with the
// same replay in memory. Reports throughput, bytes on disk before and after compaction, and how long
// loading the stored document takes.
//
// Editing traces: Joseph Gentle's `editing-traces` collection (https://github.com/josephg/editing-traces),
// licensed CC BY 4.0. The `automerge-paper` trace was recorded and prepared by Martin Kleppmann while
// writing a LaTeX paper. A copy lives in shared/data/editing-traces/ beside this repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { Store } from '../../electron/store/store.ts';
import {
  expectText,
  loadConcurrentTrace,
  newSectionDoc,
  plainText,
  sectionTextOf,
  ReplayMismatchError,
  TraceFormatError,
  type Patch,
} from '../../electron/server/replayTrace.ts';

export { ReplayMismatchError, TraceFormatError };

/** The sequential format of editing-traces: one author, patches in order. */
export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

/** Reads a sequential trace (gzipped or plain JSON); a concurrent one is refused with a pointer to
 *  `npm run replay`, since its positions are relative to each author's view. */
export function loadSequentialTrace(file: string): SequentialTrace {
  const trace = loadConcurrentTrace(file);
  if (trace.kind === 'concurrent') {
    throw new TraceFormatError(
      `${file} is a concurrent trace (${trace.numAgents} agents): the store benchmark replays sequential traces; ` +
        'replay concurrent ones with `npm run replay -- <file>`.',
    );
  }
  return { startContent: trace.startContent, endContent: trace.endContent, txns: trace.txns };
}

const sectionText = (doc: Y.Doc) => plainText(sectionTextOf(doc));

const hasAstral = (s: string) => /[\uD800-\uDBFF]/.test(s);

/**
 * Returns a function applying one patch to `text` in its own transaction. Yjs counts UTF-16 code
 * units and traces count code points; they agree unless the trace has characters outside the BMP,
 * and only then do we pay for a shadow copy of the text to convert positions.
 */
function patcher(trace: SequentialTrace, doc: Y.Doc, text: Y.XmlText): (p: Patch) => void {
  const astral = hasAstral(trace.startContent) || trace.txns.some((t) => t.patches.some((p) => hasAstral(p[2])));
  if (!astral) {
    return ([pos, del, ins]) =>
      doc.transact(() => {
        if (del > 0) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      });
  }
  let shadow = trace.startContent;
  const utf16 = (from: number, cps: number) => {
    let i = from;
    for (let n = 0; n < cps; n++) i += shadow.codePointAt(i)! > 0xffff ? 2 : 1;
    return i;
  };
  return ([pos, del, ins]) => {
    const at = utf16(0, pos);
    const len = utf16(at, del) - at;
    shadow = shadow.slice(0, at) + ins + shadow.slice(at + len);
    doc.transact(() => {
      if (len > 0) text.delete(at, len);
      if (ins) text.insert(at, ins);
    });
  };
}

interface ReplayResult {
  doc: Y.Doc;
  text: Y.XmlText;
  patches: number;
  ms: number;
  updateBytes: number;
}

/**
 * Replays the trace, one transaction per patch. With `onUpdate`, each patch's update is encoded and
 * handed over before the next patch is applied; without it Yjs encodes nothing.
 */
function replay(trace: SequentialTrace, onUpdate?: (update: Uint8Array) => void): ReplayResult {
  const { doc, text } = newSectionDoc(trace.startContent);
  let updateBytes = 0;
  let pending: Uint8Array | null = null;
  if (onUpdate) {
    // The seeding transaction above ran before the listener; hand its state over first.
    const seed = Y.encodeStateAsUpdate(doc);
    updateBytes += seed.byteLength;
    onUpdate(seed);
    doc.on('update', (u: Uint8Array) => (pending = u));
  }
  const apply = patcher(trace, doc, text);
  let patches = 0;
  const t0 = performance.now();
  for (const txn of trace.txns) {
    for (const patch of txn.patches) {
      apply(patch);
      patches++;
      if (onUpdate && pending) {
        updateBytes += (pending as Uint8Array).byteLength;
        onUpdate(pending);
        pending = null;
      }
    }
  }
  return { doc, text, patches, ms: performance.now() - t0, updateBytes };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Rounds of the in-memory and the store replay; the best of each is reported. */
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface StoreBenchOptions {
  tracePath: string;
  /** Where the temporary workspace goes (default: the OS temp dir). */
  dir?: string;
  /** How many fresh loads to take the median of. */
  loadRuns?: number;
  log?: (line: string) => void;
}

export interface StoreBenchResult {
  trace: string;
  patches: number;
  storeEditsPerSec: number;
  plainEditsPerSec: number;
  plainNoEncodeEditsPerSec: number;
  /** Store replay time / in-memory replay time (both encoding one update per patch). */
  ratio: number;
  /** Store replay time / in-memory replay time without encoding updates. */
  ratioNoEncode: number;
  logUpdates: number;
  logBytes: number;
  diskBytesBefore: number;
  diskBytesAfter: number;
  encodedStateBytes: number;
  diskToStateRatio: number;
  compactMs: number;
  loadFullLogMs: number;
  /** Store.open + loadYDoc on a fresh connection, after compaction. */
  loadMedianMs: number;
  openMedianMs: number;
  loadYDocMedianMs: number;
  targets: { ratio: boolean; disk: boolean; load: boolean };
}

export async function runStoreBench(options: StoreBenchOptions): Promise<StoreBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const loadRuns = options.loadRuns ?? 5;
  const trace = loadSequentialTrace(options.tracePath);
  const patchCount = trace.txns.reduce((n, t) => n + t.patches.length, 0);
  log(`store bench: ${path.basename(options.tracePath)}, ${trace.txns.length} txns, ${patchCount} patches`);

  // In memory: once to warm up the JIT, then without update encoding (for reference).
  replay(trace, () => {});
  const plainNoEncode = replay(trace);
  expectText('in-memory replay', plainText(plainNoEncode.text), trace.endContent);
  plainNoEncode.doc.destroy();

  const dir = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'enighed-bench-'));
  const file = path.join(dir, 'bench.enighed');
  const docId = 'bench/section/s1';
  try {
    // The ratio's two sides, interleaved and best of ROUNDS each, so that a noisy neighbour on the
    // machine does not land on one side only. Both encode one update per patch; only the store
    // commits it.
    let plainMs = Infinity;
    let storeMs = Infinity;
    let stored: ReplayResult | null = null;
    let store: Store | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      const p = replay(trace, () => {});
      expectText('in-memory replay with updates', plainText(p.text), trace.endContent);
      p.doc.destroy();
      plainMs = Math.min(plainMs, p.ms);

      // Each round on a new file; the last one stays for the size and load figures.
      store?.close();
      stored?.doc.destroy();
      for (const suffix of ['', '-wal']) fs.rmSync(file + suffix, { force: true });
      const current = Store.open(file);
      current.insertAgreement('bench', new Date().toISOString());
      stored = replay(trace, (u) => current.appendUpdate(docId, u));
      expectText('store replay', plainText(stored.text), trace.endContent);
      storeMs = Math.min(storeMs, stored.ms);
      store = current;
    }
    if (!stored || !store) throw new Error('no rounds ran');
    const encodedStateBytes = Y.encodeStateAsUpdate(stored.doc).byteLength;
    const logStats = store.logStats(docId);
    const diskBytesBefore = fileSize(file) + fileSize(`${file}-wal`);

    // Loading the whole log, as after a crash before any compaction (same connection: the file is
    // locked to it).
    const l0 = performance.now();
    const fromLog = store.loadYDoc(docId);
    const loadFullLogMs = performance.now() - l0;
    expectText('load from the log', sectionText(fromLog), trace.endContent);
    fromLog.destroy();

    const t0 = performance.now();
    const compacted = store.compact(docId);
    const compactMs = performance.now() - t0;
    if (!compacted) throw new Error('compact() folded nothing');
    store.shrink();
    const diskBytesAfter = fileSize(file) + fileSize(`${file}-wal`);
    store.close();

    const loads: number[] = [];
    const opens: number[] = [];
    const loadYDocs: number[] = [];
    for (let i = 0; i < loadRuns; i++) {
      const t1 = performance.now();
      const fresh = Store.open(file, { create: false });
      const t2 = performance.now();
      const doc = fresh.loadYDoc(docId);
      const t3 = performance.now();
      loads.push(t3 - t1);
      opens.push(t2 - t1);
      loadYDocs.push(t3 - t2);
      expectText('load after compaction', sectionText(doc), trace.endContent);
      doc.destroy();
      fresh.close();
    }

    const result: StoreBenchResult = {
      trace: options.tracePath,
      patches: stored.patches,
      storeEditsPerSec: stored.patches / (storeMs / 1000),
      plainEditsPerSec: stored.patches / (plainMs / 1000),
      plainNoEncodeEditsPerSec: plainNoEncode.patches / (plainNoEncode.ms / 1000),
      ratio: storeMs / plainMs,
      ratioNoEncode: storeMs / plainNoEncode.ms,
      logUpdates: logStats.count,
      logBytes: logStats.bytes,
      diskBytesBefore,
      diskBytesAfter,
      encodedStateBytes,
      diskToStateRatio: diskBytesAfter / encodedStateBytes,
      compactMs,
      loadFullLogMs,
      loadMedianMs: median(loads),
      openMedianMs: median(opens),
      loadYDocMedianMs: median(loadYDocs),
      targets: { ratio: false, disk: false, load: false },
    };
    result.targets = {
      ratio: result.ratio <= 2,
      disk: result.diskToStateRatio <= 1.5,
      load: result.loadMedianMs < 100,
    };
    report(result, storeMs, plainMs, plainNoEncode.ms, log);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function report(r: StoreBenchResult, storeMs: number, plainMs: number, plainNoEncodeMs: number, log: (line: string) => void): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const kb = (x: number) => `${(x / 1024).toFixed(1)} KiB`;
  const ok = (met: boolean) => (met ? 'met' : 'MISSED');
  log(`  final text equals endContent (${n(r.patches)} patches replayed, also after reload)`);
  log(`  through the store:        ${n(r.storeEditsPerSec)} edits/s (${(storeMs / 1000).toFixed(2)} s)`);
  log(`  in memory, with updates:  ${n(r.plainEditsPerSec)} edits/s (${(plainMs / 1000).toFixed(2)} s)`);
  log(`  in memory, no updates:    ${n(r.plainNoEncodeEditsPerSec)} edits/s (${(plainNoEncodeMs / 1000).toFixed(2)} s)`);
  log(`  store / in memory:        ${r.ratio.toFixed(2)}x   target <= 2x: ${ok(r.targets.ratio)}`);
  log(`  store / in memory without encoding updates: ${r.ratioNoEncode.toFixed(2)}x (for reference)`);
  log(`  log:                      ${n(r.logUpdates)} updates, ${kb(r.logBytes)}`);
  log(`  on disk before compaction ${kb(r.diskBytesBefore)} (db + wal)`);
  log(`  on disk after compaction  ${kb(r.diskBytesAfter)} (compact ${r.compactMs.toFixed(0)} ms, then shrink)`);
  log(`  encoded state             ${kb(r.encodedStateBytes)}   on disk / state: ${r.diskToStateRatio.toFixed(2)}x   target <= 1.5x: ${ok(r.targets.disk)}`);
  log(`  load, whole log:          ${r.loadFullLogMs.toFixed(0)} ms (before compaction, once)`);
  log(`  load after compaction:    ${r.loadMedianMs.toFixed(1)} ms median (of which Store.open ${r.openMedianMs.toFixed(1)} ms, loadYDoc ${r.loadYDocMedianMs.toFixed(1)} ms)   target < 100 ms: ${ok(r.targets.load)}`);
}
