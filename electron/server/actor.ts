// Who acts on a connection, asked for every update: the one hook where the way a connection was
// authenticated (an access-file grant today, a participant's device later) becomes an Actor of the
// one rule (shared/access/rules.ts). A connection authenticated as a directory participant is
// looked up in the agreement's structure as the server holds it at that moment, so a removal or a
// changed membership applies on open connections without reconnecting.
import type * as Y from 'yjs';
import { NOBODY } from '../../shared/access/directory.ts';
import { verifiedActor } from '../../shared/access/verifiedDirectory.ts';
import { verifyBytes } from '../identity/ed25519.ts';
import type { Actor } from '../../shared/access/rules.ts';
import type { Participant } from './authenticate.ts';

export interface ConnectionContext {
  documentName: string;
  /** Who `authenticate` said the connection is. */
  participant: Participant | null;
  /** The agreement's structure document as the server holds it now (null: not there). */
  structure(): Y.Doc | null;
}

/** The connection's actor now; null when the host checks no rights for it (open access, a
 *  meeting host's own app). */
export function actorOf(ctx: ConnectionContext): Actor | null {
  const participant = ctx.participant;
  if (!participant) return null;
  if (participant.actorIn) return participant.actorIn(ctx.structure());
  if (participant.participantId !== undefined) {
    const structure = ctx.structure();
    // No structure on the server yet: the directory vouches for nobody.
    return structure ? verifiedActor(structure, participant.participantId, verifyBytes) : NOBODY;
  }
  return participant.actor ?? null;
}
