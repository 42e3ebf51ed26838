// Importing a change bundle without blocking the main event loop. The worker (worker.ts) verifies
// and decodes everything and compares it with the recipient's documents, which this side reads
// from the store in small steps and sends it; only then is anything written, in small steps with a
// yield between them: first the undo points of every changed document (store/bundleImports.ts),
// then the updates. See ARCHITECTURE.md beside this file.
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import { BundleImports } from '../../store/bundleImports.ts';
import type { Store } from '../../store/store.ts';
import { LIMITS } from './limits.ts';
import { startBundleWorker, type WorkerLink } from './workerClient.ts';

export interface DocUpdate {
  docId: string;
  update: Uint8Array;
}

/** The workspace an import writes to. */
export interface ImportHost {
  store: Store;
  /** Updates just committed to the file, to apply to documents held in memory (the service does,
   *  which passes them on to editors and the sync server). */
  applied?(updates: readonly DocUpdate[]): void;
  /** The import added an agreement. */
  agreementsChanged?(): void;
  /** The built worker file (the packaged app); absent when running from source. */
  workerEntry?: string;
}

export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Refuse a bundle of any other agreement (e.g. when importing from within an open agreement). */
  expectedAgreementId?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** The caller hands `bytes` over: they are moved to the worker, not copied, and unusable after. */
  handOver?: boolean;
}

export interface ImportSummary {
  agreementId: string;
  title: string | null;
  createdBy: string;
  createdAt: string;
  /** Documents in the bundle. */
  docs: number;
  /** Documents that had changes the workspace lacked. */
  changed: number;
  /** True when the bundle brought the agreement into the workspace. */
  newAgreement: boolean;
  /** The undo point (*Fortryd import*), or null when nothing changed. */
  importId: number | null;
}

/** Bytes read or written per step between two yields to the event loop. */
const STEP_BYTES = 1024 * 1024;
const STEP_DOCS = 500;

const busy = new WeakSet<Store>();

/** Lets other work on the event loop run between two steps. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `fn` as the store's only import or undo at a time. */
export async function exclusive<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  if (busy.has(store)) throw new UserFacingError('En ændringspakke indlæses eller fortrydes allerede. Vent, til det er færdigt.');
  busy.add(store);
  try {
    return await fn();
  } finally {
    busy.delete(store);
  }
}

/** Splits items into steps of at most STEP_DOCS items and about STEP_BYTES bytes. */
export function steps<T>(items: readonly T[], bytesOf: (item: T) => number): T[][] {
  const out: T[][] = [];
  let step: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (step.length > 0 && (step.length >= STEP_DOCS || bytes + bytesOf(item) > STEP_BYTES)) {
      out.push(step);
      step = [];
      bytes = 0;
    }
    step.push(item);
    bytes += bytesOf(item);
  }
  if (step.length > 0) out.push(step);
  return out;
}

/**
 * Imports a bundle all-or-nothing: a bundle that fails any check writes nothing. Importing the same
 * bundle again changes nothing and reports `changed: 0`. Throws UserFacingError (Danish).
 */
export function importBundle(host: ImportHost, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportSummary> {
  if (bytes.byteLength > LIMITS.bundleBytes) {
    return Promise.reject(new UserFacingError(`Ændringspakken er for stor til at blive indlæst (over ${LIMITS.bundleBytes / 1024 / 1024} MB). Pakken er ikke indlæst.`));
  }
  return exclusive(host.store, async () => {
    const report = options.onProgress ?? (() => {});
    const link = startBundleWorker(host.workerEntry);
    try {
      link.onProgress(({ phase, done, total }) => report({ phase, done, total }));
      const own = options.handOver && bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      link.send({ kind: 'import', bytes, expectedAgreementId: options.expectedAgreementId }, own ? [bytes.buffer as ArrayBuffer] : []);
      const { agreementId, docIds } = await link.next('needLocal');
      await sendLocalDocs(link, host.store, agreementId, docIds);
      const { result, bytes: returned, spans } = await link.next('checked');
      await link.close();

      const summary = {
        agreementId: result.agreement.id,
        title: result.title,
        createdBy: result.createdBy,
        createdAt: result.createdAt,
        docs: result.docs,
        changed: result.changes.length,
        newAgreement: result.newAgreement,
      };
      if (result.changes.length === 0) {
        report({ phase: 'done', done: 0, total: 0 });
        return { ...summary, importId: null };
      }
      const changes = result.changes.map((c, i) => ({
        docId: c.docId,
        before: c.before,
        imported: returned.subarray(spans[i][0], spans[i][1]),
      }));
      const importId = await write(host, result.agreement, summary, changes, report);
      return { ...summary, importId };
    } finally {
      await link.close();
    }
  });
}

/** The recipient's stored documents for the worker, read and sent in steps. */
async function sendLocalDocs(link: WorkerLink, store: Store, agreementId: string, docIds: readonly string[]): Promise<void> {
  const known = store.agreementIds().includes(agreementId);
  let chunk: [string, Uint8Array[]][] = [];
  let bytes = 0;
  // The blobs SQLite hands out are fresh buffers of their own: moved to the worker, not copied.
  let moved = new Set<ArrayBuffer>();
  for (const docId of docIds) {
    const stored = store.loadDoc(docId);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    chunk.push([docId, parts]);
    for (const p of parts) {
      bytes += p.byteLength;
      if (p.buffer instanceof ArrayBuffer && p.byteOffset === 0 && p.byteLength === p.buffer.byteLength) moved.add(p.buffer);
    }
    if (chunk.length >= STEP_DOCS || bytes >= STEP_BYTES) {
      link.send({ kind: 'local', known, docs: chunk, last: false }, [...moved]);
      chunk = [];
      bytes = 0;
      moved = new Set();
      await yieldToEventLoop();
    }
  }
  link.send({ kind: 'local', known, docs: chunk, last: true }, [...moved]);
}

type Change = { docId: string; before: Uint8Array; imported: Uint8Array };

/** Undo points first (invisible), then the updates; a yield between every two steps. */
async function write(
  host: ImportHost,
  agreement: { id: string; createdAt: string },
  summary: { createdBy: string; createdAt: string; newAgreement: boolean },
  changes: readonly Change[],
  report: (p: ImportProgress) => void,
): Promise<number> {
  const imports = new BundleImports(host.store);
  const importId = imports.begin({
    agreementId: agreement.id,
    agreementCreatedAt: agreement.createdAt,
    newAgreement: summary.newAgreement,
    createdBy: summary.createdBy,
    bundleCreatedAt: summary.createdAt,
  });
  const total = changes.length * 2;
  let done = 0;
  for (const step of steps(changes, (c) => c.before.byteLength + c.imported.byteLength)) {
    imports.stage(importId, step);
    report({ phase: 'writing', done: (done += step.length), total });
    await yieldToEventLoop();
  }
  imports.setState(importId, 'staged');
  for (const step of steps(changes, (c) => c.imported.byteLength)) {
    const updates = step.map((c) => ({ docId: c.docId, update: c.imported }));
    imports.append(importId, updates);
    host.applied?.(updates);
    report({ phase: 'writing', done: (done += step.length), total });
    await yieldToEventLoop();
  }
  imports.setState(importId, 'done');
  if (summary.newAgreement) host.agreementsChanged?.();
  report({ phase: 'done', done: total, total });
  return importId;
}
