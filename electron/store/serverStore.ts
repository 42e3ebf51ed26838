// What the sync server stores, whichever store holds it: the interface electron/server/ uses, with
// two implementations — SQLite (sqliteServerStore.ts: one workspace file, the embedded default for
// one instance) and PostgreSQL (postgres/store.ts: shared by several instances). Plain data in and
// out; the rules are the server's.
import type { StoredDoc, UpdateAuthor } from './store.ts';
import type { AuthorRow, BootstrapInvitationRow, DeviceRow } from './membership.ts';
import type { Store } from './store.ts';

export type { StoredDoc, UpdateAuthor } from './store.ts';
export type { AuthorRow, BootstrapInvitationRow, DeviceRow } from './membership.ts';

/** The membership tables (devices, invitations, the audit): migration 0050 in SQLite, 0001 in
 *  PostgreSQL. Every method may cross the network, so all are asynchronous. */
export interface MembershipStore {
  addBootstrapInvitation(row: BootstrapInvitationRow): Promise<void>;
  /** A bootstrap invitation another instance made; kept if already known. */
  importBootstrapInvitation(row: BootstrapInvitationRow): Promise<void>;
  allBootstrapInvitations(): Promise<BootstrapInvitationRow[]>;
  bootstrapInvitation(participantId: string): Promise<BootstrapInvitationRow | null>;
  /** A device another instance registered; the row as this store holds it. */
  importDevice(device: Omit<DeviceRow, 'id'>): Promise<DeviceRow>;
  isRedeemed(inviteKey: string): Promise<boolean>;
  /** The device and the invitation's redemption in one transaction; throws AlreadyRedeemedError. */
  redeem(inviteKey: string, device: Omit<DeviceRow, 'id' | 'revokedAt'>): Promise<DeviceRow>;
  deviceByTokenHash(tokenSha256: string): Promise<DeviceRow | null>;
  devicesOf(agreementId: string | null): Promise<DeviceRow[]>;
  allDevices(): Promise<DeviceRow[]>;
  /** Marks a device revoked (idempotent); true when it was not revoked before. */
  revokeDevice(id: number, at: string): Promise<boolean>;
  authorsOf(agreementId: string): Promise<AuthorRow[]>;
}

export interface ServerStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Several server instances may use it at once (PostgreSQL). */
  readonly shared: boolean;
  /** Where it is, for log lines (a file path, or the database URL without its password). */
  readonly location: string;
  /** The SQLite workspace, for the synchronous fallbacks of a single instance (reading a structure
   *  that is not loaded); null for a shared store, where the server keeps structures loaded. */
  readonly local: Store | null;
  /** Snapshot and log as one consistent read. */
  loadDoc(docId: string): Promise<StoredDoc>;
  /**
   * Appends one update (creating the agreement's and the document's rows the first time) with its
   * author for the audit, in one commit. Durable when it returns (SQLite: synchronously, `void`)
   * or when the promise resolves (PostgreSQL): only then may the update be acknowledged.
   */
  appendUpdate(docId: string, update: Uint8Array, author?: UpdateAuthor): void | Promise<void>;
  /**
   * Folds a document's log into its snapshot. SQLite (one writer) writes `memoryState()`, the
   * loaded document, which holds every update appended for it; a shared store folds what it holds
   * itself, one instance at a time per document, deleting exactly the rows folded.
   */
  compact(docId: string, memoryState: () => Uint8Array): void | Promise<void>;
  readonly membership: MembershipStore;
  /** Throws when the store cannot be reached (/healthz). */
  ping(): Promise<void>;
  /** A consistent copy to `dest` while in use (SQLite); PostgreSQL is backed up with pg_dump. */
  backup(dest: string): Promise<void>;
  /** Folds what has a log (SQLite) and closes. */
  close(): Promise<void>;
}
