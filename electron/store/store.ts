// The typed storage layer of a workspace: the one interface through which the Node side reads and
// writes the SQLite file. Collaborative documents are stored as an append-only log of Yjs updates
// folded now and then into a snapshot; loading a document is snapshot + remaining log.
import * as Y from 'yjs';
import type Database from 'better-sqlite3';
import { backupDatabase, type BackupProgress } from './backup.ts';
import { DamagedDocError } from './damagedDoc.ts';
import { foldUpdates } from './fold.ts';
import { openDatabase, type OpenOptions } from './database.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';

export { foldUpdates } from './fold.ts';

export interface StoredDoc {
  snapshot: Uint8Array | null;
  /** Updates after the snapshot, oldest first. */
  updates: Uint8Array[];
}

export interface CompactionResult {
  foldedUpdates: number;
  snapshotBytes: number;
}

export interface CommitOptions {
  /** Checkpoint the WAL after the commit (default true); compactAll checkpoints once at its end,
   *  a background compaction on a later tick (backgroundCompaction.ts). */
  checkpoint?: boolean;
}

/** Who sent an update the sync server stores (the audit; table update_authors, migration 0050). */
export interface UpdateAuthor {
  participantId: string | null;
  deviceKey: string | null;
  name: string | null;
  organisation: string | null;
}

export interface LogStats {
  count: number;
  bytes: number;
}

/** The agreement a document id belongs to (the id's grammar lives in shared/structure/docIds.ts). */
export function agreementOfDoc(docId: string): string {
  const parsed = parseDocId(docId);
  if (!parsed) throw new Error(`not a document id: ${JSON.stringify(docId)}`);
  return parsed.agreementId;
}

/** What a compaction read: fold `parts`, then commit with commitCompaction. */
export interface CompactionPlan {
  docId: string;
  parts: Uint8Array[];
  /** The snapshot's last_seq when read (0 for none): commit gives up if it changed. */
  baseSeq: number;
  /** The highest seq folded. */
  lastSeq: number;
}

export class Store {
  private readonly knownDocs = new Set<string>();
  private readonly stmt;
  /** The next log seq. The file is locked to this connection, so memory is the source of truth. */
  private nextSeq: number;

