// One import of the bundle benchmark (bundle-bench.ts), in a process of its own so its peak
// resident memory is the import's: the app's own service imports the bundle file into the
// workspace file through the contract, as the Electron main process would, while a timer on this
// (main) thread measures the longest gap between two of its ticks. Prints one JSON line.
//   node --import tsx test/bench/bundle-bench-child.ts <bundle> <workspace>
import fs from 'node:fs';
import path from 'node:path';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { templatesDir } from '../helpers/bundles.ts';
import { watchEventLoop } from '../helpers/largeBundle.ts';

const [bundleFile, workspace] = process.argv.slice(2);
const service = WorkspaceService.open({ workspacePath: path.resolve(workspace), templatesDir });
const dispatch = createDispatcher(service.handlers, () => {});
const rssBefore = process.memoryUsage().rss;
const file = fs.readFileSync(bundleFile);
const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
const phases = new Map<string, number>();
const started = performance.now();
const watch = watchEventLoop(1);
const outcome = await dispatch('importBundle', { bytes }, {
  id: 'bench',
  send: (name, payload) => {
    if (name === 'bundleImportProgress') phases.set((payload as { phase: string }).phase, performance.now() - started);
  },
});
const { gap: longestGapMs, busy: longestBusyMs, cpu: longestCpuMs } = watch.stop();
const seconds = (performance.now() - started) / 1000;
service.close();
if (!outcome.ok) {
  console.error(outcome.error.message);
  process.exit(1);
}
console.log(
  JSON.stringify({
    seconds,
    longestGapMs,
    longestBusyMs,
    longestCpuMs,
    bundleBytes: fs.statSync(bundleFile).size,
    rssBeforeMB: rssBefore / 2 ** 20,
    // Peak resident set size of the whole process (its worker threads included), in KiB on Linux.
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    phasesEndMs: Object.fromEntries(phases),
    changed: (outcome.value as { changed: number }).changed,
  }),
);
