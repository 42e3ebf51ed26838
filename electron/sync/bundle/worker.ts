// The change bundle worker thread: everything that decodes a received bundle runs here, off the
// main event loop — hashing, the format checks, measuring and decoding every payload, and the
// comparison with the recipient's documents (check.ts); likewise the restoring updates of
// *Fortryd import* (restore.ts). It never opens the workspace file (the main process holds it
// with an exclusive lock): the main process sends the stored documents it asks for.
import { parentPort } from 'node:worker_threads';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import { checkBundle } from './check.ts';
import { parseBundle, type ParsedBundle } from './format.ts';
import type { FromWorker, Phase, ToWorker } from './protocol.ts';
import { restoringUpdate } from './restore.ts';

const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** Progress at most every 100 ms per phase, and always at the end. */
function progress(phase: Phase): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    post({ kind: 'progress', phase, done, total });
  };
}

let pending: { bytes: Uint8Array; bundle: ParsedBundle; expectedAgreementId?: string; known: boolean; local: Map<string, Uint8Array[]> } | null = null;

function fail(error: unknown): void {
  pending = null;
  if (error instanceof UserFacingError) post({ kind: 'failed', message: error.message, userFacing: true });
  else post({ kind: 'failed', message: String((error as Error)?.stack ?? error), userFacing: false });
}

port.on('message', (message: ToWorker) => {
  try {
    if (message.kind === 'import') {
      const bundle = parseBundle(message.bytes, { onProgress: progress('reading') });
      pending = { bytes: message.bytes, bundle, expectedAgreementId: message.expectedAgreementId, known: false, local: new Map() };
      post({ kind: 'needLocal', agreementId: bundle.agreementId, docIds: bundle.docs.map((d) => d.docId) });
    } else if (message.kind === 'local') {
      if (!pending) throw new Error('local state without an import');
      pending.known = message.known;
      for (const [docId, parts] of message.docs) pending.local.set(docId, parts);
      if (!message.last) return;
      const { bytes, bundle, local, known, expectedAgreementId } = pending;
      pending = null;
      // Each document's stored parts are asked for once; dropped then, so they are freed as the check goes.
      const take = (docId: string) => {
        const parts = local.get(docId) ?? [];
        local.delete(docId);
        return parts;
      };
      const result = checkBundle(bundle, { known, parts: take }, { expectedAgreementId, onProgress: progress('checking') });
      local.clear();
      const spans = result.changes.map((c): [number, number] => {
        const update = bundle.docs[c.index].update;
        return [update.byteOffset - bytes.byteOffset, update.byteOffset - bytes.byteOffset + update.byteLength];
      });
      post({ kind: 'checked', result, bytes, spans }, transferable(bytes, result.changes.map((c) => c.before)));
    } else {
      const update = restoringUpdate(message.before, message.imported, message.current);
      post({ kind: 'restored', docId: message.docId, update }, update ? transferable(update) : []);
    }
  } catch (error) {
    fail(error);
  }
});

/** The buffers that can be moved rather than copied: each one whole and not shared. */
function transferable(...arrays: (Uint8Array | Uint8Array[])[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays.flat()) {
    if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) out.add(a.buffer);
  }
  return [...out];
}
