// The structure's participant directory (map `participants`, shared/identity/shapes.ts) as the rules
// look at it before verifying anything: whether an agreement has one at all (then every path asks
// for proof of who acts; verifiedDirectory.ts gives the actor an entry verifies to), and NOBODY, the
// actor of someone the directory does not (validly) name.
import type * as Y from 'yjs';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import type { Actor } from './rules.ts';

/** Someone the directory does not (or no longer validly) name: reads nothing, writes nothing. */
export const NOBODY: Actor = { side: 'praksis', role: 'observatoer', themeGroupIds: [], agreementIds: [], removed: true, mayWriteStructure: false, participantId: null };

/** Whether the structure has a participant directory (an agreement that joined a server: it has a
 *  root key, or entries). */
export function hasDirectory(structure: Y.Doc): boolean {
  return structure.getMap(STRUCTURE_KEYS.meta).get('rootKey') !== undefined || structure.getMap(STRUCTURE_KEYS.participants).size > 0;
}
