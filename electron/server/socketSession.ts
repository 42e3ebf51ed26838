// What the server knows about one socket: per document name, how far it got (pending → admitted →
// open, or refused), who it is and what it may do; and how many bytes and messages it has sent for
// documents it has not been admitted to (Hocuspocus holds those in memory).
import type { ConnectionIdentity } from './connectionIdentity.ts';
import type { Participant } from './authenticate.ts';
import type { SyncLimits } from './limits.ts';

/**
 * pending: no answer to its token yet (Hocuspocus queues its messages);
 * admitted: token accepted, the document is loading (messages still queued, replayed on open);
 * open: messages go straight to the document; refused: its messages are dropped.
 */
export type DocPhase = 'pending' | 'admitted' | 'open' | 'refused';

/** Allows `perSecond` on average and bursts of twice that. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly perSecond: number) {
    this.tokens = perSecond * 2;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond * 2, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}

export interface DocEntry {
  phase: DocPhase;
  /** Bytes and messages counted against the socket's pre-admission bounds and not yet released. */
  heldBytes: number;
  heldMessages: number;
  access: 'write' | 'read' | null;
  participant: Participant | null;
  /** Who the connection is (connectionIdentity.ts): kept live by membership.ts, which replaces it
   *  (and `access`) whenever the agreement's directory changes; the audit records it. */
  identity: ConnectionIdentity | null;
  /** The awareness client id this connection owns on the document (the first it announced). */
  awarenessClientID: number | null;
  /** Awareness, query-awareness and stateless messages. */
  chatter: TokenBucket;
}

export class SocketSession {
  readonly docs = new Map<string, DocEntry>();
  heldBytes = 0;
  heldMessages = 0;
  authFailures = 0;
  /** A token of this socket has been accepted for some document. */
  authenticated = false;

  constructor(
    readonly address: string,
    private readonly limits: Pick<SyncLimits, 'maxPreAuthBytes' | 'maxPreAuthMessages' | 'awarenessPerSecond'>,
  ) {}

  entry(documentName: string): DocEntry {
    let entry = this.docs.get(documentName);
    if (!entry) {
      entry = {
        phase: 'pending',
        heldBytes: 0,
        heldMessages: 0,
        access: null,
        participant: null,
        identity: null,
        awarenessClientID: null,
        chatter: new TokenBucket(this.limits.awarenessPerSecond),
      };
      this.docs.set(documentName, entry);
    }
    return entry;
  }

  /** Counts a message for a document not yet open; false when that goes over the bounds. */
  hold(entry: DocEntry, bytes: number): boolean {
    entry.heldBytes += bytes;
    entry.heldMessages++;
    this.heldBytes += bytes;
    this.heldMessages++;
    return this.heldBytes <= this.limits.maxPreAuthBytes && this.heldMessages <= this.limits.maxPreAuthMessages;
  }

  /** Releases one held message (Hocuspocus has handed it on), or all of an entry's (`bytes` omitted). */
  release(entry: DocEntry, bytes?: number): void {
    const b = bytes ?? entry.heldBytes;
    const m = bytes === undefined ? entry.heldMessages : 1;
    const releasedBytes = Math.min(b, entry.heldBytes);
    const releasedMessages = Math.min(m, entry.heldMessages);
    entry.heldBytes -= releasedBytes;
    entry.heldMessages -= releasedMessages;
    this.heldBytes -= releasedBytes;
    this.heldMessages -= releasedMessages;
  }

  /** The document's connection closed while the socket stays: the client may open it again. */
  forget(documentName: string): void {
    const entry = this.docs.get(documentName);
    if (!entry) return;
    this.release(entry);
    this.docs.delete(documentName);
  }
}
