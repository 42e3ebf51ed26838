// Each migration on its own: build the database at the version before it, put data in, migrate, and
// compare. Plus an old file committed to the repository, upgraded the way a user's file would be.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { APPLICATION_ID, openDatabase, WorkspaceOpenError } from '../../electron/store/database.ts';
import { LATEST_VERSION, migrate, migrations } from '../../electron/store/migrations/index.ts';
import { Store } from '../../electron/store/store.ts';
import { V10_FIXTURE } from '../fixtures/make-workspace-v10.ts';

const fixture = fileURLToPath(new URL('../fixtures/workspace-v10.sqlite', import.meta.url));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-migrations-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;
const tmpFile = () => path.join(tmp, `${fileNo++}.enighed`);

const userVersion = (db: Database.Database) => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
/** Every row of every table, for comparing a database before and after a migration. */
function dump(db: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables(db)) out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
  return out;
}
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('migrations', () => {
  it('are numbered in increasing order and end at LATEST_VERSION', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.at(-1)).toBe(LATEST_VERSION);
  });

  it('a new file is created at the latest version, marked as ours', () => {
    const db = openDatabase(tmpFile());
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('0010-initial creates the document tables', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 0 });
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    expect(migrate(db, 10)).toBe(10);
    expect(userVersion(db)).toBe(10);
    expect(tables(db)).toEqual(['agreements', 'doc_snapshots', 'doc_updates', 'docs']);

    db.prepare("INSERT INTO agreements (id, created_at) VALUES ('a1', 'x')").run();
    db.prepare("INSERT INTO docs (id, agreement_id, created_at) VALUES ('a1/structure', 'a1', 'x')").run();
    const append = db.prepare("INSERT INTO doc_updates (doc_id, data) VALUES ('a1/structure', ?)");
    expect(append.run(Buffer.from([1])).lastInsertRowid).toBe(1);
    expect(append.run(Buffer.from([2])).lastInsertRowid).toBe(2);
    // AUTOINCREMENT: a seq is never reused after the newest row is deleted (compaction relies on it).
    db.prepare('DELETE FROM doc_updates').run();
    expect(append.run(Buffer.from([3])).lastInsertRowid).toBe(3);
    // STRICT and foreign keys.
    expect(() => db.prepare("INSERT INTO doc_updates (doc_id, data) VALUES ('a1/structure', 'text')").run()).toThrow(/cannot store TEXT/);
    expect(() => db.prepare("INSERT INTO docs (id, agreement_id, created_at) VALUES ('b/x', 'b', 'x')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('0020-settings-and-log-index keeps the data and adds settings and the log index', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 10 });
    expect(userVersion(db)).toBe(10);
    db.prepare("INSERT INTO agreements (id, created_at) VALUES ('a1', '2024-01-01'), ('a2', '2024-01-02')").run();
    db.prepare("INSERT INTO docs (id, agreement_id, created_at) VALUES ('a1/structure', 'a1', 't'), ('a2/section/s1', 'a2', 't')").run();
    const append = db.prepare('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)');
    for (let i = 0; i < 20; i++) append.run(i % 2 ? 'a1/structure' : 'a2/section/s1', Buffer.from([i, 255 - i]));
    db.prepare("INSERT INTO doc_snapshots (doc_id, data, last_seq) VALUES ('a1/structure', x'0000', 4)").run();
    const before = dump(db);
    const plan = explainLogQuery(db);
    expect(plan).not.toMatch(/doc_updates_by_doc/);
    db.close();

    const migrated = openDatabase(file, { targetVersion: 20 });
    expect(userVersion(migrated)).toBe(20);
    const after = dump(migrated);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'settings'].sort());
    expect(after.settings).toEqual([]);
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t]);

    expect(explainLogQuery(migrated)).toMatch(/USING (COVERING )?INDEX doc_updates_by_doc \(doc_id=\? AND seq>\?\)/);
    // Same plan once the table is big and analysed (as PRAGMA optimize would), with the planner going
    // by real statistics: a workspace of many section documents.
    migrated.transaction(() => {
      const doc = migrated.prepare("INSERT INTO docs (id, agreement_id, created_at) VALUES (?, 'a1', 't')");
      for (let d = 0; d < 50; d++) doc.run(`a1/section/s${d}`);
      const more = migrated.prepare('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)');
      for (let i = 0; i < 5000; i++) more.run(`a1/section/s${i % 50}`, Buffer.alloc(40, i));
    })();
    migrated.exec('ANALYZE');
    expect(explainLogQuery(migrated)).toMatch(/USING (COVERING )?INDEX doc_updates_by_doc/);

    migrated.prepare("INSERT INTO settings (key, value) VALUES ('profile', '{}')").run();
    expect(() => migrated.prepare("INSERT INTO settings (key, value) VALUES ('n', x'00')").run()).toThrow(/cannot store BLOB/);
    migrated.close();
  });

  it('0030-lean-update-log moves the log into doc_log, keeping every seq and byte, and seqs go on from the highest', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 20 });
    db.prepare("INSERT INTO agreements (id, created_at) VALUES ('a1', '2024-01-01')").run();
    db.prepare("INSERT INTO docs (id, agreement_id, created_at) VALUES ('a1/structure', 'a1', 't'), ('a1/section/s1', 'a1', 't')").run();
    const append = db.prepare('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)');
    const ydocs = { 'a1/structure': new Y.Doc(), 'a1/section/s1': new Y.Doc() };
    for (const [id, d] of Object.entries(ydocs)) d.on('update', (u: Uint8Array) => append.run(id, u));
    for (let i = 0; i < 30; i++) ydocs[i % 3 ? 'a1/structure' : 'a1/section/s1'].getArray('n').push([i]);
    // Compaction deleted the first rows; AUTOINCREMENT remembers 30 even if the last rows go too.
    const snapshot = Y.encodeStateAsUpdate(ydocs['a1/section/s1']);
    db.prepare("INSERT INTO doc_snapshots (doc_id, data, last_seq) VALUES ('a1/section/s1', ?, 28)").run(snapshot);
    db.prepare('DELETE FROM doc_updates WHERE seq <= 10 OR seq > 28').run();
    const before = db.prepare('SELECT seq, doc_id, data FROM doc_updates ORDER BY seq').all();
    const other = (d: Database.Database) => ({ docs: d.prepare('SELECT * FROM docs').all(), snaps: d.prepare('SELECT * FROM doc_snapshots').all() });
    const otherBefore = other(db);
    db.close();

    const migrated = openDatabase(file, { targetVersion: 30 });
    expect(userVersion(migrated)).toBe(30);
    expect(tables(migrated)).toContain('doc_log');
    expect(tables(migrated)).not.toContain('doc_updates');
    expect(migrated.prepare('SELECT seq, doc_id, data FROM doc_log ORDER BY seq').all()).toEqual(before);
    expect(other(migrated)).toEqual(otherBefore);
    // An append writes only the table: no secondary index on the log any more.
    expect(migrated.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'doc_log'").all()).toEqual([]);
    migrated.close();

    // The store continues after the highest seq ever recorded (28 in the snapshot), never below it.
    const store = Store.open(file);
    const extra = new Y.Doc();
    extra.getArray('n').push([99]);
    store.appendUpdate('a1/structure', Y.encodeStateAsUpdate(extra));
    store.close();
    const check = openDatabase(file);
    // Closing compacted everything: the snapshot of a1/structure now covers up to seq 29.
    expect(check.prepare("SELECT last_seq AS s FROM doc_snapshots WHERE doc_id = 'a1/structure'").get()).toEqual({ s: 29 });
    check.close();
  });

  it('0040-log-index-and-import-undo indexes the log by document (the plan uses it) and adds the import undo tables', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 30 });
    db.prepare("INSERT INTO agreements (id, created_at) VALUES ('a1', '2024-01-01')").run();
    const doc = db.prepare("INSERT INTO docs (id, agreement_id, created_at) VALUES (?, 'a1', 't')");
    const append = db.prepare('INSERT INTO doc_log (seq, doc_id, data) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let d = 0; d < 200; d++) doc.run(`a1/section/s${d}`);
      for (let i = 1; i <= 4000; i++) append.run(i, `a1/section/s${i % 200}`, Buffer.alloc(20, i));
    })();
    db.exec('ANALYZE');
    const before = dump(db);
    // At 30 every lookup of one document's log walks the whole log (a scan, or the rowid range seq > 0).
    for (const plan of logPlans(db)) expect(plan).toMatch(/SCAN doc_log$|USING INTEGER PRIMARY KEY \(rowid[<>]\?\)$/);
    db.close();

    const migrated = openDatabase(file, { targetVersion: 40 });
    expect(userVersion(migrated)).toBe(40);
    const after = dump(migrated);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'bundle_import_docs', 'bundle_imports'].sort());
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t]);
    // Every statement of the store that looks up one document's log (load, compaction, stats) now
    // searches the index, with the planner's statistics as well as without.
    for (const plan of logPlans(migrated)) expect(plan).toMatch(/SEARCH doc_log USING (COVERING )?INDEX doc_log_by_doc \(doc_id=\?/);
    migrated.exec('ANALYZE');
    for (const plan of logPlans(migrated)) expect(plan).toMatch(/USING (COVERING )?INDEX doc_log_by_doc/);

    // The undo tables: strict, states checked, a document's undo points go with their import.
    migrated
      .prepare(
        "INSERT INTO bundle_imports (agreement_id, agreement_created_at, new_agreement, created_by, bundle_created_at, imported_at, state) VALUES ('a1', 't', 0, 'Anna', 't', 't', 'done')",
      )
      .run();
    migrated.prepare("INSERT INTO bundle_import_docs (import_id, doc_id, before, imported) VALUES (1, 'a1/structure', x'00', x'00')").run();
    expect(() => migrated.prepare("UPDATE bundle_imports SET state = 'halvt'").run()).toThrow(/CHECK constraint/);
    expect(() => migrated.prepare("INSERT INTO bundle_import_docs (import_id, doc_id, before, imported) VALUES (2, 'x', x'00', x'00')").run()).toThrow(/FOREIGN KEY/);
    migrated.prepare('DELETE FROM bundle_imports').run();
    expect(migrated.prepare('SELECT count(*) AS n FROM bundle_import_docs').get()).toEqual({ n: 0 });
    migrated.close();
  });

  it('0050-membership keeps the data and adds devices, invitations (each redeemed once) and update authors', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 40 });
    db.prepare("INSERT INTO agreements (id, created_at) VALUES ('a1', '2024-01-01')").run();
    db.prepare("INSERT INTO docs (id, agreement_id, created_at) VALUES ('a1/structure', 'a1', 't')").run();
    db.prepare("INSERT INTO doc_log (seq, doc_id, data) VALUES (1, 'a1/structure', x'0102')").run();
    const before = dump(db);
    db.close();

    const migrated = openDatabase(file, { targetVersion: 50 });
    expect(userVersion(migrated)).toBe(50);
    const after = dump(migrated);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'bootstrap_invitations', 'devices', 'redeemed_invitations', 'update_authors'].sort());
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t]);

    const device = migrated.prepare(
      "INSERT INTO devices (agreement_id, participant_id, device_key, token_sha256, created_at) VALUES (?, 'p1', 'k', ?, 't')",
    );
    const id = device.run('a1', 'a'.repeat(64)).lastInsertRowid;
    device.run(null, 'b'.repeat(64)); // a server-level secretariat account has no agreement
    // One token, one device; one invitation, one redemption; a redemption names a real device.
    expect(() => device.run('a1', 'a'.repeat(64))).toThrow(/UNIQUE/);
    const redeem = migrated.prepare("INSERT INTO redeemed_invitations (invite_key, redeemed_at, device_id) VALUES ('inv', 't', ?)");
    redeem.run(id);
    expect(() => redeem.run(id)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => migrated.prepare("INSERT INTO redeemed_invitations (invite_key, redeemed_at, device_id) VALUES ('x', 't', 99)").run()).toThrow(/FOREIGN KEY/);
    expect(() =>
      migrated.prepare("INSERT INTO update_authors (seq, doc_id, agreement_id, at, bytes) VALUES (1, 'a1/structure', 'a1', 't', 'many')").run(),
    ).toThrow(/cannot store TEXT/);
    migrated.close();
  });

  it('0060-verified-signatures keeps the data and adds a table of digests, one row each', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 50 });
    db.prepare("INSERT INTO settings (key, value) VALUES ('profile', '{}')").run();
    const before = dump(db);
    db.close();
    const migrated = openDatabase(file, { targetVersion: 60 });
    expect(userVersion(migrated)).toBe(60);
    const after = dump(migrated);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'verified_signatures'].sort());
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t]);
    const insert = migrated.prepare('INSERT INTO verified_signatures (digest) VALUES (?)');
    insert.run('d1');
    expect(() => insert.run('d1')).toThrow(/UNIQUE|PRIMARY KEY/);
    migrated.close();
  });

  it('0070-away-changes keeps the data and adds the unseen changes, merge bases and concurrent flags', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 60 });
    db.prepare("INSERT INTO settings (key, value) VALUES ('profile', '{}')").run();
    db.prepare("INSERT INTO verified_signatures (digest) VALUES ('d1')").run();
    const before = dump(db);
    db.close();
    const migrated = openDatabase(file, { targetVersion: 70 });
    expect(userVersion(migrated)).toBe(70);
    const after = dump(migrated);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'concurrent_edits', 'merge_bases', 'unseen_changes'].sort());
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t]);
    const unseen = migrated.prepare("INSERT INTO unseen_changes (person, doc_id, clause_id, seen_text, by_json, changed_at) VALUES ('region:Søren', 'a1/section/s1', ?, 'tre døgn', NULL, 't')");
    unseen.run('k1');
    expect(() => unseen.run('k1')).toThrow(/UNIQUE|PRIMARY KEY/);
    // The lookups by person and document and by document use the primary keys.
    const plan = (sql: string) => JSON.stringify(migrated.prepare(`EXPLAIN QUERY PLAN ${sql}`).all());
    expect(plan("SELECT * FROM unseen_changes WHERE person = 'p' AND doc_id = 'd'")).toMatch(/SEARCH \w+ USING INDEX sqlite_autoindex_\w+ \(/);
    expect(plan("SELECT * FROM concurrent_edits WHERE doc_id = 'd'")).toMatch(/SEARCH \w+ USING INDEX sqlite_autoindex_\w+ \(/);
    migrated.prepare("INSERT INTO merge_bases (doc_id, state, created_at) VALUES ('a1/section/s1', ?, 't')").run(Buffer.from([0, 0]));
    expect(() => migrated.prepare("INSERT INTO merge_bases (doc_id, state, created_at) VALUES ('x', 'text', 't')").run()).toThrow(/cannot store TEXT/);
    expect(() =>
      migrated.prepare("INSERT INTO concurrent_edits (doc_id, clause_id, common_text, ours_text, theirs_text, ours_json, theirs_json, detected_at) VALUES ('d', 'k', 'a', 'b', 'c', '{}', NULL, 't')").run(),
    ).toThrow(/NOT NULL/);
    migrated.close();
  });

  it('applies several pending migrations in one step', () => {
    const file = tmpFile();
    openDatabase(file, { targetVersion: 0 }).close();
    const db = openDatabase(file);
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toContain('settings');
    db.close();
  });

  it('a migration that fails leaves the file at its old version', () => {
    const file = tmpFile();
    const db = openDatabase(file, { targetVersion: 10 });
    // Make 0020 fail half-way: its CREATE TABLE settings succeeds, its CREATE INDEX does not.
    db.exec('CREATE TABLE doc_updates_by_doc (x INTEGER) STRICT');
    expect(() => migrate(db, 20)).toThrow(/already a table named doc_updates_by_doc/);
    expect(userVersion(db)).toBe(10);
    expect(tables(db)).not.toContain('settings');
    db.close();
  });
});

