import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder for one test file's workspaces. */
export function tempDir(prefix = 'enighed-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
