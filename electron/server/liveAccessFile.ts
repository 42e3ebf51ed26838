// The access file as it is now (electron/sync/access.ts): the bootstrap and legacy path beside
// device tokens (membership.ts). The file can be replaced while the server runs (main.ts watches
// it): a token taken out of it, or whose grant no longer opens a document, has its open connections
// closed at once (CLOSE_REVOKED), and a changed grant (side, rights, theme groups) applies to open
// connections without reconnecting — as a directory change does for devices.
import type { Hocuspocus } from '@hocuspocus/server';
import type { Agreement } from '../../shared/domain/agreement.ts';
import { accessTo, grantActor, grantForToken, hashToken, type AccessFile, type Grant } from '../sync/access.ts';
import { UNKNOWN_TOKEN_REASON, type Authenticate, type Participant } from './authenticate.ts';
import { CLOSE_REVOKED } from './closeCodes.ts';
import type { SessionContext } from './socketGate.ts';
import type { SocketSession } from './socketSession.ts';

interface Tracked {
  context: SessionContext;
  documentName: string;
  tokenSha256: string;
}

const participantOf = (grant: Grant): Participant => ({ key: grant.tokenSha256, name: grant.name, side: grant.side, actor: grantActor(grant) });

export class LiveAccessFile {
  private readonly tracked = new Set<Tracked>();

  constructor(
    private access: AccessFile,
    private readonly agreementFor: (documentName: string) => Agreement | null,
    private readonly hocuspocus: Hocuspocus,
    private readonly log: (line: string) => void,
  ) {}

  /** The token must open a grant in the file, and the grant decides per document (accessTo). */
  readonly authenticate: Authenticate = ({ token, documentName }) => {
    const grant = grantForToken(this.access, token);
    if (!grant) return { ok: false, cause: 'unknown-token', reason: UNKNOWN_TOKEN_REASON };
    const participant = participantOf(grant);
    const level = accessTo(grant, documentName, this.agreementFor(documentName));
    if (level === 'none') return { ok: false, cause: 'no-access', reason: 'ingen adgang', participant };
    return { ok: true, access: level, participant };
  };

  /** Keeps an admitted connection's grant live (called for tokens this file answered). */
  track(context: SessionContext, documentName: string, token: string): void {
    if (grantForToken(this.access, token)) this.tracked.add({ context, documentName, tokenSha256: hashToken(token) });
  }

  untrack(session: SocketSession, documentName: string): void {
    for (const t of this.tracked) if (t.context.session === session && t.documentName === documentName) this.tracked.delete(t);
  }

  /** Takes a new version of the file: every open connection gets its grant and access again. */
  replace(access: AccessFile): void {
    this.access = access;
    for (const t of [...this.tracked]) {
      const entry = t.context.session.docs.get(t.documentName);
      if (!entry || entry.phase === 'refused') {
        this.tracked.delete(t);
        continue;
      }
      const grant = access.grants.find((g) => g.tokenSha256 === t.tokenSha256) ?? null;
      const level = grant ? accessTo(grant, t.documentName, this.agreementFor(t.documentName)) : 'none';
      if (!grant || level === 'none') {
        this.tracked.delete(t);
        entry.phase = 'refused';
        entry.access = null;
        this.log(`Lukker ${entry.participant?.name ?? 'ukendt'}s forbindelse til ${t.documentName}: ${grant ? 'ingen adgang længere' : 'adgangskoden er fjernet fra adgangsfilen'}.`);
        t.context.reject(CLOSE_REVOKED, 'revoked', grant ? `ingen adgang til ${t.documentName}` : 'Adgangskoden er fjernet.');
        continue;
      }
      entry.participant = participantOf(grant);
      if (entry.access !== level) {
        entry.access = level;
        const connection = this.hocuspocus.documents
          .get(t.documentName)
          ?.getConnections()
          .find((c) => (c.context as SessionContext | undefined)?.session === t.context.session);
        if (connection) connection.readOnly = level === 'read';
      }
    }
  }
}
