// The Store against real SQLite files: documents survive a round trip through snapshot + log, and a
// file that is not a usable workspace is refused with a Danish message without being changed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as prng from 'lib0/prng';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { APPLICATION_ID, WorkspaceOpenError } from '../../electron/store/database.ts';
import { LATEST_VERSION } from '../../electron/store/migrations/index.ts';
import { Store } from '../../electron/store/store.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;
const tmpFile = (name: string) => path.join(tmp, `${fileNo++}-${name}`);

/** Runs `fn` with a generator from ENIGHED_TEST_SEED or a fresh seed; the seed is named on failure. */
function withSeed(fn: (gen: prng.PRNG) => void): () => void {
  return () => {
    const seed = Number(process.env.ENIGHED_TEST_SEED ?? crypto.randomInt(2 ** 31));
    try {
      fn(prng.create(seed));
    } catch (error) {
      if (error instanceof Error) error.message += `\n(seed ${seed}; rerun with ENIGHED_TEST_SEED=${seed})`;
      throw error;
    }
  };
}

/** One random edit of a document that uses the shared types a section and the structure use. */
function randomEdit(gen: prng.PRNG, doc: Y.Doc): void {
  const text = doc.getText('text');
  const list = doc.getArray<number>('list');
  const map = doc.getMap<string>('map');
  const fragment = doc.getXmlFragment('prosemirror');
  doc.transact(() => {
    switch (prng.int32(gen, 0, 5)) {
      case 0:
        text.insert(prng.int32(gen, 0, text.length), prng.utf16String(gen, 12));
        break;
      case 1:
        if (text.length > 0) {
          const at = prng.int32(gen, 0, text.length - 1);
          text.delete(at, prng.int32(gen, 1, Math.min(8, text.length - at)));
        }
        break;
      case 2:
        list.insert(prng.int32(gen, 0, list.length), [prng.int32(gen, 0, 1_000_000)]);
        if (list.length > 30 && prng.bool(gen)) list.delete(prng.int32(gen, 0, list.length - 1));
        break;
      case 3:
        map.set(prng.word(gen, 1, 3), prng.word(gen));
        break;
      case 4: {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(prng.word(gen, 1, 30))]);
        fragment.insert(prng.int32(gen, 0, fragment.length), [paragraph]);
        break;
      }
      default:
        if (fragment.length > 0) fragment.delete(prng.int32(gen, 0, fragment.length - 1));
    }
  });
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function expectSameDoc(actual: Y.Doc, expected: Y.Doc): void {
  expect(actual.getText('text').toString()).toBe(expected.getText('text').toString());
  expect(actual.getArray('list').toJSON()).toEqual(expected.getArray('list').toJSON());
  expect(actual.getMap('map').toJSON()).toEqual(expected.getMap('map').toJSON());
  expect(actual.getXmlFragment('prosemirror').toString()).toBe(expected.getXmlFragment('prosemirror').toString());
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
  expect(Y.encodeStateAsUpdate(actual)).toEqual(Y.encodeStateAsUpdate(expected));
}

