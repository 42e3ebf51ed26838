// Bundled by verify-pool.test.ts as a main script: starts nested.cjs the way the built app starts its
// bundled workers (startThread without a source URL) and prints what it answers as JSON.
import { startThread } from '../../../electron/workers/startThread.ts';

const worker = startThread({ sourceUrl: undefined, sourceEntry: './nested.ts', bundled: 'nested.cjs' });
worker.once('message', (message: unknown) => {
  console.log(JSON.stringify(message));
  void worker.terminate().then(() => process.exit(0));
});
worker.once('error', (error) => {
  console.error(error);
  process.exit(1);
});
