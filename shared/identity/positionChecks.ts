// The signature checks behind the current positions of sections: what verifying an agreement's
// positions from cold means (verified ahead on a pool of threads in the main process, then judged
// one at a time from the cache; electron/identity/verifyPool.ts).
import type * as Y from 'yjs';
import { allCurrentPositions } from '../negotiation/positionsDoc.ts';
import { positionSignatureCheck } from './positionVerdict.ts';
import type { SignatureCheck } from './verifier.ts';

export function* currentPositionChecks(sectionDocs: Iterable<Y.Doc>): Generator<SignatureCheck> {
  for (const doc of sectionDocs) {
    for (const position of allCurrentPositions(doc)) {
      const check = positionSignatureCheck(position);
      if (check) yield check;
    }
  }
}