function explainLogQuery(db: Database.Database): string {
  const rows = db
    .prepare('EXPLAIN QUERY PLAN SELECT seq, data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq')
    .all('a1/structure', 0) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

/** The query plans of the store's statements that look up one document's log (store.ts). */
function logPlans(db: Database.Database): string[] {
  const statements = [
    ['SELECT seq, data FROM doc_log WHERE doc_id = ? AND seq > ? ORDER BY seq', 'a1/section/s7', 0],
    ['SELECT count(*) AS count, coalesce(sum(length(data)), 0) AS bytes FROM doc_log WHERE doc_id = ?', 'a1/section/s7'],
    ['DELETE FROM doc_log WHERE doc_id = ? AND seq <= ?', 'a1/section/s7', 100],
  ] as const;
  return statements.map(([sql, ...args]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n'),
  );
}

describe('an old workspace file', () => {
  it('the committed fixture is at schema version 10', () => {
    // Read from the header (offset 60) rather than opening it, so the fixture is never touched.
    expect(fs.readFileSync(fixture).readUInt32BE(60)).toBe(10);
    expect(fs.existsSync(`${fixture}-wal`)).toBe(false);
  });

  it('opens with Store.open, is upgraded to the latest version and keeps its document', () => {
    const before = sha256(fixture);
    const file = tmpFile();
    fs.copyFileSync(fixture, file);
    const store = Store.open(file);
    expect(userVersion(store.db)).toBe(LATEST_VERSION);
    expect(store.integrityCheck()).toBe('ok');
    expect(store.agreementIds()).toEqual([V10_FIXTURE.agreementId]);

    const stored = store.loadDoc(V10_FIXTURE.docId);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates.length).toBeGreaterThan(0);
    const doc = store.loadYDoc(V10_FIXTURE.docId);
    const paragraphs = doc
      .getXmlFragment('prosemirror')
      .toArray()
      .map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText).toString());
    expect(paragraphs).toEqual(V10_FIXTURE.paragraphs);
    expect(doc.getMap('meta').get('title')).toBe('Udskrivelse');

    // The upgraded file works: new updates, compaction, settings.
    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(doc));
    edit.on('update', (u: Uint8Array) => store.appendUpdate(V10_FIXTURE.docId, u));
    edit.getMap('meta').set('title', 'Udskrivelse og opfølgning');
    expect(store.compact(V10_FIXTURE.docId)?.foldedUpdates).toBe(stored.updates.length + 1);
    store.setSetting('profile', { name: 'Test' });
    store.close();

    const reopened = Store.open(file);
    expect(reopened.loadYDoc(V10_FIXTURE.docId).getMap('meta').get('title')).toBe('Udskrivelse og opfølgning');
    expect(reopened.getSetting('profile')).toEqual({ name: 'Test' });
    reopened.close();
    expect(sha256(fixture)).toBe(before);
  });

  it('a file from a newer version is refused with a clear message and left unchanged', () => {
    const file = tmpFile();
    const db = openDatabase(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const before = sha256(file);
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkspaceOpenError);
    expect((caught as Error).message).toMatch(/er gemt af en nyere version af Enighed/);
    expect((caught as Error).message).toContain(`skemaversion ${LATEST_VERSION + 1}`);
    expect((caught as Error).message).toMatch(/Filen er ikke ændret/);
    expect(sha256(file)).toBe(before);
    expect(() => Store.open(file)).toThrow(WorkspaceOpenError);
  });
});
