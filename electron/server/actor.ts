// Who is behind a connection to one document, as the rights checks read it: one plain shape for
// every way in (a device of a directory participant, a server-level secretariat account, a grant of
// the legacy access file, an open server). The server keeps it live: membership.ts replaces it on
// every change of the agreement's directory, before the next message of that connection is handled.
import type { Role, Side } from '../../shared/domain/agreement.ts';
import type { Grant } from '../sync/access.ts';

export interface Actor {
  /**
   * directory: a device of a participant entry of the agreement's structure (the rule);
   * bootstrap: a server-level secretariat account (`init-secretariat`) — it may create an agreement
   *   whose structure meta.rootKey equals its device key, and is that agreement's secretariat after;
   * access-file: a grant of the legacy access file; open: a server without access control.
   */
  source: 'directory' | 'bootstrap' | 'access-file' | 'open';
  /** The agreement the connection's document belongs to (null when not known, e.g. open). */
  agreementId: string | null;
  /** The participant entry's id (directory, bootstrap); null otherwise. */
  participantId: string | null;
  /** The device's Ed25519 public key (directory, bootstrap); null otherwise. */
  deviceKey: string | null;
  name: string;
  organisation: string | null;
  side: Side | null;
  role: Role | null;
  themeGroupIds: string[];
}

/** The grant rights a role stands for (electron/sync/access.ts decides per document from them). */
export function rightsOfRole(role: Role): Grant['rights'] {
  return role === 'sekretariat' ? 'secretariat' : role === 'observatoer' ? 'observer' : 'member';
}

export function actorOfGrant(grant: Grant, agreementId: string | null): Actor {
  return {
    source: 'access-file',
    agreementId,
    participantId: null,
    deviceKey: null,
    name: grant.name,
    organisation: grant.organisation,
    side: grant.side,
    role: grant.rights === 'secretariat' ? 'sekretariat' : grant.rights === 'observer' ? 'observatoer' : 'medlem',
    themeGroupIds: grant.themeGroupIds,
  };
}

/** The actor of one document's connection, read from the per-connection state the server keeps
 *  (socketSession.ts' DocEntry, `context.session.docs.get(documentName)`); null before admission or
 *  for a host whose own `authenticate` names none. */
export function actorOf(entry: { actor: Actor | null } | undefined | null): Actor | null {
  return entry?.actor ?? null;
}

/** The same from a Hocuspocus connection's context (`connection.context`, or a hook payload's
 *  `context`) and the document's name. */
export function actorOfContext(context: unknown, documentName: string): Actor | null {
  const session = (context as { session?: { docs?: Map<string, { actor: Actor | null }> } } | undefined)?.session;
  return actorOf(session?.docs?.get(documentName));
}
