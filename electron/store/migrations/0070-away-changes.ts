// "Nyt siden sidst" and "Samtidige ændringer" (electron/store/awayChanges.ts): what others changed
// since this person last saw it, the section's state before this replica's own edits made while it
// was apart (the common state a merge is judged against), and the clauses both sides changed while
// apart, until resolved. Local only: never synced.
import type { Migration } from './migration.ts';

export const migration0070: Migration = {
  version: 70,
  name: 'away-changes',
  up(db) {
    db.exec(`
      CREATE TABLE unseen_changes (
        -- Whose view: the profile's side and name (one workspace may change hands).
        person TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        clause_id TEXT NOT NULL,
        -- The clause's readable text when this person last saw it ('' for a new clause).
        seen_text TEXT NOT NULL,
        -- shared/negotiation/lastEdit.ts LastEdit as JSON, or NULL when not known.
        by_json TEXT,
        changed_at TEXT NOT NULL,
        PRIMARY KEY (person, doc_id, clause_id)
      ) STRICT;
      CREATE TABLE merge_bases (
        doc_id TEXT PRIMARY KEY,
        -- The whole document (Y.encodeStateAsUpdate) before the first own edit made while apart.
        state BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE concurrent_edits (
        doc_id TEXT NOT NULL,
        clause_id TEXT NOT NULL,
        -- Readable texts (shared/negotiation/wordDiff.ts readableClauseText) for review …
        common_text TEXT NOT NULL,
        ours_text TEXT NOT NULL,
        theirs_text TEXT NOT NULL,
        -- … and each side's clause as ProseMirror JSON, to take it back.
        ours_json TEXT NOT NULL,
        theirs_json TEXT NOT NULL,
        by_json TEXT,
        detected_at TEXT NOT NULL,
        PRIMARY KEY (doc_id, clause_id)
      ) STRICT;
    `);
  },
};
