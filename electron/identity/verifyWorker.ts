// A signature-verification thread of the pool (verifyPool.ts): verifies each batch it is sent with
// verifyBytes and answers one byte per check (1 valid, 0 not). Holds no state between batches.
import { parentPort } from 'node:worker_threads';
import { verifyBytes } from './ed25519.ts';
import type { FromVerifyWorker, ToVerifyWorker } from './verifyProtocol.ts';

const port = parentPort!;

port.on('message', ({ id, checks }: ToVerifyWorker) => {
  const results = new Uint8Array(checks.length);
  for (let i = 0; i < checks.length; i++) {
    const { publicKey, bytes, signature } = checks[i];
    results[i] = verifyBytes(publicKey, bytes, signature) ? 1 : 0;
  }
  port.postMessage({ kind: 'done', id, results } satisfies FromVerifyWorker, [results.buffer]);
});
port.postMessage({ kind: 'ready' } satisfies FromVerifyWorker);
