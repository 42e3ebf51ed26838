// Benchmarks: `npm run bench -- [--trace <file>] [--dir <dir>] [--strict]`.
//   --trace   editing trace, gzipped or plain JSON (default: automerge-paper from shared/data; traces
//             are Joseph Gentle's editing-traces, CC BY 4.0 — see store-bench.ts)
//   --dir     where temporary workspaces go (default: the OS temp dir); pick the disk to measure
//   --strict  exit 1 when a target is missed (otherwise only a wrong result fails)
// Relative paths given on the command line are taken from the current directory; the default trace
// is found relative to the repository root. Add further benchmarks to `benches` below.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ReplayMismatchError, runStoreBench, TraceFormatError } from './store-bench.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_TRACE = path.resolve(repoRoot, '../shared/data/editing-traces/automerge-paper.json.gz');

const { values } = parseArgs({
  options: {
    trace: { type: 'string', default: DEFAULT_TRACE },
    dir: { type: 'string' },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run bench -- [--trace <file>] [--dir <dir>] [--strict]');
  process.exit(0);
}

interface BenchOutcome {
  name: string;
  targetsMet: boolean;
}

const benches: { name: string; run: () => Promise<BenchOutcome> }[] = [
  {
    name: 'store',
    run: async () => {
      const r = await runStoreBench({ tracePath: path.resolve(values.trace!), dir: values.dir && path.resolve(values.dir) });
      return { name: 'store', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
];

let exitCode = 0;
for (const bench of benches) {
  try {
    const outcome = await bench.run();
    if (!outcome.targetsMet) {
      console.log(`${bench.name}: some targets missed`);
      if (values.strict) exitCode = 1;
    }
  } catch (error) {
    exitCode = 1;
    if (error instanceof TraceFormatError || error instanceof ReplayMismatchError) console.error(`${bench.name}: ${error.message}`);
    else console.error(error);
  }
}
process.exit(exitCode);
