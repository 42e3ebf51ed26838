// Child process for crash.test.ts: edits a workspace until it is killed with SIGKILL.
//
//   node --import tsx crashChild.ts <file> <first> <seed>
//
// Opens the store, loads the documents, then forever: records the next integer (first, first+1, …)
// in one of the documents (mostly a1/section/s1; crashNumbers.ts says how, as content the document
// check accepts), appends the update with
// store.appendUpdate and, once that has returned, writes `ack <n>\n` to stdout. Now and then it
// compacts a document or all of them, so that kills also land in compaction and checkpoints.
// The agreement a1 must exist. All choices come from the seed.
import * as prng from 'lib0/prng';
import { Store } from '../../electron/store/store.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { firstParagraphText } from './docContent.ts';
import { recordNumber } from './crashNumbers.ts';

const CRASH_DOCS = ['a1/section/s1', 'a1/section/s2', 'a1/structure'] as const;

const [file, firstArg, seedArg] = process.argv.slice(2);
const gen = prng.create(Number(seedArg));
const store = Store.open(file, { create: false });

const docs = CRASH_DOCS.map((id) => {
  const doc = store.loadYDoc(id);
  let pending: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => (pending = u));
  return {
    id,
    doc,
    /** Runs one edit and returns the update it made. */
    edit(f: () => void): Uint8Array {
      pending = null;
      doc.transact(f);
      return pending!;
    },
  };
});

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

for (let n = Number(firstArg); ; n++) {
  const roll = prng.int32(gen, 0, 9);
  const target = docs[roll < 6 ? 0 : roll < 8 ? 1 : 2];
  const update = target.edit(() => {
    recordNumber(target.id, target.doc, n);
    // Some text too, so the documents and the compactions have some weight.
    if (prng.bool(gen)) {
      if (target.id.endsWith('/structure')) {
        target.doc.getMap(STRUCTURE_KEYS.meta).set('title', `Aftale ${prng.word(gen, 1, 40)}`);
      } else {
        const text = firstParagraphText(target.doc);
        text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 40));
        if (text.length > 2000) text.delete(0, prng.int32(gen, 1, 200));
      }
    }
  });
  store.appendUpdate(target.id, update);
  process.stdout.write(`ack ${n}\n`);

  const chance = prng.int32(gen, 0, 99);
  if (chance < 3) store.compact(target.id);
  else if (chance < 4) store.compactAll();
  // Let stdout drain to the parent.
  if (n % 4 === 0) await yieldToEventLoop();
}
