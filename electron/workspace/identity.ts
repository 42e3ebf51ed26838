// The workspace's identity in each agreement it joined: which participant it is, the certificate of
// this device's key, and the agreement's pinned root key (shared/identity/ARCHITECTURE.md, "Trust
// anchor"), kept in the workspace's SQLite settings; and signing positions with the device key
// (electron/identity/deviceKeyStore.ts) in the main process. The service exposes this through the
// contract (signPosition, agreementIdentity); the invitation flow calls setAgreementIdentity.
import { joinChallenge, type JoinClaim } from '../sync/meeting/joiner.ts';
import type { BundleSigner } from '../sync/bundle/format.ts';
import { signBytes } from '../identity/ed25519.ts';
import { z } from 'zod';
import { UserFacingError, type Handlers } from '../../shared/api/dispatch.ts';
import type { AgreementIdentityView } from '../../shared/api/contract.ts';
import { DeviceCert, PublicKey } from '../../shared/identity/shapes.ts';
import { Position } from '../../shared/negotiation/position.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';
import type { Store } from '../store/store.ts';
import { signPosition, vouchedPrevious } from '../identity/sign.ts';
import type { DeviceKeyStore } from '../identity/deviceKeyStore.ts';

/** What the workspace stores per agreement (settings key `identity/<agreementId>`). */
export const AgreementIdentity = z.object({
  /** The participant this workspace is in the agreement; null before it joined (only pinned). */
  participantId: z.string().min(1).max(120).nullable(),
  deviceCert: DeviceCert.nullable(),
  /** The root key pinned the first time the workspace got it; null: none yet. */
  pinnedRootKey: PublicKey.nullable(),
});
export type AgreementIdentity = z.infer<typeof AgreementIdentity>;


const settingKey = (agreementId: string) => `identity/${agreementId}`;
const NONE: AgreementIdentity = { participantId: null, deviceCert: null, pinnedRootKey: null };

export class WorkspaceIdentity {
  constructor(
    private readonly store: () => Store,
    private readonly keys: DeviceKeyStore,
  ) {}

  /** The stored identity of the workspace in `agreementId` (all null when none). A stored value that
   *  does not validate is treated as none, never trusted. */
  get(agreementId: string): AgreementIdentity {
    const parsed = AgreementIdentity.safeParse(this.store().getSetting(settingKey(agreementId)));
    return parsed.success ? parsed.data : NONE;
  }

  view(agreementId: string): AgreementIdentityView {
    return { ...this.get(agreementId), deviceKey: this.keys.keyPair().publicKey };
  }

  /** This device's public key (the invitation flow has it certified). */
  deviceKey(): string {
    return this.keys.keyPair().publicKey;
  }

  /** Records who this workspace is in `agreementId` once it joined (the invitation flow). The
   *  certificate must be for this device's key. */
  setAgreementIdentity(agreementId: string, identity: { participantId: string; deviceCert: DeviceCert; pinnedRootKey?: string }): void {
    const cert = DeviceCert.parse(identity.deviceCert);
    if (cert.participantId !== identity.participantId) throw new UserFacingError('Enhedscertifikatet tilhører en anden deltager.');
    if (cert.deviceKey !== this.deviceKey()) throw new UserFacingError('Enhedscertifikatet er ikke til denne computers nøgle.');
    const before = this.get(agreementId);
    if (identity.pinnedRootKey && before.pinnedRootKey && before.pinnedRootKey !== identity.pinnedRootKey) {
      throw new UserFacingError('Aftalens rodnøgle er en anden end den, dette arbejdsområde kender aftalen med.');
    }
    const next: AgreementIdentity = {
      participantId: identity.participantId,
      deviceCert: cert,
      pinnedRootKey: before.pinnedRootKey ?? (identity.pinnedRootKey ? PublicKey.parse(identity.pinnedRootKey) : null),
    };
    this.store().setSetting(settingKey(agreementId), next);
  }

  /** Pins `rootKey` for `agreementId` unless a key is pinned already; returns the pinned key. */
  pinRootKey(agreementId: string, rootKey: string): string {
    const before = this.get(agreementId);
    if (before.pinnedRootKey) return before.pinnedRootKey;
    this.store().setSetting(settingKey(agreementId), { ...before, pinnedRootKey: PublicKey.parse(rootKey) });
    return rootKey;
  }

  /**
   * The position signed with this device's key when the workspace has an identity in the document's
   * agreement, else (an agreement it never joined) the position as it is, unsigned.
   */
  /** This device's signature of a host's challenge (a meeting join: joiner.ts) or of a bundle's
   *  content hash (bundle/author.ts). */
  signChallenge(bytes: Uint8Array): string {
    return signBytes(this.keys.keyPair().privateKey, bytes);
  }

  /** `ownCandidates`: each device's latest entry in the section (latestEntryPerDevice); this
   *  device's, if its signature verifies, is named as `prevOwn` (vouchedPrevious). */
  signPosition(docId: string, position: Position, prev: string | null, ownCandidates: readonly Position[] = []): Position {
    const parsed = parseDocId(docId);
    if (!parsed || parsed.kind !== 'section') throw new UserFacingError('Standpunkter tages kun i et afsnit.');
    const { sig: _ignored, ...fields } = Position.parse(position);
    const identity = this.get(parsed.agreementId);
    if (!identity.participantId || !identity.deviceCert) return fields;
    const pair = this.keys.keyPair();
    if (identity.deviceCert.deviceKey !== pair.publicKey) throw new UserFacingError('Denne computers nøgle passer ikke til enhedscertifikatet for aftalen.');
    return signPosition(fields, {
      agreementId: parsed.agreementId,
      sectionId: parsed.sectionId,
      participantId: identity.participantId,
      deviceCert: identity.deviceCert,
      prev,
      prevOwn: vouchedPrevious(ownCandidates, { agreementId: parsed.agreementId, sectionId: parsed.sectionId, deviceKey: pair.publicKey }),
      privateKey: pair.privateKey,
    });
  }
}

/** What this workspace proves joining a meeting about `agreementId` (electron/sync/meeting/joiner.ts):
 *  its participant, device certificate and the meeting's challenge signed; null without an identity. */
export function meetingClaim(identity: WorkspaceIdentity, agreementId: string, fingerprint: string): JoinClaim | null {
  const { participantId, deviceCert } = identity.get(agreementId);
  if (!participantId || !deviceCert) return null;
  return { participantId, deviceCert, proof: identity.signChallenge(joinChallenge(fingerprint)) };
}

/** How this workspace signs a change bundle of `agreementId` as its author (bundle/author.ts);
 *  undefined without an identity there (the bundle goes unsigned, as for a local agreement). */
export function bundleSigner(identity: WorkspaceIdentity, agreementId: string): BundleSigner | undefined {
  const { participantId, deviceCert } = identity.get(agreementId);
  if (!participantId || !deviceCert) return undefined;
  return { participantId, deviceCert, sign: (hash) => identity.signChallenge(hash) };
}

/** The contract's identity methods, served by `identity`. */
export function identityHandlers<Ctx>(identity: WorkspaceIdentity): Pick<Handlers<Ctx>, 'agreementIdentity' | 'signPosition'> {
  return {
    agreementIdentity: ({ agreementId }) => identity.view(agreementId),
    signPosition: ({ docId, position, prev, ownCandidates }) => identity.signPosition(docId, position, prev, ownCandidates),
  };
}
