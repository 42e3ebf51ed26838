// The sync server's membership tables (migration 0050), beside store.ts: devices and their bearer
// token hashes, bootstrap invitations, the invitations redeemed (each once) and who sent each stored
// update. Plain rows in and out; the rules (who may redeem, who a token is) are in
// electron/server/membership.ts.
import type { Statement } from 'better-sqlite3';
import type { Store } from './store.ts';

export interface DeviceRow {
  id: number;
  /** null: a server-level secretariat account (bootstrap). */
  agreementId: string | null;
  participantId: string;
  deviceKey: string;
  tokenSha256: string;
  name: string | null;
  organisation: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface BootstrapInvitationRow {
  inviteKey: string;
  participantId: string;
  name: string;
  organisation: string;
  createdAt: string;
}

export interface AuthorRow {
  seq: number;
  docId: string;
  at: string;
  bytes: number;
  participantId: string | null;
  deviceKey: string | null;
  name: string | null;
  organisation: string | null;
}

/** A second redemption of one invitation key. */
export class AlreadyRedeemedError extends Error {
  override name = 'AlreadyRedeemedError';
}

const DEVICE_COLUMNS = `id, agreement_id AS agreementId, participant_id AS participantId, device_key AS deviceKey,
  token_sha256 AS tokenSha256, name, organisation, created_at AS createdAt, revoked_at AS revokedAt`;

export class MembershipTables {
  private readonly stmt: Record<string, Statement>;

  constructor(private readonly store: Store) {
    const db = store.db;
    this.stmt = {
      allBootstrap: db.prepare(
        'SELECT invite_key AS inviteKey, participant_id AS participantId, name, organisation, created_at AS createdAt FROM bootstrap_invitations ORDER BY created_at',
      ),
      importBootstrap: db.prepare(
        'INSERT OR IGNORE INTO bootstrap_invitations (invite_key, participant_id, name, organisation, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      importDevice: db.prepare(
        'INSERT OR IGNORE INTO devices (agreement_id, participant_id, device_key, token_sha256, name, organisation, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertBootstrap: db.prepare(
        'INSERT INTO bootstrap_invitations (invite_key, participant_id, name, organisation, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      bootstrap: db.prepare(
        'SELECT invite_key AS inviteKey, participant_id AS participantId, name, organisation, created_at AS createdAt FROM bootstrap_invitations WHERE participant_id = ?',
      ),
      redeemed: db.prepare('SELECT 1 FROM redeemed_invitations WHERE invite_key = ?'),
      insertRedeemed: db.prepare('INSERT INTO redeemed_invitations (invite_key, redeemed_at, device_id) VALUES (?, ?, ?)'),
      insertDevice: db.prepare(
        'INSERT INTO devices (agreement_id, participant_id, device_key, token_sha256, name, organisation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      deviceByToken: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_sha256 = ?`),
      devicesOfAgreement: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE agreement_id IS ? ORDER BY id`),
      allDevices: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY id`),
      revoke: db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      authors: db.prepare(
        `SELECT seq, doc_id AS docId, at, bytes, participant_id AS participantId, device_key AS deviceKey, name, organisation
         FROM update_authors WHERE agreement_id = ? ORDER BY seq`,
      ),
    };
  }

  addBootstrapInvitation(row: BootstrapInvitationRow): void {
    this.stmt.insertBootstrap.run(row.inviteKey, row.participantId, row.name, row.organisation, row.createdAt);
  }

  /** A bootstrap invitation another instance made (membershipRelay.ts); kept if already known. */
  importBootstrapInvitation(row: BootstrapInvitationRow): void {
    this.stmt.importBootstrap.run(row.inviteKey, row.participantId, row.name, row.organisation, row.createdAt);
  }

  allBootstrapInvitations(): BootstrapInvitationRow[] {
    return this.stmt.allBootstrap.all() as BootstrapInvitationRow[];
  }

  /** A device another instance registered (membershipRelay.ts); the row as this file holds it. */
  importDevice(d: Omit<DeviceRow, 'id'>): DeviceRow {
    this.stmt.importDevice.run(d.agreementId, d.participantId, d.deviceKey, d.tokenSha256, d.name, d.organisation, d.createdAt, d.revokedAt);
    const row = this.deviceByTokenHash(d.tokenSha256)!;
    if (d.revokedAt && !row.revokedAt) {
      this.revokeDevice(row.id, d.revokedAt);
      return { ...row, revokedAt: d.revokedAt };
    }
    return row;
  }

  bootstrapInvitation(participantId: string): BootstrapInvitationRow | null {
    return (this.stmt.bootstrap.get(participantId) as BootstrapInvitationRow | undefined) ?? null;
  }

  isRedeemed(inviteKey: string): boolean {
    return this.stmt.redeemed.get(inviteKey) !== undefined;
  }

  /** Records the device and the invitation's redemption in one transaction; throws
   *  AlreadyRedeemedError when the invitation key was redeemed before. */
  redeem(inviteKey: string, device: Omit<DeviceRow, 'id' | 'revokedAt'>): DeviceRow {
    return this.store.transaction(() => {
      if (this.isRedeemed(inviteKey)) throw new AlreadyRedeemedError(inviteKey);
      const d = device;
      const id = Number(this.stmt.insertDevice.run(d.agreementId, d.participantId, d.deviceKey, d.tokenSha256, d.name, d.organisation, d.createdAt).lastInsertRowid);
      this.stmt.insertRedeemed.run(inviteKey, d.createdAt, id);
      return { ...d, id, revokedAt: null };
    });
  }

  deviceByTokenHash(tokenSha256: string): DeviceRow | null {
    return (this.stmt.deviceByToken.get(tokenSha256) as DeviceRow | undefined) ?? null;
  }

  /** Devices of one agreement (null: the server-level accounts). */
  devicesOf(agreementId: string | null): DeviceRow[] {
    return this.stmt.devicesOfAgreement.all(agreementId) as DeviceRow[];
  }

  allDevices(): DeviceRow[] {
    return this.stmt.allDevices.all() as DeviceRow[];
  }

  /** Marks a device revoked (idempotent); true when it was not revoked before. */
  revokeDevice(id: number, at: string): boolean {
    return this.stmt.revoke.run(at, id).changes > 0;
  }

  /** Every stored update of an agreement with its author, oldest first. */
  authorsOf(agreementId: string): AuthorRow[] {
    return this.stmt.authors.all(agreementId) as AuthorRow[];
  }
}
