// The WebSocket class the sync client hands Hocuspocus' provider: Node's `ws` with every connection
// error reported (in Danish) instead of dropped, every incoming message screened before the
// provider sees it (incomingCheck.ts), and — for a meeting host, whose certificate nobody vouches
// for — the certificate pinned to the short fingerprint the host showed. A host whose
// certificate does not match is refused right after the TLS handshake, before the provider sends
// anything (the meeting code goes out only once the socket is open).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { certificateSha256, normaliseCode, shortFingerprint } from './meeting/code.ts';
import { describeConnectionError } from './connectionError.ts';
import { messageBytes } from './incomingCheck.ts';

export interface SocketOptions {
  /** Short SHA-256 fingerprint of the server's certificate (meeting mode); the URL must be wss://. */
  fingerprint?: string;
  /** Called with a Danish reason each time a connection attempt fails. */
  onError: (reason: string) => void;
  /**
   * Checks each incoming message before the provider handles it; a Danish reason refuses it: it
   * is not handed on, the connection is dropped and `onError` told.
   */
  screen?: (data: Uint8Array) => string | null;
}

/** Reason given when a meeting host's certificate is not the one whose fingerprint was shown. */
export const FINGERPRINT_MISMATCH =
  'Værtens certifikat passer ikke til fingeraftrykket, du fik oplyst. Forbindelsen er afbrudt, og koden er ikke sendt. Tjek adressen og fingeraftrykket med værten.';

/** A `ws` WebSocket subclass bound to `options`, for HocuspocusProviderWebsocket's WebSocketPolyfill. */
export type SocketClass = new (address: string | URL, protocols?: string | string[], options?: WebSocket.ClientOptions) => WebSocket;

export function socketClass(settings: SocketOptions): SocketClass {
  const expected = settings.fingerprint ? normaliseCode(settings.fingerprint) : null;
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
        if (!reported) settings.onError(describeConnectionError(error));
        reported = true;
      });
      if (expected) {
        this.on('upgrade', (response: IncomingMessage) => {
          const der = (response.socket as TLSSocket).getPeerCertificate?.()?.raw;
          if (der && normaliseCode(shortFingerprint(certificateSha256(der))) === expected) return;
          reported = true;
          settings.onError(FINGERPRINT_MISMATCH);
          // ws checks readyState right after emitting 'upgrade': the socket never opens.
          this.terminate();
        });
      }
    }

    /** Screened listeners by the provider's own, so removeEventListener finds them. */
    private readonly screened = new Map<unknown, (event: WebSocket.MessageEvent) => void>();

    /** The provider listens with addEventListener('message', …): each event passes `screen` first. */
    override addEventListener<K extends keyof WebSocket.WebSocketEventMap>(
      type: K,
      listener: ((event: WebSocket.WebSocketEventMap[K]) => void) | { handleEvent(event: WebSocket.WebSocketEventMap[K]): void },
      options?: WebSocket.EventListenerOptions,
    ): void {
      const screen = settings.screen;
      if (type !== 'message' || !screen) return super.addEventListener(type, listener, options);
      const handle = (typeof listener === 'function' ? listener : (e: never) => listener.handleEvent(e)) as (event: WebSocket.MessageEvent) => void;
      const screened = (event: WebSocket.MessageEvent) => {
        const bytes = messageBytes(event.data);
        const refusal = bytes ? screen(bytes) : null;
        if (refusal === null) return handle(event);
        settings.onError(refusal);
        this.terminate();
      };
      this.screened.set(listener, screened);
      super.addEventListener('message', screened, options);
    }

    override removeEventListener<K extends keyof WebSocket.WebSocketEventMap>(
      type: K,
      listener: ((event: WebSocket.WebSocketEventMap[K]) => void) | { handleEvent(event: WebSocket.WebSocketEventMap[K]): void },
    ): void {
      const screened = type === 'message' ? this.screened.get(listener) : undefined;
      if (!screened) return super.removeEventListener(type, listener);
      this.screened.delete(listener);
      super.removeEventListener('message', screened);
    }
  };
}
