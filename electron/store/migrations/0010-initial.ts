// The first schema: collaborative documents as an append-only update log plus one snapshot each.
import type { Migration } from './migration.ts';

export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE agreements (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE docs (
        id TEXT PRIMARY KEY,
        agreement_id TEXT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      ) STRICT;

      -- Every Yjs update, appended before it is acknowledged. AUTOINCREMENT so a seq is never reused:
      -- compaction deletes "everything up to seq N" and must not touch a row written after it read.
      CREATE TABLE doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
        data BLOB NOT NULL
      ) STRICT;

      -- The log folded into one update; covers every row of doc_updates with seq <= last_seq.
      CREATE TABLE doc_snapshots (
        doc_id TEXT PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,
        data BLOB NOT NULL,
        last_seq INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
