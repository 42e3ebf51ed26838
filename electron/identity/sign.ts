// Signing the identity data: participant entries (the secretariat), device certificates (the
// invitation key) and positions (the device key). The bytes come from shared/identity/messages.ts,
// which the verifiers use too.
import type { KeyObject } from 'node:crypto';
import { Position } from '../../shared/negotiation/position.ts';
import { deviceCertMessage, participantMessage, positionMessage } from '../../shared/identity/messages.ts';
import {
  DeviceCert,
  ParticipantFields,
  PositionSignature,
  type Digest,
  type ParticipantEntry,
  type PublicKey,
} from '../../shared/identity/shapes.ts';
import { signBytes, verifyBytes } from './ed25519.ts';
import { positionSignatureCheck, signedHash } from '../../shared/identity/signedBytes.ts';
import { inviteKeyPair } from './invite.ts';

export interface EntrySigner {
  /** The secretariat participant signing, or null when signing with the root key. */
  participantId: string | null;
  publicKey: PublicKey;
  privateKey: KeyObject;
  /** The signing device's certificate; required when `participantId` is not null. */
  deviceCert?: DeviceCert | null;
}

/** A participant entry for the directory, signed by the root key or a secretariat device. */
export function signParticipantEntry(agreementId: string, fields: ParticipantFields, signer: EntrySigner): ParticipantEntry {
  const parsed = ParticipantFields.parse(fields);
  return {
    ...parsed,
    signedBy: signer.participantId,
    signerKey: signer.publicKey,
    ...(signer.participantId === null ? {} : { signerCert: DeviceCert.parse(signer.deviceCert) }),
    signature: signBytes(signer.privateKey, participantMessage(agreementId, parsed)),
  };
}

/** A device certificate: the invitation key (derived from its secret) vouches for `deviceKey`. */
export function signDeviceCert(agreementId: string, participantId: string, deviceKey: PublicKey, inviteSecret: string, at: string): DeviceCert {
  const cert = { participantId, deviceKey, at };
  const { privateKey } = inviteKeyPair(inviteSecret);
  return DeviceCert.parse({ ...cert, inviteSignature: signBytes(privateKey, deviceCertMessage(agreementId, cert)) });
}

/** The founding secretariat's certificate: its device key is the root key, so nothing vouches for it. */
export function rootDeviceCert(participantId: string, deviceKey: PublicKey, at: string): DeviceCert {
  return DeviceCert.parse({ participantId, deviceKey, at, inviteSignature: null });
}

export interface PositionSigningContext {
  agreementId: string;
  sectionId: string;
  participantId: string;
  deviceCert: DeviceCert;
  /** entryHash of the clause's latest decision-log entry this replica holds, or null. */
  prev: Digest | null;
  /** signedHash of this device's latest entry in the section, its signature checked (vouchedPrevious),
   *  or null; absent: the signature names none (as signatures made before endorsements). */
  prevOwn?: Digest | null;
  privateKey: KeyObject;
}

/**
 * What a new position of this device names as `prevOwn` (shared/identity/endorsement.ts): among
 * `candidates` (each device's latest entry in the section, latestEntryPerDevice), the one signed with
 * `deviceKey` for this agreement and section, if its signature verifies — its signed hash; else null.
 * Checked here because naming it vouches for it: an entry someone else wrote under this device's key
 * must never be vouched for by its next genuine one.
 */
export function vouchedPrevious(candidates: readonly Position[], ctx: { agreementId: string; sectionId: string; deviceKey: PublicKey }): Digest | null {
  for (let i = candidates.length - 1; i >= 0; i--) {
    const parsed = Position.safeParse(candidates[i]);
    if (!parsed.success) continue;
    const candidate = parsed.data;
    const sig = candidate.sig;
    if (!sig || sig.deviceCert.deviceKey !== ctx.deviceKey || sig.agreementId !== ctx.agreementId || sig.sectionId !== ctx.sectionId) continue;
    const check = positionSignatureCheck(candidate)!;
    return verifyBytes(check.publicKey, check.bytes, check.signature) ? signedHash(candidate) : null;
  }
  return null;
}

/**
 * The position with its signature. The position is validated first and signed in its validated form
 * (zod trims the reason), which is the form recordPosition stores, so what is stored is what is signed.
 */
export function signPosition(position: Omit<Position, 'sig'>, ctx: PositionSigningContext): Position {
  const { sig: _unsigned, ...fields } = Position.parse({ ...position, sig: undefined });
  const unsigned = {
    v: 1 as const,
    agreementId: ctx.agreementId,
    sectionId: ctx.sectionId,
    participantId: ctx.participantId,
    deviceCert: ctx.deviceCert,
    prev: ctx.prev,
    ...(ctx.prevOwn === undefined ? {} : { prevOwn: ctx.prevOwn }),
  };
  const sig = PositionSignature.parse({ ...unsigned, signature: signBytes(ctx.privateKey, positionMessage(fields, unsigned)) });
  return { ...fields, sig };
}
