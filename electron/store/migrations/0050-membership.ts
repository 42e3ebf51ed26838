// Membership on the sync server (electron/server/membership.ts): the devices that redeemed an
// invitation, with the SHA-256 of their bearer token; the invitations redeemed (each once); the
// bootstrap invitations of server-level secretariat accounts (`init-secretariat`); and who sent
// every stored update (the audit). The update log's rows are deleted by compaction, so authors
// live in a table of their own keyed by the log seq. In an app workspace these tables stay empty.
import type { Migration } from './migration.ts';

export const migration0050: Migration = {
  version: 50,
  name: 'membership',
  up(db) {
    db.exec(`
      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        -- NULL: a server-level secretariat account (bootstrap); else the agreement it joined.
        agreement_id TEXT,
        participant_id TEXT NOT NULL,
        device_key TEXT NOT NULL,
        -- SHA-256 (hex) of the bearer token; the token itself is never stored.
        token_sha256 TEXT NOT NULL UNIQUE,
        -- Only for bootstrap accounts (an agreement's participants are named by its directory).
        name TEXT,
        organisation TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX devices_by_participant ON devices (agreement_id, participant_id);

      CREATE TABLE bootstrap_invitations (
        invite_key TEXT PRIMARY KEY,
        participant_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE redeemed_invitations (
        invite_key TEXT PRIMARY KEY,
        redeemed_at TEXT NOT NULL,
        device_id INTEGER NOT NULL REFERENCES devices(id)
      ) STRICT;

      -- One row per stored update (seq as in doc_log, kept after compaction deletes the log row).
      CREATE TABLE update_authors (
        seq INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL,
        agreement_id TEXT NOT NULL,
        at TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        -- NULL when the sender was not a participant (open server, legacy access-file grant).
        participant_id TEXT,
        device_key TEXT,
        -- The sender's name and organisation as the server knew them when it stored the update.
        name TEXT,
        organisation TEXT
      ) STRICT;
      -- No index by agreement: every append would write a second B-tree page; the audit (rare,
      -- offline) scans the table in seq order.
    `);
  },
};
