// The store as Hocuspocus' persistence: every applied update is appended (durable on return, or —
// PostgreSQL — before anything is sent on any socket: durability.ts) before Hocuspocus' broadcast
// or acknowledgement reaches anyone; documents are compacted now and then.
// See ARCHITECTURE.md ("When an update is on disk") for why each write happens where it does.
import type { Document, Extension, Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { DocId } from '../../shared/api/contract.ts';
import type { ServerStore, UpdateAuthor } from '../store/serverStore.ts';
import { INVALID_DOC_REASON } from './closeCodes.ts';
import type { Durability } from './durability.ts';


/** Per loaded document. */
interface DocState {
  /** Updates logged since the last snapshot. */
  sinceSnapshot: number;
  snapshotScheduled: boolean;
  /** A compaction of it is running (asynchronous stores). */
  compacting: boolean;
  /** A write failed: memory is ahead of the store, so this copy must never be written or served. */
  failed: boolean;
  /** Bytes the store holds for it (snapshot and log), as far as this server has seen. */
  storedBytes: number;
  /** The pending (not yet integrable) parts last logged, compared by identity. */
  pendingStructs: Uint8Array | null;
  pendingDs: Uint8Array | null;
}

export interface PersistenceStats {
  appendedUpdates: number;
  snapshots: number;
}

export interface Persistence {
  /** Hocuspocus hooks: load, log each update, snapshot on unload. */
  hooks: Pick<Extension, 'onLoadDocument' | 'afterLoadDocument' | 'beforeUnloadDocument' | 'afterUnloadDocument'>;
  /** A write to this document failed and it has not been unloaded since. */
  isFailed(documentName: string): boolean;
  /** Bytes the store holds for a loaded document (0 when it is not loaded). */
  storedBytes(documentName: string): number;
  /** Folds every loaded document into its snapshot (on close; every update is on disk already). */
  snapshotAll(hocuspocus: Hocuspocus): Promise<void>;
  /** Stops snapshotting on unload (the server is closing and does it itself). */
  setClosing(): void;
  stats: PersistenceStats;
}

export interface PersistenceOptions {
  compactEvery: number;
  log: (line: string) => void;
  /** Who sent an update, from its transaction origin (the sending Hocuspocus Connection); stored
   *  beside it for the audit (membership.ts). Without it no author is recorded. */
  authorOf?: (documentName: string, origin: unknown) => UpdateAuthor;
  /** Where asynchronous appends are followed so that nothing is sent before they commit. */
  durability: Durability;
  /** Seconds each append took until durable (metrics). */
  onAppend?: (seconds: number) => void;
}

export function createPersistence(store: ServerStore, options: PersistenceOptions): Persistence {
  const { compactEvery, log, authorOf, durability, onAppend } = options;
  const docs = new Map<string, DocState>();
  const stats: PersistenceStats = { appendedUpdates: 0, snapshots: 0 };
  let closing = false;

  /** Memory holds a change the store does not: drop every connection of this document before
   *  anything is sent (terminate() makes the socket CLOSING at once, so neither the broadcast nor
   *  the acknowledgement goes out): each client keeps the change as unsynced and sends it again
   *  once the document has been reloaded from the store. */
  function failed(document: Document, state: DocState, error: unknown): void {
    state.failed = true;
    log(`Kunne ikke gemme en ændring i ${document.name}: ${(error as Error)?.message ?? String(error)}. Forbindelserne til dokumentet lukkes.`);
    for (const connection of document.getConnections()) connection.webSocket.terminate();
  }

  /** Appends one update; false (and the document's connections dropped) when the write failed. */
  function persist(document: Document, state: DocState, update: Uint8Array, origin: unknown): boolean {
    if (state.failed) return false;
    // An update relayed from another instance through Redis (origin '__hocuspocus__redis__origin__') is stored here
    // too, even with a shared store where its instance stores it: that instance publishes before
    // its own append has committed, and if it dies in between, this copy — which this instance's
    // clients may already hold, so that they never resend it — would be stored nowhere. (Seen:
    // a restarted instance got the lost updates from the other one through Redis, its clients
    // then had nothing to resend.) Applying an update twice changes nothing; compaction folds the
    // duplicates away.
    const started = performance.now();
    try {
      const pending = store.appendUpdate(document.name, update, authorOf?.(document.name, origin));
      if (pending) {
        durability.track(
          document.name,
          pending.then(
            () => onAppend?.((performance.now() - started) / 1000),
            (error: unknown) => failed(document, state, error),
          ),
        );
      } else onAppend?.((performance.now() - started) / 1000);
      state.storedBytes += update.byteLength;
      stats.appendedUpdates++;
    } catch (error) {
      failed(document, state, error);
      return false;
    }
    state.sinceSnapshot++;
    if (state.sinceSnapshot >= compactEvery && !state.snapshotScheduled) {
      // After the acknowledgement has gone out, not on its path.
      state.snapshotScheduled = true;
      setImmediate(() => {
        state.snapshotScheduled = false;
        void snapshot(document, state);
      });
    }
    return true;
  }

  /** Folds the document's log into its snapshot: SQLite writes the in-memory state, which includes
   *  every logged update (see afterLoadDocument); a shared store folds what it holds. */
  async function snapshot(document: Document, state: DocState): Promise<void> {
    if (state.failed || state.sinceSnapshot === 0 || state.compacting) return;
    if (document.isDestroyed && !store.shared) return;
    state.compacting = true;
    const folded = state.sinceSnapshot;
    let bytes = 0;
    try {
      await store.compact(document.name, () => {
        const data = Y.encodeStateAsUpdate(document);
        bytes = data.byteLength;
        return data;
      });
      if (bytes) state.storedBytes = bytes;
      state.sinceSnapshot = Math.max(0, state.sinceSnapshot - folded);
      stats.snapshots++;
    } catch (error) {
      // The log rows are still there (the snapshot is written in one transaction), so nothing is lost.
      log(`Kunne ikke komprimere ${document.name}: ${(error as Error).message}`);
    } finally {
      state.compacting = false;
    }
  }

  const hooks: Persistence['hooks'] = {
    async onLoadDocument({ documentName, document }) {
      if (!DocId.safeParse(documentName).success) throw { reason: INVALID_DOC_REASON };
      const stored = await store.loadDoc(documentName);
      Y.transact(document, () => {
        if (stored.snapshot) Y.applyUpdate(document, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(document, u);
      });
      docs.set(documentName, {
        storedBytes: (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((n, u) => n + u.byteLength, 0),
        sinceSnapshot: 0,
        snapshotScheduled: false,
        compacting: false,
        failed: false,
        pendingStructs: document.store.pendingStructs?.update ?? null,
        pendingDs: document.store.pendingDs,
      });
    },

    async afterLoadDocument({ document }) {
      const state = docs.get(document.name)!;
      // Hocuspocus has just installed its own update callback (onChange and the debounced
      // onStoreDocument hooks, both asynchronous). Document.handleUpdate calls it first and then
      // broadcasts the update; MessageReceiver acknowledges to the sender (SyncStatus) only after
      // applyUpdate has returned. Wrapping it is the one place that sees each update synchronously
      // before it is broadcast or acknowledged, so an acknowledged change is always on disk.
      const hocuspocusOnUpdate = document.callbacks.onUpdate;
      document.onUpdate((doc, connection, update) => {
        if (persist(doc, state, update, connection)) hocuspocusOnUpdate(doc, connection, update);
      });
      // An update whose dependencies have not arrived yet is held back by Yjs as "pending" and no
      // update event fires for it, yet Hocuspocus acknowledges it. Log the pending part too (a valid
      // update that loads as pending again) so that the acknowledgement still means "on disk".
      document.on('afterTransaction', (transaction: Y.Transaction) => {
        // Yjs replaces these arrays (never mutates them) when the pending set changes.
        const pendingStructs = document.store.pendingStructs?.update ?? null;
        const pendingDs = document.store.pendingDs;
        if (pendingStructs === state.pendingStructs && pendingDs === state.pendingDs) return;
        state.pendingStructs = pendingStructs;
        state.pendingDs = pendingDs;
        const parts = [pendingStructs, pendingDs].filter((u): u is Uint8Array => u != null);
        if (parts.length === 0) return;
        persist(document, state, Y.convertUpdateFormatV2ToV1(Y.mergeUpdatesV2(parts)), transaction.origin);
      });
    },

    async beforeUnloadDocument({ documentName, document }) {
      const state = docs.get(documentName);
      if (state && !closing) await snapshot(document, state);
    },

    async afterUnloadDocument({ documentName }) {
      docs.delete(documentName);
    },
  };

  return {
    hooks,
    isFailed: (documentName) => docs.get(documentName)?.failed ?? false,
    storedBytes: (documentName) => docs.get(documentName)?.storedBytes ?? 0,
    async snapshotAll(hocuspocus) {
      for (const document of hocuspocus.documents.values()) {
        const state = docs.get(document.name);
        if (state) await snapshot(document, state);
        // Runs Hocuspocus' pending debounced store (a no-op for us) now instead of after its timer.
        hocuspocus.debouncer.executeNow(`onStoreDocument-${document.name}`);
      }
    },
    setClosing() {
      closing = true;
    },
    stats,
  };
}
