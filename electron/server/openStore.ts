// Which store the server uses: PostgreSQL with `postgres` (shared by several instances), else the
// SQLite workspace file in the data folder. Scale-out (`redis`) needs the shared store: Redis only
// moves changes between instances that have a document loaded; it stores nothing.
import { openPostgresStore } from '../store/postgres/store.ts';
import type { ServerStore } from '../store/serverStore.ts';
import { openSqliteServerStore } from '../store/sqliteServerStore.ts';
import type { SyncServerOptions } from './options.ts';

export const REDIS_NEEDS_SHARED_STORE =
  'Flere serverinstanser (--redis) kræver en fælles database (--postgres URL eller ENIGHED_POSTGRES). ' +
  'Med hver sin SQLite-fil ville en deltager, der forbinder til en anden instans, se et tomt dokument: ' +
  'Redis flytter kun ændringer mellem instanser, der har dokumentet åbent, og gemmer intet.';

/** Thrown for a combination of options the server refuses (Danish). */
export class StoreChoiceError extends Error {
  override name = 'StoreChoiceError';
}

export async function openServerStore(options: Pick<SyncServerOptions, 'postgres' | 'redis'>, workspacePath: string): Promise<ServerStore> {
  if (options.postgres) return openPostgresStore(options.postgres);
  if (options.redis) throw new StoreChoiceError(REDIS_NEEDS_SHARED_STORE);
  // Throws WorkspaceOpenError (Danish) when the file is not ours, damaged, newer, or in use.
  return openSqliteServerStore(workspacePath);
}
