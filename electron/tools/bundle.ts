// Bundles the Electron main process, the preload and the fold worker into dist/electron
// (CommonJS, as Electron's sandboxed preload requires). Run by `npm run build`.
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
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning' as const,
};

await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/main/main.ts')],
    outfile: path.join(repoRoot, 'dist/electron/main.cjs'),
    // electron/store/foldThread.ts tells source from bundle by import.meta.url, empty here on purpose.
    logOverride: { 'empty-import-meta': 'silent' },
  }),
  // Compaction's fold worker (electron/store/foldThread.ts), beside main.cjs.
  build({ ...common, entryPoints: [path.join(repoRoot, 'electron/store/foldWorker.ts')], outfile: path.join(repoRoot, 'dist/electron/foldWorker.cjs') }),
  build({
    ...common,
    entryPoints: [path.join(repoRoot, 'electron/main/preload.ts')],
    outfile: path.join(repoRoot, 'dist/electron/preload.cjs'),
    define: { ENIGHED_METHOD_NAMES: JSON.stringify(methodNames) },
  }),
]);
console.log('Bygget: dist/electron/main.cjs, preload.cjs og foldWorker.cjs');
