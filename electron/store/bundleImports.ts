// The undo points of change bundle imports (tables of migration 0040), beside store.ts: per
// import, each changed document's state before it and the update imported. An import is stored in
// two stages so that an interruption (crash, quit, full disk) never leaves half a bundle applied:
// first every undo point ('writing': nothing is visible in the documents yet; discarded on the
// next open if interrupted), then the updates themselves ('staged': finished on the next open from
// the stored updates if interrupted — Yjs updates are idempotent, so appending one twice is harmless).
import type { Statement } from 'better-sqlite3';
import type { Store } from './store.ts';

export type ImportState = 'writing' | 'staged' | 'done' | 'undone';

export interface ImportRecord {
  id: number;
  agreementId: string;
  agreementCreatedAt: string;
  newAgreement: boolean;
  createdBy: string;
  bundleCreatedAt: string;
  importedAt: string;
  state: ImportState;
}

export interface ImportDocRecord {
  docId: string;
  before: Uint8Array;
  imported: Uint8Array;
  undone: boolean;
}

/** How many finished imports keep their undo points; older ones are dropped. */
export const KEPT_IMPORTS = 5;

export class BundleImports {
  private readonly stmt: Record<string, Statement>;

  constructor(private readonly store: Store) {
    const db = store.db;
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO bundle_imports (agreement_id, agreement_created_at, new_agreement, created_by, bundle_created_at, imported_at, state)
         VALUES (?, ?, ?, ?, ?, ?, 'writing')`,
      ),
      insertDoc: db.prepare('INSERT INTO bundle_import_docs (import_id, doc_id, before, imported) VALUES (?, ?, ?, ?)'),
      setState: db.prepare('UPDATE bundle_imports SET state = ? WHERE id = ?'),
      get: db.prepare(
        `SELECT id, agreement_id AS agreementId, agreement_created_at AS agreementCreatedAt, new_agreement AS newAgreement,
                created_by AS createdBy, bundle_created_at AS bundleCreatedAt, imported_at AS importedAt, state
         FROM bundle_imports WHERE id = ?`,
      ),
      unfinished: db.prepare("SELECT id, state FROM bundle_imports WHERE state IN ('writing', 'staged') ORDER BY id"),
      docIds: db.prepare('SELECT doc_id AS docId FROM bundle_import_docs WHERE import_id = ? ORDER BY rowid'),
      doc: db.prepare('SELECT doc_id AS docId, before, imported, undone FROM bundle_import_docs WHERE import_id = ? AND doc_id = ?'),
      markDocUndone: db.prepare('UPDATE bundle_import_docs SET undone = 1 WHERE import_id = ? AND doc_id = ?'),
      delete: db.prepare('DELETE FROM bundle_imports WHERE id = ?'),
      prune: db.prepare(
        `DELETE FROM bundle_imports WHERE state = 'undone'
           OR (state = 'done' AND id NOT IN (SELECT id FROM bundle_imports WHERE state = 'done' ORDER BY id DESC LIMIT ?))`,
      ),
    };
  }

  /** Starts an import ('writing'); drops undo points beyond the last KEPT_IMPORTS. */
  begin(record: Omit<ImportRecord, 'id' | 'state' | 'importedAt'>, now = new Date()): number {
    return this.store.transaction(() => {
      this.stmt.prune.run(KEPT_IMPORTS - 1);
      const { lastInsertRowid } = this.stmt.insert.run(
        record.agreementId,
        record.agreementCreatedAt,
        record.newAgreement ? 1 : 0,
        record.createdBy,
        record.bundleCreatedAt,
        now.toISOString(),
      );
      return Number(lastInsertRowid);
    });
  }

  /** Stores undo points of some documents, in one transaction. */
  stage(importId: number, docs: readonly { docId: string; before: Uint8Array; imported: Uint8Array }[]): void {
    this.store.transaction(() => {
      for (const d of docs) this.stmt.insertDoc.run(importId, d.docId, d.before, d.imported);
    });
  }

  setState(importId: number, state: ImportState): void {
    this.stmt.setState.run(state, importId);
  }

  get(importId: number): ImportRecord | null {
    const row = this.stmt.get.get(importId) as (Omit<ImportRecord, 'newAgreement'> & { newAgreement: number }) | undefined;
    return row ? { ...row, newAgreement: row.newAgreement === 1 } : null;
  }

  docIds(importId: number): string[] {
    return (this.stmt.docIds.all(importId) as { docId: string }[]).map((r) => r.docId);
  }

  doc(importId: number, docId: string): ImportDocRecord | null {
    const row = this.stmt.doc.get(importId, docId) as (Omit<ImportDocRecord, 'undone'> & { undone: number }) | undefined;
    return row ? { ...row, undone: row.undone === 1 } : null;
  }

  /**
   * Appends the imported updates of some documents to their logs and, when the import brings the
   * agreement, first creates it — one transaction.
   */
  append(importId: number, docs: readonly { docId: string; update: Uint8Array }[]): void {
    const record = this.get(importId);
    if (!record) throw new Error(`no bundle import ${importId}`);
    this.store.transaction(() => {
      if (record.newAgreement && !this.store.agreementIds().includes(record.agreementId)) {
        this.store.insertAgreement(record.agreementId, record.agreementCreatedAt);
      }
      for (const { docId, update } of docs) this.store.appendUpdate(docId, update);
    });
  }

  /** Appends a document's restoring update and marks it undone, in one transaction. */
  appendRestore(importId: number, docId: string, update: Uint8Array | null): void {
    this.store.transaction(() => {
      if (update) this.store.appendUpdate(docId, update);
      this.stmt.markDocUndone.run(importId, docId);
    });
  }

  /**
   * After an interruption: forgets imports still 'writing' (nothing of them is visible) and
   * finishes those 'staged'. Returns the ids finished. Run when the workspace is opened.
   */
  recover(): number[] {
    const finished: number[] = [];
    for (const { id, state } of this.stmt.unfinished.all() as { id: number; state: ImportState }[]) {
      if (state === 'writing') {
        this.stmt.delete.run(id);
        continue;
      }
      this.store.transaction(() => {
        this.append(
          id,
          this.docIds(id).map((docId) => ({ docId, update: this.doc(id, docId)!.imported })),
        );
        this.setState(id, 'done');
      });
      finished.push(id);
    }
    return finished;
  }
}
