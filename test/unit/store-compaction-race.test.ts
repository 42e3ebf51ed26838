// Compaction racing with writes from other processes and with other compactors loses no update.
// Every update pushes one unique integer onto a Y.Array; afterwards the stored document must hold
// exactly the integers written, each once.
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prng from 'lib0/prng';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Store } from '../../electron/store/store.ts';
import type { WriterMessage } from '../helpers/appendWriter.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const writerScript = fileURLToPath(new URL('../helpers/appendWriter.ts', import.meta.url));
const DOC = 'a1/section/s1';
const PER_WRITER = 3000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-race-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;

function newWorkspace(): string {
  const file = path.join(tmp, `${fileNo++}.enighed`);
  const store = Store.open(file);
  store.insertAgreement('a1', '2025-01-01T00:00:00.000Z');
  store.close();
  return file;
}

/** A child process running appendWriter.ts, with its messages as promises. */
class Child {
  readonly proc: ChildProcess;
  private readonly messages: WriterMessage[] = [];
  private waiting: ((m: WriterMessage) => void) | null = null;
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.proc = fork(writerScript, args, {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.proc.on('message', (m) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(m as WriterMessage);
      } else this.messages.push(m as WriterMessage);
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  next(): Promise<WriterMessage> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      void this.exited.then((code) => reject(new Error(`child exited (${code}) before sending a message`)));
    });
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The integers in the stored document; fails on a duplicate. */
function storedNumbers(file: string): number[] {
  const store = Store.open(file);
  try {
    expect(store.integrityCheck()).toBe('ok');
    const numbers = store.loadYDoc(DOC).getArray<number>('numbers').toArray();
    expect(new Set(numbers).size).toBe(numbers.length);
    return numbers.sort((a, b) => a - b);
  } finally {
    store.db.close();
  }
}

const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

describe('compaction racing with writes', () => {
  it('a writer in another process loses nothing while this process compacts in a loop', async () => {
    const file = newWorkspace();
    const store = Store.open(file);
    const writer = new Child([file, 'append', DOC, '0', String(PER_WRITER)]);
    let done = false;
    const finished = writer.next().then((m) => {
      done = true;
      return m;
    });
    let compactions = 0;
    while (!done) {
      if (store.compact(DOC)) compactions++;
      await yieldToEventLoop();
    }
    expect(await finished).toEqual({ type: 'done', written: PER_WRITER });
    expect(await writer.exited).toBe(0);
    store.db.close();

    // The race must actually have happened for the test to mean anything.
    expect(compactions).toBeGreaterThan(2);
    expect(storedNumbers(file)).toEqual(range(0, PER_WRITER));
  });

  it('this process loses nothing while a compactor in another process runs in a loop', async () => {
    const file = newWorkspace();
    const compactor = new Child([file, 'compact', DOC]);
    expect(await compactor.next()).toEqual({ type: 'ready' });

    const store = Store.open(file);
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => store.appendUpdate(DOC, u));
    for (let i = 0; i < PER_WRITER; i++) {
      doc.getArray<number>('numbers').push([i]);
      if (i % 16 === 15) await yieldToEventLoop();
    }
    compactor.proc.send('stop');
    const report = await compactor.next();
    expect(await compactor.exited).toBe(0);
    expect(report).toMatchObject({ type: 'done' });
    expect((report as { compactions: number }).compactions).toBeGreaterThan(2);
    expect(store.loadYDoc(DOC).getArray('numbers').length).toBe(PER_WRITER);
    store.db.close();

    expect(storedNumbers(file)).toEqual(range(0, PER_WRITER));
  });

  it('two writers and two compactors in four processes lose nothing', async () => {
    const file = newWorkspace();
    const compactor = new Child([file, 'compact', DOC]);
    expect(await compactor.next()).toEqual({ type: 'ready' });
    const writers = [
      new Child([file, 'append', DOC, '0', String(PER_WRITER)]),
      new Child([file, 'append', DOC, String(PER_WRITER), String(PER_WRITER)]),
    ];
    const store = Store.open(file);
    let running = writers.length;
    const finished = Promise.all(
      writers.map((w) =>
        w.next().then((m) => {
          running--;
          return m;
        }),
      ),
    );
    let compactions = 0;
    while (running > 0) {
      if (store.compact(DOC)) compactions++;
      await yieldToEventLoop();
    }
    expect(await finished).toEqual([
      { type: 'done', written: PER_WRITER },
      { type: 'done', written: PER_WRITER },
    ]);
    compactor.proc.send('stop');
    const report = (await compactor.next()) as { compactions: number };
    expect(await Promise.all([compactor.exited, ...writers.map((w) => w.exited)])).toEqual([0, 0, 0]);
    store.db.close();

    expect(compactions + report.compactions).toBeGreaterThan(2);
    expect(storedNumbers(file)).toEqual(range(0, 2 * PER_WRITER));
  });
});

describe('two compactors in one process', () => {
  // compact() is synchronous, so nothing in this process can run between its read and its write;
  // what can happen is two Store instances on one file taking turns in any order.
  it('never lose data, whichever instance writes or compacts', () => {
    const seed = Number(process.env.ENIGHED_TEST_SEED ?? crypto.randomInt(2 ** 31));
    try {
      const gen = prng.create(seed);
      const file = newWorkspace();
      const stores = [Store.open(file), Store.open(file)];
      const docs = [new Y.Doc(), new Y.Doc()];
      const written: number[] = [];
      let pending: Uint8Array | null = null;
      for (const doc of docs) doc.on('update', (u: Uint8Array) => (pending = u));
      for (let step = 0; step < 2000; step++) {
        const who = prng.int32(gen, 0, 1);
        if (prng.int32(gen, 0, 9) < 7) {
          docs[who].getArray<number>('numbers').push([step]);
          stores[who].appendUpdate(DOC, pending!);
          written.push(step);
        } else {
          stores[who].compact(DOC);
        }
        if (step % 250 === 0) {
          for (const store of stores) expect(store.loadYDoc(DOC).getArray('numbers').length).toBe(written.length);
        }
      }
      for (const store of stores) store.db.close();
      expect(storedNumbers(file)).toEqual(written);
    } catch (error) {
      if (error instanceof Error) error.message += `\n(seed ${seed}; rerun with ENIGHED_TEST_SEED=${seed})`;
      throw error;
    }
  });
});
