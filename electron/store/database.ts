// Opening a workspace file: checks that it is one of ours before touching it, sets the pragmas every
// connection needs and brings the schema up to date. A file we cannot read is reported, never replaced.
import fs from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_VERSION, migrate, NewerSchemaError } from './migrations/index.ts';
import { describeSqliteError, sqlitePrimaryCode } from './sqliteErrors.ts';

/** PRAGMA application_id of an Enighed workspace: "Enig". */
export const APPLICATION_ID = 0x456e6967;
const SQLITE_HEADER = 'SQLite format 3\0';

/** A workspace file that cannot be opened. The message is Danish and meant for the user. */
export class WorkspaceOpenError extends Error {
  override name = 'WorkspaceOpenError';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface OpenOptions {
  /** Create the file when it does not exist (the default). */
  create?: boolean;
  /** Stop migrating at this version (tests build old files with it). */
  targetVersion?: number;
  /** A better-sqlite3 binary built for another runtime than this Node (Electron in development). */
  nativeBinding?: string;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const exists = fs.existsSync(path);
  if (!exists && options.create === false) {
    throw new WorkspaceOpenError(path, `Arbejdsområdet "${path}" findes ikke.`);
  }
  if (!exists && !fs.existsSync(dirname(path))) {
    throw new WorkspaceOpenError(path, `Mappen "${dirname(path)}" findes ikke, så arbejdsområdet kan ikke oprettes der.`);
  }
  let hasTables = false;
  if (exists) {
    checkHeader(path);
    hasTables = probe(path, options.nativeBinding).hasTables;
  }

  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: exists, nativeBinding: options.nativeBinding });
  } catch (cause) {
    throw openFailed(path, cause);
  }
  try {
    db.pragma('busy_timeout = 1000');
    // One program at a time owns a workspace: the lock is held until close. With it, this connection
    // is the only writer (seqs can be assigned in memory) and WAL needs no shared-memory index, which
    // roughly halves the cost of a commit.
    db.pragma('locking_mode = EXCLUSIVE');
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (!hasTables) {
      // Small pages for a new file: an append rewrites one page of the log, so its size is what a
      // commit writes. (Only possible before the first table exists.)
      db.pragma('page_size = 1024');
    }
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a crash of the process; a power cut may lose the last
    // commits but never corrupts the file (see README, "Holdbarhed").
    db.pragma('synchronous = NORMAL');
    // A checkpoint copies the WAL into the file and fsyncs; run by SQLite every 1,000 pages (its
    // default) it costs more than the commit itself. The store checkpoints after each compaction,
    // i.e. off the keystroke path; this bound (~500 MB) only catches a writer that never compacts.
    // After a checkpoint the WAL file is cut back to 16 MB.
    db.pragma('wal_autocheckpoint = 500000');
    db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
    db.pragma('foreign_keys = ON');
    if (appId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db, options.targetVersion ?? LATEST_VERSION);
    return db;
  } catch (error) {
    db.close();
    throw openFailed(path, error);
  }
}

/**
 * Decides whether an existing file may be opened for writing, on a read-only connection: whose
 * file it is, its schema version, its integrity. Refusing on the writing connection would not leave
 * the file as it was — closing the last writing connection checkpoints the WAL into the file and
 * deletes the WAL — whereas a read-only connection cannot checkpoint: the file and its WAL stay byte
 * for byte as they were (test/unit/store-open-untouched.test.ts). It reads the WAL through a
 * shared-memory index (`-shm`), which it creates when there is none; that one is removed again.
 */
function probe(path: string, nativeBinding: string | undefined): { hasTables: boolean } {
  const shm = `${path}-shm`;
  const shmExisted = fs.existsSync(shm);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding });
  } catch (cause) {
    throw openFailed(path, cause);
  }
  try {
    db.pragma('busy_timeout = 1000');
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasTables = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n > 0;
    if (appId !== APPLICATION_ID && (appId !== 0 || hasTables || version !== 0)) {
      throw new WorkspaceOpenError(
        path,
        `Filen "${path}" er en SQLite-database, men ikke et Enighed-arbejdsområde. Filen er ikke ændret.`,
      );
    }
    if (version > LATEST_VERSION) throw new NewerSchemaError(version);
    if (hasTables) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw corrupt(path, String(check));
    }
    return { hasTables };
  } catch (error) {
    throw openFailed(path, error);
  } finally {
    db.close();
    if (!shmExisted) fs.rmSync(shm, { force: true });
  }
}

/** Every way opening can fail, as a WorkspaceOpenError with a Danish message. */
function openFailed(path: string, error: unknown): WorkspaceOpenError {
  if (error instanceof WorkspaceOpenError) return error;
  if (error instanceof NewerSchemaError) {
    return new WorkspaceOpenError(
      path,
      `Arbejdsområdet "${path}" er gemt af en nyere version af Enighed (skemaversion ${error.found}). Opdatér programmet. Filen er ikke ændret.`,
      { cause: error },
    );
  }
  const code = sqlitePrimaryCode(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new WorkspaceOpenError(
      path,
      `Arbejdsområdet "${path}" er i brug af et andet program (kører Enighed allerede?). Luk det og prøv igen.`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return corrupt(path, (error as { code: string }).code);
  const message = describeSqliteError(error);
  if (message) return new WorkspaceOpenError(path, `Arbejdsområdet "${path}" kunne ikke åbnes: ${message}`, { cause: error });
  return new WorkspaceOpenError(path, `Arbejdsområdet "${path}" kunne ikke åbnes: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}

function checkHeader(path: string): void {
  if (!fs.statSync(path).isFile()) {
    throw new WorkspaceOpenError(path, `"${path}" er ikke en fil, så den kan ikke åbnes som arbejdsområde.`);
  }
  const fd = fs.openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = fs.readSync(fd, header, 0, 16, 0);
    if (read === 0) {
      throw new WorkspaceOpenError(path, `Arbejdsområdet "${path}" er tomt (0 byte) og kan ikke åbnes. Filen er ikke ændret.`);
    }
    if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new WorkspaceOpenError(
        path,
        `Filen "${path}" er ikke et Enighed-arbejdsområde eller er beskadiget, så den kan ikke åbnes. Filen er ikke ændret.`,
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}

function corrupt(path: string, detail: string): WorkspaceOpenError {
  return new WorkspaceOpenError(
    path,
    `Arbejdsområdet "${path}" er beskadiget og kan ikke åbnes (${detail}). Filen er ikke ændret; gendan den fra en sikkerhedskopi.`,
  );
}
