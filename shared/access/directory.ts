// The actor a participant id names in an agreement: their entry in the structure's participant
// directory (map `participants`, shared/identity/shapes.ts), read as the one asking holds it now, so
// a changed membership or a removal applies at once. Whether the entry's signature holds is
// shared/identity's to say: pass its verdict as `entryProblem` (default: the entry is taken as
// stored, which only the server — the directory's one writer besides the secretariat — may do).
import type * as Y from 'yjs';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import { ParticipantEntry } from '../identity/shapes.ts';
import { actorFromParticipant, type Actor } from './rules.ts';

/** Someone the directory does not (or no longer validly) name: reads nothing, writes nothing. */
export const NOBODY: Actor = { side: 'praksis', role: 'observatoer', themeGroupIds: [], agreementIds: [], removed: true, mayWriteStructure: false, participantId: null };

/** The participant's entry, or null when the directory has none that parses. */
export function participantEntry(structure: Y.Doc, participantId: string): ParticipantEntry | null {
  const parsed = ParticipantEntry.safeParse(structure.getMap(STRUCTURE_KEYS.participants).get(participantId));
  return parsed.success && parsed.data.id === participantId ? parsed.data : null;
}

/** Whether the structure has a participant directory (an agreement that joined a server). */
export function hasDirectory(structure: Y.Doc): boolean {
  return structure.getMap(STRUCTURE_KEYS.participants).size > 0;
}

/** The actor `participantId` is in `structure` now; NOBODY when the directory does not name them
 *  or `entryProblem` finds fault with the entry. */
export function actorInDirectory(structure: Y.Doc, participantId: string, entryProblem?: (entry: ParticipantEntry) => string | null): Actor {
  const entry = participantEntry(structure, participantId);
  if (!entry || entryProblem?.(entry)) return NOBODY;
  return actorFromParticipant(entry);
}
