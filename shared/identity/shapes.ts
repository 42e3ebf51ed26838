// The shapes of identity data that live in the agreement's documents: the participant directory
// (in the structure document, map `participants`), device certificates and the signature on every
// position and decision-log entry. Rules and trust model: ARCHITECTURE.md beside this file.
// Only shapes here (zod, plain data); signing and verifying live in their own modules.
import { z } from 'zod';
import { Role, Side } from '../domain/agreement.ts';

/** An Ed25519 public key: base64url (no padding) of the raw 32 bytes. */
export const PublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'ugyldig offentlig nøgle');
export type PublicKey = z.infer<typeof PublicKey>;

/** An Ed25519 signature: base64url (no padding) of the 64 bytes. */
export const SignatureB64 = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'ugyldig underskrift');
export type SignatureB64 = z.infer<typeof SignatureB64>;

/** A SHA-256 digest, base64url without padding (entry hashes, the decision log's chain). */
export const Digest = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'ugyldig hashværdi');
export type Digest = z.infer<typeof Digest>;

const Id = z.string().min(1).max(120);
const Name = z.string().trim().min(1).max(300);
const Timestamp = z.string().min(1).max(40); // ISO 8601

/** One device key of a participant that the secretariat revoked (lost or stolen), and the entries
 *  made with it that stand: those the secretariat's replica held when it revoked (by entry hash). */
export const DeviceRevocation = z.object({
  deviceKey: PublicKey,
  at: Timestamp,
  standing: z.array(Digest).max(10_000),
});
export type DeviceRevocation = z.infer<typeof DeviceRevocation>;

/** The fields of a participant entry the secretariat signs. */
export const ParticipantFields = z.object({
  id: Id,
  name: Name,
  organisation: Name,
  side: Side,
  role: Role,
  /** Theme groups the participant belongs to (the one source of theme-group membership). */
  themeGroupIds: z.array(Id).max(200),
  /** Public key derived from the invitation's one-time secret; signs the participant's device
   *  certificates. Null for the founding secretariat (its device key is the agreement's root key). */
  invitePublicKey: PublicKey.nullable(),
  /** Set when the participant left or was removed: entries made after are not counted; entries
   *  listed in `standing` (what the secretariat held at removal) stand. */
  removed: z.object({ at: Timestamp, standing: z.array(Digest).max(10_000) }).nullable(),
  revokedDevices: z.array(DeviceRevocation).max(100),
  /** Increases with every signed change of the entry; the highest valid version wins. */
  version: z.number().int().nonnegative(),
  updatedAt: Timestamp,
});
export type ParticipantFields = z.infer<typeof ParticipantFields>;

/** A device's certificate: the participant's invitation key vouches for a key made on that device.
 *  The founding secretariat's device key is the root key and needs none (inviteSignature null). */
export const DeviceCert = z.object({
  participantId: Id,
  deviceKey: PublicKey,
  at: Timestamp,
  inviteSignature: SignatureB64.nullable(),
});
export type DeviceCert = z.infer<typeof DeviceCert>;

/** A participant entry as stored in the structure's `participants` map, keyed by `id`. */
export const ParticipantEntry = ParticipantFields.extend({
  /** The secretariat participant who signed this version (null: signed with the root key). */
  signedBy: Id.nullable(),
  signerKey: PublicKey,
  /** The signing secretariat device's certificate (proves `signerKey` is `signedBy`'s device); not
   *  needed (absent or null) when signed with the root key. Not part of the signed message: it is
   *  signed by the signer's invitation key itself. */
  signerCert: DeviceCert.nullable().optional(),
  signature: SignatureB64,
});
export type ParticipantEntry = z.infer<typeof ParticipantEntry>;

/** The signature carried by a position (and so by its decision-log entry). */
export const PositionSignature = z.object({
  v: z.literal(1),
  /** Bound into the signed message: a signature cannot be replayed on another section. */
  agreementId: Id,
  sectionId: Id,
  participantId: Id,
  deviceCert: DeviceCert,
  /** Hash of the clause's latest decision-log entry the signer held (null: the first). */
  prev: Digest.nullable(),
  /** signedHash of this device's latest entry in the section whose signature it checked (null: none;
   *  absent on signatures made before endorsements): it vouches for that entry (endorsement.ts). */
  prevOwn: Digest.nullable().optional(),
  signature: SignatureB64,
});
export type PositionSignature = z.infer<typeof PositionSignature>;
