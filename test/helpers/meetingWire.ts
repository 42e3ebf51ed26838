// A raw Hocuspocus client for attacking a meeting host the way a script on the room's network
// would: one wss:// socket (certificate not checked), authentication messages sent as fast as the
// socket takes them, every answer collected.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';

const MESSAGE_AUTH = 2;
const AUTH_TOKEN = 0;
const AUTH_DENIED = 1;
const AUTH_OK = 2;

export function authMessage(documentName: string, token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, AUTH_TOKEN);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

export interface RawSocket {
  socket: WebSocket;
  /** Answers to authentication messages, by document name: 'ok' or the refusal's reason. */
  answers: Map<string, string>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a socket to `url` from `localAddress` (loopback has all of 127.0.0.0/8). */
export async function rawSocket(url: string, localAddress = '127.0.0.1'): Promise<RawSocket> {
  const socket = new WebSocket(url, { rejectUnauthorized: false, localAddress });
  const answers = new Map<string, string>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('error', () => {});
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const name = decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MESSAGE_AUTH) return;
    const kind = decoding.readVarUint(decoder);
    if (kind === AUTH_DENIED) answers.set(name, decoding.readVarString(decoder));
    else if (kind === AUTH_OK) answers.set(name, 'ok');
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('close', () => reject(new Error('socket closed before it opened')));
  });
  return { socket, answers, closed };
}
