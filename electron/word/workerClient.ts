// Running one task on a fresh Word worker (worker.ts) and waiting for its one reply. Run from source
// (tsx, vitest): worker.ts with tsx's loader registered in the worker; bundled for Electron
// (electron/tools/bundle.ts): wordWorker.cjs beside the bundled main, read with fs (which also reads
// from Electron's asar archive) and evaluated — as the compaction fold worker does (foldThread.ts).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** Undefined in the CommonJS bundle (esbuild leaves import.meta empty there). */
const sourceUrl: string | undefined = import.meta.url;

/** The file name of the bundled worker, beside the bundled main (see electron/tools/bundle.ts). */
export const BUNDLED_WORD_WORKER = 'wordWorker.cjs';

/** The worker's heap ceiling: a file needing more fails alone instead of taking the app down. */
export const WORD_WORKER_HEAP_MB = 768;

function startWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORD_WORKER_HEAP_MB };
  if (typeof sourceUrl === 'string') {
    const tsxApi = pathToFileURL(createRequire(sourceUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = new URL('./worker.ts', sourceUrl).href;
    return new Worker(`import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, { eval: true, resourceLimits });
  }
  return new Worker(fs.readFileSync(path.join(__dirname, BUNDLED_WORD_WORKER), 'utf8'), { eval: true, resourceLimits });
}

type Reply<K extends ToWorker['kind']> = Extract<FromWorker, { kind: K }>;

/** Runs `request` on its own worker thread; rejects with the worker's Danish UserFacingError when
 *  the file is refused. The bytes are copied to the worker (the caller keeps its own). */
export function runWordTask<K extends ToWorker['kind']>(request: Extract<ToWorker, { kind: K }>): Promise<Reply<K>> {
  const worker = startWorker();
  return new Promise<Reply<K>>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: FromWorker) => {
      if (m.kind === 'failed') settle(() => reject(m.userFacing ? new UserFacingError(m.message) : new Error(`Word worker: ${m.message}`)));
      else settle(() => resolve(m as Reply<K>));
    });
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new UserFacingError(`Word-filen kan ikke indlæses: den kræver mere hukommelse, end Enighed giver den (${WORD_WORKER_HEAP_MB} MB).`)
            : error,
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new Error(`Word worker exited (${code})`))));
    worker.postMessage(request);
  });
}
