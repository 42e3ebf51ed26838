// The update log as a plain rowid table without a secondary index: an append then writes one page
// instead of three (table, index, sqlite_sequence), which is what one commit per keystroke costs.
// A document's log is short (compaction keeps it under ~1,000 rows), so reading it by a scan is fine.
// seq is assigned by the store — the only writer, since the file is opened with an exclusive lock —
// from the highest seq it has ever recorded, so it is never reused after compaction deletes rows.
import type { Migration } from './migration.ts';

export const migration0030: Migration = {
  version: 30,
  name: 'lean-update-log',
  up(db) {
    db.exec(`
      CREATE TABLE doc_log (
        seq INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
        data BLOB NOT NULL
      ) STRICT;

      INSERT INTO doc_log (seq, doc_id, data) SELECT seq, doc_id, data FROM doc_updates ORDER BY seq;

      DROP INDEX doc_updates_by_doc;
      DROP TABLE doc_updates;
    `);
  },
};
