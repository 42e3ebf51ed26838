// The sync server's store in one SQLite workspace file (the embedded default, one instance): the
// existing Store and MembershipTables behind the ServerStore interface (serverStore.ts).
import { MembershipTables } from './membership.ts';
import type { MembershipStore, ServerStore } from './serverStore.ts';
import { agreementOfDoc, Store } from './store.ts';
import type { OpenOptions } from './database.ts';

/** The membership tables of a workspace, as the asynchronous interface. */
export function sqliteMembership(tables: MembershipTables): MembershipStore {
  return {
    addBootstrapInvitation: async (row) => tables.addBootstrapInvitation(row),
    importBootstrapInvitation: async (row) => tables.importBootstrapInvitation(row),
    allBootstrapInvitations: async () => tables.allBootstrapInvitations(),
    bootstrapInvitation: async (id) => tables.bootstrapInvitation(id),
    importDevice: async (device) => tables.importDevice(device),
    isRedeemed: async (key) => tables.isRedeemed(key),
    redeem: async (key, device) => tables.redeem(key, device),
    deviceByTokenHash: async (hash) => tables.deviceByTokenHash(hash),
    devicesOf: async (agreementId) => tables.devicesOf(agreementId),
    allDevices: async () => tables.allDevices(),
    revokeDevice: async (id, at) => tables.revokeDevice(id, at),
    authorsOf: async (agreementId) => tables.authorsOf(agreementId),
  };
}

/** Opens the workspace file (throws WorkspaceOpenError, Danish, when it is not ours or in use). */
export function openSqliteServerStore(workspacePath: string, options?: OpenOptions): ServerStore {
  const store = Store.open(workspacePath, options);
  const agreements = new Set(store.agreementIds());
  return {
    kind: 'sqlite',
    shared: false,
    location: workspacePath,
    local: store,
    loadDoc: async (docId) => store.loadDoc(docId),
    appendUpdate(docId, update, author) {
      const agreementId = agreementOfDoc(docId);
      if (!agreements.has(agreementId)) {
        store.insertAgreement(agreementId, new Date().toISOString());
        agreements.add(agreementId);
      }
      store.appendUpdate(docId, update, author);
    },
    compact(docId, memoryState) {
      if (store.db.open) store.snapshotFromMemory(docId, memoryState());
    },
    membership: sqliteMembership(new MembershipTables(store)),
    async ping() {
      if (!store.db.open) throw new Error('arbejdsfilen er lukket');
      store.db.prepare('SELECT 1').get();
    },
    backup: (dest) => store.backup(dest),
    async close() {
      store.close();
    },
  };
}
