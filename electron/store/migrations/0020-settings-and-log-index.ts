// Local settings (the profile) and an index so loading one document's log does not scan all logs.
import type { Migration } from './migration.ts';

export const migration0020: Migration = {
  version: 20,
  name: 'settings-and-log-index',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE INDEX doc_updates_by_doc ON doc_updates (doc_id, seq);
    `);
  },
};
