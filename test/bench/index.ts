// Benchmarks: `npm run bench -- [--only store|sync|overview|editor|documents|bundle|compaction|identity|export|import|append] [--trace <file>] [--dir <dir>] [--seed N] [--sync-seconds N] [--sync-workers N] [--sync-runs sqlite:50,scaleout:200] [--sync-store sqlite|postgres|scaleout] [--sync-clients 50,200] [--profile] [--strict]`.
//   --only    run one benchmark: store (trace replay through the store), sync (propagation through
//             the sync server on SQLite, PostgreSQL and two instances with Redis, with server and
//             harness CPU and append latency, and the server's memory per open section,
//             sync-bench.ts), overview (the disputes
//             overview's recomputation on 3,000 clauses, overview-bench.ts) or editor (keystrokes and
//             remote updates in Chromium, the app's editor against bare ProseMirror, editor-bench.ts)
//             or documents (the document check's cost per keystroke on a small and a large section,
//             and on a whole section, documents-bench.ts) or bundle (importing a ~100 MB change bundle: throughput, peak memory, the main
//             thread's longest event-loop block, bundle-bench.ts) or compaction (the longest
//             event-loop gap while a large section is compacted, fold on the fold thread and
//             inline, compaction-bench.ts) or identity (signing a position, verifying a 3,000-clause
//             agreement's signed positions from cold, and the overview recompute with signed
//             positions, identity-bench.ts) or export (Word and PDF export of a generated 3,000-clause
//             agreement against docx's own Packer, export-bench.ts), import (a generated 3,000-clause .docx
//             imported as a new agreement: preview, whole import, longest event-loop block, peak
//             memory, import-bench.ts); default: all, in that order
//   --trace   editing trace, gzipped or plain JSON (default: automerge-paper from shared/data; traces
//             are Joseph Gentle's editing-traces, CC BY 4.0 — see store-bench.ts)
//   --dir     where temporary workspaces go (default: the OS temp dir); pick the disk to measure
//   --seed    seed of the sync, overview and editor benchmarks' random choices (printed by every run)
//   --sync-seconds  counted typing time per client count in the sync benchmark (default 10)
//   --sync-workers  child processes the sync benchmark's clients are spread over (default 2)
//   --sync-runs     the sync benchmark's configurations, setup:clients comma-separated, setup one of
//                   sqlite, postgres (one instance each) and scaleout (two instances, PostgreSQL +
//                   Redis); default sqlite:50,sqlite:200,postgres:50,postgres:200,scaleout:200
//   --sync-store, --sync-clients  shorthand for --sync-runs: every store given × every count given
//                   (either alone keeps the other's default)
//   append    the server's append latency until durable on SQLite and PostgreSQL (--sync-seconds applies)
//   --profile print a CPU profile summary of the overview and editor benchmarks even when their
//             targets are met (a missed target always prints one); in the sync benchmark, run each
//             server under node --cpu-prof and print a summary of its profile
//   --strict  exit 1 when a target is missed (otherwise only a wrong result fails)
// Relative paths given on the command line are taken from the current directory; the default trace
// is found relative to the repository root. Add further benchmarks to `benches` below.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ReplayMismatchError, runStoreBench, TraceFormatError } from './store-bench.ts';
import { runCompactionBench } from './compaction-bench.ts';
import { DEFAULT_SYNC_RUNS, runSyncBench, SYNC_SETUPS, type SyncRun, type SyncSetup } from './sync-bench.ts';
import { runOverviewBench } from './overview-bench.ts';
import { runEditorBench } from './editor-bench.ts';
import { runDocumentsBench } from './documents-bench.ts';
import { runBundleBench } from './bundle-bench.ts';
import { runIdentityBench } from './identity-bench.ts';
import { runExportBench } from './export-bench.ts';
import { runAppendBench } from './append-bench.ts';
import { runImportBench } from './import-bench.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_TRACE = path.resolve(repoRoot, '../shared/data/editing-traces/automerge-paper.json.gz');

