// Starting one of the app's worker threads, the same way for every worker (change bundles' fold,
// the Word import, the export, signature verification). Run from source (tsx, vitest, the test
// host): the worker's .ts entry with tsx's loader registered inside the worker (`execArgv: ['--import',
// 'tsx']` does not apply to a worker's entry module on Node 20; tsx's ES module build is the file
// beside the CommonJS one require.resolve finds). Bundled for Electron (electron/tools/bundle.ts):
// the worker's .cjs file beside the bundled main, read with fs (which also reads from Electron's asar
// archive) and evaluated with its own file's `require` (bundledSource).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, workerData, type ResourceLimits } from 'node:worker_threads';

export interface ThreadSpec {
  /** The caller's import.meta.url: undefined in the CommonJS bundle (esbuild leaves it empty). */
  sourceUrl: string | undefined;
  /** The worker's entry relative to the caller, run from source (e.g. './worker.ts'). */
  sourceEntry: string;
  /** The bundled worker's file name beside the bundled main (e.g. 'exportWorker.cjs'). */
  bundled: string;
  resourceLimits?: ResourceLimits;
}

/** Where the bundled workers are: beside main.cjs; a worker that starts workers of its own is told
 *  (workerData.bundleDir), since evaluated code has no file of its own. */
function bundleDir(): string {
  const given = (workerData as { bundleDir?: unknown } | null)?.bundleDir;
  if (typeof given === 'string') return given;
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

export function startThread(spec: ThreadSpec): Worker {
  const options = { eval: true, workerData: { bundleDir: typeof spec.sourceUrl === 'string' ? null : bundleDir() }, ...(spec.resourceLimits ? { resourceLimits: spec.resourceLimits } : {}) };
  if (typeof spec.sourceUrl === 'string') {
    const tsxApi = pathToFileURL(createRequire(spec.sourceUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = new URL(spec.sourceEntry, spec.sourceUrl).href;
    return new Worker(`import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, options);
  }
  const file = path.join(bundleDir(), spec.bundled);
  return new Worker(bundledSource(file, fs.readFileSync(file, 'utf8')), options);
}

/**
 * A bundled worker's code made to run as if loaded from its file. Evaluated code would resolve
 * `require` from the process's working directory, where no node_modules are (a packaged app runs from
 * anywhere), so an external package such as sodium-native would not be found; here `require`,
 * `__filename` and `__dirname` are the file's, as for main.cjs beside it.
 */
export function bundledSource(file: string, code: string): string {
  return `(function (require, __filename, __dirname) {\n${code}\n})(require('node:module').createRequire(${JSON.stringify(file)}), ${JSON.stringify(file)}, ${JSON.stringify(path.dirname(file))});`;
}
