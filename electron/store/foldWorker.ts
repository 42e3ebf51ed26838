// Entry of the fold worker thread (see foldThread.ts): folds the parts it is sent and sends the
// folded update back. It holds no state between jobs and never touches the workspace file.
import { parentPort } from 'node:worker_threads';
import { foldUpdates } from './fold.ts';
import type { FoldReply, FoldRequest } from './foldThread.ts';

const port = parentPort;
if (!port) throw new Error('foldWorker.ts runs as a worker thread');
port.on('message', ({ id, parts }: FoldRequest) => {
  let reply: FoldReply;
  try {
    reply = { id, ok: true, folded: foldUpdates(parts) };
  } catch (error) {
    reply = { id, ok: false, message: (error as Error)?.message ?? String(error) };
  }
  port.postMessage(reply, reply.ok ? [reply.folded.buffer as ArrayBuffer] : []);
});
