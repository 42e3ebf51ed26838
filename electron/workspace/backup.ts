// Sikkerhedskopi for the UI: the store writes a consistent backup (electron/store/backup.ts) to a
// temporary folder, and its bytes go to the renderer, which saves them where the user chooses (a
// download: Electron asks where to save it, a browser saves it to its downloads).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../store/store.ts';

/** The backup's file name: sikkerhedskopi-enighed-YYYYMMDD-HHMM.sqlite (UTC). */
export function backupFileName(now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `sikkerhedskopi-enighed-${stamp}.sqlite`;
}

/** Takes a backup of the open workspace and returns it as bytes (the temporary file is removed). */
export async function backupToBytes(store: Store, now: Date): Promise<{ bytes: Uint8Array; fileName: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-backup-'));
  try {
    const fileName = backupFileName(now);
    const file = path.join(dir, fileName);
    await store.backup(file);
    const read = fs.readFileSync(file);
    // A plain Uint8Array over the same memory: a Buffer would cross the test host's JSON wire as
    // Buffer.toJSON's number array, not as bytes.
    return { bytes: new Uint8Array(read.buffer, read.byteOffset, read.byteLength), fileName };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
