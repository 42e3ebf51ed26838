// Who a joined person is: the name, organisation, side and role of their participant entry, which
// the secretariat signed — the same shape as the local profile a never-joined workspace keeps.
import type { Profile } from '../../../shared/domain/agreement.ts';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';

export function profileFromEntry(entry: ParticipantEntry): Profile {
  return { name: entry.name, organisation: entry.organisation, side: entry.side, role: entry.role };
}
