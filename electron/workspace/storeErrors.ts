// Where store errors cross to the user: every API handler's failure that came from the store — a
// SQLite error (disk full, I/O error, read-only file, …) or a damaged document — becomes a
// UserFacingError with its Danish message, instead of SQLite's or Yjs' English text.
import { UserFacingError, type Handlers } from '../../shared/api/dispatch.ts';
import { BackupError } from '../store/backup.ts';
import { DamagedDocError } from '../store/damagedDoc.ts';
import { describeSqliteError } from '../store/sqliteErrors.ts';

/** The Danish message for an error from the store, or null for anything else. */
export function storeErrorMessage(error: unknown): string | null {
  if (error instanceof DamagedDocError || error instanceof BackupError) return error.message;
  return describeSqliteError(error);
}

/** Rethrows a store error as a UserFacingError; anything else unchanged. */
export function toUserFacing(error: unknown): unknown {
  const message = storeErrorMessage(error);
  return message === null ? error : new UserFacingError(message, { cause: error });
}

/** The same handlers, with store errors (thrown or rejected) turned into UserFacingErrors. */
export function withDanishStoreErrors<Ctx>(handlers: Handlers<Ctx>): Handlers<Ctx> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (p: unknown, c: Ctx) => unknown][]) {
    wrapped[name] = (params: unknown, ctx: Ctx) => {
      try {
        const result = handler(params, ctx);
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw toUserFacing(error);
            })
          : result;
      } catch (error) {
        throw toUserFacing(error);
      }
    };
  }
  return wrapped as Handlers<Ctx>;
}
