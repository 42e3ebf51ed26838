// The members of a theme group as the setup screen and the section header show them: the
// participants whose `themeGroupIds` name the group (the participant directory, map `participants`
// of the structure document; shared/identity/shapes.ts), and, for documents from before the
// directory, the group's own `members` list. Read-only here: the participants screen keeps the
// directory. Entries are read by their shape only; whether an entry's signature is valid is the
// directory's to decide (shared/identity), and a removed participant is not a member.
import { readParticipants } from './participantsDoc.ts';
import type * as Y from 'yjs';
import type { Role, Side, ThemeGroup } from '../domain/agreement.ts';
import { ParticipantEntry } from '../identity/shapes.ts';

export interface GroupMember {
  id: string;
  name: string;
  organisation: string;
  side: Side;
  role: Role;
  /** `directory`: a participant entry; `legacy`: the group's old `members` list. */
  source: 'directory' | 'legacy';
}

/** Every participant of the directory that has not been removed (participantsDoc.ts reads them). */
export function activeParticipants(doc: Y.Doc): ParticipantEntry[] {
  return readParticipants(doc).filter((entry) => entry.removed === null);
}

/** The group's members, directory first, by name; a legacy member whose id is also a participant's
 *  is shown once (as the participant). */
export function themeGroupMembers(group: ThemeGroup, participants: readonly ParticipantEntry[]): GroupMember[] {
  const fromDirectory: GroupMember[] = participants
    .filter((p) => p.themeGroupIds.includes(group.id))
    .map((p) => ({ id: p.id, name: p.name, organisation: p.organisation, side: p.side, role: p.role, source: 'directory' }));
  const ids = new Set(fromDirectory.map((m) => m.id));
  const legacy: GroupMember[] = group.members.filter((m) => !ids.has(m.id)).map((m) => ({ ...m, source: 'legacy' }));
  const byName = (a: GroupMember, b: GroupMember) => a.name.localeCompare(b.name, 'da');
  return [...fromDirectory.sort(byName), ...legacy.sort(byName)];
}

/** The co-chair of `side` as a member, or null when none is chosen or they are no longer a member. */
export function coChair(group: ThemeGroup, members: readonly GroupMember[], side: 'region' | 'kommune'): GroupMember | null {
  const id = group.coChairs[side];
  return (id && members.find((m) => m.id === id && m.side === side)) || null;
}
