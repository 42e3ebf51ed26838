// The workspace's remembered signature verdicts (migration 0060), beside store.ts: digests of the
// signatures that verified (shared/identity/digest.ts, verdictDigest). The window loads them when
// it opens and adds the ones it verifies (renderer/src/identity/webCryptoVerify.ts), so positions
// verified once are not verified again on every start. Local only: never synced, never trusted by
// the main process's own checks (they verify with node:crypto). Bounded: when it would pass
// MAX_DIGESTS it starts over (a cache, not a record).
import type { Statement } from 'better-sqlite3';
import type { Store } from './store.ts';

export const MAX_DIGESTS = 500_000;

export class VerifiedSignatures {
  private readonly all: Statement;
  private readonly insert: Statement;
  private readonly count: Statement;
  private readonly clear: Statement;

  constructor(private readonly store: Store) {
    this.all = store.db.prepare('SELECT digest FROM verified_signatures').pluck();
    this.insert = store.db.prepare('INSERT OR IGNORE INTO verified_signatures (digest) VALUES (?)');
    this.count = store.db.prepare('SELECT count(*) FROM verified_signatures').pluck();
    this.clear = store.db.prepare('DELETE FROM verified_signatures');
  }

  digests(): string[] {
    return this.all.all() as string[];
  }

  remember(digests: readonly string[]): void {
    this.store.transaction(() => {
      if ((this.count.get() as number) + digests.length > MAX_DIGESTS) this.clear.run();
      for (const d of digests) this.insert.run(d);
    });
  }
}
