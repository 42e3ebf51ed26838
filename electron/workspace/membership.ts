// The workspace's membership: the server each joined agreement came from, the device token its
// sync uses, and the contract's participant and invitation methods
// (shared/api/participantsContract.ts). Who this workspace is in an agreement (participant id,
// device certificate, pinned root key) is identity.ts' (WorkspaceIdentity), and the device key is
// the DeviceKeyStore's. The service hands this a small port onto the workspace (WorkspacePort) and
// spreads its handlers; the steps themselves are in participants.ts (directory edits) and
// invitations.ts (both ends of an invitation).
// Nothing secret is kept in the settings table: the device key and tokens are sealed with the
// OS's secret store, or in owner-only files where it offers none.
import type * as Y from 'yjs';
import { z } from 'zod';
import type { SyncSettings } from '../../shared/api/contract.ts';
import { UserFacingError, type Handlers } from '../../shared/api/dispatch.ts';
import type { AgreementDetails, InvitationProgress } from '../../shared/api/participantsContract.ts';
import type { Agreement, Profile } from '../../shared/domain/agreement.ts';
import { DeviceCert, type ParticipantEntry } from '../../shared/identity/shapes.ts';
import { readParticipant } from '../../shared/structure/participantsDoc.ts';
import type { DeviceKeyStore } from '../identity/deviceKeyStore.ts';
import type { WorkspaceIdentity } from './identity.ts';
import type { DeviceTokens } from './deviceTokens.ts';
import { rootDeviceCert, signParticipantEntry, type EntrySigner } from '../identity/sign.ts';
import { entryUpdate, knownDevices, removeParticipant, revokeDevice, saveParticipant, type DirectoryHost } from './participants.ts';
import { inviteParticipant, openInvitation, type InvitationHost } from './invitations.ts';

/** What membership needs of the workspace service. */
export interface WorkspacePort {
  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
  agreementIds(): string[];
  agreement(agreementId: string): Agreement | null;
  structure(agreementId: string): Y.Doc;
  sections(agreementId: string): Y.Doc[];
  /** The service's one write path. */
  apply(docId: string, update: Uint8Array): void;
  /** Adds an (empty) agreement to the file; sync then fetches its documents. */
  insertAgreement(agreementId: string): void;
  /** Reconnects sync with the stored settings. */
  reconnect(): void;
  /** Called on every change of any structure document. */
  onStructureChanged(listener: () => void): () => void;
  setProfile(profile: Profile): void;
  progress(progress: InvitationProgress): void;
}

/** A server-level secretariat account (agreementId null) before it founds an agreement. */
const Founding = z.object({ participantId: z.string().min(1).max(120), deviceCert: DeviceCert, server: z.string().max(500) });
type Founding = z.infer<typeof Founding>;
const Servers = z.record(z.string(), z.string().max(500));

/** Settings keys (plain, non-secret data only). */
/** The server each joined agreement came from, by agreement id. */
const SERVERS_KEY = 'agreementServers';
/** A server-level secretariat account redeemed but not yet used to found an agreement. */
const FOUNDING_KEY = 'foundingIdentity';
/** The server the device token is for (the token itself is in `secrets`). */
const DEVICE_SYNC_KEY = 'deviceSync';

export type MembershipMethod =
  | 'agreementDetails'
  | 'saveParticipant'
  | 'inviteParticipant'
  | 'removeParticipant'
  | 'revokeDevice'
  | 'participantDevices'
  | 'openInvitation';

export class Membership<Ctx> {
  constructor(
    private readonly port: WorkspacePort,
    private readonly identity: WorkspaceIdentity,
    private readonly keys: DeviceKeyStore,
    private readonly tokens: DeviceTokens,
  ) {}

  // --- identities --------------------------------------------------------------------------------

  private servers(): Record<string, string> {
    const parsed = Servers.safeParse(this.port.getSetting(SERVERS_KEY));
    return parsed.success ? parsed.data : {};
  }