describe('Store: documents', () => {
  it(
    'reloads random edits exactly, before and after compaction',
    withSeed((gen) => {
      const file = tmpFile('roundtrip.enighed');
      const store = Store.open(file);
      store.insertAgreement('a1', '2025-01-01T00:00:00.000Z');
      const docId = 'a1/section/s1';
      const doc = new Y.Doc();
      // A second author whose edits reach this document, so the log holds several clients.
      const peer = new Y.Doc();
      doc.on('update', (update: Uint8Array) => store.appendUpdate(docId, update));
      const edit = (n: number) => {
        for (let i = 0; i < n; i++) {
          if (prng.int32(gen, 0, 4) === 0) {
            Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer)));
            randomEdit(gen, peer);
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
          } else {
            randomEdit(gen, doc);
          }
        }
      };

      edit(300);
      expect(store.logStats(docId).count).toBeGreaterThan(250);
      expectSameDoc(store.loadYDoc(docId), doc);

      const result = store.compact(docId);
      expect(result?.foldedUpdates).toBeGreaterThan(250);
      expect(store.logStats(docId)).toEqual({ count: 0, bytes: 0 });
      expectSameDoc(store.loadYDoc(docId), doc);

      edit(200);
      expect(store.loadDoc(docId).snapshot).not.toBeNull();
      expectSameDoc(store.loadYDoc(docId), doc);
      store.close();

      // A fresh connection sees the same; close() compacted what was left.
      const reopened = Store.open(file);
      expect(reopened.logStats(docId).count).toBe(0);
      expectSameDoc(reopened.loadYDoc(docId), doc);
      expect(reopened.integrityCheck()).toBe('ok');
      reopened.close();
    }),
  );

  it('keeps documents apart', () => {
    const store = Store.open(tmpFile('apart.enighed'));
    store.insertAgreement('a1', '2025-01-01T00:00:00.000Z');
    store.insertAgreement('a2', '2025-01-02T00:00:00.000Z');
    const docs = ['a1/structure', 'a1/section/s1', 'a2/section/s1'];
    for (const [i, id] of docs.entries()) {
      const doc = new Y.Doc();
      doc.on('update', (u: Uint8Array) => store.appendUpdate(id, u));
      doc.getText('text').insert(0, `dokument ${i}`);
    }
    store.compact('a1/section/s1');
    for (const [i, id] of docs.entries()) expect(store.loadYDoc(id).getText('text').toString()).toBe(`dokument ${i}`);
    expect(store.agreementIds()).toEqual(['a1', 'a2']);
    store.close();
  });

  it('returns null from compact when there is nothing to fold', () => {
    const store = Store.open(tmpFile('nothing.enighed'));
    store.insertAgreement('a1', '2025-01-01T00:00:00.000Z');
    expect(store.compact('a1/section/none')).toBeNull();
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => store.appendUpdate('a1/section/s1', u));
    doc.getText('text').insert(0, 'hej');
    expect(store.compact('a1/section/s1')).toMatchObject({ foldedUpdates: 1 });
    expect(store.compact('a1/section/s1')).toBeNull();
    expect(store.compactAll()).toBe(0);
    store.close();
  });

  // Known bug in store.ts: agreementOfDoc() of an id without '/' drops its last character (indexOf
  // gives -1, slice(0, -1)), so 'abc' is silently filed under agreement 'ab' when that exists.
  // Change to `it` when agreementOfDoc throws for an id without an agreement prefix.
  it('refuses a document id without an agreement prefix', () => {
    const store = Store.open(tmpFile('prefix.enighed'));
    try {
      store.insertAgreement('ab', '2025-01-01T00:00:00.000Z');
      expect(() => store.appendUpdate('abc', Y.encodeStateAsUpdate(new Y.Doc()))).toThrow();
    } finally {
      store.close();
    }
  });

  it('refuses an update for an agreement that does not exist', () => {
    const store = Store.open(tmpFile('fk.enighed'));
    expect(() => store.appendUpdate('nope/section/s1', new Uint8Array([0, 0]))).toThrow(/FOREIGN KEY/);
    store.close();
  });
});

describe('Store: settings', () => {
  it('round-trips JSON values across a reopen', () => {
    const file = tmpFile('settings.enighed');
    const store = Store.open(file);
    const profile = { name: 'Åse Ærø', organisation: 'Region Midtjylland', colours: ['#c00', '#0c0'], n: 3 };
    expect(store.getSetting('profile')).toBeUndefined();
    store.setSetting('profile', profile);
    store.setSetting('flag', false);
    store.setSetting('nothing', null);
    store.setSetting('flag', true);
    store.close();
    const reopened = Store.open(file);
    expect(reopened.getSetting('profile')).toEqual(profile);
    expect(reopened.getSetting('flag')).toBe(true);
    expect(reopened.getSetting('nothing')).toBeNull();
    expect(reopened.getSetting('missing')).toBeUndefined();
    reopened.close();
  });
});

