// Compaction's fold on a worker thread, so that decoding and merging a large document's history
// never stalls the event loop of the process that owns the window. The main thread only reads the
// parts (Store.prepareCompaction) and writes the result (Store.commitCompaction); this thread
// decodes and re-encodes them (fold.ts). One worker per FoldThread, started on the first fold and
// unref'd, so it never keeps the process alive.
//
// Where the worker's code is: run from source (tsx, vitest), foldWorker.ts with tsx's loader
// registered in the worker; bundled for Electron (electron/tools/bundle.ts), foldWorker.cjs beside
// the bundled main, read with fs (which also reads from Electron's asar archive) and evaluated.
import type { Worker } from 'node:worker_threads';
import { startThread } from '../workers/startThread.ts';

export interface FoldRequest {
  id: number;
  parts: Uint8Array[];
}
export type FoldReply = { id: number; ok: true; folded: Uint8Array } | { id: number; ok: false; message: string };

/** The fold failed: the parts do not decode (`damaged`: a damaged document), or the worker died. */
export class FoldError extends Error {
  override name = 'FoldError';
  constructor(
    message: string,
    readonly damaged = false,
  ) {
    super(message);
  }
}

/** Undefined in the CommonJS bundle (esbuild leaves import.meta empty there). */
const sourceUrl: string | undefined = import.meta.url;

/** The file name of the bundled worker, beside the bundled main (see electron/tools/bundle.ts). */
export const BUNDLED_FOLD_WORKER = 'foldWorker.cjs';

function startWorker(): Worker {
  return startThread({ sourceUrl, sourceEntry: './foldWorker.ts', bundled: BUNDLED_FOLD_WORKER });
}

export class FoldThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (folded: Uint8Array) => void; reject: (error: Error) => void }>();
  private closed = false;

  /** Folds `parts` on the worker thread (the parts are copied to it; the result is moved back). */
  fold(parts: readonly Uint8Array[]): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new FoldError('the fold thread is closed'));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, parts: [...parts] } satisfies FoldRequest);
    });
  }

  /** Stops the worker; folds still running are rejected (their compaction simply does not commit). */
  close(): void {
    this.closed = true;
    this.failAll(new FoldError('the fold thread was closed'));
    void this.worker?.terminate();
    this.worker = null;
  }

  private start(): Worker {
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: FoldReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (reply.ok) job.resolve(reply.folded);
      else job.reject(new FoldError(reply.message, true));
    });
    const died = (error: Error) => {
      if (this.worker === worker) this.worker = null; // the next fold starts a new one
      this.failAll(error);
    };
    worker.on('error', (error) => died(new FoldError(`the fold worker failed: ${error.message}`)));
    worker.on('exit', (code) => died(new FoldError(`the fold worker exited (code ${code})`)));
    return worker;
  }

  private failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
