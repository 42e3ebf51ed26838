// The WebSocket class the sync client hands Hocuspocus' provider: Node's `ws` with every connection
// error reported (in Danish) instead of dropped, and — for a meeting host, whose certificate nobody
// vouches for — the certificate pinned to the short fingerprint the host showed. A host whose
// certificate does not match is refused right after the TLS handshake, before the provider sends
// anything (the meeting code goes out only once the socket is open).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { certificateSha256, normaliseCode, shortFingerprint } from './meeting/code.ts';
import { describeConnectionError } from './connectionError.ts';

export interface SocketOptions {
  /** Short SHA-256 fingerprint of the server's certificate (meeting mode); the URL must be wss://. */
  fingerprint?: string;
  /** Called with a Danish reason each time a connection attempt fails. */
  onError: (reason: string) => void;
}

/** Reason given when a meeting host's certificate is not the one whose fingerprint was shown. */
export const FINGERPRINT_MISMATCH =
  'Værtens certifikat passer ikke til fingeraftrykket, du fik oplyst. Forbindelsen er afbrudt, og koden er ikke sendt. Tjek adressen og fingeraftrykket med værten.';

/** A `ws` WebSocket subclass bound to `options`, for HocuspocusProviderWebsocket's WebSocketPolyfill. */
export type SocketClass = new (address: string | URL, protocols?: string | string[], options?: WebSocket.ClientOptions) => WebSocket;

export function socketClass(options: SocketOptions): SocketClass {
  const expected = options.fingerprint ? normaliseCode(options.fingerprint) : null;
  return class SyncSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], rest?: WebSocket.ClientOptions) {
      // A pinned target is wss:// (SyncClient refuses anything else), so the check below always runs.
      // Its certificate is self-signed: the fingerprint check below replaces the CA check.
      super(address, protocols, expected ? { ...rest, rejectUnauthorized: false } : rest);
      let reported = false;
      // ws emits 'error' when a socket fails or is closed while connecting (as destroy() does when
      // the server is unreachable); the provider sets no error listener, so without this Node would
      // treat it as an unhandled error. The provider still sees the 'close' and reconnects.
      this.on('error', (error) => {
        if (!reported) options.onError(describeConnectionError(error));
        reported = true;
      });
      if (expected) {
        this.on('upgrade', (response: IncomingMessage) => {
          const der = (response.socket as TLSSocket).getPeerCertificate?.()?.raw;
          if (der && normaliseCode(shortFingerprint(certificateSha256(der))) === expected) return;
          reported = true;
          options.onError(FINGERPRINT_MISMATCH);
          // ws checks readyState right after emitting 'upgrade': the socket never opens.
          this.terminate();
        });
      }
    }
  };
}
