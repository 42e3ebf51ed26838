// The flood tool's server, in a process of its own so that its memory is measured apart from the
// flooders. Started by flood.ts with fork(); argv: DATA_DIR ACCESS_FILE. It samples its own memory
// every 25 ms and answers over IPC:
//   parent → child: { type: 'report' } | { type: 'close' }
//   child → parent: { type: 'ready', url } | { type: 'report', report: ServerReport } | { type: 'closed' }
import { readAccessFile } from '../../sync/access.ts';
import type { Refusals } from '../refusals.ts';
import { startSyncServer } from '../server.ts';

export interface ServerReport {
  peakRssBytes: number;
  peakHeapBytes: number;
  refusals: Refusals;
  rejectedConnections: number;
  appendedUpdates: number;
  /** The longest gap between two 25 ms samples beyond their interval: how long the event loop was blocked. */
  longestBlockMs: number;
}

const [dataDir, accessFile] = process.argv.slice(2);
// FLOOD_SERVER_LOG=1 lets the server's (rate-limited) log lines through, for looking into a run.
const server = await startSyncServer({ dataDir, access: readAccessFile(accessFile), quiet: !process.env.FLOOD_SERVER_LOG });

let peakRssBytes = 0;
let peakHeapBytes = 0;
let longestBlockMs = 0;
let last = performance.now();
const sample = () => {
  const now = performance.now();
  longestBlockMs = Math.max(longestBlockMs, now - last - 25);
  last = now;
  const m = process.memoryUsage();
  peakRssBytes = Math.max(peakRssBytes, m.rss);
  peakHeapBytes = Math.max(peakHeapBytes, m.heapUsed);
};
const sampler = setInterval(sample, 25);

const report = (): ServerReport => {
  sample();
  const stats = server.stats();
  return {
    peakRssBytes,
    peakHeapBytes,
    refusals: stats.refusals,
    rejectedConnections: stats.rejectedConnections,
    appendedUpdates: stats.appendedUpdates,
    longestBlockMs,
  };
};

process.on('message', async (message: { type: string }) => {
  if (message.type === 'report') process.send!({ type: 'report', report: report() });
  if (message.type === 'close') {
    clearInterval(sampler);
    await server.close();
    process.send!({ type: 'closed' }, () => process.exit(0));
  }
});
// The parent went away: do not outlive it.
process.on('disconnect', () => process.exit(1));
process.send!({ type: 'ready', url: server.url });
