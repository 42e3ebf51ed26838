// The store as Hocuspocus' persistence: every applied update is appended (durable on return) before
// Hocuspocus broadcasts or acknowledges it; documents are snapshotted from memory now and then.
// See ARCHITECTURE.md ("When an update is on disk") for why each write happens where it does.
import type { Document, Extension, Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { DocId } from '../../shared/api/contract.ts';
import { agreementOfDoc, type Store, type UpdateAuthor } from '../store/store.ts';
import { INVALID_DOC_REASON } from './closeCodes.ts';

/** Per loaded document. */
interface DocState {
  /** Updates logged since the last snapshot. */
  sinceSnapshot: number;
  snapshotScheduled: boolean;
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
  snapshotAll(hocuspocus: Hocuspocus): void;
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
}

export function createPersistence(store: Store, options: PersistenceOptions): Persistence {
  const { compactEvery, log, authorOf } = options;
  const agreements = new Set(store.agreementIds());
  const docs = new Map<string, DocState>();
  const stats: PersistenceStats = { appendedUpdates: 0, snapshots: 0 };
  let closing = false;

  /** Appends one update; false (and the document's connections dropped) when the write failed. */
  function persist(document: Document, state: DocState, update: Uint8Array, origin: unknown): boolean {
    if (state.failed) return false;
    try {
      const agreementId = agreementOfDoc(document.name);
      if (!agreements.has(agreementId)) {
        store.insertAgreement(agreementId, new Date().toISOString());
        agreements.add(agreementId);
      }
      store.appendUpdate(document.name, update, authorOf?.(document.name, origin));
      state.storedBytes += update.byteLength;
      stats.appendedUpdates++;
    } catch (error) {
      // Memory now holds a change the store does not. Drop every connection of this document
      // before anything is sent (terminate() makes the socket CLOSING at once, so neither the
      // broadcast nor the acknowledgement goes out): each client keeps the change as unsynced and
      // sends it again once the document has been reloaded from the store.
      state.failed = true;
      log(`Kunne ikke gemme en ændring i ${document.name}: ${(error as Error).message}. Forbindelserne til dokumentet lukkes.`);
      for (const connection of document.getConnections()) connection.webSocket.terminate();
      return false;
    }
    state.sinceSnapshot++;
    if (state.sinceSnapshot >= compactEvery && !state.snapshotScheduled) {
      // After the acknowledgement has gone out, not on its path.
      state.snapshotScheduled = true;
      setImmediate(() => {
        state.snapshotScheduled = false;
        snapshot(document, state);
      });
    }
    return true;
  }

  /** Writes the in-memory state as the snapshot; it includes every logged update (see afterLoadDocument). */
  function snapshot(document: Document, state: DocState): void {
    if (state.failed || state.sinceSnapshot === 0 || document.isDestroyed || !store.db.open) return;
    try {
      const data = Y.encodeStateAsUpdate(document);
      store.snapshotFromMemory(document.name, data);
      state.storedBytes = data.byteLength;
      state.sinceSnapshot = 0;
      stats.snapshots++;
    } catch (error) {
      // The log rows are still there (the snapshot is written in one transaction), so nothing is lost.
      log(`Kunne ikke komprimere ${document.name}: ${(error as Error).message}`);
    }
  }

  const hooks: Persistence['hooks'] = {
    async onLoadDocument({ documentName, document }) {
      if (!DocId.safeParse(documentName).success) throw { reason: INVALID_DOC_REASON };
      const stored = store.loadDoc(documentName);
      Y.transact(document, () => {
        if (stored.snapshot) Y.applyUpdate(document, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(document, u);
      });
      docs.set(documentName, {
        storedBytes: (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((n, u) => n + u.byteLength, 0),
        sinceSnapshot: 0,
        snapshotScheduled: false,
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
      if (state && !closing) snapshot(document, state);
    },

    async afterUnloadDocument({ documentName }) {
      docs.delete(documentName);
    },
  };

  return {
    hooks,
    isFailed: (documentName) => docs.get(documentName)?.failed ?? false,
    storedBytes: (documentName) => docs.get(documentName)?.storedBytes ?? 0,
    snapshotAll(hocuspocus) {
      for (const document of hocuspocus.documents.values()) {
        const state = docs.get(document.name);
        if (state) snapshot(document, state);
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
