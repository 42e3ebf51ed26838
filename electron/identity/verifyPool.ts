// Verifying many Ed25519 signatures at once on a pool of threads, one per core (at most four): what
// judging an agreement's positions from cold needs verified (an export: electron/export/
// exportAgreement.ts). With endorsements that is one signature per device and section
// (shared/identity/endorsement.ts), few enough to verify here; the pool pays for positions signed
// before endorsements, one signature each (a 3,000-clause agreement holds about 6,000). The threads
// start on first use (or warmVerifyPool) and stay, unref'd while idle, so they never keep a process
// alive. A batch too small to be worth the messages, or one whose thread failed, is verified here
// with the same verifyBytes, so the verdicts never depend on where they were made.
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { SignatureCheck, VerdictCache } from '../../shared/identity/verifier.ts';
import { startThread } from '../workers/startThread.ts';
import { verifyBytes } from './ed25519.ts';
import type { FromVerifyWorker, ToVerifyWorker } from './verifyProtocol.ts';

/** Undefined in the CommonJS bundle (esbuild leaves import.meta empty there). */
const sourceUrl: string | undefined = import.meta.url;

/** The file name of the bundled worker, beside the bundled main (see electron/tools/bundle.ts). */
export const BUNDLED_VERIFY_WORKER = 'verifyWorker.cjs';

/** Below this many checks, the messages cost more than the threads save. */
export const IN_THREAD_BELOW = 256;

export const POOL_SIZE = Math.max(1, Math.min(4, os.availableParallelism()));

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  waiting: Map<number, { resolve: (results: Uint8Array) => void; reject: (error: Error) => void }>;
}

let threads: Thread[] | null = null;
let nextId = 1;

/** How many checks were verified on the threads, and how many here because a thread failed. */
const stats = { onThreads: 0, fallenBack: 0 };
export function verifyPoolStats(): Readonly<typeof stats> {
  return { ...stats };
}

function startOne(): Thread {
  const worker = startThread({ sourceUrl, sourceEntry: './verifyWorker.ts', bundled: BUNDLED_VERIFY_WORKER });
  worker.unref();
  const waiting: Thread['waiting'] = new Map();
  let markReady: () => void = () => {};
  let markFailed: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ready.catch(() => {});
  const fail = (error: Error) => {
    markFailed(error);
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    // The next batch starts a fresh pool.
    if (threads?.some((t) => t.worker === worker)) threads = null;
  };
  worker.on('message', (message: FromVerifyWorker) => {
    if (message.kind === 'ready') return markReady();
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (waiting.size === 0) worker.unref();
    entry?.resolve(message.results);
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`verification thread exited (${code})`)));
  return { worker, ready, waiting };
}

function pool(): Thread[] {
  threads ??= Array.from({ length: POOL_SIZE }, startOne);
  return threads;
}

/** Starts the threads and waits until each has loaded (the app calls this early; the first batch
 *  otherwise waits for them). */
export async function warmVerifyPool(): Promise<void> {
  await Promise.all(pool().map((t) => t.ready));
}

function inThread(checks: SignatureCheck[]): boolean[] {
  return checks.map((c) => verifyBytes(c.publicKey, c.bytes, c.signature));
}

async function onThread(thread: Thread, checks: SignatureCheck[]): Promise<boolean[]> {
  try {
    // Posted now, before this function first yields: a caller sending chunks in a loop has the
    // threads verifying while it builds the next (a message waits in the queue until the thread has
    // loaded; a thread that fails to load rejects what waits).
    const id = nextId++;
    const results = await new Promise<Uint8Array>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, checks } satisfies ToVerifyWorker);
    });
    stats.onThreads += checks.length;
    return Array.from(results, (r) => r === 1);
  } catch (error) {
    if (stats.fallenBack === 0) console.warn('Signaturkontrol: en tråd fejlede; kontrollen køres i stedet her.', error);
    stats.fallenBack += checks.length;
    return inThread(checks);
  }
}

/** Each check's verdict (same order), verified on the pool's threads in equal shares. */
export async function verifyMany(checks: SignatureCheck[]): Promise<boolean[]> {
  if (checks.length < IN_THREAD_BELOW) return inThread(checks);
  const all = pool();
  const share = Math.ceil(checks.length / all.length);
  const parts = await Promise.all(all.map((thread, i) => onThread(thread, checks.slice(i * share, (i + 1) * share))));
  return parts.flat();
}

/** How many checks go to a thread at a time while verifying ahead: the threads start verifying while
 *  this thread is still building the rest (reading the positions and their signed bytes). */
export const AHEAD_CHUNK = 500;

/** Verifies on the pool every check `cache` has no verdict for yet and stores the verdicts there, so
 *  that judging the positions afterwards (one at a time, synchronously) verifies nothing. The checks
 *  are sent in chunks as they are produced, to the threads in turn. Returns how many were verified. */
export async function verifyAheadInto(cache: VerdictCache, checks: Iterable<SignatureCheck>): Promise<number> {
  const seen = new Set<string>();
  const parts: Promise<void>[] = [];
  let chunk: SignatureCheck[] = [];
  let total = 0;
  let turn = 0;
  const send = () => {
    const batch = chunk;
    chunk = [];
    const verdicts = batch.length < IN_THREAD_BELOW && parts.length === 0 ? Promise.resolve(inThread(batch)) : onThread(pool()[turn++ % POOL_SIZE], batch);
    parts.push(verdicts.then((ok) => batch.forEach((c, i) => cache.store(c.publicKey, c.bytes, c.signature, ok[i]))));
  };
  for (const check of checks) {
    // One signature on other bytes too (copied onto an altered position) is left to the judging,
    // which verifies it there and finds it invalid.
    if (seen.has(check.signature) || cache.lookup(check.publicKey, check.bytes, check.signature) !== undefined) continue;
    seen.add(check.signature);
    chunk.push(check);
    total++;
    if (chunk.length >= AHEAD_CHUNK) send();
  }
  if (chunk.length > 0) send();
  await Promise.all(parts);
  return total;
}
