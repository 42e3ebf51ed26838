// The sync server's store in PostgreSQL (`pg`), shared by several instances (--postgres URL).
// Same interface as the SQLite one (../serverStore.ts); schema in migrations.ts.
//
// - Append: one statement (the log rows, and their authors in the same statement through a CTE),
//   committed — durable with the default synchronous_commit — when the promise resolves; appends
//   arriving while one is written are grouped into the next statement (group commit).
// - Load: snapshot and every remaining log row in one statement (one consistent view).
// - Compaction: one instance per document at a time (pg_try_advisory_lock on the document's id;
//   others skip it), folds snapshot + log, then in one transaction replaces the snapshot (its
//   version checked) and deletes exactly the log rows it folded. Rows appended meanwhile — even
//   with a lower seq, since commits from several instances land out of seq order — stay in the log,
//   and loading applies every remaining row (applying an update twice changes nothing in Yjs).
import pg from 'pg';
import { DamagedDocError } from '../damagedDoc.ts';
import { foldUpdates } from '../fold.ts';
import { AlreadyRedeemedError, type AuthorRow, type BootstrapInvitationRow, type DeviceRow } from '../membership.ts';
import type { MembershipStore, ServerStore } from '../serverStore.ts';
import { agreementOfDoc, type StoredDoc, type UpdateAuthor } from '../store.ts';
import { migrate } from './migrations.ts';

/** The URL without its password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** A Danish message for a database that cannot be reached or used. */
export class PostgresOpenError extends Error {
  override name = 'PostgresOpenError';
}

const DEVICE_COLUMNS = `id::int AS "id", agreement_id AS "agreementId", participant_id AS "participantId", device_key AS "deviceKey",
  token_sha256 AS "tokenSha256", name, organisation, created_at AS "createdAt", revoked_at AS "revokedAt"`;
