// Two things change bundles need. An index on the update log by document: compaction and loading
// look up one document's rows, and without it each lookup scans the whole log (importing 99,999
// small documents and closing took 248 s, one full scan per document). It costs an append a second
// B-tree page (0030 removed the old index to save exactly that); a lookup is O(log n) again.
// And the undo points of bundle imports (*Fortryd import*): per import, every document it changed,
// with the document's state before and the update that was imported.
import type { Migration } from './migration.ts';

export const migration0040: Migration = {
  version: 40,
  name: 'log-index-and-import-undo',
  up(db) {
    db.exec(`
      CREATE INDEX doc_log_by_doc ON doc_log (doc_id, seq);

      -- state: 'writing' while its undo points are being stored (nothing visible yet; discarded if
      -- interrupted), 'staged' once all are stored and the updates are being appended (finished on
      -- the next open if interrupted), 'done', 'undone'.
      CREATE TABLE bundle_imports (
        id INTEGER PRIMARY KEY,
        agreement_id TEXT NOT NULL,
        agreement_created_at TEXT NOT NULL,
        new_agreement INTEGER NOT NULL CHECK (new_agreement IN (0, 1)),
        created_by TEXT NOT NULL,
        bundle_created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('writing', 'staged', 'done', 'undone'))
      ) STRICT;

      CREATE TABLE bundle_import_docs (
        import_id INTEGER NOT NULL REFERENCES bundle_imports(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL,
        -- The document's whole state before the import, and the update the import appended.
        before BLOB NOT NULL,
        imported BLOB NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        PRIMARY KEY (import_id, doc_id)
      ) STRICT;
    `);
  },
};
