// Membership on the sync server: invitations redeemed once, device tokens, who a device is for
// each document (from the agreement's participant directory), revocation that closes connections at
// once, and the author of every stored update. The tables are electron/store/membership.ts; the
// directory's rules are directory.ts (shared/identity/ARCHITECTURE.md); the HTTP side of
// redemption is redeem.ts.
//
// A device token is presented to Hocuspocus as `device:<token>`; the server stores only its SHA-256.
import crypto from 'node:crypto';
import type { Connection, Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Agreement } from '../../shared/domain/agreement.ts';
import type { Actor } from '../../shared/access/rules.ts';
import { certAgreementId } from '../../shared/identity/invitation.ts';
import { fromBase64Url } from '../../shared/identity/base64url.ts';
import { admissibleKey } from '../../shared/identity/ed25519Admissible.ts';
import { deviceCertMessage } from '../../shared/identity/messages.ts';
import { DeviceCert, type ParticipantEntry } from '../../shared/identity/shapes.ts';
import { parseDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { verifyBytes } from '../identity/ed25519.ts';
import { AlreadyRedeemedError, type DeviceRow } from '../store/membership.ts';
import type { MembershipStore, ServerStore, UpdateAuthor } from '../store/serverStore.ts';
import { accessTo, hashToken, newToken, type Grant } from '../sync/access.ts';
import { identityOf, rightsOfRole, type ConnectionIdentity } from './connectionIdentity.ts';
import { UNKNOWN_TOKEN_REASON, type AuthRequest, type AuthResult, type Participant } from './authenticate.ts';
import { CLOSE_REVOKED, REVOKED_REASON } from './closeCodes.ts';
import { readDirectory, type Directory } from './directory.ts';
import type { MembershipRelay } from './membershipRelay.ts';
import type { SessionContext } from './socketGate.ts';
import type { SocketSession } from './socketSession.ts';

/** The prefix of a device token in Hocuspocus' token field. */
export const DEVICE_TOKEN_PREFIX = 'device:';

/** Everything a redemption request carries (zod in redeem.ts). */
export interface RedeemRequest {
  v: 1;
  agreementId: string | null;
  participantId: string;
  deviceCert: DeviceCert;
}

export type RedeemResult =
  | { ok: true; deviceToken: string; participantId: string; agreementId: string | null }
  /** status: 400 garbage, 403 refused (bad signature, removed), 404 unknown invitation, 409 redeemed before. */
  | { ok: false; status: 400 | 403 | 404 | 409; error: string };

/** What a device is for one document: its actor and access, or why not. */
type Evaluation =
  | { ok: true; actor: ConnectionIdentity; access: 'write' | 'read'; name: string; side: string | null }
  | { ok: false; revoked: boolean; reason: string };

/** The rights actor of the one rule (shared/access/rules.ts) and the fields of `Participant` that
 *  actorOf (./actor.ts) reads. */
type RightsActor = Actor;
type RightsFields = Pick<Participant, 'participantId' | 'actorIn'>;

/** One admitted connection of a device to a document, kept live. */
interface Tracked {
  session: SocketSession;
  context: SessionContext;
  documentName: string;
  agreementId: string;
  device: DeviceRow;
}

export interface MembershipOptions {
  store: ServerStore;
  hocuspocus: Hocuspocus;
  /** The agreement's structure as the server holds it (agreements.ts). */
  agreementFor(documentName: string): Agreement | null;
  log(cause: 'revoked' | 'redeem', line: string): void;
  /** Hold each agreement's structure loaded while a device of it is connected, so that its changes
   *  arrive through Redis from other instances (with --redis). */
  holdStructures: boolean;
}

export class Membership {
  readonly tables: MembershipStore;
  private readonly directories = new Map<string, Directory>();
  /** Whether each agreement's structure holds anything, read with its directory. */
  private readonly exists = new Map<string, boolean>();
  /** The device each admitted device token was found as (authenticate → track), by token. */
  private readonly admitted = new Map<string, DeviceRow>();
  private readonly tracked = new Map<string, Set<Tracked>>();
  private readonly held = new Map<string, Promise<{ disconnect(): Promise<void> } | null>>();
  private relay: MembershipRelay | null = null;

  constructor(private readonly options: MembershipOptions) {
    this.tables = options.store.membership;
  }

  /** Shares membership with the other instances (membershipRelay.ts): offers this instance's
   *  bootstrap invitations and devices, and follows revocations made elsewhere. */
  async attachRelay(relay: MembershipRelay): Promise<void> {
    this.relay = relay;
    await relay.shareBootstrap(await this.tables.allBootstrapInvitations());
    for (const { id: _id, ...device } of await this.tables.allDevices()) {
      const shared = await relay.findDevice(device.tokenSha256);
      if (!shared) await relay.shareDevice(device);
      else if (shared.revokedAt && !device.revokedAt) this.revokedElsewhere(device.tokenSha256);
      // Revoked here while this instance was stopped (`revoke-device`): tell the others.
      else if (device.revokedAt && !shared.revokedAt) await relay.revoke(device, device.revokedAt);
    }
  }

  /** Another instance revoked a device: mark it here and close its connections now. */
  revokedElsewhere(tokenSha256: string): void {
    void this.tables
      .deviceByTokenHash(tokenSha256)
      .then((row) => (row && !row.revokedAt ? this.tables.revokeDevice(row.id, new Date().toISOString()) : false))
      .catch(() => {});
    for (const set of this.tracked.values()) {
      for (const t of [...set]) {
        if (t.device.tokenSha256 !== tokenSha256) continue;
        t.device = { ...t.device, revokedAt: t.device.revokedAt ?? new Date().toISOString() };
        this.reevaluate(t);
      }
    }
  }

  // --- the directory ----------------------------------------------------------------------------

  /** The agreement's structure document: the loaded one, or a copy read from the SQLite store
   *  (a shared store's structures are read ahead by `prepare`, or kept loaded by the server). */
  private withStructure<T>(agreementId: string, fn: (doc: Y.Doc | null) => T): T {
    const id = structureDocId(agreementId);
    const loaded = this.options.hocuspocus.documents.get(id);
    if (loaded) return fn(loaded);
    const local = this.options.store.local;
    if (!local) return fn(null);
    // A structure the store does not hold loads as an empty document (no meta, no directory).
    let doc: Y.Doc;
    try {
      doc = local.loadYDoc(id);
    } catch {
      return fn(null); // damaged: nobody is in its directory
    }
    try {
      return fn(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Reads the agreement's directory from a shared store when it is neither cached nor loaded, so
   * that the synchronous `directory` finds it (SQLite reads it synchronously). Called before every
   * decision on a device (authentication, redemption).
   */
  async prepare(agreementId: string): Promise<void> {
    const store = this.options.store;
    if (store.local || this.directories.has(agreementId)) return;
    const id = structureDocId(agreementId);
    if (this.options.hocuspocus.documents.get(id)) return;
    let dir: Directory;
    let exists = false;
    const doc = new Y.Doc();
    try {
      const stored = await store.loadDoc(id);
      Y.transact(doc, () => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(doc, u);
      });
      dir = readDirectory(agreementId, doc);
      exists = doc.getMap('meta').size > 0;
    } catch {
      dir = { agreementId, rootKey: null, valid: new Map<string, ParticipantEntry>() };
    } finally {
      doc.destroy();
    }
    // Loaded meanwhile: the loaded copy is the current one.
    if (this.options.hocuspocus.documents.get(id)) return;
    this.cache(agreementId, dir);
    this.exists.set(agreementId, exists);
  }

  private cache(agreementId: string, dir: Directory): void {
    if (this.directories.size > 1000) {
      this.directories.clear();
      this.exists.clear();
    }
    this.directories.set(agreementId, dir);
  }

  /** The agreement's checked directory (cached until its structure changes). */
  directory(agreementId: string): Directory {
    let dir = this.directories.get(agreementId);
    if (!dir) {
      dir = this.withStructure(agreementId, (doc) => (doc ? readDirectory(agreementId, doc) : { agreementId, rootKey: null, valid: new Map<string, ParticipantEntry>() }));
      this.cache(agreementId, dir);
    }
    return dir;
  }

  /** Whether the agreement's structure document holds anything yet. */
  private structureExists(agreementId: string): boolean {
    const loaded = this.options.hocuspocus.documents.get(structureDocId(agreementId));
    if (!loaded && !this.options.store.local && this.exists.has(agreementId)) return this.exists.get(agreementId)!;
    return this.withStructure(agreementId, (doc) => doc !== null && doc.getMap('meta').size > 0);
  }

  // --- redemption --------------------------------------------------------------------------------

  /** Redeems an invitation once: checks the device certificate against the invitation key and
   *  records the device; answers with its bearer token (shown once, stored as its hash). */
  async redeem(request: RedeemRequest): Promise<RedeemResult> {
    const { agreementId, participantId, deviceCert } = request;
    if (deviceCert.participantId !== participantId) {
      return { ok: false, status: 400, error: 'Enhedens certifikat gælder en anden deltager end invitationen.' };
    }
    if (!deviceCert.inviteSignature) return { ok: false, status: 403, error: 'Enhedens certifikat er ikke underskrevet med invitationen.' };
    let inviteKey: string;
    let name: string | null = null;
    let organisation: string | null = null;
    if (agreementId === null) {
      let invitation = await this.tables.bootstrapInvitation(participantId);
      if (!invitation && this.relay) {
        invitation = await this.relay.findBootstrap(participantId);
        if (invitation) await this.tables.importBootstrapInvitation(invitation);
      }
      if (!invitation) return { ok: false, status: 404, error: 'Invitationen kendes ikke af serveren.' };
      inviteKey = invitation.inviteKey;
      name = invitation.name;
      organisation = invitation.organisation;
    } else {
      await this.prepare(agreementId);
      const entry = this.directory(agreementId).valid.get(participantId);
      if (!entry) return { ok: false, status: 404, error: 'Invitationen kendes ikke: deltageren findes ikke i aftalens deltagerliste på serveren.' };
      if (entry.removed) return { ok: false, status: 403, error: 'Deltageren er fjernet fra aftalen; invitationen gælder ikke længere.' };
      if (!entry.invitePublicKey) return { ok: false, status: 403, error: 'Deltageren har ingen invitation at indløse.' };
      if (entry.revokedDevices.some((r) => r.deviceKey === deviceCert.deviceKey)) {
        return { ok: false, status: 403, error: 'Denne enheds nøgle er spærret.' };
      }
      inviteKey = entry.invitePublicKey;
    }
    // A key no replica would ever accept a signature of (shared/identity/ed25519Admissible.ts) is
    // refused here, with a reason, instead of registering a device whose every position fails.
    const rawDeviceKey = fromBase64Url(deviceCert.deviceKey);
    if (!rawDeviceKey || !admissibleKey(rawDeviceKey)) {
      return { ok: false, status: 400, error: 'Enhedens nøgle kan ikke bruges til underskrifter (ikke en gyldig Ed25519-nøgle).' };
    }
    const { inviteSignature, ...unsigned } = deviceCert;
    if (!verifyBytes(inviteKey, deviceCertMessage(certAgreementId(agreementId), unsigned), inviteSignature)) {
      return { ok: false, status: 403, error: 'Enhedens certifikat er ikke underskrevet med denne invitation.' };
    }
    const token = newToken() + newToken();
    const already = { ok: false as const, status: 409 as const, error: 'Invitationen er allerede brugt. Bed sekretariatet om en ny.' };
    if (await this.tables.isRedeemed(inviteKey)) return already;
    // Across instances: the one redemption is claimed in Redis first.
    if (this.relay && !(await this.relay.claimRedemption(inviteKey, hashToken(token)))) return already;
    let device: DeviceRow;
    try {
      device = await this.tables.redeem(inviteKey, {
        agreementId,
        participantId,
        deviceKey: deviceCert.deviceKey,
        tokenSha256: hashToken(token),
        name,
        organisation,
        createdAt: new Date().toISOString(),
      });
    } catch (error) {
      if (error instanceof AlreadyRedeemedError) return already;
      throw error;
    }
    if (this.relay) {
      const { id: _id, ...shared } = device;
      await this.relay.shareDevice(shared);
    }
    this.options.log('redeem', `Indløste en invitation for deltager ${participantId}${agreementId ? ` i aftale ${agreementId}` : ' (sekretariatskonto)'}.`);
    return { ok: true, deviceToken: token, participantId, agreementId };
  }

  // --- authentication ----------------------------------------------------------------------------

  /** The token's SHA-256 (hex), or null when it is not a well-formed device token. */
  private tokenHash(token: string): string | null {
    if (!token.startsWith(DEVICE_TOKEN_PREFIX)) return null;
    const secret = token.slice(DEVICE_TOKEN_PREFIX.length);
    if (secret.length < 16 || secret.length > 200) return null;
    return hashToken(secret);
  }

  async deviceForToken(token: string): Promise<DeviceRow | null> {
    const hash = this.tokenHash(token);
    if (!hash) return null;
    const row = await this.tables.deviceByTokenHash(hash);
    // The lookup is by hash; compare again in constant time so that timing shows nothing of it.
    if (!row || !crypto.timingSafeEqual(Buffer.from(row.tokenSha256, 'hex'), Buffer.from(hash, 'hex'))) return null;
    return row;
  }

  /** The device, also when another instance registered it (or revoked it) through Redis. */
  private async findDevice(token: string): Promise<DeviceRow | null> {
    const local = await this.deviceForToken(token);
    const hash = this.tokenHash(token);
    if (!this.relay || !hash || local?.revokedAt) return local;
    const shared = await this.relay.findDevice(hash);
    if (!shared) return local;
    return this.tables.importDevice(shared);
  }

  /** Who `device` is for `documentName`, from the agreement's current directory. */
  private evaluate(device: DeviceRow, documentName: string): Evaluation {
    if (device.revokedAt) return { ok: false, revoked: true, reason: REVOKED_REASON };
    const doc = parseDocId(documentName);
    if (!doc) return { ok: false, revoked: false, reason: 'ingen adgang' };
    if (device.agreementId !== null && device.agreementId !== doc.agreementId) return { ok: false, revoked: false, reason: 'ingen adgang til denne aftale' };
    const dir = this.directory(doc.agreementId);
    const entry = dir.valid.get(device.participantId);
    const fromEntry = (e: ParticipantEntry, source: ConnectionIdentity['source']): ConnectionIdentity => ({
      source,
      agreementId: doc.agreementId,
      participantId: e.id,
      deviceKey: device.deviceKey,
      name: e.name,
      organisation: e.organisation,
      side: e.side,
      role: e.role,
      themeGroupIds: e.themeGroupIds,
    });
    const removedOrRevoked = (e: ParticipantEntry) => e.removed !== null || e.revokedDevices.some((r) => r.deviceKey === device.deviceKey);
    let actor: ConnectionIdentity;
    if (device.agreementId !== null) {
      // A participant's device: its entry must be valid now (gone or invalid, e.g. signed by a
      // revoked secretariat device, means no access), not removed, and the device not revoked.
      if (!entry || removedOrRevoked(entry)) {
        if (entry) this.revokeRow(device);
        return { ok: false, revoked: true, reason: REVOKED_REASON };
      }
      actor = fromEntry(entry, 'directory');
    } else if (dir.rootKey !== null && dir.rootKey === device.deviceKey) {
      // A server-level secretariat that founded this agreement (its device key is the root key),
      // named by its own entry when the directory has one.
      if (entry && removedOrRevoked(entry)) {
        this.revokeRow(device);
        return { ok: false, revoked: true, reason: REVOKED_REASON };
      }
      actor = entry ? fromEntry(entry, 'bootstrap') : this.bootstrapActor(device, doc.agreementId);
    } else if (dir.rootKey === null && !this.structureExists(doc.agreementId)) {
      // Creating a new agreement: its first structure update must set meta.rootKey to this device's
      // key (the per-update check enforces it; afterwards the branch above applies).
      actor = this.bootstrapActor(device, doc.agreementId);
    } else {
      return { ok: false, revoked: false, reason: 'ingen adgang til denne aftale' };
    }
    const grant: Grant = {
      tokenSha256: device.tokenSha256,
      name: actor.name,
      organisation: actor.organisation ?? '',
      // Side only matters for internal data; a bootstrap secretariat has none and gets none.
      side: actor.side ?? 'region',
      rights: rightsOfRole(actor.role!),
      themeGroupIds: actor.themeGroupIds,
      agreementIds: [doc.agreementId],
    };
    if (doc.kind === 'internal' && actor.side === null) return { ok: false, revoked: false, reason: 'ingen adgang' };
    const level = accessTo(grant, documentName, this.options.agreementFor(documentName));
    if (level === 'none') return { ok: false, revoked: false, reason: 'ingen adgang' };
    return { ok: true, actor, access: level, name: actor.name, side: actor.side };
  }

  private bootstrapActor(device: DeviceRow, agreementId: string): ConnectionIdentity {
    return {
      source: 'bootstrap',
      agreementId,
      participantId: device.participantId,
      deviceKey: device.deviceKey,
      name: device.name ?? 'Sekretariatet',
      organisation: device.organisation,
      side: null,
      role: 'sekretariat',
      themeGroupIds: [],
    };
  }

  /** The Authenticate answer for a `device:` token (null: not a device token; let others answer). */
  authenticate(request: AuthRequest): Promise<AuthResult> | null {
    if (!request.token.startsWith(DEVICE_TOKEN_PREFIX)) return null;
    return this.authenticateDevice(request);
  }

  private async authenticateDevice(request: AuthRequest): Promise<AuthResult> {
    const device = await this.findDevice(request.token);
    if (!device) return { ok: false, cause: 'unknown-token', reason: UNKNOWN_TOKEN_REASON };
    const agreementId = parseDocId(request.documentName)?.agreementId;
    if (agreementId) await this.prepare(agreementId);
    // Quotas are per participant (all their devices), named the same on every instance.
    const participant = { key: `deltager:${device.agreementId ?? '-'}:${device.participantId}`, name: device.name ?? device.participantId, side: null };
    const result = this.evaluate(device, request.documentName);
    if (!result.ok) return { ok: false, cause: 'no-access', reason: result.reason, participant };
    // For the per-update rights check (branch h2's electron/server/actor.ts, `actorOf`): a directory
    // participant is looked up in the structure at each update by `participantId`; a server-level
    // secretariat account without an entry is named by `actorIn`. Both fields are part of h2's
    // `Participant`; until that is merged they ride along untyped.
    const forRights: RightsFields =
      result.actor.source === 'directory' || (result.actor.source === 'bootstrap' && this.directory(result.actor.agreementId!).valid.has(device.participantId))
        ? { participantId: device.participantId }
        : { actorIn: (structure) => this.bootstrapRights(device, result.actor.agreementId!, structure) };
    const admitted: Participant & RightsFields = { ...participant, name: result.name, side: result.side, ...forRights };
    if (this.admitted.size > 10_000) this.admitted.clear();
    this.admitted.set(request.token, device);
    return { ok: true, access: result.access, participant: admitted, identity: result.actor, live: true };
  }

  /**
   * The rights actor (shape of shared/access/rules.ts' `Actor`, branch h2) of a server-level
   * secretariat account in `agreementId`, from the structure as the server holds it now: the
   * agreement's secretariat while the structure is empty (it is creating it) or names its device key
   * as root key; nobody otherwise.
   */
  private bootstrapRights(device: DeviceRow, agreementId: string, structure: Y.Doc | null): RightsActor {
    const rootKey = structure ? readDirectory(agreementId, structure).rootKey : null;
    const creating = !structure || structure.getMap('meta').size === 0;
    const founder = !device.revokedAt && (creating || rootKey === device.deviceKey);
    return {
      side: 'region',
      role: founder ? 'sekretariat' : 'observatoer',
      themeGroupIds: [],
      agreementIds: [agreementId],
      removed: !founder,
      mayWriteStructure: founder,
      participantId: null,
    };
  }

  // --- live connections --------------------------------------------------------------------------

  /** Keeps an admitted device connection live: its actor and access follow the directory. */
  track(context: SessionContext, documentName: string, token: string): void {
    const device = this.admitted.get(token);
    this.admitted.delete(token);
    const agreementId = parseDocId(documentName)?.agreementId;
    if (!device || !agreementId) return;
    let set = this.tracked.get(agreementId);
    if (!set) this.tracked.set(agreementId, (set = new Set()));
    set.add({ session: context.session, context, documentName, agreementId, device });
    if (this.options.holdStructures && !this.held.has(agreementId)) {
      this.held.set(
        agreementId,
        this.options.hocuspocus.openDirectConnection(structureDocId(agreementId)).catch(() => null),
      );
    }
  }

  untrack(session: SocketSession, documentName: string): void {
    const agreementId = parseDocId(documentName)?.agreementId;
    const set = agreementId ? this.tracked.get(agreementId) : undefined;
    if (!set || !agreementId) return;
    for (const t of set) if (t.session === session && t.documentName === documentName) set.delete(t);
    if (set.size > 0) return;
    this.tracked.delete(agreementId);
    const held = this.held.get(agreementId);
    this.held.delete(agreementId);
    void held?.then((connection) => connection?.disconnect()).catch(() => {});
  }

  /** Watches a loaded document: every change of a structure re-evaluates its agreement's devices. */
  watch(document: Y.Doc & { name: string }): void {
    const doc = parseDocId(document.name);
    if (doc?.kind !== 'structure') return;
    document.on('update', () => this.structureChanged(doc.agreementId));
  }

  /**
   * The agreement's directory (or structure) changed: every device connection of it gets its actor
   * and access again, synchronously — before the next message of any connection is handled
   * (messageQueue.ts hands over one per turn). A device now revoked or removed, or with no access
   * left, is closed with CLOSE_REVOKED at once.
   */
  structureChanged(agreementId: string): void {
    this.directories.delete(agreementId);
    this.exists.delete(agreementId);
    const set = this.tracked.get(agreementId);
    if (!set) return;
    for (const t of [...set]) this.reevaluate(t);
  }

  /** Revokes every device row with this key and closes their connections now; how many were revoked. */
  async revokeDeviceKey(deviceKey: string): Promise<number> {
    const rows = (await this.tables.allDevices()).filter((d) => d.deviceKey === deviceKey && d.revokedAt === null);
    for (const row of rows) this.revokeDevice(row);
    return rows.length;
  }

  /** Revokes a device row and closes its connections now. */
  private revokeDevice(row: DeviceRow): void {
    const deviceId = row.id;
    this.revokeRow(row);
    for (const set of this.tracked.values()) {
      for (const t of [...set]) {
        if (t.device.id === deviceId) {
          t.device = { ...t.device, revokedAt: new Date().toISOString() };
          this.reevaluate(t);
        }
      }
    }
  }

  private reevaluate(t: Tracked): void {
    const entry = t.session.docs.get(t.documentName);
    if (!entry || entry.phase === 'refused') return;
    const result = this.evaluate(t.device, t.documentName);
    if (!result.ok) {
      entry.phase = 'refused';
      entry.access = null;
      entry.identity = null;
      this.options.log('revoked', `Lukker ${entry.participant?.name ?? t.device.participantId}s forbindelse til ${t.documentName}: ${result.reason}.`);
      t.context.reject(CLOSE_REVOKED, 'revoked', result.revoked ? REVOKED_REASON : `${result.reason} til ${t.documentName}`);
      return;
    }
    entry.identity = result.actor;
    if (entry.access !== result.access) {
      entry.access = result.access;
      // Hocuspocus' own read-only flag, so that a member who gains write access can write.
      const connection = this.options.hocuspocus.documents
        .get(t.documentName)
        ?.getConnections()
        .find((c) => (c.context as SessionContext | undefined)?.session === t.session);
      if (connection) connection.readOnly = result.access === 'read';
    }
  }

  private revokeRow(device: DeviceRow): void {
    if (device.revokedAt) return;
    const at = new Date().toISOString();
    void this.tables
      .revokeDevice(device.id, at)
      .then((changed) => {
        if (!changed || !this.relay) return;
        const { id: _id, ...shared } = device;
        return this.relay.revoke(shared, at);
      })
      .catch(() => {});
  }

  // --- authors -------------------------------------------------------------------------------------

  /** The author recorded with an update applied with `origin` (Hocuspocus passes the sending
   *  Connection as the transaction origin; Redis and direct connections pass something else). */
  static authorOf(documentName: string, origin: unknown): UpdateAuthor {
    const context = (origin as Connection | undefined)?.context as SessionContext | undefined;
    const entry = context?.session?.docs?.get(documentName);
    const actor = identityOf(entry);
    return {
      participantId: actor?.participantId ?? null,
      deviceKey: actor?.deviceKey ?? null,
      name: actor?.name ?? entry?.participant?.name ?? null,
      organisation: actor?.organisation ?? null,
    };
  }
}
