// Compaction racing with writes loses no update. The workspace is locked to one connection, so the
// race is between the phases of a compaction — read, fold (here on a worker thread, truly
// concurrent), commit — and the appends that land in between. Every update pushes one unique
// integer onto a Y.Array; afterwards the stored document must hold exactly the integers written.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as prng from 'lib0/prng';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FoldThread } from '../../electron/store/foldThread.ts';
import { Store, foldUpdates, type CompactionPlan } from '../../electron/store/store.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';

const DOC = 'a1/section/s1';
const dir = tempDir('enighed-race-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const seed = Number(process.env.ENIGHED_TEST_SEED ?? Date.now() % 1_000_000);

function newStore(): { store: Store; file: string } {
  const file = path.join(dir, `${fileNo++}.sqlite`);
  const store = Store.open(file);
  store.insertAgreement('a1', '2026-01-01T00:00:00.000Z');
  return { store, file };
}

/** A writer whose every update pushes the next integer. */
function writer(store: Store) {
  const doc = new Y.Doc();
  let next = 0;
  doc.on('update', (u: Uint8Array) => store.appendUpdate(DOC, u));
  return {
    write(n = 1) {
      for (let i = 0; i < n; i++) doc.getArray<number>('numbers').push([next++]);
    },
    get written() {
      return next;
    },
  };
}

function storedNumbers(store: Store): number[] {
  return store.loadYDoc(DOC).getArray<number>('numbers').toArray().sort((a, b) => a - b);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// Folds on the fold thread the app's service uses (electron/store/foldThread.ts).
const foldThread = new FoldThread();
afterAll(() => foldThread.close());

describe('compaction racing with writes', () => {
  it('keeps every update appended while a fold runs on another thread', async () => {
    const { store } = newStore();
    const w = writer(store);
    w.write(500);
    for (let round = 0; round < 10; round++) {
      const plan = store.prepareCompaction(DOC)!;
      const folding = foldThread.fold(plan.parts);
      // Keep appending on this thread while the worker folds.
      let appended = 0;
      let done = false;
      void folding.then(() => (done = true));
      while (!done) {
        w.write(5);
        appended += 5;
        await new Promise((r) => setImmediate(r));
      }
      expect(store.commitCompaction(plan, await folding)).toBe(true);
      expect(appended).toBeGreaterThan(0);
      expect(storedNumbers(store)).toEqual(range(w.written));
    }
    store.close();
  });

  it(`survives random interleavings of appends, prepares, folds, commits and reopens (seed ${seed})`, () => {
    const gen = prng.create(seed);
    const { store: first, file } = newStore();
    let store = first;
    const doc = new Y.Doc();
    let next = 0;
    // Bound to the variable, so after a reopen the same document writes to the new connection.
    doc.on('update', (u: Uint8Array) => store.appendUpdate(DOC, u));
    const plans: CompactionPlan[] = [];
    for (let step = 0; step < 400; step++) {
      const roll = prng.int32(gen, 0, 99);
      if (roll < 55) {
        for (let n = prng.int32(gen, 1, 20); n > 0; n--) doc.getArray<number>('numbers').push([next++]);
      } else if (roll < 70) {
        const plan = store.prepareCompaction(DOC);
        if (plan) plans.push(plan);
      } else if (roll < 92) {
        if (plans.length === 0) continue;
        const plan = plans.splice(prng.int32(gen, 0, plans.length - 1), 1)[0];
        store.commitCompaction(plan, foldUpdates(plan.parts));
      } else {
        // Close and reopen; plans read before may still try to commit afterwards.
        store.close();
        store = Store.open(file);
      }
      expect(storedNumbers(store), `seed ${seed}, step ${step}`).toEqual(range(next));
    }
    for (const plan of plans) store.commitCompaction(plan, foldUpdates(plan.parts));
    expect(storedNumbers(store), `seed ${seed}`).toEqual(range(next));
    store.close();
  });

  it('gives up a compaction when another one committed first, losing nothing', () => {
    const { store } = newStore();
    const w = writer(store);
    w.write(100);
    const first = store.prepareCompaction(DOC)!;
    w.write(50);
    const second = store.prepareCompaction(DOC)!;
    w.write(25);
    expect(store.commitCompaction(second, foldUpdates(second.parts))).toBe(true);
    expect(store.commitCompaction(first, foldUpdates(first.parts))).toBe(false);
    expect(storedNumbers(store)).toEqual(range(175));
    expect(store.logStats(DOC).count).toBe(25);
    store.close();
  });

  it('never reuses a seq after compaction emptied the log, across reopening', () => {
    const { store: first, file } = newStore();
    let store = first;
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => store.appendUpdate(DOC, u));
    const numbers = doc.getArray<number>('numbers');
    numbers.push(range(10));
    store.compact(DOC);
    expect(store.logStats(DOC).count).toBe(0);
    store.close();
    store = Store.open(file);
    numbers.push([10, 11, 12]);
    // Had seqs restarted at 1, these rows would count as already folded and vanish on load.
    expect(storedNumbers(store)).toEqual(range(13));
    store.close();
  });

  it('refuses a second program while the workspace is open, and lets it in after close', () => {
    const { store, file } = newStore();
    const check = () =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/cli/workspace.ts'), 'check', file], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
    const busy = check();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(/i brug af et andet program/);
    store.close();
    expect(check().status).toBe(0);
  });
});
