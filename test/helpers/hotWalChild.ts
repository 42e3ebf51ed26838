// Child process for store-open-untouched.test.ts: leaves a workspace with a hot WAL.
//
//   node --import tsx hotWalChild.ts <file> <pragma>
//
// Creates the workspace, appends some updates, runs `PRAGMA <pragma>` (e.g. user_version = 9999, as
// a newer Enighed would have written) and prints `ready`, then waits to be killed with SIGKILL. The
// store never checkpoints on its own (see database.ts), so everything sits in the -wal file.
import * as Y from 'yjs';
import { Store } from '../../electron/store/store.ts';

const [file, pragma] = process.argv.slice(2);
const store = Store.open(file);
store.insertAgreement('a1', '2026-01-01T00:00:00.000Z');
const doc = new Y.Doc();
doc.on('update', (update: Uint8Array) => store.appendUpdate('a1/section/s1', update));
for (let i = 0; i < 50; i++) doc.getArray<string>('numbers').push([String(i).repeat(200)]);
store.db.pragma(pragma);
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
