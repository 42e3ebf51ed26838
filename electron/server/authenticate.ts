// Who a connection is and what it may do with one document: the server asks an `Authenticate`
// function for every document a socket opens. The secretariat's server answers from device tokens
// (membership.ts) and its access file (liveAccessFile.ts); another host (e.g. a meeting) can pass
// its own, and gets the same message checks and limits.
import type * as Y from 'yjs';
import type { Actor } from '../../shared/access/rules.ts';
import type { ConnectionIdentity } from './connectionIdentity.ts';

/** The person behind a connection, as the server names and accounts them. */
export interface Participant {
  /** Stable and unique per grant (e.g. the token's hash): what quotas are counted against. */
  key: string;
  /** Shown to others (awareness) and written in log lines. */
  name: string;
  side: string | null;
  /** The server cannot vouch for the name (open access, a meeting host's own app): presence keeps
   *  the name a client gives itself, marked unverified (awarenessPolicy.ts). */
  namesItself?: boolean;
  /** Who acts, for the per-update write check (shared/access/rules.ts; see ./actor.ts, actorOf).
   *  Absent: the host checks only what a document may contain (open access, a meeting's own app). */
  actor?: Actor;
  /** A participant of the agreement's directory: the actor is their entry in the structure as the
   *  server holds it at each update (so changed memberships apply on open connections). */
  participantId?: string;
  /** Or the host's own way to name the actor from the structure it holds at each update (a meeting
   *  guest: their proven directory entry, or the side they claim when there is no directory). */
  actorIn?: (structure: Y.Doc | null) => Actor | null;
}

export type AuthResult =
  | {
      ok: true;
      access: 'write' | 'read';
      participant: Participant;
      /** Who it is (connectionIdentity.ts), for the audit; absent: named by `participant` alone. */
      identity?: ConnectionIdentity;
      /** Set for a device (membership.ts): the server keeps its identity and access live. */
      live?: true;
    }
  | {
      ok: false;
      /** unknown-token: nobody's token (counts as a failed authentication); no-access: a known
       *  participant who may not open this document. */
      cause: 'unknown-token' | 'no-access';
      /** Danish, sent to the client. */
      reason: string;
      participant?: Participant;
    };

export interface AuthRequest {
  token: string;
  documentName: string;
  /** The peer's address, for log lines and back-off. */
  address: string;
}

export type Authenticate = (request: AuthRequest) => AuthResult | Promise<AuthResult>;

/** The reason a token that opens no grant gets (the app stops retrying on it: syncClient.ts). */
export const UNKNOWN_TOKEN_REASON = 'ukendt adgangskode';

/** Anyone may write anything: for tests and closed networks only. */
export const openAccess: Authenticate = ({ address }) => ({
  ok: true,
  access: 'write',
  participant: { key: `adresse:${address}`, name: 'ukendt', side: null, namesItself: true },
});
