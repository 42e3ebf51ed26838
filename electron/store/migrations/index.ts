// All migrations in order. The database's user_version is the version of the last one applied.
import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.ts';
import { migration0010 } from './0010-initial.ts';
import { migration0020 } from './0020-settings-and-log-index.ts';
import { migration0030 } from './0030-lean-update-log.ts';
import { migration0040 } from './0040-log-index-and-import-undo.ts';
import { migration0050 } from './0050-membership.ts';
import { migration0060 } from './0060-verified-signatures.ts';
import { migration0070 } from './0070-away-changes.ts';

export const migrations: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070];

export const LATEST_VERSION = migrations[migrations.length - 1].version;

export class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(`schema version ${found} is newer than this program knows (${LATEST_VERSION})`);
  }
}

/**
 * Applies every migration above the database's version, up to `target`, in one transaction: a
 * crash mid-way leaves the file at its old version. A file from a newer program is refused.
 */
export function migrate(db: Database, target: number = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) throw new NewerSchemaError(current);
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${pending[pending.length - 1].version}`);
  })();
  return pending[pending.length - 1].version;
}
