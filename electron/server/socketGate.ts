// The check every message passes before Hocuspocus sees it. It is placed in front of Hocuspocus'
// own message listener, which then only ever sees messages that passed (Hocuspocus logs and
// half-handles broken ones itself).
import type http from 'node:http';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocket } from 'ws';
import { DocId } from '../../shared/api/contract.ts';
import { CLOSE_MALFORMED, closeReason } from './closeCodes.ts';
import { checkClientMessage, MalformedMessageError } from './messages.ts';

export interface GateOptions {
  maxPayload: number;
  maxInvalidNameMessages: number;
  log: (line: string) => void;
  /** Counts a connection closed for what it sent. */
  onRejected: () => void;
}

/** Sockets closed for a bad message: what they still had queued must not be handled. */
export const rejectedSockets = new WeakSet<WebSocket>();

const validName = (name: string) => DocId.safeParse(name).success;

/** Hands `ws` to Hocuspocus with the message check in front of it. */
export function gateSocket(hocuspocus: Hocuspocus, ws: WebSocket, request: http.IncomingMessage, options: GateOptions): void {
  let invalidNameMessages = 0;
  const address = request.socket.remoteAddress;
  const reject = (code: number, reason: string) => {
    options.onRejected();
    options.log(`Lukker forbindelsen fra ${address}: ${reason}.`);
    rejectedSockets.add(ws);
    ws.close(code, closeReason(reason));
  };
  // Errors of one socket (e.g. a message over maxPayload: ws closes it with 1009) stay with it.
  ws.on('error', (error) => {
    const code = (error as { code?: string }).code;
    if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      options.onRejected();
      options.log(`Lukker forbindelsen fra ${address}: beskeden er større end ${options.maxPayload} bytes.`);
    } else options.log(`Fejl på forbindelsen fra ${address}: ${error.message}`);
  });
  hocuspocus.handleConnection(ws, request);
  const hocuspocusListeners = ws.listeners('message') as ((...args: unknown[]) => void)[];
  ws.removeAllListeners('message');
  ws.on('message', (data: Buffer, isBinary: boolean | undefined) => {
    // Hocuspocus re-emits the messages it queued while a document was loading, without
    // `isBinary`; those were checked when they arrived.
    if (isBinary !== undefined) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (!isBinary) return reject(CLOSE_MALFORMED, 'tekstbesked i stedet for binær');
      try {
        const { documentName } = checkClientMessage(data);
        if (!validName(documentName) && ++invalidNameMessages > options.maxInvalidNameMessages) {
          return reject(CLOSE_MALFORMED, 'for mange beskeder til ugyldige dokumenter');
        }
      } catch (error) {
        if (!(error instanceof MalformedMessageError)) throw error;
        return reject(CLOSE_MALFORMED, 'ugyldig besked');
      }
    }
    for (const listener of hocuspocusListeners) listener.call(ws, data, isBinary);
  });
}
