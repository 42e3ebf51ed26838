// Outgoing messages wait for their own document's appends in flight (durability.ts), in order per
// socket: through a real WebSocket pair on loopback.
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Durability, dependencies, holdSends, messageDocument } from '../../electron/server/durability.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';

/** A message as Hocuspocus frames one: the document's name first, then `marker`. */
function message(documentName: string, marker: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarString(encoder, marker);
  return encoding.toUint8Array(encoder);
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const A = 'a1/section/s1';
const B = 'a1/section/s2';
let wss: WebSocketServer;
let serverSide: WebSocket;
let client: WebSocket;
const received: string[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  client.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    decoding.readVarString(decoder); // the document
    received.push(decoding.readVarString(decoder));
  });
  serverSide = await accepted;
  await new Promise((resolve) => (client.readyState === WebSocket.OPEN ? resolve(null) : client.once('open', resolve)));
});

afterAll(async () => {
  client?.close();
  await new Promise((resolve) => wss.close(resolve));
});

describe('durability per document', () => {
  it('reads the document a message is about', () => {
    expect(messageDocument(message(A, 'x'))).toBe(A);
    expect(messageDocument('text')).toBeUndefined();
  });

  it("holds a barrier only for the document's own appends; without a name, for all", async () => {
    const durability = new Durability();
    const append = deferred();
    durability.track(A, append.promise);
    expect(durability.barrier([B])).toBeNull();
    const forA = durability.barrier([A]);
    const forAll = durability.barrier();
    expect(forA).not.toBeNull();
    expect(forAll).not.toBeNull();
    let settled = false;
    void Promise.all([forA, forAll]).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    append.resolve();
    await expect.poll(() => settled).toBe(true);
    expect(durability.pending).toBe(0);
    expect(durability.barrier([A])).toBeNull();
  });

  it("holds a section's messages for its agreement's structure appends too", async () => {
    const durability = new Durability();
    const append = deferred();
    durability.track(structureDocId('a1'), append.promise);
    expect(dependencies(A)).toEqual([A, structureDocId('a1')]);
    expect(durability.barrier(dependencies(A))).not.toBeNull();
    expect(durability.barrier(dependencies(sectionDocId('a2', 's1')))).toBeNull();
    append.resolve();
    await expect.poll(() => durability.barrier(dependencies(A))).toBeNull();
  });

  it("sends another document's message at once, holds its own until the append settles, and keeps the socket's order", async () => {
    const durability = new Durability();
    holdSends(serverSide, durability);
    const append = deferred();
    durability.track(A, append.promise);
    serverSide.send(message(B, 'b-first'));
    await expect.poll(() => received).toEqual(['b-first']);
    serverSide.send(message(A, 'a-held'));
    serverSide.send(message(B, 'b-behind'));
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual(['b-first']);
    // A failed append settles the barrier too (persistence.ts closes the document's sockets then).
    append.reject(new Error('nede'));
    await expect.poll(() => received).toEqual(['b-first', 'a-held', 'b-behind']);
  });
});
