// The PostgreSQL store's schema, numbered like the SQLite migrations (electron/store/migrations/)
// but its own series: one entry per version, never edited once shipped. `migrate` runs the pending
// ones in one transaction under an advisory lock, so instances starting together migrate once.
import type pg from 'pg';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'documents-and-membership',
    sql: `
      CREATE TABLE agreements (
        id TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE docs (
        id TEXT PRIMARY KEY,
        agreement_id TEXT NOT NULL REFERENCES agreements(id),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      -- The update log. A seq is unique but commits may land out of seq order (several instances),
      -- so loading reads every remaining row and compaction deletes exactly the rows it folded.
      CREATE TABLE doc_log (
        seq BIGSERIAL PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES docs(id),
        data BYTEA NOT NULL
      );
      CREATE INDEX doc_log_by_doc ON doc_log (doc_id, seq);
      -- One folded update per document; version grows with each compaction (optimistic check).
      CREATE TABLE doc_snapshots (
        doc_id TEXT PRIMARY KEY REFERENCES docs(id),
        data BYTEA NOT NULL,
        last_seq BIGINT NOT NULL,
        version BIGINT NOT NULL
      );
      -- Membership (as SQLite migration 0050).
      CREATE TABLE devices (
        id BIGSERIAL PRIMARY KEY,
        agreement_id TEXT,
        participant_id TEXT NOT NULL,
        device_key TEXT NOT NULL,
        token_sha256 TEXT NOT NULL UNIQUE,
        name TEXT,
        organisation TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX devices_by_participant ON devices (agreement_id, participant_id);
      CREATE TABLE bootstrap_invitations (
        invite_key TEXT PRIMARY KEY,
        participant_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE redeemed_invitations (
        invite_key TEXT PRIMARY KEY,
        redeemed_at TEXT NOT NULL,
        device_id BIGINT NOT NULL REFERENCES devices(id)
      );
      -- One row per stored update, by log seq, kept after compaction deletes the log row.
      CREATE TABLE update_authors (
        seq BIGINT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        agreement_id TEXT NOT NULL,
        at TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        participant_id TEXT,
        device_key TEXT,
        name TEXT,
        organisation TEXT
      );
      CREATE INDEX update_authors_by_agreement ON update_authors (agreement_id, seq);
    `,
  },
];

/** An arbitrary constant: the advisory lock migrations run under. */
const MIGRATION_LOCK = 0x456e6967;

/** Brings the database to the newest version; returns the versions applied (none: already there).
 *  Refuses a database migrated by a newer program. */
export async function migrate(client: pg.ClientBase, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS enighed_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM enighed_migrations');
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const highest = Math.max(0, ...done);
    if (highest > newest) {
      throw new Error(`Databasen er fra en nyere version af Enighed (skemaversion ${highest}; denne version kender ${newest}). Opdater serveren.`);
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO enighed_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
