// Bundles the Electron main process, the preload and the worker threads (change bundles,
// compaction's fold, the Word import, the export, signature verification) into dist/electron (CommonJS, as Electron's sandboxed preload requires). Run
// by `npm run build`.
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../workspace/paths.ts';
import { methodNames } from '../../shared/api/contract.ts';

const common = {
  bundle: true,
  platform: 'node' as const,
  format: 'cjs' as const,
  target: 'node22',
  sourcemap: true,
  external: ['electron', 'better-sqlite3', 'sodium-native'],
  logLevel: 'warning' as const,
};

await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/main/main.ts')],
    outfile: path.join(repoRoot, 'dist/electron/main.cjs'),
    // Only code run from source reads it (the bundle worker's tsx boot, workerClient.ts; the fold
    // worker's, foldThread.ts, which finds foldWorker.cjs beside the bundle instead); the built app
    // passes the built bundle worker's path.
    define: { 'import.meta.url': 'undefined' },
  }),
  // Its own file: a worker thread runs a script of its own (main.ts passes this path to the service).
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/sync/bundle/worker.ts')],
    outfile: path.join(repoRoot, 'dist/electron/bundle-worker.cjs'),
  }),
  // Compaction's fold worker (electron/store/foldThread.ts reads it from beside main.cjs).
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/store/foldWorker.ts')],
    outfile: path.join(repoRoot, 'dist/electron/foldWorker.cjs'),
  }),
  // The Word import worker (electron/word/workerClient.ts reads it from beside main.cjs).
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/word/worker.ts')],
    outfile: path.join(repoRoot, 'dist/electron/wordWorker.cjs'),
  }),
  // The export worker (electron/export/worker/client.ts reads it from beside main.cjs).
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/export/worker/worker.ts')],
    outfile: path.join(repoRoot, 'dist/electron/exportWorker.cjs'),
    // It starts the verification threads (verifyPool.ts), bundled: their file is beside main.cjs.
    define: { 'import.meta.url': 'undefined' },
  }),
  // The signature-verification threads (electron/identity/verifyPool.ts reads it from beside main.cjs).
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/identity/verifyWorker.ts')],
    outfile: path.join(repoRoot, 'dist/electron/verifyWorker.cjs'),
  }),
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/main/preload.ts')],
    outfile: path.join(repoRoot, 'dist/electron/preload.cjs'),
    define: { ENIGHED_METHOD_NAMES: JSON.stringify(methodNames) },
  }),
]);
console.log('Bygget: dist/electron/main.cjs, preload.cjs, bundle-worker.cjs, foldWorker.cjs, wordWorker.cjs, exportWorker.cjs og verifyWorker.cjs');
