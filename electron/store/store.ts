// The typed storage layer of a workspace: the one interface through which the Node side reads and
// writes the SQLite file. Collaborative documents are stored as an append-only log of Yjs updates
// folded now and then into a snapshot; loading a document is snapshot + remaining log.
import * as Y from 'yjs';
import type Database from 'better-sqlite3';
import { openDatabase, type OpenOptions } from './database.ts';

export interface StoredDoc {
  snapshot: Uint8Array | null;
  /** Updates after the snapshot, oldest first. */
  updates: Uint8Array[];
}

export interface CompactionResult {
  foldedUpdates: number;
  snapshotBytes: number;
}

export interface LogStats {
  count: number;
  bytes: number;
}

/** Folds a document's stored parts into one update. Re-encoding through a Y.Doc drops deleted
 *  content that Y.mergeUpdates would keep, so snapshots stay close to Yjs' own state size. */
export function foldUpdates(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    for (const part of parts) Y.applyUpdate(doc, part);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** The agreement a document id belongs to: `<agreementId>/…`. */
export function agreementOfDoc(docId: string): string {
  return docId.slice(0, docId.indexOf('/'));
}

export class Store {
  private readonly knownDocs = new Set<string>();
  private readonly stmt;

  private constructor(
    readonly path: string,
    readonly db: Database.Database,
  ) {
    this.stmt = {
      insertDoc: db.prepare('INSERT OR IGNORE INTO docs (id, agreement_id, created_at) VALUES (?, ?, ?)'),
      append: db.prepare('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)'),
      snapshot: db.prepare('SELECT data, last_seq AS lastSeq FROM doc_snapshots WHERE doc_id = ?'),
      updatesAfter: db.prepare('SELECT seq, data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq'),
      upsertSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (doc_id, data, last_seq) VALUES (?, ?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data, last_seq = excluded.last_seq`,
      ),
      deleteUpTo: db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?'),
      logStats: db.prepare('SELECT count(*) AS count, coalesce(sum(length(data)), 0) AS bytes FROM doc_updates WHERE doc_id = ?'),
      docsWithLog: db.prepare('SELECT DISTINCT doc_id AS id FROM doc_updates'),
      insertAgreement: db.prepare('INSERT INTO agreements (id, created_at) VALUES (?, ?)'),
      agreementIds: db.prepare('SELECT id FROM agreements ORDER BY created_at, id'),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  /** Opens (or creates) a workspace file; throws WorkspaceOpenError with a Danish message. */
  static open(path: string, options?: OpenOptions): Store {
    return new Store(path, openDatabase(path, options));
  }

  /** Runs `fn` in one write transaction: all of it is committed, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // --- agreements -------------------------------------------------------------------------------

  insertAgreement(id: string, createdAt: string): void {
    this.stmt.insertAgreement.run(id, createdAt);
  }

  agreementIds(): string[] {
    return (this.stmt.agreementIds.all() as { id: string }[]).map((r) => r.id);
  }

  // --- collaborative documents ----------------------------------------------------------------

  /**
   * Appends one Yjs update to a document's log. When this returns, the update is committed: it
   * survives a crash of this process (see database.ts for what a power cut can lose).
   */
  appendUpdate(docId: string, update: Uint8Array): void {
    if (!this.knownDocs.has(docId)) {
      this.stmt.insertDoc.run(docId, agreementOfDoc(docId), new Date().toISOString());
      this.knownDocs.add(docId);
    }
    this.stmt.append.run(docId, update);
  }

  /** Snapshot and log read in one transaction, so a compaction in between cannot be half-seen. */
  loadDoc(docId: string): StoredDoc {
    return this.db.transaction(() => {
      const snap = this.stmt.snapshot.get(docId) as { data: Uint8Array; lastSeq: number } | undefined;
      const rows = this.stmt.updatesAfter.all(docId, snap?.lastSeq ?? 0) as { data: Uint8Array }[];
      return { snapshot: snap ? snap.data : null, updates: rows.map((r) => r.data) };
    })();
  }

  /** Loads a document into a fresh Y.Doc. */
  loadYDoc(docId: string): Y.Doc {
    const stored = this.loadDoc(docId);
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
    });
    return doc;
  }

  logStats(docId: string): LogStats {
    return this.stmt.logStats.get(docId) as LogStats;
  }

  /**
   * Folds a document's log into its snapshot. Reads, folds outside any write lock, then in one write
   * transaction replaces the snapshot and deletes exactly the rows it folded (seq <= the last one
   * read). Updates appended meanwhile — by this connection or another process — have higher seqs
   * and stay in the log. If another compaction replaced the snapshot meanwhile, this one gives up.
   */
  compact(docId: string): CompactionResult | null {
    const read = this.db.transaction(() => {
      const snap = this.stmt.snapshot.get(docId) as { data: Uint8Array; lastSeq: number } | undefined;
      const rows = this.stmt.updatesAfter.all(docId, snap?.lastSeq ?? 0) as { seq: number; data: Uint8Array }[];
      return { snap, rows };
    })();
    if (read.rows.length === 0) return null;
    const parts = read.snap ? [read.snap.data, ...read.rows.map((r) => r.data)] : read.rows.map((r) => r.data);
    const folded = foldUpdates(parts);
    const lastSeq = read.rows[read.rows.length - 1].seq;
    const committed = this.db
      .transaction(() => {
        const now = this.stmt.snapshot.get(docId) as { lastSeq: number } | undefined;
        if ((now?.lastSeq ?? 0) !== (read.snap?.lastSeq ?? 0)) return false;
        this.stmt.upsertSnapshot.run(docId, folded, lastSeq);
        this.stmt.deleteUpTo.run(docId, lastSeq);
        return true;
      })
      .immediate();
    return committed ? { foldedUpdates: read.rows.length, snapshotBytes: folded.byteLength } : null;
  }

  /** Compacts every document that has a log. */
  compactAll(): number {
    let n = 0;
    for (const { id } of this.stmt.docsWithLog.all() as { id: string }[]) if (this.compact(id)) n++;
    return n;
  }

  // --- settings -------------------------------------------------------------------------------------

  getSetting(key: string): unknown {
    const row = this.stmt.getSetting.get(key) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.stmt.setSetting.run(key, JSON.stringify(value));
  }

  // --- maintenance ----------------------------------------------------------------------------------

  /** Moves the WAL into the main file and truncates it, then gives free pages back to the disk. */
  shrink(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** Compacts what has a log and closes the file. */
  close(): void {
    if (!this.db.open) return;
    this.compactAll();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
