// The signature checks that judging the current positions of sections needs: what verifying an
// agreement's positions from cold means (verified ahead in the main process, then judged one at a
// time from the cache; electron/identity/verifyPool.ts). A position that a current position of the
// same device vouches for (endorsement.ts) is left out: it holds when its voucher does, so each
// device's chain costs the check of its latest entry.
import type * as Y from 'yjs';
import { allCurrentPositions } from '../negotiation/positionsDoc.ts';
import { endorsementsOf } from './endorsement.ts';
import { positionSignatureCheck } from './signedBytes.ts';
import type { SignatureCheck } from './verifier.ts';

export function* currentPositionChecks(sectionDocs: Iterable<Y.Doc>): Generator<SignatureCheck> {
  for (const doc of sectionDocs) {
    const endorsements = endorsementsOf(doc);
    for (const position of allCurrentPositions(doc)) {
      if (endorsements.hasCurrentVoucher(position)) continue;
      const check = positionSignatureCheck(position);
      if (check) yield check;
    }
  }
}
