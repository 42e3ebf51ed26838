// Builds better-sqlite3 for Electron's ABI into dist/native, for `npm start` from source. The copy in
// node_modules stays built for Node, so the tests and the Node-side tools keep working beside the
// app. (A packaged app gets its own rebuild from electron-builder.) Needs the internet once, for
// Electron's headers; skipped when the binary for this Electron version is already there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from '../workspace/paths.ts';

const require = createRequire(import.meta.url);
const electronVersion: string = require('electron/package.json').version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const outDir = path.join(repoRoot, 'dist', 'native');
const outFile = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, 'electron-version.txt');

if (fs.existsSync(outFile) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === electronVersion) {
  process.exit(0);
}
console.log(`Bygger better-sqlite3 til Electron ${electronVersion} …`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-native-'));
fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
execFileSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
  { cwd: work, stdio: 'inherit' },
);
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), outFile);
fs.writeFileSync(stamp, electronVersion);
fs.rmSync(work, { recursive: true, force: true });
