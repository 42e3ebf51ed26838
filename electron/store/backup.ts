// Sikkerhedskopi: a consistent copy of an open workspace, taken with SQLite's online backup API
// while the app keeps writing. Copying the .sqlite file alone is not a backup: recent commits live
// in the -wal file until a checkpoint. The backup copies pages through the workspace's own
// connection, a step at a time between other work on the event loop; SQLite updates the copy for
// every write made through that connection meanwhile, so the finished backup holds every update
// committed before it resolved.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeSqliteError } from './sqliteErrors.ts';

/** A backup that could not be written; the message is Danish. Nothing is left at the target. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

/** Pages copied per step (1 KiB pages: about 1 MB, a millisecond or so of the event loop). */
const PAGES_PER_STEP = 1024;

/**
 * Writes a backup of `db` to `dest`, which must not exist (a backup never replaces a file). It is
 * written beside `dest` under a temporary name, checked (`quick_check`, the schema version), and
 * only then given its name.
 */
export async function backupDatabase(
  db: Database.Database,
  dest: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<void> {
  if (fs.existsSync(dest)) throw new BackupError(`Filen "${dest}" findes allerede. Vælg et andet navn til sikkerhedskopien.`);
  if (!fs.existsSync(path.dirname(dest))) throw new BackupError(`Mappen "${path.dirname(dest)}" findes ikke.`);
  const part = `${dest}.${crypto.randomBytes(4).toString('hex')}.part`;
  try {
    await db.backup(part, {
      progress: (progress) => {
        onProgress?.(progress);
        return PAGES_PER_STEP;
      },
    });
    verify(part, db.pragma('user_version', { simple: true }) as number);
    publish(part, dest);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const message = describeSqliteError(error) ?? (error as Error)?.message ?? String(error);
    throw new BackupError(`Sikkerhedskopien kunne ikke gemmes: ${message}`, { cause: error });
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(part + suffix, { force: true });
  }
}

function verify(file: string, expectedVersion: number): void {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = String(copy.pragma('quick_check', { simple: true }));
    const version = copy.pragma('user_version', { simple: true }) as number;
    if (check !== 'ok' || version !== expectedVersion) {
      throw new BackupError(`Sikkerhedskopien blev ikke gyldig (${check}, skemaversion ${version}) og er ikke gemt. Prøv igen.`);
    }
  } finally {
    copy.close();
  }
}

/** Gives the checked copy its name without ever replacing a file that appeared there meanwhile. */
function publish(part: string, dest: string): void {
  try {
    fs.linkSync(part, dest);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BackupError(`Filen "${dest}" findes allerede. Vælg et andet navn til sikkerhedskopien.`);
    // A file system without hard links (FAT on a USB stick): rename, after checking once more.
    if (fs.existsSync(dest)) throw new BackupError(`Filen "${dest}" findes allerede. Vælg et andet navn til sikkerhedskopien.`);
    fs.renameSync(part, dest);
  }
}
