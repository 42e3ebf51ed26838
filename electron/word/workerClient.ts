// The Word worker (worker.ts) and talking to it from the main event loop. One worker per process,
// started on the first task and kept (unref'd, so it never keeps the process alive); tasks run one
// at a time. A worker that fails (out of memory, a crash) is dropped and the next task starts a new
// one. Run from source (tsx, vitest): worker.ts with tsx's loader registered in the worker; bundled
// for Electron (electron/tools/bundle.ts): wordWorker.cjs beside the bundled main, read with fs
// (which also reads from Electron's asar archive) and evaluated — as the compaction fold worker does
// (electron/store/foldThread.ts).
import type { Worker } from 'node:worker_threads';
import { startThread } from '../workers/startThread.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** Undefined in the CommonJS bundle (esbuild leaves import.meta empty there). */
const sourceUrl: string | undefined = import.meta.url;

/** The file name of the bundled worker, beside the bundled main (see electron/tools/bundle.ts). */
export const BUNDLED_WORD_WORKER = 'wordWorker.cjs';

/** The worker's heap ceiling: a file needing more fails alone instead of taking the app down. */
export const WORD_WORKER_HEAP_MB = 768;

function startWorker(): Worker {
  return startThread({ sourceUrl, sourceEntry: './worker.ts', bundled: BUNDLED_WORD_WORKER, resourceLimits: { maxOldGenerationSizeMb: WORD_WORKER_HEAP_MB } });
}

type Reply<K extends ToWorker['kind']> = Extract<FromWorker, { kind: K }>;

let worker: Worker | null = null;
/** The tail of the queue: each task starts once the one before it settled. */
let queue: Promise<unknown> = Promise.resolve();

/** Runs `request` on the Word worker; rejects with the worker's Danish UserFacingError when the
 *  file is refused. The bytes are copied to the worker (the caller keeps its own). */
export function runWordTask<K extends ToWorker['kind']>(request: Extract<ToWorker, { kind: K }>): Promise<Reply<K>> {
  const run = queue.then(() => runOne<K>(request));
  queue = run.catch(() => {});
  return run;
}

function runOne<K extends ToWorker['kind']>(request: ToWorker): Promise<Reply<K>> {
  const w = (worker ??= startWorker());
  w.unref();
  return new Promise<Reply<K>>((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const drop = () => {
      if (worker === w) worker = null;
      void w.terminate();
    };
    const onMessage = (m: FromWorker) => {
      done();
      if (m.kind === 'failed') {
        if (!m.userFacing) drop();
        reject(m.userFacing ? new UserFacingError(m.message) : new Error(`Word worker: ${m.message}`));
      } else resolve(m as Reply<K>);
    };
    const onError = (error: Error & { code?: string }) => {
      done();
      drop();
      reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new UserFacingError(`Word-filen kan ikke indlæses: den kræver mere hukommelse, end Enighed giver den (${WORD_WORKER_HEAP_MB} MB).`)
          : error,
      );
    };
    const onExit = (code: number) => {
      done();
      if (worker === w) worker = null;
      reject(new Error(`Word worker exited (${code})`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.ref();
    w.postMessage(request);
  }).finally(() => {
    // Idle between tasks: the worker must not keep the process alive.
    if (worker === w) w.unref();
  });
}