describe('Store.open: files that are not a usable workspace', () => {
  /** A real workspace with enough data to span many pages, checkpointed into the main file. */
  function makeWorkspace(name: string): string {
    const file = tmpFile(name);
    const store = Store.open(file);
    store.insertAgreement('a1', '2025-01-01T00:00:00.000Z');
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => store.appendUpdate('a1/section/s1', u));
    for (let i = 0; i < 400; i++) doc.getText('text').insert(0, `Afsnit ${i}: `.padEnd(600, 'x'));
    store.db.close(); // without compacting: the log stays, the WAL is checkpointed by the last close
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    return file;
  }

  function expectRefused(file: string, danish: RegExp): WorkspaceOpenError {
    const before = sha256(file);
    const size = fs.statSync(file).size;
    let caught: unknown;
    try {
      Store.open(file).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkspaceOpenError);
    const error = caught as WorkspaceOpenError;
    expect(error.message).toMatch(danish);
    expect(error.message).toMatch(/ikke|beskadiget|nyere/);
    expect(error.path).toBe(file);
    expect(fs.statSync(file).size).toBe(size);
    expect(sha256(file)).toBe(before);
    return error;
  }

  it(
    'refuses a file of random bytes',
    withSeed((gen) => {
      const file = tmpFile('random.enighed');
      fs.writeFileSync(file, prng.uint8Array(gen, 64 * 1024));
      expectRefused(file, /ikke et Enighed-arbejdsområde/);
    }),
  );

  it('refuses a text file', () => {
    const file = tmpFile('notes.enighed');
    fs.writeFileSync(file, 'Mødereferat\n\nDagsorden: sundhedsaftalen 2024-2027\n'.repeat(50));
    expectRefused(file, /ikke et Enighed-arbejdsområde/);
  });

  it('refuses an empty file', () => {
    const file = tmpFile('empty.enighed');
    fs.writeFileSync(file, '');
    expectRefused(file, /tomt \(0 byte\)/);
  });

  it('refuses a file that is only the start of a SQLite header', () => {
    const file = tmpFile('short.enighed');
    fs.writeFileSync(file, 'SQLite for');
    expectRefused(file, /beskadiget/);
  });

  it('refuses a truncated workspace', () => {
    const file = makeWorkspace('truncated.enighed');
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(100 * 1024);
    fs.truncateSync(file, Math.floor(size / 2));
    expectRefused(file, /beskadiget/);
  });

  it('refuses a workspace with a damaged page', () => {
    const file = makeWorkspace('damaged.enighed');
    const bytes = fs.readFileSync(file);
    // Overwrite the second page (the first table's root) with garbage; the header stays intact.
    bytes.fill(0xa5, 4096, 8192);
    fs.writeFileSync(file, bytes);
    expectRefused(file, /beskadiget/);
  });

  it('refuses the SQLite database of another application', () => {
    const file = tmpFile('other-app.sqlite');
    const db = new Database(file);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');");
    db.close();
    expectRefused(file, /SQLite-database, men ikke et Enighed-arbejdsområde/);
  });

  // Known bug in database.ts: an empty database whose application_id is another program's is taken
  // over (its application_id overwritten, our schema created) because only files with tables or a
  // user_version are refused. Change to `it` when openDatabase refuses any foreign application_id.
  it('refuses an empty SQLite database that another application has marked as its own', () => {
    const file = tmpFile('other-app-id.sqlite');
    const db = new Database(file);
    db.pragma('application_id = 1234');
    db.close();
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expectRefused(file, /ikke et Enighed-arbejdsområde/);
  });

  it('refuses a workspace from a newer version of Enighed', () => {
    const file = makeWorkspace('newer.enighed');
    const db = new Database(file);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.pragma(`user_version = ${LATEST_VERSION + 10}`);
    db.close();
    const error = expectRefused(file, /nyere version af Enighed/);
    expect(error.message).toContain(`skemaversion ${LATEST_VERSION + 10}`);
  });

  // Known bug in database.ts: `journal_mode = WAL` is set before migrate() looks at user_version, so
  // a newer file in rollback-journal mode is switched to WAL (header bytes 18-19 and the change
  // counter change) before it is refused. Change to `it` when the version is checked first.
  it('refuses a newer workspace that is not in WAL mode without changing it', () => {
    // A copy made by a backup tool or an older SQLite may be in rollback-journal mode.
    const file = makeWorkspace('newer-rollback.enighed');
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${LATEST_VERSION + 10}`);
    db.close();
    expectRefused(file, /nyere version af Enighed/);
  });

  // Known bug in database.ts: checkHeader()'s readSync throws a raw EISDIR error for a directory
  // instead of a WorkspaceOpenError. Change to `it` when checkHeader wraps read errors.
  it('refuses a directory', () => {
    const dir = tmpFile('folder.enighed');
    fs.mkdirSync(dir);
    expect(() => Store.open(dir)).toThrow(WorkspaceOpenError);
  });

  it('refuses a missing file when asked not to create one', () => {
    const file = tmpFile('missing.enighed');
    expect(() => Store.open(file, { create: false })).toThrow(WorkspaceOpenError);
    expect(() => Store.open(file, { create: false })).toThrow(/findes ikke/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
