// A real redis-server and PostgreSQL for one test file of server instances that share them (scale-out):
// started before the file's tests (unless PostgreSQL is missing here: postgresMissing, and the file
// skips), and after them the file's clients destroyed, its servers and whatever else it holds closed,
// then Redis and PostgreSQL stopped, in that order.
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, postgresMissing, type PostgresProcess } from './postgresServer.ts';
import { startRedis, type RedisProcess } from './redisServer.ts';

export interface SharedStores {
  /** Set before the file's first test. */
  redis: RedisProcess;
  postgres: PostgresProcess;
}

/** What the file holds, as it fills it: destroyed (clients) and closed (servers, then `closeLast`)
 *  after its tests. */
export interface Held {
  clients?: { destroy(): void }[];
  servers?: { close(): Promise<void> }[];
  closeLast?: (() => Promise<unknown> | unknown)[];
}

export function useSharedStores(held: Held = {}): SharedStores {
  const stores = {} as SharedStores;
  beforeAll(async () => {
    if (postgresMissing) return;
    [stores.redis, stores.postgres] = await Promise.all([startRedis(), startPostgres()]);
  }, 60_000);
  afterAll(async () => {
    for (const client of held.clients ?? []) client.destroy();
    for (const server of held.servers ?? []) await server.close().catch(() => {});
    for (const close of held.closeLast ?? []) await Promise.resolve(close()).catch(() => {});
    await stores.redis?.stop();
    await stores.postgres?.stop();
  });
  return stores;
}
