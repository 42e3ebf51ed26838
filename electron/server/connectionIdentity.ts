// Who is behind a connection to one document — name, organisation, participant, device — in one
// plain shape for every way in (a device of a directory participant, a server-level secretariat
// account, a grant of the legacy access file, an open server): what the audit records with each
// update and what membership.ts keeps live (replaced on every change of the agreement's directory,
// before the next message of that connection is handled). The rights themselves are the one rule's
// (shared/access/rules.ts), asked per update through actor.ts.
import type { Role, Side } from '../../shared/domain/agreement.ts';
import type { Grant } from '../sync/access.ts';

export interface ConnectionIdentity {
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

export function identityOfGrant(grant: Grant, agreementId: string | null): ConnectionIdentity {
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

/** The identity of one document's connection, read from the per-connection state the server keeps
 *  (socketSession.ts' DocEntry, `context.session.docs.get(documentName)`); null before admission or
 *  for a host whose own `authenticate` names none. */
export function identityOf(entry: { identity: ConnectionIdentity | null } | undefined | null): ConnectionIdentity | null {
  return entry?.identity ?? null;
}

/** The same from a Hocuspocus connection's context (`connection.context`, or a hook payload's
 *  `context`) and the document's name. */
export function identityOfContext(context: unknown, documentName: string): ConnectionIdentity | null {
  const session = (context as { session?: { docs?: Map<string, { identity: ConnectionIdentity | null }> } } | undefined)?.session;
  return identityOf(session?.docs?.get(documentName));
}
