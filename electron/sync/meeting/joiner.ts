// Who joined a meeting, for the rules (shared/access/rules.ts): the host refuses what the
// secretariat's server would refuse, with the joiner's rights. A guest may claim a directory
// participant: their id, their device certificate and an Ed25519 signature by that device's key over
// the host's per-session challenge (the meeting certificate's fingerprint, fresh for every meeting,
// which the guest pins anyway). In an agreement with a directory the host's structure decides: a
// proven participant whose entry verifies (shared/identity) and whose device certificate holds gets
// their entry's rights, anyone else none. In an agreement without one
// (local agreements), the guest is a member of the side they claim for every section and never
// writes the structure. Decided at every update (the directory may arrive after the guest).
import type crypto from 'node:crypto';
import type * as Y from 'yjs';
import { z } from 'zod';
import { hasDirectory, NOBODY } from '../../../shared/access/directory.ts';
import { verifiedActor } from '../../../shared/access/verifiedDirectory.ts';
import { signBytes, verifyBytes } from '../../identity/ed25519.ts';
import type { Actor } from '../../../shared/access/rules.ts';
import type { Side } from '../../../shared/domain/agreement.ts';
import { STRUCTURE_KEYS } from '../../../shared/documents/keys.ts';
import { normaliseCode } from '../../../shared/domain/meetingCode.ts';
import { DeviceCert, SignatureB64 } from '../../../shared/identity/shapes.ts';

export const JoinClaim = z
  .object({
    participantId: z.string().min(1).max(120),
    deviceCert: DeviceCert,
    /** Ed25519 by deviceCert.deviceKey over joinChallenge(fingerprint), base64url. */
    proof: SignatureB64,
  })
  .strict();
export type JoinClaim = z.infer<typeof JoinClaim>;

/** What a joiner signs: bound to this meeting (its certificate), so it cannot be replayed at another. */
export function joinChallenge(fingerprint: string): Uint8Array {
  // As typed or as shown: the same challenge (no case, spaces or dashes).
  return new TextEncoder().encode(`enighed/meeting-join/v1\n${normaliseCode(fingerprint)}`);
}

/** Null when the claim's device key signed this meeting's challenge; else why not (Danish). Whether
 *  the device certificate holds for the participant is checked against the directory (joinerActor). */
export function claimProblem(claim: JoinClaim, fingerprint: string): string | null {
  if (claim.deviceCert.participantId !== claim.participantId) return 'enhedscertifikatet hører til en anden deltager';
  return verifyBytes(claim.deviceCert.deviceKey, joinChallenge(fingerprint), claim.proof) ? null : 'beviset passer ikke til mødet';
}

/** Signs the challenge of the meeting with `fingerprint` (the guest's side). */
export function proveJoin(privateKey: crypto.KeyObject, fingerprint: string): string {
  return signBytes(privateKey, joinChallenge(fingerprint));
}

/** A guest who claims a side without a directory to prove anything: a member of that side for
 *  every section, never the structure; without a side, one who only reads and comments. */
export function claimedSideActor(side: Side | null): Actor {
  return {
    side: side ?? 'praksis',
    role: side ? 'medlem' : 'observatoer',
    themeGroupIds: [],
    agreementIds: null,
    removed: false,
    mayWriteStructure: false,
    participantId: null,
    everySection: true,
  };
}

/**
 * The joiner's actor in the agreement of `structure`, given what it proved (`proven`: its claim
 * verified against this meeting, or null) and the side it claims. Null while the host holds nothing
 * of the agreement (no structure yet): a guest may bring it, as a bundle may bring a new agreement,
 * and only the document check applies until its structure is there.
 */
export function joinerActor(structure: Y.Doc | null, proven: JoinClaim | null, side: Side | null): Actor | null {
  if (!structure || structure.getMap(STRUCTURE_KEYS.meta).size === 0) return null;
  if (!hasDirectory(structure)) return claimedSideActor(side);
  if (!proven) return NOBODY;
  // The entry must verify (shared/identity), the device be certified for it and not revoked.
  return verifiedActor(structure, proven.participantId, verifyBytes, { deviceCert: proven.deviceCert });
}
