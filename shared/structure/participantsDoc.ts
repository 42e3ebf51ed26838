// The participant directory as it sits in an agreement's structure document (map `participants`,
// one ParticipantEntry per participant, keyed by id; shapes and trust rules in shared/identity).
// Reading only: entries are written by the main process, signed by the secretariat
// (electron/workspace/participants.ts). Whether an entry's signature is valid is for the identity
// verifier to say; this module only reads what has the right shape.
import type * as Y from 'yjs';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import { ParticipantEntry } from '../identity/shapes.ts';

/** Every entry of the directory that has the shape of one, in name order. */
export function readParticipants(doc: Y.Doc): ParticipantEntry[] {
  const out: ParticipantEntry[] = [];
  doc.getMap(STRUCTURE_KEYS.participants).forEach((value, key) => {
    const parsed = ParticipantEntry.safeParse(value);
    if (parsed.success && parsed.data.id === key) out.push(parsed.data);
  });
  return out.sort((a, b) => a.name.localeCompare(b.name, 'da') || a.id.localeCompare(b.id));
}

/** One participant's entry, or null. */
export function readParticipant(doc: Y.Doc, participantId: string): ParticipantEntry | null {
  const parsed = ParticipantEntry.safeParse(doc.getMap(STRUCTURE_KEYS.participants).get(participantId));
  return parsed.success && parsed.data.id === participantId ? parsed.data : null;
}

/** Writes (replaces) one participant's entry: the caller has signed it. */
export function writeParticipant(doc: Y.Doc, entry: ParticipantEntry): void {
  doc.getMap(STRUCTURE_KEYS.participants).set(entry.id, ParticipantEntry.parse(entry));
}

/**
 * Where a participant stands, as the secretariat's screen shows it:
 * - `created`: in the directory, no invitation made yet;
 * - `invited`: an invitation key is in the entry (the invitation may not be used yet);
 * - `joined`: a device of theirs is known (`knownDevices`: device keys seen with this participant,
 *   e.g. in the decision log's signatures, or this workspace's own key for its own entry);
 * - `removed`: the secretariat removed them.
 */
export type ParticipantStatus = 'created' | 'invited' | 'joined' | 'removed';

export function participantStatus(entry: ParticipantEntry, knownDevices: readonly string[] = []): ParticipantStatus {
  if (entry.removed) return 'removed';
  const revoked = new Set(entry.revokedDevices.map((d) => d.deviceKey));
  if (knownDevices.some((key) => !revoked.has(key))) return 'joined';
  return entry.invitePublicKey ? 'invited' : 'created';
}

export const participantStatusLabel: Record<ParticipantStatus, string> = {
  created: 'Ikke inviteret',
  invited: 'Inviteret',
  joined: 'Tilsluttet',
  removed: 'Fjernet',
};
