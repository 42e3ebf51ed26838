// Every bound the sync server enforces, with its default, in one place. A server is started with
// `limits` (any subset) in SyncServerOptions; tests use small values. Each bound names what it
// protects; the refusal it causes is in closeCodes.ts.

export interface SyncLimits {
  /** Largest WebSocket message in bytes (the contract's limit for one update); `ws` closes with 1009. */
  maxPayload: number;
  /** Messages for names that are not document ids a socket may send before it is closed (1007). */
  maxInvalidNameMessages: number;

  /** Bytes a socket may send for documents it has not (yet) been admitted to. Hocuspocus keeps
   *  such messages in memory until the document opens — for a refused one, until the socket closes. */
  maxPreAuthBytes: number;
  /** And how many such messages (each costs memory beyond its bytes). */
  maxPreAuthMessages: number;
  /** A socket that has not presented a valid token this long after it opened is closed. */
  authTimeoutMs: number;

  /** Open sockets in total; beyond, an upgrade is answered 503. */
  maxConnections: number;
  /** Open sockets from one address; beyond, an upgrade is answered 429. */
  maxConnectionsPerAddress: number;

  /** Unknown tokens one socket may present before it is closed. */
  maxAuthFailuresPerSocket: number;
  /** Unknown tokens from one address before it must wait (back-off): then every further failure
   *  doubles the wait, from `authBackoffBaseMs` up to `authBackoffMaxMs`. While it waits, its new
   *  sockets are answered 429 and its tokens are not even looked up. */
  authFailuresBeforeBackoff: number;
  authBackoffBaseMs: number;
  authBackoffMaxMs: number;
  /** An address's failures are forgotten after this long without a new one. */
  authFailureMemoryMs: number;

  /** Log lines per cause per window; the rest is counted and summarised ("… N more"). */
  logLinesPerCause: number;
  logWindowMs: number;

  /** Bytes of updates one participant (one grant) may have stored on this server (a whole
   *  agreement's text is about 1 MB). */
  storageQuotaBytes: number;
  /** Bytes one document may take in the store. Every load, snapshot and full sync of a document
   *  costs time in proportion, on the event loop; a section's text is kilobytes, not megabytes. */
  maxDocumentBytes: number;
  /** Structs plus delete ranges in one update; applying costs time in proportion (1.5 million
   *  blocked the event loop for 3.3 s). A large honest document's whole state (the automerge-paper
   *  trace, 260,000 edits) has about 14,000. */
  maxUpdateItems: number;

  /** Bytes of one awareness state's JSON. */
  maxAwarenessStateBytes: number;
  /** Entries in one awareness message; a bigger one is dropped unread (an honest client sends its
   *  own state, or echoes those of the others on the document). */
  maxAwarenessEntries: number;
  /** Bytes the server may have queued to send to one socket; a client that does not read its
   *  answers (e.g. a document's whole state, again and again) is cut off beyond it. */
  maxSendBufferBytes: number;
  /** Awareness and stateless messages per second per document connection (bursts up to twice). */
  awarenessPerSecond: number;
  /** Characters of one stateless message. */
  maxStatelessLength: number;
}

export const DEFAULT_LIMITS: Readonly<SyncLimits> = Object.freeze({
  maxPayload: 16 * 1024 * 1024,
  maxInvalidNameMessages: 64,
  maxPreAuthBytes: 1024 * 1024,
  maxPreAuthMessages: 1024,
  authTimeoutMs: 15_000,
  maxConnections: 1000,
  maxConnectionsPerAddress: 64,
  maxAuthFailuresPerSocket: 3,
  authFailuresBeforeBackoff: 10,
  authBackoffBaseMs: 1000,
  authBackoffMaxMs: 5 * 60_000,
  authFailureMemoryMs: 15 * 60_000,
  logLinesPerCause: 10,
  logWindowMs: 60_000,
  storageQuotaBytes: 32 * 1024 * 1024,
  maxDocumentBytes: 8 * 1024 * 1024,
  maxUpdateItems: 100_000,
  maxAwarenessStateBytes: 4096,
  maxAwarenessEntries: 64,
  maxSendBufferBytes: 16 * 1024 * 1024,
  awarenessPerSecond: 20,
  maxStatelessLength: 4096,
});

/** The defaults with `overrides` applied; refuses a bound that is not a positive number. */
export function resolveLimits(overrides: Partial<SyncLimits> = {}): SyncLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !(value > 0)) throw new Error(`Ugyldig grænse for synkroniseringsserveren: ${key} = ${String(value)}`);
  }
  return limits;
}
