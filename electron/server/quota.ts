// Storage per participant: the bytes of updates each participant (Participant.key, one per grant)
// has had accepted by this server — a write budget, counted when an update is admitted and before
// it is applied; one that would go over the quota is refused (closeCodes.CLOSE_QUOTA). Compaction
// does not give bytes back: the budget bounds what one participant can make the server write.
//
// The ledger survives restarts when it has a file (a small SQLite database of its own beside the
// server's workspace, `server-quota.sqlite`: the workspace's schema belongs to the store); without
// one it lives in memory for the server's run.
import Database from 'better-sqlite3';

export class QuotaLedger {
  private readonly used = new Map<string, number>();
  private readonly db: Database.Database | null;
  private readonly save: Database.Statement | null;

  /** `file`: where the ledger is kept (created if missing); null for memory only. */
  constructor(
    private readonly quotaBytes: number,
    file: string | null = null,
  ) {
    if (!file) {
      this.db = null;
      this.save = null;
      return;
    }
    try {
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec('CREATE TABLE IF NOT EXISTS usage (participant TEXT PRIMARY KEY, bytes INTEGER NOT NULL) STRICT');
      for (const row of this.db.prepare('SELECT participant, bytes FROM usage').all() as { participant: string; bytes: number }[]) {
        this.used.set(row.participant, row.bytes);
      }
      this.save = this.db.prepare(
        'INSERT INTO usage (participant, bytes) VALUES (?, ?) ON CONFLICT (participant) DO UPDATE SET bytes = excluded.bytes',
      );
    } catch (cause) {
      throw new Error(`Serverens kvotefil "${file}" kunne ikke åbnes: ${(cause as Error).message}`, { cause });
    }
  }

  /** Whether `bytes` more would exceed `key`'s quota (charges nothing). */
  wouldExceed(key: string, bytes: number): boolean {
    return (this.used.get(key) ?? 0) + bytes > this.quotaBytes;
  }

  /** Charges `bytes` to `key` and returns true, or returns false (charging nothing) when it would exceed the quota. */
  charge(key: string, bytes: number): boolean {
    if (this.wouldExceed(key, bytes)) return false;
    const used = (this.used.get(key) ?? 0) + bytes;
    this.used.set(key, used);
    this.save?.run(key, used);
    return true;
  }

  usedBy(key: string): number {
    return this.used.get(key) ?? 0;
  }

  close(): void {
    if (this.db?.open) this.db.close();
  }
}
