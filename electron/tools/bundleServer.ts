// The production build of the sync server (`npm run build:server`): electron/server/main.ts and
// everything it imports from this repository bundled by esbuild into one plain JavaScript file,
// dist/server/main.mjs (ES module: main.ts awaits at top level), run with `node` — no tsx, no
// TypeScript at run time. npm packages stay outside the bundle and are loaded from node_modules:
// each must be in package.json's `dependencies`, so that `npm ci --omit=dev` installs what the
// server needs (this script refuses to finish otherwise and names what is missing).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../workspace/paths.ts';

export const SERVER_BUNDLE = 'dist/server/main.mjs';

/** The npm package a bare import names: `@scope/name/sub` → `@scope/name`, `lib0/prng` → `lib0`. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || specifier.startsWith('.') || specifier.startsWith('/')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export async function bundleServer(outfile = path.join(repoRoot, SERVER_BUNDLE)): Promise<{ outfile: string; packages: string[] }> {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'electron/server/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
    // The bundle is run as is; a shebang lets it run as a program too.
    banner: { js: '#!/usr/bin/env node' },
  });
  const packages = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external) continue;
      const name = packageOf(imported.path);
      if (name) packages.add(name);
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const missing = [...packages].filter((p) => !manifest.dependencies?.[p]).sort();
  if (missing.length > 0) {
    throw new Error(`Serveren bruger pakker, der ikke står i package.json's "dependencies" (npm ci --omit=dev ville mangle dem): ${missing.join(', ')}`);
  }
  return { outfile, packages: [...packages].sort() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(repoRoot, 'electron/tools/bundleServer.ts')) {
  try {
    const { outfile, packages } = await bundleServer();
    console.log(`Bygget: ${path.relative(repoRoot, outfile)} (kør med: node ${path.relative(repoRoot, outfile)} --data <mappe>); pakker fra node_modules: ${packages.join(', ')}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
