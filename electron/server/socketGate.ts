// The check every message passes before Hocuspocus sees it. It is placed in front of Hocuspocus'
// own message listener, which then only ever sees messages that passed (Hocuspocus logs and
// half-handles broken ones itself). Per socket it bounds what is sent before admission (Hocuspocus
// queues such messages in memory), closes a socket that presents no valid token in time, and hands
// messages for admitted documents to messagePolicy.ts.
import type http from 'node:http';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocket } from 'ws';
import { DocId } from '../../shared/api/contract.ts';
import {
  CLOSE_AUTH_TIMEOUT,
  CLOSE_MALFORMED,
  CLOSE_PRE_AUTH_LIMIT,
  CLOSE_UPDATE_TOO_LARGE,
  closeReason,
} from './closeCodes.ts';
import type { SyncLimits } from './limits.ts';
import { decide, type PolicyContext } from './messagePolicy.ts';
import { oneMessagePerTurn } from './messageQueue.ts';
import { checkClientMessage, MalformedMessageError, type CheckedMessage } from './messages.ts';
import type { RateLimitedLog } from './rateLimitedLog.ts';
import type { RefusalCause, Refusals } from './refusals.ts';
import { SocketSession } from './socketSession.ts';

export interface GateContext extends PolicyContext {
  limits: SyncLimits;
  log: RateLimitedLog;
  refusals: Refusals;
  /** Sockets closed for what they sent: nothing more of theirs reaches Hocuspocus (not even the
   *  messages it queued and replays when a document opens). */
  rejectedSockets: WeakSet<WebSocket>;
  /** Counts a connection closed for what it sent. */
  onRejected: () => void;
}

/** What the Hocuspocus hooks find in `context.session` for every document of this socket. */
export interface SessionContext {
  session: SocketSession;
  /** Closes the socket for a cause (used by the hooks, e.g. after too many unknown tokens). */
  reject(code: number, cause: RefusalCause, reason: string): void;
}

const validName = (name: string) => DocId.safeParse(name).success;