  private constructor(
    readonly path: string,
    readonly db: Database.Database,
  ) {
    this.stmt = {
      insertDoc: db.prepare('INSERT OR IGNORE INTO docs (id, agreement_id, created_at) VALUES (?, ?, ?)'),
      append: db.prepare('INSERT INTO doc_log (seq, doc_id, data) VALUES (?, ?, ?)'),
      appendAuthor: db.prepare(
        'INSERT INTO update_authors (seq, doc_id, agreement_id, at, bytes, participant_id, device_key, name, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      snapshot: db.prepare('SELECT data, last_seq AS lastSeq FROM doc_snapshots WHERE doc_id = ?'),
      updatesAfter: db.prepare('SELECT seq, data FROM doc_log WHERE doc_id = ? AND seq > ? ORDER BY seq'),
      upsertSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (doc_id, data, last_seq) VALUES (?, ?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data, last_seq = excluded.last_seq`,
      ),
      deleteUpTo: db.prepare('DELETE FROM doc_log WHERE doc_id = ? AND seq <= ?'),
      logStats: db.prepare('SELECT count(*) AS count, coalesce(sum(length(data)), 0) AS bytes FROM doc_log WHERE doc_id = ?'),
      docVersion: db.prepare(
        'SELECT max(coalesce((SELECT max(seq) FROM doc_log WHERE doc_id = ?), 0), coalesce((SELECT last_seq FROM doc_snapshots WHERE doc_id = ?), 0)) AS version',
      ),
      docsWithLog: db.prepare('SELECT DISTINCT doc_id AS id FROM doc_log'),
      docIds: db.prepare('SELECT id FROM docs ORDER BY id'),
      deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
      insertAgreement: db.prepare('INSERT INTO agreements (id, created_at) VALUES (?, ?)'),
      agreementIds: db.prepare('SELECT id FROM agreements ORDER BY created_at, id'),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    const { top } = db
      .prepare('SELECT max(coalesce((SELECT max(seq) FROM doc_log), 0), coalesce((SELECT max(last_seq) FROM doc_snapshots), 0)) AS top')
      .get() as { top: number };
    this.nextSeq = top + 1;
  }

  /** Opens (or creates) a workspace file; throws WorkspaceOpenError with a Danish message. */
  static open(path: string, options?: OpenOptions): Store {
    return new Store(path, openDatabase(path, options));
  }

  /** Runs `fn` in one write transaction: all of it is committed, or none. */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      // Rolled back: docs rows first written inside it are gone, so forget them.
      this.knownDocs.clear();
      throw error;
    }
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
  appendUpdate(docId: string, update: Uint8Array, author?: UpdateAuthor): void {
    if (!this.knownDocs.has(docId)) {
      this.stmt.insertDoc.run(docId, agreementOfDoc(docId), new Date().toISOString());
      this.knownDocs.add(docId);
    }
    if (author) {
      // The sync server: the update and who sent it in one commit (the author row outlives the
      // log row, which compaction deletes).
      this.appendWithAuthor(this.nextSeq, docId, update, author);
    } else this.stmt.append.run(this.nextSeq, docId, update);
    this.nextSeq++;
  }

  private readonly appendWithAuthor = (seq: number, docId: string, update: Uint8Array, a: UpdateAuthor): void => {
    this.appendAuthored ??= this.db.transaction((s: number, d: string, u: Uint8Array, au: UpdateAuthor, at: string) => {
      this.stmt.append.run(s, d, u);
      this.stmt.appendAuthor.run(s, d, agreementOfDoc(d), at, u.byteLength, au.participantId, au.deviceKey, au.name, au.organisation);
    });
    this.appendAuthored(seq, docId, update, a, new Date().toISOString());
  };
  private appendAuthored: ((seq: number, docId: string, update: Uint8Array, author: UpdateAuthor, at: string) => void) | null = null;

  /** Snapshot and log read in one transaction, so a compaction in between cannot be half-seen. */
  loadDoc(docId: string): StoredDoc {
    return this.db.transaction(() => {
      const snap = this.stmt.snapshot.get(docId) as { data: Uint8Array; lastSeq: number } | undefined;
      const rows = this.stmt.updatesAfter.all(docId, snap?.lastSeq ?? 0) as { data: Uint8Array }[];
      return { snapshot: snap ? snap.data : null, updates: rows.map((r) => r.data) };
    })();
  }

  /** Loads a document into a fresh Y.Doc; throws DamagedDocError when its stored data does not
   *  decode (the rest of the workspace is unaffected). */
  loadYDoc(docId: string): Y.Doc {
    const stored = this.loadDoc(docId);
    const doc = new Y.Doc();
    try {
      Y.transact(doc, () => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(doc, u);
      });
    } catch (cause) {
      doc.destroy();
      throw new DamagedDocError(docId, (cause as Error)?.message ?? String(cause), { cause });
    }
    return doc;
  }

  /** Every document this workspace holds, by id. */
  docIds(): string[] {
    return (this.stmt.docIds.all() as { id: string }[]).map((r) => r.id);
  }

  /**
   * The highest seq stored for a document (log or snapshot; 0: nothing stored). Every append to it
   * raises it and compaction never lowers it, so an unchanged version means unchanged content: a
   * copy read at that version is still what the store holds (one program has the workspace open).
   */
  docVersion(docId: string): number {
    return (this.stmt.docVersion.get(docId, docId) as { version: number }).version;
  }

  logStats(docId: string): LogStats {
    return this.stmt.logStats.get(docId) as LogStats;
  }

  /**
   * Folds a document's log into its snapshot: read (prepareCompaction), fold (foldUpdates, which
   * may run elsewhere), commit (commitCompaction). The commit replaces the snapshot and deletes
   * exactly the rows it folded (seq <= plan.lastSeq); updates appended between read and commit have
   * higher seqs and stay in the log. If another compaction committed in between, it gives up.
   * A document whose data does not decode throws DamagedDocError and is left as it is.
   */
  compact(docId: string, options?: CommitOptions): CompactionResult | null {
    const plan = this.prepareCompaction(docId);
    if (!plan) return null;
    let folded: Uint8Array;
    try {
      folded = foldUpdates(plan.parts);
    } catch (cause) {
      throw new DamagedDocError(docId, (cause as Error)?.message ?? String(cause), { cause });
    }
    return this.commitCompaction(plan, folded, options) ? { foldedUpdates: plan.parts.length - (plan.baseSeq ? 1 : 0), snapshotBytes: folded.byteLength } : null;
  }

  /** Reads what a compaction folds, or null when the log is empty. */
  prepareCompaction(docId: string): CompactionPlan | null {
    return this.db.transaction(() => {
      const snap = this.stmt.snapshot.get(docId) as { data: Uint8Array; lastSeq: number } | undefined;
      const rows = this.stmt.updatesAfter.all(docId, snap?.lastSeq ?? 0) as { seq: number; data: Uint8Array }[];
      if (rows.length === 0) return null;
      return {
        docId,
        parts: snap ? [snap.data, ...rows.map((r) => r.data)] : rows.map((r) => r.data),
        baseSeq: snap?.lastSeq ?? 0,
        lastSeq: rows[rows.length - 1].seq,
      };
    })();
  }

  /** Commits a folded plan; false when another compaction got there first (nothing changed). */
  commitCompaction(plan: CompactionPlan, folded: Uint8Array, options: CommitOptions = {}): boolean {
    const committed = this.db
      .transaction(() => {
        const now = this.stmt.snapshot.get(plan.docId) as { lastSeq: number } | undefined;
        if ((now?.lastSeq ?? 0) !== plan.baseSeq) return false;
        this.stmt.upsertSnapshot.run(plan.docId, folded, plan.lastSeq);
        this.stmt.deleteUpTo.run(plan.docId, plan.lastSeq);
        return true;
      })
      .immediate();
    // A good moment to move the WAL into the main file (see database.ts); a caller that must not
    // hold its thread that long runs checkpoint() on a later tick instead.
    if (committed && options.checkpoint !== false) this.checkpoint();
    return committed;
  }

  /** Copies the WAL into the main file as far as no reader needs it (a passive checkpoint; fsyncs). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  /**
   * Compaction when the caller holds the document in memory: `state` (Y.encodeStateAsUpdate of it)
   * must include every update appended for `docId` so far, as it does in the service, which applies
   * each update right after appending it. Saves re-reading and re-folding the log.
   */
  snapshotFromMemory(docId: string, state: Uint8Array): void {
    const lastSeq = this.nextSeq - 1;
    this.db
      .transaction(() => {
        this.stmt.upsertSnapshot.run(docId, state, lastSeq);
        this.stmt.deleteUpTo.run(docId, lastSeq);
      })
      .immediate();
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Compacts every document that has a log, skipping (and so never rewriting) damaged ones, with
   *  one checkpoint at the end: a checkpoint per document (each an fsync) made closing after a
   *  bundle of many small documents take minutes. */
  compactAll(): number {
    let n = 0;
    for (const { id } of this.stmt.docsWithLog.all() as { id: string }[]) {
      try {
        if (this.compact(id, { checkpoint: false })) n++;
      } catch (error) {
        if (!(error instanceof DamagedDocError)) throw error;
      }
    }
    if (n > 0) this.checkpoint();
    return n;
  }

  // --- settings -------------------------------------------------------------------------------------

  getSetting(key: string): unknown {
    const row = this.stmt.getSetting.get(key) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  }

  /** Stores a JSON value; undefined removes the key. */
  setSetting(key: string, value: unknown): void {
    if (value === undefined) this.stmt.deleteSetting.run(key);
    else this.stmt.setSetting.run(key, JSON.stringify(value));
  }

  // --- maintenance ----------------------------------------------------------------------------------

  /** Moves the WAL into the main file and truncates it, then gives free pages back to the disk. */
  shrink(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Writes a consistent copy of the workspace to `dest` (a new file) while it stays in use; see
   *  backup.ts. Throws BackupError with a Danish message. */
  backup(dest: string, onProgress?: (progress: BackupProgress) => void): Promise<void> {
    return backupDatabase(this.db, dest, onProgress);
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** Compacts what has a log and closes the file. */
  close(): void {
    if (!this.db.open) return;
    try {
      this.compactAll();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      // Closed (and the lock released) even when compacting fails, say on a full disk: the log
      // still holds every update, so nothing is lost; the error goes on to the caller.
      this.db.close();
    }
  }
}
