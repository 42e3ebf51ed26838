// Bundles the Electron main process, the preload and the worker threads (change bundles,
// compaction's fold, the Word import, the export, signature verification) into dist/electron (CommonJS, as Electron's sandboxed preload requires). Run
// by `npm run build`; electronBuilds() names the builds for whoever checks them.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
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
  // Only code run from source reads it (tsx's boot of a worker's .ts entry, electron/workers/
  // startThread.ts); bundled, every worker is found beside main.cjs instead.
  define: { 'import.meta.url': 'undefined' },
};

/** Each bundle: its entry, and the file beside main.cjs it becomes (the workers' clients name it). */
const bundles: [entry: string, outfile: string][] = [
  ['electron/main/main.ts', 'main.cjs'],
  // The change-bundle worker runs from its own path (main.ts passes it to the service).
  ['electron/sync/bundle/worker.ts', 'bundle-worker.cjs'],
  ['electron/store/foldWorker.ts', 'foldWorker.cjs'], // compaction's fold (foldThread.ts)
  ['electron/word/worker.ts', 'wordWorker.cjs'], // the Word import (word/workerClient.ts)
  ['electron/export/worker/worker.ts', 'exportWorker.cjs'], // the export (export/worker/client.ts)
  ['electron/identity/verifyWorker.ts', 'verifyWorker.cjs'], // signature verification (verifyPool.ts)
];

/** Every build `npm run build` makes here (the patched-packages test resolves the same ones). */
export function electronBuilds(): BuildOptions[] {
  return [
    ...bundles.map(([entry, outfile]) => ({ ...common, entryPoints: [path.join(repoRoot, entry)], outfile: path.join(repoRoot, 'dist/electron', outfile) })),
    {
      ...common,
      entryPoints: [path.join(repoRoot, 'electron/main/preload.ts')],
      outfile: path.join(repoRoot, 'dist/electron/preload.cjs'),
      define: { ...common.define, ENIGHED_METHOD_NAMES: JSON.stringify(methodNames) },
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await Promise.all(electronBuilds().map((options) => build(options)));
  console.log(`Bygget: ${['preload.cjs', ...bundles.map(([, outfile]) => outfile)].join(', ')} i dist/electron`);
}