const { values } = parseArgs({
  options: {
    trace: { type: 'string', default: DEFAULT_TRACE },
    dir: { type: 'string' },
    only: { type: 'string' },
    seed: { type: 'string' },
    'sync-seconds': { type: 'string' },
    'sync-workers': { type: 'string' },
    'sync-store': { type: 'string' },
    'sync-clients': { type: 'string' },
    'sync-runs': { type: 'string' },
    profile: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: npm run bench -- [--only store|sync|overview|editor|documents|bundle|compaction|identity|export|import|append] [--trace <file>] [--dir <dir>] [--seed N] [--sync-seconds N] [--sync-workers N] [--sync-runs sqlite:50,scaleout:200] [--sync-store sqlite|postgres|scaleout] [--sync-clients 50,200] [--profile] [--strict]',
  );
  process.exit(0);
}
const numberFlag = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0) {
    console.error(`--${name} takes a number, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return x;
};
const seed = numberFlag('seed', values.seed);
const syncSeconds = numberFlag('sync-seconds', values['sync-seconds']);
const syncWorkers = numberFlag('sync-workers', values['sync-workers']);
const setupFlag = (name: string, text: string): SyncSetup => {
  if (!(SYNC_SETUPS as readonly string[]).includes(text)) {
    console.error(`--${name} takes ${SYNC_SETUPS.join(', ')}, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return text as SyncSetup;
};
const countFlag = (name: string, text: string): number => {
  const x = numberFlag(name, text)!;
  if (!Number.isInteger(x) || x < 2) {
    console.error(`--${name}: a client count is a whole number of at least 2, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return x;
};
/** The sync benchmark's configurations from --sync-runs, or --sync-store × --sync-clients. */
function syncRuns(): SyncRun[] | undefined {
  if (values['sync-runs']) {
    return values['sync-runs'].split(',').map((item) => {
      const [setup, clients] = item.split(':');
      return { setup: setupFlag('sync-runs', setup), clients: countFlag('sync-runs', clients ?? '') };
    });
  }
  const stores = values['sync-store']?.split(',').map((x) => setupFlag('sync-store', x));
  const counts = values['sync-clients']?.split(',').map((x) => countFlag('sync-clients', x));
  if (!stores && !counts) return undefined;
  const defaults = (f: (r: SyncRun) => string | number) => [...new Set(DEFAULT_SYNC_RUNS.map(f))];
  return (stores ?? (defaults((r) => r.setup) as SyncSetup[])).flatMap((setup) => (counts ?? (defaults((r) => r.clients) as number[])).map((clients) => ({ setup, clients })));
}
const runs = syncRuns();

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
  {
    name: 'sync',
    run: async () => {
      const r = await runSyncBench({
        clientProcesses: syncWorkers,
        seed,
        durationMs: syncSeconds === undefined ? undefined : syncSeconds * 1000,
        dir: values.dir && path.resolve(values.dir),
        runs,
        profile: values.profile,
      });
      return { name: 'sync', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    name: 'overview',
    run: async () => {
      const r = await runOverviewBench({ seed, profile: values.profile });
      return { name: 'overview', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    name: 'editor',
    run: async () => {
      const r = await runEditorBench({ seed, profile: values.profile });
      return { name: 'editor', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    name: 'documents',
    run: async () => {
      const r = await runDocumentsBench({ seed });
      return { name: 'documents', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    name: 'bundle',
    run: async () => {
      const r = await runBundleBench({ seed, dir: values.dir && path.resolve(values.dir) });
      return { name: 'bundle', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    name: 'compaction',
    run: async () => {
      const r = await runCompactionBench({ dir: values.dir && path.resolve(values.dir) });
      return { name: 'compaction', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    // Append latency until durable on SQLite and PostgreSQL (issue 13); target: p99 < 50 ms on each.
    name: 'append',
    run: async () => {
      const r = await runAppendBench({ durationMs: syncSeconds === undefined ? undefined : syncSeconds * 1000 });
      return { name: 'append', targetsMet: r.every((x) => x.appendP99Ms < 50) };
    },
  },
  {
    name: 'identity',
    run: async () => {
      const r = await runIdentityBench({ seed });
      return { name: 'identity', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    name: 'export',
    run: async () => {
      const r = await runExportBench({ seed });
      return { name: 'export', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
  {
    name: 'import',
    run: async () => {
      const r = await runImportBench({ seed });
      return { name: 'import', targetsMet: Object.values(r.targets).every(Boolean) };
    },
  },
];
if (values.only !== undefined && !benches.some((b) => b.name === values.only)) {
  console.error(`--only takes one of: ${benches.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

let exitCode = 0;
for (const bench of benches) {
  if (values.only !== undefined && bench.name !== values.only) continue;
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
