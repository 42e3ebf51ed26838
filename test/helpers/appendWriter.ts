// Child process for store-compaction-race.test.ts: a second program using the same workspace file.
// Started with fork() and `--import tsx`; talks to the parent over the IPC channel.
//
//   appendWriter.ts <file> append <docId> <first> <count>
//     appends <count> updates, each pushing one of the integers first … first+count-1 onto the
//     Y.Array "numbers", then sends {type: 'done', written}.
//   appendWriter.ts <file> compact <docId>
//     sends {type: 'ready'}, compacts in a loop until it receives 'stop', then sends
//     {type: 'done', compactions, folded}.
import * as Y from 'yjs';
import { Store } from '../../electron/store/store.ts';

export type WriterMessage =
  | { type: 'ready' }
  | { type: 'done'; written: number }
  | { type: 'done'; compactions: number; folded: number };

const [file, mode, docId, first, count] = process.argv.slice(2);

function send(message: WriterMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function append(store: Store): Promise<void> {
  const doc = new Y.Doc();
  const numbers = doc.getArray<number>('numbers');
  let pending: Uint8Array | null = null;
  doc.on('update', (update: Uint8Array) => {
    pending = update;
  });
  const start = Number(first);
  const n = Number(count);
  for (let i = 0; i < n; i++) {
    numbers.push([start + i]);
    store.appendUpdate(docId, pending!);
    // Let the other processes in between now and then, as an editing session would.
    if (i % 16 === 15) await yieldToEventLoop();
  }
  await send({ type: 'done', written: n });
}

async function compactLoop(store: Store): Promise<void> {
  let stop = false;
  process.on('message', (message) => {
    if (message === 'stop') stop = true;
  });
  await send({ type: 'ready' });
  let compactions = 0;
  let folded = 0;
  while (!stop) {
    const result = store.compact(docId);
    if (result) {
      compactions++;
      folded += result.foldedUpdates;
    }
    await yieldToEventLoop();
  }
  await send({ type: 'done', compactions, folded });
}

const store = Store.open(file, { create: false });
try {
  if (mode === 'append') await append(store);
  else if (mode === 'compact') await compactLoop(store);
  else throw new Error(`unknown mode ${mode}`);
} finally {
  // Not store.close(): that compacts, and each process here should play only its own part.
  store.db.close();
}
process.disconnect();
