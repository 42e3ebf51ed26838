// Starting the change bundle worker (worker.ts) and talking to it from the main event loop.
// Built app: the worker is its own file beside the bundled main process (electron/tools/bundle.ts
// builds dist/electron/bundle-worker.cjs; main.ts passes its path). From source (tests, CLI, test
// host under tsx or vitest): the worker registers tsx's loader first, then loads worker.ts.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** The worker's heap ceiling: a bundle needing more fails alone instead of taking the app down. */
export const WORKER_HEAP_MB = 1024;

export interface WorkerLink {
  send(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** The worker's next message of this kind; progress goes to onProgress meanwhile. Rejects when the
   *  worker refuses (UserFacingError with its Danish reason), fails or exits. */
  next<K extends Exclude<FromWorker['kind'], 'progress' | 'failed'>>(kind: K): Promise<Extract<FromWorker, { kind: K }>>;
  onProgress(listener: (p: Extract<FromWorker, { kind: 'progress' }>) => void): void;
  close(): Promise<void>;
}

function sourceBoot(): string {
  const here = import.meta.url as string | undefined;
  if (!here) throw new Error('bundle worker: no entry given and not running from source');
  // The ESM build of tsx's API: its CommonJS build registers a loader path that does not exist.
  const tsxDir = path.dirname(createRequire(here).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./worker.ts', here).href;
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
}

/** `entry`: the built worker file; absent when running from source. */
export function startBundleWorker(entry?: string): WorkerLink {
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  const worker = entry ? new Worker(entry, options) : new Worker(sourceBoot(), { ...options, eval: true });
  const inbox: FromWorker[] = [];
  let failure: Error | null = null;
  let wake = () => {};
  let progress: (p: Extract<FromWorker, { kind: 'progress' }>) => void = () => {};
  worker.on('message', (m: FromWorker) => {
    if (m.kind === 'progress') return progress(m);
    if (m.kind === 'failed') failure = m.userFacing ? new UserFacingError(m.message) : new Error(`bundle worker: ${m.message}`);
    else inbox.push(m);
    wake();
  });
  worker.on('error', (error: Error & { code?: string }) => {
    failure =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new UserFacingError(`Ændringspakken kræver mere hukommelse at kontrollere, end Enighed giver den (${WORKER_HEAP_MB} MB). Pakken er ikke indlæst.`)
        : error;
    wake();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`bundle worker exited (${code})`);
    wake();
  });
  return {
    send: (message, transfer = []) => worker.postMessage(message, transfer),
    next(kind) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const i = inbox.findIndex((m) => m.kind === kind);
          if (i >= 0) return resolve(inbox.splice(i, 1)[0] as never);
          if (failure) return reject(failure);
          wake = look;
        };
        look();
      });
    },
    onProgress: (listener) => (progress = listener),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
