// The export worker thread: the long part of an export — the documents decoded, the printable
// model built (every section's text converted, statuses derived, signatures verified), the Word
// document packed — runs here, off the main event loop, so the window stays responsive during a
// 300-page export. The main process sends the documents' states and the request, and answers the
// two questions only it can (where to save; printing a PDF with the shell's Chromium).
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { exportAgreement, ExportInputError } from '../exportAgreement.ts';
import type { FromExportWorker, ToExportWorker } from './protocol.ts';

const port = parentPort!;
// Copied, not transferred: the bytes may be a view of a pooled buffer; a few MB copy in milliseconds.
const post = (message: FromExportWorker) => port.postMessage(message);

/** The next message of the main process (the worker runs one export, so one waiter at a time). */
let waiting: ((message: ToExportWorker) => void) | null = null;
const next = () => new Promise<ToExportWorker>((resolve) => (waiting = resolve));

port.on('message', (message: ToExportWorker) => {
  if (message.kind !== 'start') {
    const resolve = waiting;
    waiting = null;
    resolve?.(message);
    return;
  }
  void run(message.task).catch((error: unknown) => {
    if (error instanceof ExportInputError) post({ kind: 'failed', message: error.message, userFacing: true });
    else post({ kind: 'failed', message: String((error as Error)?.stack ?? error), userFacing: false });
  });
});

async function run(task: Extract<ToExportWorker, { kind: 'start' }>['task']): Promise<void> {
  const docs = new Map<string, Y.Doc>();
  for (const { docId, update } of task.docs) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    docs.set(docId, doc);
  }
  const docOf = (docId: string) => docs.get(docId) ?? new Y.Doc();
  const { request } = task;
  const result = await exportAgreement(
    docOf,
    request,
    async (model, options) => {
      post({ kind: 'print', model, options });
      const answer = await next();
      if (answer.kind !== 'printed') throw new Error(`export worker: expected printed, got ${answer.kind}`);
      return answer.bytes;
    },
    task.pinnedRootKey,
    async (fileName) => {
      if (task.askFirst) {
        post({ kind: 'named', fileName });
        const answer = await next();
        if (answer.kind !== 'render' || !answer.go) return false;
      }
      post({ kind: 'progress', stage: request.format === 'docx' ? 'Skriver Word-dokumentet …' : 'Opsætter siderne …', percent: 40 });
      return true;
    },
  );
  post({ kind: 'result', result });
}
