// Running a structure command from the setup screen: the change is attributed to the profile, the
// command writes into the structure's Y.Doc (its DocConnection pushes the update), and a refusal
// (StructureError, Danish) comes back as a message for the form instead of an exception.
import type * as Y from 'yjs';
import { StructureError, type Change } from '../../../shared/structure/change.ts';
import { useServices } from '../services.ts';

export type Run = (write: (doc: Y.Doc, change: Change) => void) => string | null;

/** Returns `run`: null when the command was written, else why not (Danish). Several commands
 *  given in one `write` are one transaction (Yjs merges nested transactions); a refusal part-way
 *  keeps what the earlier ones wrote, so the forms check all their fields first. */
export function useRun(doc: Y.Doc | null): Run {
  const { profile } = useServices();
  return (write) => {
    const who = profile();
    if (!doc) return 'Aftalens struktur er ikke indlæst endnu.';
    if (!who) return 'Udfyld din profil først: ændringer bliver skrevet i dit navn.';
    const change: Change = { by: { name: who.name, organisation: who.organisation }, at: new Date().toISOString() };
    try {
      doc.transact(() => write(doc, change));
      return null;
    } catch (error) {
      if (error instanceof StructureError) return error.message;
      console.error('Opsætning', error);
      return 'Ændringen kunne ikke gemmes.';
    }
  };
}