/** Hands `ws` (from `address`, see clientAddress.ts) to Hocuspocus with the message check in front of it. */
export function gateSocket(hocuspocus: Hocuspocus, ws: WebSocket, request: http.IncomingMessage, address: string, ctx: GateContext): void {
  const { limits, log, refusals } = ctx;
  const session = new SocketSession(address, limits);
  let invalidNameMessages = 0;

  const reject = (code: number, cause: RefusalCause, reason: string) => {
    if (ctx.rejectedSockets.has(ws)) return;
    refusals[cause]++;
    ctx.onRejected();
    log(cause, `Lukker forbindelsen fra ${address}: ${reason}.`);
    ctx.rejectedSockets.add(ws);
    ws.close(code, closeReason(reason));
    // A peer that never answers the close frame would keep the socket (and Hocuspocus its queue).
    setTimeout(() => ws.terminate(), 2000).unref();
  };

  const authTimer = setTimeout(() => {
    if (!session.authenticated) reject(CLOSE_AUTH_TIMEOUT, 'authTimeout', `ingen gyldig adgangskode inden for ${Math.round(limits.authTimeoutMs / 1000)} s`);
  }, limits.authTimeoutMs);
  ws.once('close', () => {
    clearTimeout(authTimer);
    for (const [name, entry] of session.docs) {
      if (entry.awarenessClientID !== null) ctx.awarenessOwners.release(name, entry.awarenessClientID, session);
    }
  });

  // Errors of one socket (e.g. a message over maxPayload: ws closes it with 1009) stay with it.
  ws.on('error', (error) => {
    const code = (error as { code?: string }).code;
    if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      refusals.tooBig++;
      ctx.onRejected();
      log('tooBig', `Lukker forbindelsen fra ${address}: beskeden er større end ${limits.maxPayload} bytes.`);
    } else log('socketError', `Fejl på forbindelsen fra ${address}: ${error.message}`);
  });

  const context: SessionContext = { session, reject };
  hocuspocus.handleConnection(ws, request, context);
  const hocuspocusListeners = ws.listeners('message') as ((...args: unknown[]) => void)[];
  ws.removeAllListeners('message');
  const forward = (data: Uint8Array, isBinary: boolean | undefined) => {
    for (const listener of hocuspocusListeners) listener.call(ws, data, isBinary);
  };

  /** Applies the policy of an admitted document; forwards, drops or closes. */
  const admitted = (message: CheckedMessage, data: Uint8Array, isBinary: boolean | undefined) => {
    const entry = session.docs.get(message.documentName)!;
    const verdict = decide(ctx, session, entry, message, data);
    if (verdict.action === 'forward') {
      if (verdict.dropped) refusals.awareness += verdict.dropped;
      return forward(verdict.data, isBinary);
    }
    if (verdict.action === 'close') return reject(verdict.code, verdict.cause, verdict.reason);
    if (verdict.cause) {
      refusals[verdict.cause] += verdict.count ?? 1;
      if (verdict.log) log(verdict.cause, verdict.log);
    }
  };

  const handle = (data: Buffer, isBinary: boolean | undefined) => {
    if (ctx.rejectedSockets.has(ws) || ws.readyState !== WebSocket.OPEN) return;
    // Hocuspocus re-emits the messages it queued while a document was loading, without `isBinary`;
    // they were checked for form when they arrived, and now meet the document's policy.
    if (isBinary === undefined) {
      const message = checkClientMessage(data, limits.maxUpdateItems, limits.maxAwarenessEntries);
      const entry = session.docs.get(message.documentName);
      if (!entry) return;
      session.release(entry, data.byteLength);
      if (entry.phase === 'admitted' || entry.phase === 'open') admitted(message, data, isBinary);
      return;
    }
    if (!isBinary) return reject(CLOSE_MALFORMED, 'malformed', 'tekstbesked i stedet for binær');
    // A client that has not read its last answers asks for no more (slowReaders.ts also checks).
    if (ws.bufferedAmount > limits.maxSendBufferBytes) {
      refusals.slowReader++;
      log('slowReader', `Afbryder forbindelsen fra ${address}: den læser ikke sine svar.`);
      return ws.terminate();
    }
    let message: CheckedMessage;
    try {
      message = checkClientMessage(data, limits.maxUpdateItems, limits.maxAwarenessEntries);
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      return reject(CLOSE_MALFORMED, 'malformed', 'ugyldig besked');
    }
    if (message.items !== undefined && message.items > limits.maxUpdateItems) {
      return reject(CLOSE_UPDATE_TOO_LARGE, 'updateItems', `en ændring med over ${limits.maxUpdateItems} elementer`);
    }
    if (message.awareness === null) {
      refusals.awareness++;
      return; // too many entries to be anyone's own state: dropped unread
    }
    const name = message.documentName;
    if (!validName(name) && ++invalidNameMessages > limits.maxInvalidNameMessages) {
      return reject(CLOSE_MALFORMED, 'invalidName', 'for mange beskeder til ugyldige dokumenter');
    }
    const entry = session.entry(name);
    if (entry.phase === 'refused') return; // Hocuspocus would keep it forever; nobody will read it.
    // Hocuspocus hands messages straight to the document once its connection exists (just before
    // the `connected` hook runs); from then on they are not queued, so the policy applies now.
    if (entry.phase === 'admitted' && hocuspocus.documents.get(name)?.getConnections().some((c) => c.webSocket === ws)) {
      entry.phase = 'open';
      session.release(entry);
    }
    if (entry.phase === 'open') return admitted(message, data, isBinary);
    // Not open yet: Hocuspocus queues it until the document opens. Bounded, and copied so that the
    // queue holds only the message's own bytes, not the whole chunk `ws` read it from.
    if (!session.hold(entry, data.byteLength)) {
      return reject(CLOSE_PRE_AUTH_LIMIT, 'preAuth', 'for meget data før adgangen var givet');
    }
    forward(Buffer.from(data), isBinary);
  };
  ws.on('message', oneMessagePerTurn(ws, handle, { maxQueuedBytes: 1024 * 1024, maxQueuedMessages: 64 }));
}
