// Replays an editing trace through a real sync server and checks that every replica and the server's
// stored document end at the trace's endContent:
//   tsx electron/server/replay-cli.ts [FILE]     (npm run replay -- FILE)
// FILE defaults to the friendsforever trace beside this repository. Exit codes: 0 when everything
// ends at endContent, 1 when anything differs or the replay fails, 2 when the file cannot be read.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../workspace/paths.ts';
import { loadConcurrentTrace, replayConcurrent, ReplayMismatchError, TraceFormatError, type ConcurrentTrace } from './replayTrace.ts';

const file = path.resolve(process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'data', 'editing-traces', 'friendsforever.json.gz'));
if (!fs.existsSync(file)) {
  console.error(`Sporet "${file}" findes ikke. Brug: npm run replay -- <spor.json[.gz]>`);
  process.exit(2);
}

let trace: ConcurrentTrace;
try {
  trace = loadConcurrentTrace(file);
} catch (error) {
  console.error(`Sporet "${file}" kan ikke læses: ${(error as Error).message}`);
  process.exit(error instanceof TraceFormatError ? 2 : 1);
}

console.log(`replay: ${path.basename(file)} (${trace.kind}), ${trace.txns.length} txns, ${trace.numAgents} agents`);
try {
  const r = await replayConcurrent(trace, { log: (line) => console.log(line) });
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`  txns ${n(r.txns)}, agents ${r.agents}, patches ${n(r.patches)}, merged txn updates ${n(r.remoteApplies)}, end length ${n(r.endLength)}`);
  console.log(
    `  time: local ${n(r.localMs)} ms, sync ${n(r.syncMs)} ms, close + reload ${n(r.verifyMs)} ms, total ${n(r.totalMs)} ms`,
  );
  console.log(`  server: ${n(r.serverAppends)} updates appended, file ${(r.serverBytesOnDisk / 1024).toFixed(1)} KiB, state ${(r.storedStateBytes / 1024).toFixed(1)} KiB`);
  console.log('OK: alle replikaer og serverens lager endte på endContent.');
  process.exit(0);
} catch (error) {
  if (error instanceof ReplayMismatchError) console.error(`FEJL: ${error.message}`);
  else console.error(`FEJL: afspilningen mislykkedes: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}