  /** Who this workspace is in `agreementId` and the server it came from, or null (never joined:
   *  the local profile). */
  private joinedAs(agreementId: string): { participantId: string; server: string | null } | null {
    const identity = this.identity.get(agreementId);
    return identity.participantId && identity.deviceCert ? { participantId: identity.participantId, server: this.servers()[agreementId] ?? null } : null;
  }

  private setIdentity(agreementId: string | null, identity: Founding & { rootKey: string | null }): void {
    const { rootKey, ...founding } = identity;
    if (agreementId === null) return this.port.setSetting(FOUNDING_KEY, Founding.parse(founding));
    this.identity.setAgreementIdentity(agreementId, { participantId: identity.participantId, deviceCert: identity.deviceCert, pinnedRootKey: rootKey ?? undefined });
    this.port.setSetting(SERVERS_KEY, { ...this.servers(), [agreementId]: identity.server });
  }

  private founding(): Founding | null {
    const parsed = Founding.safeParse(this.port.getSetting(FOUNDING_KEY));
    return parsed.success ? parsed.data : null;
  }

  /** The sync settings of a redeemed invitation (token `device:<token>`), or null. */
  deviceSync(): SyncSettings | null {
    const parsed = z.object({ url: z.string() }).safeParse(this.port.getSetting(DEVICE_SYNC_KEY));
    if (!parsed.success) return null;
    const token = this.tokens.get(parsed.data.url);
    return token ? { url: parsed.data.url, token: `device:${token}` } : null;
  }

  private serverUrl(): string | null {
    const parsed = z.object({ url: z.string() }).safeParse(this.port.getSetting(DEVICE_SYNC_KEY));
    if (parsed.success) return parsed.data.url;
    const plain = z.object({ url: z.string() }).safeParse(this.port.getSetting('sync'));
    return plain.success ? plain.data.url : null;
  }

  // --- founding an agreement ---------------------------------------------------------------------

  /**
   * A new agreement made in a workspace that redeemed a founding secretariat's invitation: its
   * meta gets this machine's device key as the root key. Returns the agreement unchanged otherwise.
   */
  asFounded(agreement: Agreement): Agreement {
    const founding = this.founding();
    if (!founding) return agreement;
    return { ...agreement, rootKey: this.keys.keyPair().publicKey };
  }

  /** After the structure of a founded agreement is written: the secretariat's own entry, signed
   *  with the root key, and the workspace's identity in the agreement. */
  afterFounded(agreement: Agreement, profile: Profile | null, at = new Date()): void {
    const founding = this.founding();
    if (!founding || !agreement.rootKey) return;
    const key = this.keys.keyPair();
    const entry = signParticipantEntry(
      agreement.id,
      {
        id: founding.participantId,
        name: profile?.name ?? 'Sekretariatet',
        organisation: profile?.organisation ?? 'Sekretariatet',
        side: profile?.side ?? 'region',
        role: 'sekretariat',
        themeGroupIds: [],
        invitePublicKey: null,
        removed: null,
        revokedDevices: [],
        version: 1,
        updatedAt: at.toISOString(),
      },
      { participantId: null, publicKey: key.publicKey, privateKey: key.privateKey },
    );
    this.port.apply(`${agreement.id}/structure`, entryUpdate(this.port.structure(agreement.id), entry));
    this.setIdentity(agreement.id, {
      participantId: founding.participantId,
      deviceCert: rootDeviceCert(founding.participantId, key.publicKey, at.toISOString()),
      server: founding.server,
      rootKey: key.publicKey,
    });
  }

  // --- hosts for participants.ts and invitations.ts ----------------------------------------------

  private directory(): DirectoryHost {
    return {
      structure: (id) => this.port.structure(id),
      sections: (id) => this.port.sections(id),
      writeStructure: (id, update) => this.port.apply(`${id}/structure`, update),
      signer: (id) => this.signer(id),
    };
  }

