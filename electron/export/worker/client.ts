// Running one export on the export worker (worker.ts) from the main event loop: the documents'
// states go over, progress comes back, the save dialog is asked when the worker says the gate
// passed, a PDF is printed here (the shell's Chromium) from the model the worker built. One worker
// per process, started on the first export and kept warm between exports (unref'd); exports run
// one at a time; a worker that fails (out of memory, a crash) is dropped and the next export starts
// a new one.
// Run from source (tsx, vitest, the test host): worker.ts with tsx's loader registered in the
// worker; bundled for Electron (electron/tools/bundle.ts): exportWorker.cjs beside the bundled main,
// read with fs (which also reads from Electron's asar archive) and evaluated, as the Word worker is.
import type { Worker } from 'node:worker_threads';
import { startThread } from '../../workers/startThread.ts';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import type { ExportResult, PdfPrinter } from '../exportAgreement.ts';
import type { ExportTask, FromExportWorker, ToExportWorker } from './protocol.ts';

/** Undefined in the CommonJS bundle (esbuild leaves import.meta empty there). */
const sourceUrl: string | undefined = import.meta.url;

/** The file name of the bundled worker, beside the bundled main (see electron/tools/bundle.ts). */
export const BUNDLED_EXPORT_WORKER = 'exportWorker.cjs';

/** The worker's heap ceiling: an export needing more fails alone instead of taking the app down. */
export const EXPORT_WORKER_HEAP_MB = 1024;

function startWorker(): Worker {
  return startThread({ sourceUrl, sourceEntry: './worker.ts', bundled: BUNDLED_EXPORT_WORKER, resourceLimits: { maxOldGenerationSizeMb: EXPORT_WORKER_HEAP_MB } });
}

export interface WorkerExportHooks {
  progress: (stage: string, percent: number) => void;
  /** Asked once the gate passed, with the file's Danish name (only when `task.askFirst`); false cancels. */
  named: (fileName: string) => Promise<boolean>;
  printer: PdfPrinter | null;
}

let worker: Worker | null = null;
/** The tail of the queue: each export starts once the one before it settled. */
let queue: Promise<unknown> = Promise.resolve();

/** Runs one export on the export worker (exports run one at a time). */
export function exportOnWorker(task: ExportTask, hooks: WorkerExportHooks): Promise<ExportResult> {
  const run = queue.then(() => runOne(task, hooks));
  queue = run.catch(() => {});
  return run;
}

function runOne(task: ExportTask, hooks: WorkerExportHooks): Promise<ExportResult> {
  const w = (worker ??= startWorker());
  const send = (message: ToExportWorker) => w.postMessage(message);
  let failed = false;
  let listeners: { message: (m: FromExportWorker) => void; error: (e: Error & { code?: string }) => void; exit: (code: number) => void } | null = null;
  return new Promise<ExportResult>((resolve, reject) => {
    const fail = (error: unknown) => {
      failed = true;
      reject(error);
    };
    listeners = {
      message: (m) => {
        switch (m.kind) {
          case 'progress':
            hooks.progress(m.stage, m.percent);
            return;
          case 'named':
            hooks.named(m.fileName).then((go) => send({ kind: 'render', go }), fail);
            return;
          case 'print':
            if (!hooks.printer) return fail(new UserFacingError('PDF kan ikke laves her.'));
            hooks.progress('Skriver PDF …', 50);
            hooks.printer(m.model, m.options).then((bytes) => send({ kind: 'printed', bytes }), fail);
            return;
          case 'result':
            resolve(m.result);
            return;
          case 'failed':
            // A refusal (userFacing) leaves a healthy worker; anything else drops it.
            if (m.userFacing) reject(new UserFacingError(m.message));
            else fail(new Error(`export worker: ${m.message}`));
            return;
        }
      },
      error: (error) => fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new UserFacingError(`Eksporten kræver mere hukommelse, end Enighed giver den (${EXPORT_WORKER_HEAP_MB} MB).`) : error),
      exit: (code) => fail(new Error(`export worker exited (${code})`)),
    };
    w.on('message', listeners.message);
    w.on('error', listeners.error);
    w.on('exit', listeners.exit);
    w.ref();
    send({ kind: 'start', task });
  }).finally(() => {
    if (listeners) {
      w.off('message', listeners.message);
      w.off('error', listeners.error);
      w.off('exit', listeners.exit);
    }
    // A worker that failed is dropped (the next export starts a fresh one); a healthy one is kept
    // warm, unref'd so it never keeps the process alive.
    if (failed) {
      if (worker === w) worker = null;
      void w.terminate();
    } else w.unref();
  });
}
