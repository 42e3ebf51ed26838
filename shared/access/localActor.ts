// Who the person at this machine is, for the rules (rules.ts), in one agreement: the participant
// their agreement identity names in the structure's verified directory (settings key
// `identity/<agreement>`, kept by electron/workspace/identity.ts), or — in an agreement they have not joined through a server — their
// self-chosen profile, unproven: its role and side for every section (as a meeting guest without a
// directory), writing the structure only with the secretariat role. The workspace's local push and the UI use the same actor.
import type * as Y from 'yjs';
import { z } from 'zod';
import type { Profile } from '../domain/agreement.ts';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import { DeviceCert } from '../identity/shapes.ts';
import type { Verify } from '../identity/verifier.ts';
import { hasDirectory } from './directory.ts';
import { verifiedActor } from './verifiedDirectory.ts';
import type { Actor } from './rules.ts';

/** The settings key of a workspace's identity in one agreement (electron/workspace/identity.ts). */
export const identityKey = (agreementId: string) => `identity/${agreementId}`;

/** The part of the stored identity the rules need (the rest is the identity flow's). */
export const StoredIdentity = z
  .object({ participantId: z.string().min(1).max(120), pinnedRootKey: z.string().max(100).optional(), deviceCert: DeviceCert.optional() })
  .passthrough();

/** Theme-group ids of a structure document, without reading (parsing) every entry. */
function themeGroupIds(structure: Y.Doc | null): string[] {
  return structure ? [...structure.getMap(STRUCTURE_KEYS.themeGroups).keys()] : [];
}

/**
 * The local actor in the agreement of `structure`: `identity` (the stored value of identityKey,
 * unparsed) names a directory participant; else `profile`; null without either.
 */
export function localActor(structure: Y.Doc | null, identity: unknown, profile: Profile | null, verify: Verify): Actor | null {
  const stored = StoredIdentity.safeParse(identity);
  if (structure && stored.success && hasDirectory(structure)) {
    const { participantId, pinnedRootKey, deviceCert } = stored.data;
    return verifiedActor(structure, participantId, verify, { pinnedRootKey: pinnedRootKey ?? null, deviceCert });
  }
  if (!profile) return null;
  return {
    side: profile.side,
    role: profile.role,
    themeGroupIds: themeGroupIds(structure),
    everySection: true,
    agreementIds: null,
    removed: false,
    mayWriteStructure: profile.role === 'sekretariat',
    participantId: null,
  };
}
