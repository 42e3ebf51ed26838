// Bundled by verify-pool.test.ts as a worker of its own (as the export worker is in the built app):
// signs checks, verifies them on the pool — whose threads it starts from the bundled
// verifyWorker.cjs found through workerData.bundleDir — and posts the verdicts and the pool's stats.
import { parentPort } from 'node:worker_threads';
import { generateKeyPair, signBytes } from '../../../electron/identity/ed25519.ts';
import { verifyMany, verifyPoolStats } from '../../../electron/identity/verifyPool.ts';

const pair = generateKeyPair();
const checks = Array.from({ length: 600 }, (_, i) => {
  const bytes = new TextEncoder().encode(`besked ${i}`);
  const signature = signBytes(pair.privateKey, bytes);
  // Every fifth check is of other bytes than were signed.
  return { publicKey: pair.publicKey, bytes: i % 5 === 0 ? new TextEncoder().encode(`ændret ${i}`) : bytes, signature };
});
void verifyMany(checks).then((verdicts) => parentPort!.postMessage({ verdicts, stats: verifyPoolStats() }));
