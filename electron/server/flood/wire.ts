// A raw sync client's messages, written byte by byte as the Hocuspocus provider would (and as a
// misbehaving client might): for the server's tests and the flood tool, which must send what no
// honest provider sends. Also reads the server's answers far enough to tell them apart.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { MessageType } from '../messages.ts';

const AUTH_TOKEN = 0;
const AUTH_PERMISSION_DENIED = 1;
const AUTH_AUTHENTICATED = 2;
const SYNC_STATUS = 8;

function message(documentName: string, type: number, body: (e: encoding.Encoder) => void = () => {}): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, documentName);
  encoding.writeVarUint(e, type);
  body(e);
  return encoding.toUint8Array(e);
}

export const authMessage = (documentName: string, token: string) =>
  message(documentName, MessageType.Auth, (e) => {
    encoding.writeVarUint(e, AUTH_TOKEN);
    encoding.writeVarString(e, token);
  });

export const syncStep1Message = (documentName: string, stateVector: Uint8Array) =>
  message(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, stateVector);
  });

/** A Yjs (v1) update as a sync "update" message (step 2 when `step2`). */
export const updateMessage = (documentName: string, update: Uint8Array, step2 = false) =>
  message(documentName, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, step2 ? 1 : 2);
    encoding.writeVarUint8Array(e, update);
  });

export interface AwarenessState {
  clientID: number;
  clock: number;
  state: unknown;
}

export const awarenessMessage = (documentName: string, states: AwarenessState[]) =>
  message(documentName, MessageType.Awareness, (e) => {
    const u = encoding.createEncoder();
    encoding.writeVarUint(u, states.length);
    for (const s of states) {
      encoding.writeVarUint(u, s.clientID);
      encoding.writeVarUint(u, s.clock);
      encoding.writeVarString(u, JSON.stringify(s.state));
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(u));
  });

export const statelessMessage = (documentName: string, payload: string, broadcast = true) =>
  message(documentName, broadcast ? MessageType.BroadcastStateless : MessageType.Stateless, (e) => encoding.writeVarString(e, payload));

export const queryAwarenessMessage = (documentName: string) => message(documentName, MessageType.QueryAwareness);

/** What a server → client message is, as far as the tests and the flood tool need to know. */
export type ServerMessage =
  | { documentName: string; kind: 'authenticated'; scope: string }
  | { documentName: string; kind: 'permissionDenied'; reason: string }
  | { documentName: string; kind: 'awareness'; states: AwarenessState[] }
  | { documentName: string; kind: 'stateless'; payload: string }
  | { documentName: string; kind: 'syncStatus'; applied: boolean }
  | { documentName: string; kind: 'other'; type: number };

export function readServerMessage(data: Uint8Array): ServerMessage {
  const d = decoding.createDecoder(data);
  const documentName = decoding.readVarString(d);
  const type = decoding.readVarUint(d);
  if (type === MessageType.Auth) {
    const sub = decoding.readVarUint(d);
    if (sub === AUTH_PERMISSION_DENIED) return { documentName, kind: 'permissionDenied', reason: decoding.readVarString(d) };
    if (sub === AUTH_AUTHENTICATED) return { documentName, kind: 'authenticated', scope: decoding.readVarString(d) };
  }
  if (type === MessageType.Awareness) {
    const u = decoding.createDecoder(decoding.readVarUint8Array(d));
    const n = decoding.readVarUint(u);
    const states: AwarenessState[] = [];
    for (let i = 0; i < n; i++) {
      const clientID = decoding.readVarUint(u);
      const clock = decoding.readVarUint(u);
      states.push({ clientID, clock, state: JSON.parse(decoding.readVarString(u)) });
    }
    return { documentName, kind: 'awareness', states };
  }
  if (type === MessageType.Stateless) return { documentName, kind: 'stateless', payload: decoding.readVarString(d) };
  if (type === SYNC_STATUS) return { documentName, kind: 'syncStatus', applied: decoding.readVarUint(d) === 1 };
  return { documentName, kind: 'other', type };
}

/** A raw WebSocket to the server that records what it receives and how it closed. */
export class RawClient {
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      try {
        this.received.push(readServerMessage(data));
      } catch {
        // not ours to judge
      }
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, options: { localAddress?: string; headers?: Record<string, string> } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { localAddress: options.localAddress, headers: options.headers });
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('unexpected-response', (_request, response) => {
        reject(Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { status: response.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  send(data: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Resolves with the first received message that `match` accepts (rejects after `ms`). */
  async waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, ms?: number): Promise<T>;
  async waitFor(match: (m: ServerMessage) => boolean, ms?: number): Promise<ServerMessage>;
  async waitFor(match: (m: ServerMessage) => boolean, ms = 10_000): Promise<ServerMessage> {
    const start = Date.now();
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      if (Date.now() - start > ms) throw new Error(`no matching message within ${ms} ms (got ${JSON.stringify(this.received.map((m) => m.kind))})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.ws.terminate();
  }
}