  /** This machine's key for signing the agreement's directory: the root key, or the device key of
   *  a secretariat participant. */
  private signer(agreementId: string): EntrySigner {
    const identity = this.joinedAs(agreementId);
    const rootKey = this.port.agreement(agreementId)?.rootKey;
    if (!identity || !rootKey) {
      throw new UserFacingError(
        'Deltagerlisten kan kun ændres af sekretariatet i en aftale, der er knyttet til en server. Åbn sekretariatets invitation først.',
      );
    }
    const key = this.keys.keyPair();
    if (key.publicKey === rootKey) return { participantId: null, publicKey: key.publicKey, privateKey: key.privateKey };
    const own = readParticipant(this.port.structure(agreementId), identity.participantId);
    if (!own || own.role !== 'sekretariat' || own.removed) throw new UserFacingError('Kun sekretariatet kan ændre deltagerlisten.');
    return { participantId: identity.participantId, publicKey: key.publicKey, privateKey: key.privateKey };
  }

  private invitationHost(): InvitationHost {
    return {
      directory: this.directory(),
      serverUrl: () => this.serverUrl(),
      rootKey: (id) => this.port.agreement(id)?.rootKey ?? null,
      title: (id) => this.port.agreement(id)?.title ?? null,
      deviceKey: () => this.keys.keyPair(),
      connect: (server, token) => {
        this.tokens.save(server, token);
        this.port.setSetting(DEVICE_SYNC_KEY, { url: server });
        // The plain token setting (the access file's bootstrap) gives way to the device token.
        this.port.setSetting('sync', undefined);
        this.port.reconnect();
      },
      setIdentity: (agreementId, identity) => this.setIdentity(agreementId, identity),
      addAgreement: (id) => {
        if (!this.port.agreementIds().includes(id)) this.port.insertAgreement(id);
      },
      whenStructure: (id, ms) => this.whenStructure(id, ms),
      joined: (agreementId, participantId) => {
        const entry = readParticipant(this.port.structure(agreementId), participantId);
        if (entry) this.port.setProfile(profileOf(entry));
      },
      progress: (step) => this.port.progress({ step }),
    };
  }

  private whenStructure(agreementId: string, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.port.agreement(agreementId) === null) return false;
        clearTimeout(timer);
        stop();
        resolve();
        return true;
      };
      const stop = this.port.onStructureChanged(() => void check());
      const timer = setTimeout(() => {
        stop();
        reject(new Error('timeout'));
      }, ms);
      check();
    });
  }

  // --- the contract's methods --------------------------------------------------------------------

  handlers(): Pick<Handlers<Ctx>, MembershipMethod> {
    return {
      agreementDetails: () => this.details(),
      saveParticipant: (input) => ({ participantId: saveParticipant(this.directory(), input) }),
      inviteParticipant: ({ agreementId, participantId }) => inviteParticipant(this.invitationHost(), agreementId, participantId),
      removeParticipant: ({ agreementId, participantId }) => ({ standing: removeParticipant(this.directory(), agreementId, participantId) }),
      revokeDevice: ({ agreementId, participantId, deviceKey }) => ({ standing: revokeDevice(this.directory(), agreementId, participantId, deviceKey) }),
      participantDevices: ({ agreementId }) => knownDevices(this.port.sections(agreementId)),
      openInvitation: ({ text }) => openInvitation(this.invitationHost(), text),
    };
  }

  private details(): AgreementDetails[] {
    return this.port.agreementIds().flatMap((agreementId) => {
      const agreement = this.port.agreement(agreementId);
      if (!agreement) return [];
      const identity = this.joinedAs(agreementId);
      return [
        {
          agreementId,
          region: agreement.parties.find((p) => p.id === agreement.regionPartyId)?.name ?? null,
          server: identity?.server ?? null,
          participantId: identity?.participantId ?? null,
        },
      ];
    });
  }
}

function profileOf(entry: ParticipantEntry): Profile {
  return { name: entry.name, organisation: entry.organisation, side: entry.side, role: entry.role };
}