const BOOTSTRAP_COLUMNS = `invite_key AS "inviteKey", participant_id AS "participantId", name, organisation, created_at AS "createdAt"`;

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<ServerStore> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw new PostgresOpenError(`Kunne ikke åbne PostgreSQL-databasen ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  const knownDocs = new Set<string>();

  async function ensureDoc(docId: string): Promise<void> {
    if (knownDocs.has(docId)) return;
    const agreementId = agreementOfDoc(docId);
    await pool.query(
      `WITH a AS (INSERT INTO agreements (id) VALUES ($2) ON CONFLICT DO NOTHING)
       INSERT INTO docs (id, agreement_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [docId, agreementId],
    );
    // A CTE's insert and the main one see the same snapshot, so the agreement row may not be
    // visible to the foreign key yet when both are new: retry once plainly on that.
    knownDocs.add(docId);
  }

  async function ensureDocSafely(docId: string): Promise<void> {
    try {
      await ensureDoc(docId);
    } catch (error) {
      if ((error as { code?: string }).code !== '23503') throw error;
      await pool.query('INSERT INTO agreements (id) VALUES ($1) ON CONFLICT DO NOTHING', [agreementOfDoc(docId)]);
      await pool.query('INSERT INTO docs (id, agreement_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [docId, agreementOfDoc(docId)]);
      knownDocs.add(docId);
    }
  }

  // Group commit: appends that arrive while one batch is being written go together in the next
  // one — one statement, one commit, one WAL flush for all of them. Under load this turns the
  // commit rate of the disk into a batch rate instead of a cap on updates per second.
  interface Pending {
    docId: string;
    data: Buffer;
    author: UpdateAuthor | undefined;
    at: string;
    resolve(): void;
    reject(error: unknown): void;
  }
  let queue: Pending[] = [];
  let writers = 0;
  const MAX_BATCH = 500;
  const MAX_WRITERS = Math.max(1, Math.min(4, (options.poolSize ?? 10) - 2));

  async function writeBatch(batch: Pending[]): Promise<void> {
    for (const docId of new Set(batch.map((p) => p.docId))) await ensureDocSafely(docId);
    const col = <T>(f: (p: Pending) => T) => batch.map(f);
    await pool.query(
      `WITH s AS MATERIALIZED (
         SELECT nextval(pg_get_serial_sequence('doc_log', 'seq')) AS seq, u.*
         FROM unnest($1::text[], $2::bytea[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bool[])
           WITH ORDINALITY AS u(doc_id, data, agreement_id, at, bytes, participant_id, device_key, name, organisation, has_author, ord)
       ),
       l AS (INSERT INTO doc_log (seq, doc_id, data) SELECT seq, doc_id, data FROM s ORDER BY ord)
       INSERT INTO update_authors (seq, doc_id, agreement_id, at, bytes, participant_id, device_key, name, organisation)
       SELECT seq, doc_id, agreement_id, at, bytes, participant_id, device_key, name, organisation FROM s WHERE has_author`,
      [
        col((p) => p.docId),
        col((p) => p.data),
        col((p) => agreementOfDoc(p.docId)),
        col((p) => p.at),
        col((p) => p.data.byteLength),
        col((p) => p.author?.participantId ?? null),
        col((p) => p.author?.deviceKey ?? null),
        col((p) => p.author?.name ?? null),
        col((p) => p.author?.organisation ?? null),
        col((p) => p.author !== undefined),
      ],
    );
  }

  /** Starts batches while there are appends waiting, up to MAX_WRITERS statements at once (each
   *  its own pool connection; PostgreSQL flushes concurrent commits together). */
  function drain(): void {
    while (queue.length > 0 && writers < MAX_WRITERS) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      writers++;
      writeBatch(batch).then(
        () => {
          for (const p of batch) p.resolve();
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      ).finally(() => {
        writers--;
        drain();
      });
    }
  }

  function appendUpdate(docId: string, update: Uint8Array, author?: UpdateAuthor): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      agreementOfDoc(docId); // throws for a name that is not a document id
      // Copied: the caller's buffer may be reused before the batch is written.
      queue.push({ docId, data: Buffer.from(update), author, at: new Date().toISOString(), resolve, reject });
      drain();
    });
  }

  interface Read {
    snapshot: { data: Uint8Array; version: number } | null;
    log: { seq: string; data: Uint8Array }[];
  }

  async function read(client: pg.Pool | pg.PoolClient, docId: string): Promise<Read> {
    const { rows } = await client.query<{ kind: number; seq: string; version: string | null; data: Buffer }>(
      `SELECT 0 AS kind, last_seq::text AS seq, version::text AS version, data FROM doc_snapshots WHERE doc_id = $1
       UNION ALL
       SELECT 1 AS kind, seq::text AS seq, NULL AS version, data FROM doc_log WHERE doc_id = $1
       ORDER BY kind, seq`,
      [docId],
    );
    const snap = rows.find((r) => r.kind === 0);
    return {
      snapshot: snap ? { data: new Uint8Array(snap.data), version: Number(snap.version) } : null,
      log: rows.filter((r) => r.kind === 1).sort((a, b) => Number(a.seq) - Number(b.seq)).map((r) => ({ seq: r.seq, data: new Uint8Array(r.data) })),
    };
  }

  async function loadDoc(docId: string): Promise<StoredDoc> {
    const r = await read(pool, docId);
    return { snapshot: r.snapshot?.data ?? null, updates: r.log.map((l) => l.data) };
  }

  async function compact(docId: string): Promise<void> {
    const client = await pool.connect();
    let locked = false;
    try {
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended('enighed-doc:' || $1, 0)) AS ok", [docId]);
      locked = rows[0].ok;
      if (!locked) return; // another instance is compacting this document
      const r = await read(client, docId);
      if (r.log.length === 0) return;
      let folded: Uint8Array;
      const parts = r.snapshot ? [r.snapshot.data, ...r.log.map((l) => l.data)] : r.log.map((l) => l.data);
      try {
        folded = foldUpdates(parts);
      } catch (cause) {
        throw new DamagedDocError(docId, (cause as Error)?.message ?? String(cause), { cause });
      }
      const lastSeq = r.log[r.log.length - 1].seq;
      await client.query('BEGIN');
      try {
        const now = await client.query<{ version: string }>('SELECT version::text AS version FROM doc_snapshots WHERE doc_id = $1 FOR UPDATE', [docId]);
        const version = now.rows[0] ? Number(now.rows[0].version) : 0;
        if (version !== (r.snapshot?.version ?? 0)) {
          await client.query('ROLLBACK');
          return;
        }
        await client.query(
          `INSERT INTO doc_snapshots (doc_id, data, last_seq, version) VALUES ($1, $2, $3, 1)
           ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data, last_seq = GREATEST(doc_snapshots.last_seq, excluded.last_seq), version = doc_snapshots.version + 1`,
          [docId, Buffer.from(folded), lastSeq],
        );
        await client.query('DELETE FROM doc_log WHERE doc_id = $1 AND seq = ANY($2::bigint[])', [docId, r.log.map((l) => l.seq)]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    } finally {
      if (locked) await client.query("SELECT pg_advisory_unlock(hashtextextended('enighed-doc:' || $1, 0))", [docId]).catch(() => {});
      client.release();
    }
  }

  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T | null> => (await pool.query<T>(sql, params)).rows[0] ?? null;
  const all = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => (await pool.query<T>(sql, params)).rows;

  const membership: MembershipStore = {
    async addBootstrapInvitation(r: BootstrapInvitationRow) {
      await pool.query('INSERT INTO bootstrap_invitations (invite_key, participant_id, name, organisation, created_at) VALUES ($1, $2, $3, $4, $5)', [
        r.inviteKey, r.participantId, r.name, r.organisation, r.createdAt,
      ]);
    },
    async importBootstrapInvitation(r) {
      await pool.query(
        'INSERT INTO bootstrap_invitations (invite_key, participant_id, name, organisation, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [r.inviteKey, r.participantId, r.name, r.organisation, r.createdAt],
      );
    },
    allBootstrapInvitations: () => all<BootstrapInvitationRow>(`SELECT ${BOOTSTRAP_COLUMNS} FROM bootstrap_invitations ORDER BY created_at`),
    bootstrapInvitation: (participantId) => one<BootstrapInvitationRow>(`SELECT ${BOOTSTRAP_COLUMNS} FROM bootstrap_invitations WHERE participant_id = $1`, [participantId]),
    async importDevice(d) {
      await pool.query(
        `INSERT INTO devices (agreement_id, participant_id, device_key, token_sha256, name, organisation, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [d.agreementId, d.participantId, d.deviceKey, d.tokenSha256, d.name, d.organisation, d.createdAt, d.revokedAt],
      );
      if (d.revokedAt) await pool.query('UPDATE devices SET revoked_at = $1 WHERE token_sha256 = $2 AND revoked_at IS NULL', [d.revokedAt, d.tokenSha256]);
      return (await membership.deviceByTokenHash(d.tokenSha256))!;
    },
    isRedeemed: async (key) => (await one('SELECT 1 FROM redeemed_invitations WHERE invite_key = $1', [key])) !== null,
    async redeem(inviteKey, d) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO devices (agreement_id, participant_id, device_key, token_sha256, name, organisation, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::int AS id`,
          [d.agreementId, d.participantId, d.deviceKey, d.tokenSha256, d.name, d.organisation, d.createdAt],
        );
        const id = rows[0].id;
        const claimed = await client.query('INSERT INTO redeemed_invitations (invite_key, redeemed_at, device_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [inviteKey, d.createdAt, id]);
        if (claimed.rowCount === 0) {
          await client.query('ROLLBACK');
          throw new AlreadyRedeemedError(inviteKey);
        }
        await client.query('COMMIT');
        return { ...d, id, revokedAt: null };
      } catch (error) {
        if (!(error instanceof AlreadyRedeemedError)) await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    deviceByTokenHash: (hash) => one<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_sha256 = $1`, [hash]),
    devicesOf: (agreementId) => all<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE agreement_id IS NOT DISTINCT FROM $1 ORDER BY id`, [agreementId]),
    allDevices: () => all<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY id`),
    revokeDevice: async (id, at) => ((await pool.query('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount ?? 0) > 0,
    authorsOf: (agreementId) =>
      all<AuthorRow>(
        `SELECT seq::int AS seq, doc_id AS "docId", at, bytes, participant_id AS "participantId", device_key AS "deviceKey", name, organisation
         FROM update_authors WHERE agreement_id = $1 ORDER BY seq`,
        [agreementId],
      ),
  };

  let closed = false;
  return {
    kind: 'postgres',
    shared: true,
    location: redactUrl(url),
    local: null,
    loadDoc,
    appendUpdate,
    compact: (docId) => compact(docId),
    membership,
    async ping() {
      await pool.query('SELECT 1');
    },
    async backup() {
      throw new Error('En PostgreSQL-database sikkerhedskopieres med pg_dump (se README), ikke med «backup».');
    },
    async close() {
      if (closed) return;
      closed = true;
      while (writers > 0 || queue.length > 0) await new Promise((r) => setTimeout(r, 5));
      await pool.end();
    },
  };
}
