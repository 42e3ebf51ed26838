// What an awareness message from a writable document connection may carry before Hocuspocus
// relays it to everyone on the document: one state, for the one client id this connection owns
// (the first it announced that no other connection on the document holds), a JSON object of at
// most maxAwarenessStateBytes whose `user.name` and `user.side` are the participant's as their grant
// or directory entry gives them (whatever the client wrote there is overwritten) and whose
// `user.verified` says so. A server that cannot vouch for a name (open access, a meeting host's own
// app: Participant.namesItself) keeps the name and side the client gives, as text of at most 120
// characters, with `verified: false`. Other entries are dropped — an honest provider echoes the
// states of other clients back, so dropping, not closing, is the answer to them.
import * as encoding from 'lib0/encoding';
import { MessageType, type AwarenessEntry } from './messages.ts';

/** Which connection owns which awareness client id, per document. */
export class AwarenessOwners {
  private readonly owners = new Map<string, Map<number, object>>();

  /** Claims `clientID` on `documentName` for `owner`; false when another owner holds it. */
  claim(documentName: string, clientID: number, owner: object): boolean {
    let ids = this.owners.get(documentName);
    if (!ids) this.owners.set(documentName, (ids = new Map()));
    const holder = ids.get(clientID);
    if (holder && holder !== owner) return false;
    ids.set(clientID, owner);
    return true;
  }

  release(documentName: string, clientID: number, owner: object): void {
    const ids = this.owners.get(documentName);
    if (ids?.get(clientID) !== owner) return;
    ids.delete(clientID);
    if (ids.size === 0) this.owners.delete(documentName);
  }
}

export type AwarenessVerdict =
  | { ok: true; message: Uint8Array; dropped: number }
  | { ok: false; dropped: number };

/**
 * The message to relay for `entries` from a connection that owns `ownClientID` (null: it owns none
 * yet, and `claim` is asked for the first entry's id), or nothing when no entry may pass.
 */
export function filterAwareness(
  documentName: string,
  entries: AwarenessEntry[],
  own: {
    clientID: number | null;
    claim: (clientID: number) => boolean;
    /** Who the connection is; `namesItself`: the server cannot vouch for it (see above). */
    participant: { name: string; side: string | null; namesItself?: boolean };
    maxStateBytes: number;
  },
): AwarenessVerdict & { clientID: number | null } {
  let clientID = own.clientID;
  let kept: AwarenessEntry | null = null;
  for (const entry of entries) {
    if (clientID === null) {
      if (!own.claim(entry.clientID)) continue;
      clientID = entry.clientID;
    }
    if (entry.clientID !== clientID || kept) continue;
    kept = entry;
  }
  const dropped = entries.length - (kept ? 1 : 0);
  if (!kept) return { ok: false, dropped, clientID };
  let json: string;
  if (kept.state === null) json = 'null';
  else {
    const state = kept.state;
    if (typeof state !== 'object' || Array.isArray(state) || Buffer.byteLength(kept.json, 'utf8') > own.maxStateBytes) {
      return { ok: false, dropped: dropped + 1, clientID };
    }
    const user = (state as { user?: unknown }).user;
    const given = (user && typeof user === 'object' && !Array.isArray(user) ? user : {}) as Record<string, unknown>;
    const named = { ...state, user: { ...given, ...stampedUser(given, own.participant) } };
    json = JSON.stringify(named);
    if (Buffer.byteLength(json, 'utf8') > own.maxStateBytes) return { ok: false, dropped: dropped + 1, clientID };
  }
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, kept.clientID);
  encoding.writeVarUint(update, kept.clock);
  encoding.writeVarString(update, json);
  const message = encoding.createEncoder();
  encoding.writeVarString(message, documentName);
  encoding.writeVarUint(message, MessageType.Awareness);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return { ok: true, message: encoding.toUint8Array(message), dropped, clientID };
}

const MAX_CLAIMED_LENGTH = 120;

/** The name, side and `verified` a relayed state carries (see the top of this file). */
function stampedUser(given: Record<string, unknown>, participant: { name: string; side: string | null; namesItself?: boolean }) {
  if (!participant.namesItself) return { name: participant.name, side: participant.side, verified: true };
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value.slice(0, MAX_CLAIMED_LENGTH) : null);
  return { name: text(given.name) ?? participant.name, side: text(given.side), verified: false };
}
