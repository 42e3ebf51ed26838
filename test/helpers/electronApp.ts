// Finding a real Electron binary for the end-to-end smoke test, without triggering the download that
// `require('electron')` starts when the binary is missing (it cannot be fetched on CI).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../electron/workspace/paths.ts';

/** The Electron executable: ELECTRON_PATH, or the one `electron`'s install put in node_modules; null if none. */
export function electronBinary(): string | null {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const binary = path.join(dist, fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

export const NO_ELECTRON_MESSAGE =
  'Electron-røgtesten er sprunget over: ingen Electron-binær i node_modules/electron/dist (eller ELECTRON_PATH). ' +
  'Kør `npx install-electron` på en maskine med internet, og derefter `npm run test:electron`.';
