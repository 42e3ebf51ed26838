// What the write check (checkWrite's `hooks.positionProblem`) asks of every new position on the
// server, the meeting host and the bundle importer: that it counts in the agreement's directory
// (shared/identity/positionVerdict.ts), so a forged, altered, replayed or unsigned position is
// refused wherever a path can refuse it, not only shown as *ikke verificeret*.
//
// Two kinds are let through although they count nowhere, because honest replicas hold and pass
// them on and refusing them would cut those replicas off for good (every sync step carries them):
// positions genuinely signed with a key revoked since (or by a member removed since), and any
// position of an agreement without a directory (a local agreement: nothing to verify against).
import type * as Y from 'yjs';
import { Position } from '../negotiation/position.ts';
import { positionVerdict } from '../identity/positionVerdict.ts';
import type { Verify } from '../identity/verifier.ts';
import { parseDocId } from '../structure/docIds.ts';
import { directoryOf } from './verifiedDirectory.ts';

/** A positionProblem hook judging against the structure `structureFor(docId)` returns (the
 *  agreement's structure as this host holds it, or will hold it after the import). */
export function positionProblemFor(structureFor: (docId: string) => Y.Doc | null, verify: Verify): (value: unknown, docId: string) => string | null {
  return (value, docId) => {
    const doc = parseDocId(docId);
    if (doc?.kind !== 'section') return null;
    const parsed = Position.safeParse(value);
    if (!parsed.success) return 'en stillingtagen har ikke den forventede form.';
    const structure = structureFor(docId);
    if (!structure) return null; // no agreement here yet: nothing to verify against
    const verdict = positionVerdict(parsed.data, { agreementId: doc.agreementId, sectionId: doc.sectionId, directory: directoryOf(structure, verify) });
    switch (verdict.status) {
      case 'verified':
      case 'local':
        return null;
      case 'legacy':
        return 'en stillingtagen uden underskrift tæller ikke i en aftale med deltagerliste; tag stilling igen i den nye version af Enighed.';
      case 'unverified':
        return verdict.revoked || verdict.pending ? null : `stillingtagen kan ikke verificeres: ${verdict.reason}`;
    }
  };
}
