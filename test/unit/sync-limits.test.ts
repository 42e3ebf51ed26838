// The sync server's bounds (electron/server/limits.ts), each against a real running server with
// small limits: the close code, HTTP status or refusal a client gets, and that nothing got in.
import fs from 'node:fs';
import path from 'node:path';
import * as prng from 'lib0/prng';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import {
  CLOSE_AUTH_FAILURES,
  CLOSE_AUTH_TIMEOUT,
  CLOSE_CONTENT_REFUSED,
  CLOSE_DOCUMENT_FULL,
  CLOSE_PRE_AUTH_LIMIT,
  CLOSE_QUOTA,
  CLOSE_UPDATE_TOO_LARGE,
} from '../../electron/server/closeCodes.ts';
import { FIXTURE_AGREEMENT, seedFixture, type Fixture } from '../../electron/server/flood/fixture.ts';
import {
  authMessage,
  awarenessMessage,
  queryAwarenessMessage,
  RawClient,
  statelessMessage,
  syncStep1Message,
  updateMessage,
  type ServerMessage,
} from '../../electron/server/flood/wire.ts';
import type { SyncLimits } from '../../electron/server/limits.ts';
import { insertParagraph, paragraphOfItems, paragraphTexts } from '../../electron/server/flood/sectionText.ts';
import { SERVER_WORKSPACE_FILE, startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { Store } from '../../electron/store/store.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { nestedElementsUpdate } from '../helpers/poison.ts';
import { tempDir } from '../helpers/tempDir.ts';

const S1 = sectionDocId(FIXTURE_AGREEMENT, 's1');
const STRUCTURE = structureDocId(FIXTURE_AGREEMENT);
const seed = Number(process.env.SYNC_LIMITS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const gen = prng.create(seed);
console.log(`sync-limits seed ${seed} (SYNC_LIMITS_SEED)`);
const dirs: string[] = [];
const servers: SyncServer[] = [];
const clients: RawClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Running {
  server: SyncServer;
  fixture: Fixture;
  logged: string[];
  dir: string;
}

async function start(limits: Partial<SyncLimits> = {}): Promise<Running> {
  const dir = tempDir('enighed-limits-');
  dirs.push(dir);
  const fixture = seedFixture(path.join(dir, SERVER_WORKSPACE_FILE));
  const logged: string[] = [];
  const server = await startSyncServer({ dataDir: dir, access: fixture.access, limits, log: (line) => logged.push(line) });
  servers.push(server);
  return { server, fixture, logged, dir };
}

async function connect(server: SyncServer, localAddress?: string): Promise<RawClient> {
  const client = await RawClient.open(server.url, { localAddress });
  clients.push(client);
  return client;
}

const isAuthAnswer = (documentName: string) => (m: ServerMessage) =>
  m.documentName === documentName && (m.kind === 'authenticated' || m.kind === 'permissionDenied');

/** Sends a token for `documentName` and resolves with the server's answer. */
async function authenticate(client: RawClient, documentName: string, token: string): Promise<ServerMessage> {
  client.send(authMessage(documentName, token));
  client.send(syncStep1Message(documentName, Y.encodeStateVector(new Y.Doc())));
  return client.waitFor(isAuthAnswer(documentName));
}

/** An upgrade's HTTP status when refused, or 101 when it became a socket. */
async function upgradeStatus(server: SyncServer, localAddress?: string): Promise<number> {
  try {
    await connect(server, localAddress);
    return 101;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

/** A section update of `n` separate items (see paragraphOfItems). */
const updateOfItems = (n: number, char = 'x') => paragraphOfItems(n, char);
const sectionXml = (store: Store) => store.loadYDoc(S1).getXmlFragment('prosemirror').toString();
const storedText = (store: Store) => paragraphTexts(store.loadYDoc(S1)).join('\n');

describe('sync server limits', () => {
  it('closes a socket that sends more than maxPreAuthBytes, or more than maxPreAuthMessages, before it is admitted', async () => {
    const { server } = await start({ maxPreAuthBytes: 16 * 1024, maxPreAuthMessages: 40, authTimeoutMs: 60_000 });
    // Valid messages for a real document, but no token: Hocuspocus would queue every one of them.
    const bytes = await connect(server);
    const state = { note: 'x'.repeat(1000) };
    for (let i = 0; i < 30; i++) bytes.send(awarenessMessage(S1, [{ clientID: 7, clock: i, state }]));
    expect((await within(bytes.closed, 10_000, 'bytes')).code).toBe(CLOSE_PRE_AUTH_LIMIT);

    const count = await connect(server);
    for (let i = 0; i < 60; i++) count.send(queryAwarenessMessage(S1));
    expect((await within(count.closed, 10_000, 'messages')).code).toBe(CLOSE_PRE_AUTH_LIMIT);
    expect(server.stats().refusals.preAuth).toBe(2);

    // Messages for a document that was refused stop costing anything: they are dropped, not queued.
    const refused = await connect(server);
    expect(await authenticate(refused, S1, 'forkert')).toMatchObject({ kind: 'permissionDenied' });
    for (let i = 0; i < 100; i++) refused.send(awarenessMessage(S1, [{ clientID: 7, clock: i, state }]));
    const admitted = await authenticate(refused, sectionDocId(FIXTURE_AGREEMENT, 's2'), 'forkert');
    expect(admitted).toMatchObject({ kind: 'permissionDenied' });
    expect(refused.isOpen).toBe(true);
  });

  it('closes a socket that presents no valid token within authTimeoutMs', async () => {
    const { server, fixture } = await start({ authTimeoutMs: 400 });
    const silent = await connect(server);
    const wrong = await connect(server);
    wrong.send(authMessage(S1, 'forkert'));
    const honest = await connect(server);
    expect(await authenticate(honest, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    expect((await within(silent.closed, 10_000, 'silent')).code).toBe(CLOSE_AUTH_TIMEOUT);
    expect((await within(wrong.closed, 10_000, 'wrong token')).code).toBe(CLOSE_AUTH_TIMEOUT);
    // The socket that did authenticate stays.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(honest.isOpen).toBe(true);
    expect(server.stats().refusals.authTimeout).toBe(2);
  });

  it('answers upgrades over maxConnectionsPerAddress with 429 and over maxConnections with 503', async () => {
    const { server } = await start({ maxConnectionsPerAddress: 3, maxConnections: 5, authTimeoutMs: 60_000 });
    const first = await connect(server, '127.0.0.1');
    for (let i = 0; i < 2; i++) expect(await upgradeStatus(server, '127.0.0.1')).toBe(101);
    expect(await upgradeStatus(server, '127.0.0.1')).toBe(429);
    // Another address still gets in, until the total is reached.
    expect(await upgradeStatus(server, '127.0.0.2')).toBe(101);
    expect(await upgradeStatus(server, '127.0.0.3')).toBe(101);
    expect(await upgradeStatus(server, '127.0.0.4')).toBe(503);
    expect(server.stats().refusals).toMatchObject({ connectionsPerAddress: 1, connections: 1 });
    // A closed socket frees its place.
    first.close();
    await first.closed;
    await expect.poll(() => upgradeStatus(server, '127.0.0.4'), { timeout: 10_000 }).toBe(101);
  });

  it('closes a socket after maxAuthFailuresPerSocket unknown tokens and makes the address wait', async () => {
    const { server, fixture } = await start({ maxAuthFailuresPerSocket: 3, authFailuresBeforeBackoff: 5, authBackoffBaseMs: 60_000, authTimeoutMs: 60_000 });
    const address = '127.0.0.5';
    const guesser = await connect(server, address);
    const waiting = await connect(server, address); // opened before the address has to wait
    for (const section of ['s1', 's2', 'x1']) {
      const answer = await authenticate(guesser, sectionDocId(FIXTURE_AGREEMENT, section), `gæt-${section}`);
      expect(answer).toMatchObject({ kind: 'permissionDenied', reason: 'ukendt adgangskode' });
    }
    expect((await within(guesser.closed, 10_000, 'guesser')).code).toBe(CLOSE_AUTH_FAILURES);

    const second = await connect(server, address);
    await authenticate(second, S1, 'gæt-4');
    await authenticate(second, sectionDocId(FIXTURE_AGREEMENT, 's2'), 'gæt-5');
    // Five failures: the address waits. New sockets are refused, and even a right token on a socket
    // it already holds is not looked up.
    expect(await upgradeStatus(server, address)).toBe(429);
    const refused = await authenticate(waiting, S1, fixture.tokens.alice);
    expect(refused).toMatchObject({ kind: 'permissionDenied' });
    expect((refused as { reason: string }).reason).toMatch(/prøv igen om \d+ s/);
    // Other addresses are not affected.
    const other = await connect(server, '127.0.0.6');
    expect(await authenticate(other, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    expect(server.stats().refusals).toMatchObject({ unknownToken: 5, authFailures: 1 });
    expect(server.stats().refusals.backoff).toBeGreaterThanOrEqual(2);
  });

  it('writes at most logLinesPerCause lines per cause and then one summary of the rest', async () => {
    const { server, logged } = await start({ maxAuthFailuresPerSocket: 1000, authFailuresBeforeBackoff: 1000, logLinesPerCause: 5, logWindowMs: 60_000 });
    const guesser = await connect(server);
    for (let i = 0; i < 50; i++) guesser.send(authMessage(sectionDocId(FIXTURE_AGREEMENT, `g${i}`), `forkert-${i}`));
    await expect.poll(() => server.stats().refusals.unknownToken, { timeout: 10_000 }).toBe(50);
    expect(logged.filter((l) => l.includes('ukendt adgangskode'))).toHaveLength(5);
    await server.close();
    expect(logged.some((l) => /45 lignende linjer mere \(unknownToken\)/.test(l))).toBe(true);
  });

  it("refuses an update that would take a participant over storageQuotaBytes and keeps what was stored before", async () => {
    const { server, fixture, dir } = await start({ storageQuotaBytes: 48 * 1024 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    const doc = new Y.Doc();
    const sent: string[] = [];
    let before = Y.encodeStateVector(doc);
    for (let i = 0; i < 6 && alice.isOpen; i++) {
      const marker = `stykke-${i}-`;
      insertParagraph(doc, marker + 'ø'.repeat(5000));
      const update = Y.encodeStateAsUpdate(doc, before);
      before = Y.encodeStateVector(doc);
      alice.send(updateMessage(S1, update));
      sent.push(marker);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await within(alice.closed, 10_000, 'quota')).code).toBe(CLOSE_QUOTA);
    expect(server.stats().refusals.quota).toBe(1);
    await server.close();
    const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
    const text = storedText(store);
    store.close();
    // 48 KiB holds four of the ~10 KB updates; the fifth was refused and is not on disk.
    expect(text).toContain('stykke-3-');
    expect(text).not.toContain('stykke-4-');

    // The ledger outlives a restart: the next update is refused at once.
    const again = await startSyncServer({ dataDir: dir, access: fixture.access, limits: { storageQuotaBytes: 48 * 1024 }, quiet: true });
    servers.push(again);
    const back = await connect(again);
    expect(await authenticate(back, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    insertParagraph(doc, 'efter genstart' + 'ø'.repeat(5000)); // ~10 KB: within a fresh quota, not within what is left
    back.send(updateMessage(S1, Y.encodeStateAsUpdate(doc, before)));
    expect((await within(back.closed, 10_000, 'quota after restart')).code).toBe(CLOSE_QUOTA);
  });

  it('closes a socket whose update has more than maxUpdateItems structs and delete ranges, before applying it', async () => {
    const { server, fixture, dir } = await start({ maxUpdateItems: 1000 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    alice.send(updateMessage(S1, updateOfItems(900, 'o')));
    await alice.waitFor((m) => m.kind === 'syncStatus' && m.applied);
    alice.send(updateMessage(S1, updateOfItems(5000, 'X')));
    expect((await within(alice.closed, 10_000, 'items')).code).toBe(CLOSE_UPDATE_TOO_LARGE);
    // Also before admission: the read stops at the bound, and nothing is queued.
    const early = await connect(server);
    early.send(updateMessage(S1, updateOfItems(5000, 'X')));
    expect((await within(early.closed, 10_000, 'items before auth')).code).toBe(CLOSE_UPDATE_TOO_LARGE);
    await server.close();
    const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
    const text = storedText(store);
    store.close();
    expect(text).toBe('o'.repeat(900));
  });

  it('drops updates, awareness and stateless messages from a read-only connection', async () => {
    const { server, fixture } = await start();
    // Everyone in the agreement comments on a section (a writable connection, checked per update);
    // the structure is read-only for all but the secretariat.
    const alice = await connect(server);
    expect(await authenticate(alice, STRUCTURE, fixture.tokens.secretariat)).toMatchObject({ kind: 'authenticated' });
    const observer = await connect(server);
    expect(await authenticate(observer, STRUCTURE, fixture.tokens.observer)).toMatchObject({ kind: 'authenticated', scope: 'readonly' });
    const forged = Array.from({ length: 50 }, (_, i) => ({ clientID: 1000 + i, clock: 1, state: { user: { name: 'Falsk' } } }));
    observer.send(awarenessMessage(STRUCTURE, forged));
    observer.send(statelessMessage(STRUCTURE, 'falsk besked'));
    observer.send(updateMessage(STRUCTURE, updateOfItems(3, 'F')));
    await expect.poll(() => server.stats().refusals.readOnly, { timeout: 10_000 }).toBe(3);
    // A writer's message after them arrives; nothing of the observer's did.
    const bob = await connect(server);
    expect(await authenticate(bob, STRUCTURE, fixture.tokens.secretariat)).toMatchObject({ kind: 'authenticated' });
    bob.send(statelessMessage(STRUCTURE, 'markør'));
    await alice.waitFor((m) => m.kind === 'stateless' && m.payload === 'markør');
    expect(alice.received.filter((m) => m.kind === 'stateless').map((m) => (m as { payload: string }).payload)).toEqual(['markør']);
    expect(alice.received.some((m) => m.kind === 'awareness' && m.states.some((s) => s.clientID >= 1000))).toBe(false);
    expect(observer.isOpen).toBe(true); // a reader's provider sends awareness by default: dropped, not punished
  });

  it("acknowledges, without applying, a read-only connection's update the server already holds (a member passing on the secretariat's change)", async () => {
    const { server, fixture } = await start();
    const secretariat = await connect(server);
    expect(await authenticate(secretariat, STRUCTURE, fixture.tokens.secretariat)).toMatchObject({ kind: 'authenticated' });
    const retitled = new Y.Doc();
    retitled.getMap(STRUCTURE_KEYS.meta).set('title', 'Sundhedsaftale 2027-2030');
    const change = Y.encodeStateAsUpdate(retitled);
    secretariat.send(updateMessage(STRUCTURE, change));
    await secretariat.waitFor((m) => m.kind === 'syncStatus' && m.applied);
    // The observer got the same change by a bundle and passes it on: acknowledged.
    const observer = await connect(server);
    expect(await authenticate(observer, STRUCTURE, fixture.tokens.observer)).toMatchObject({ kind: 'authenticated', scope: 'readonly' });
    observer.send(updateMessage(STRUCTURE, change));
    await observer.waitFor((m) => m.kind === 'syncStatus' && m.applied);
    expect(server.stats().refusals.readOnly).toBe(0);
    // Something new from it is still refused, and not acknowledged.
    const own = new Y.Doc();
    own.getMap(STRUCTURE_KEYS.meta).set('title', 'Observatørens titel');
    observer.send(updateMessage(STRUCTURE, Y.encodeStateAsUpdate(own)));
    await expect.poll(() => server.stats().refusals.readOnly, { timeout: 10_000 }).toBe(1);
    expect(observer.received.filter((m) => m.kind === 'syncStatus' && m.applied)).toHaveLength(1);
  });

  it('relays one small awareness state per connection, named and sided as its grant', async () => {
    const { server, fixture } = await start({ maxAwarenessStateBytes: 1024 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    const bob = await connect(server);
    expect(await authenticate(bob, S1, fixture.tokens.bob)).toMatchObject({ kind: 'authenticated' });
    const awarenessOf = (client: RawClient, clientID: number) =>
      client.received.filter((m) => m.kind === 'awareness').flatMap((m) => (m as { states: { clientID: number; state: unknown }[] }).states).filter((s) => s.clientID === clientID);

    // Alice's own state plus two forged ones, under a made-up name.
    bob.send(awarenessMessage(S1, [
      { clientID: 11, clock: 1, state: { user: { name: 'Direktøren', side: 'region', verified: true, color: '#f00' }, cursor: 3 } },
      { clientID: 12, clock: 1, state: { user: { name: 'Nogen' } } },
      { clientID: 13, clock: 1, state: { user: { name: 'Andre' } } },
    ]));
    await expect.poll(() => awarenessOf(alice, 11).length, { timeout: 10_000 }).toBe(1);
    // Bob claimed another name and the other side: the server says who he is.
    expect(awarenessOf(alice, 11)[0].state).toEqual({ user: { name: fixture.names.bob, side: 'kommune', verified: true, color: '#f00' }, cursor: 3 });
    // Too large, and another connection claiming bob's client id: neither passes.
    bob.send(awarenessMessage(S1, [{ clientID: 11, clock: 2, state: { user: {}, blob: 'x'.repeat(2000) } }]));
    alice.send(awarenessMessage(S1, [{ clientID: 11, clock: 3, state: { user: { name: 'Overtaget' } } }]));
    alice.send(awarenessMessage(S1, [{ clientID: 21, clock: 1, state: { user: { name: 'A' } } }]));
    await expect.poll(() => awarenessOf(bob, 21).length, { timeout: 10_000 }).toBe(1);
    expect(awarenessOf(bob, 21)[0].state).toEqual({ user: { name: fixture.names.alice, side: 'region', verified: true } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(awarenessOf(alice, 11)).toHaveLength(1);
    // Bob leaves: his state is removed for alice at once (a null state for his client id).
    bob.close();
    await expect.poll(() => awarenessOf(alice, 11).some((s) => s.state === null), { timeout: 5_000 }).toBe(true);
    expect(awarenessOf(alice, 12)).toHaveLength(0);
    expect(awarenessOf(alice, 13)).toHaveLength(0);
    expect(server.stats().refusals.awareness).toBeGreaterThanOrEqual(4);
  });

  it('keeps the name a client gives itself on an open server, marked unverified', async () => {
    const dir = tempDir('enighed-limits-open-');
    dirs.push(dir);
    seedFixture(path.join(dir, SERVER_WORKSPACE_FILE));
    const server = await startSyncServer({ dataDir: dir, quiet: true });
    servers.push(server);
    const a = await connect(server);
    const b = await connect(server);
    expect(await authenticate(a, S1, 'hvem-som-helst')).toMatchObject({ kind: 'authenticated' });
    expect(await authenticate(b, S1, 'hvem-som-helst')).toMatchObject({ kind: 'authenticated' });
    a.send(awarenessMessage(S1, [{ clientID: 31, clock: 1, state: { user: { name: 'Åse Øster', side: 'kommune', verified: true } } }]));
    const states = () => b.received.filter((m) => m.kind === 'awareness').flatMap((m) => (m as { states: { clientID: number; state: unknown }[] }).states);
    await expect.poll(() => states().filter((s) => s.clientID === 31).length, { timeout: 10_000 }).toBe(1);
    expect(states().find((s) => s.clientID === 31)!.state).toEqual({ user: { name: 'Åse Øster', side: 'kommune', verified: false } });
  });

  it("refuses documents for sections the agreement's structure does not have, and agreements the server does not have", async () => {
    const { server, fixture, dir } = await start();
    const member = await connect(server);
    for (const made of ['opdigtet-1', 'opdigtet-2']) {
      expect(await authenticate(member, `${FIXTURE_AGREEMENT}/internal/region/${made}`, fixture.tokens.alice)).toMatchObject({ kind: 'permissionDenied', reason: 'ingen adgang' });
      expect(await authenticate(member, sectionDocId(FIXTURE_AGREEMENT, made), fixture.tokens.alice)).toMatchObject({ kind: 'permissionDenied', reason: 'ingen adgang' });
    }
    // The grant names an agreement the server has never had: no document, no agreement row.
    const ghost = await connect(server);
    expect(await authenticate(ghost, 'spoegelse/internal/region/s1', fixture.tokens.ghost)).toMatchObject({ kind: 'permissionDenied', reason: 'ingen adgang' });
    ghost.send(updateMessage('spoegelse/internal/region/s1', updateOfItems(3)));
    // Their own side's internal data for a real section is fine.
    expect(await authenticate(member, `${FIXTURE_AGREEMENT}/internal/region/s1`, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    await server.close();
    const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
    expect(store.agreementIds()).toEqual([FIXTURE_AGREEMENT]);
    store.close();
  });

  it('drops an awareness message with more than maxAwarenessEntries entries unread', async () => {
    const { server, fixture } = await start({ maxAwarenessEntries: 8 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    const bob = await connect(server);
    expect(await authenticate(bob, S1, fixture.tokens.bob)).toMatchObject({ kind: 'authenticated' });
    bob.send(awarenessMessage(S1, Array.from({ length: 9 }, (_, i) => ({ clientID: 31 + i, clock: 1, state: {} }))));
    bob.send(awarenessMessage(S1, [{ clientID: 40, clock: 1, state: {} }]));
    await alice.waitFor((m) => m.kind === 'awareness' && m.states.some((st) => st.clientID === 40));
    expect(alice.received.some((m) => m.kind === 'awareness' && m.states.some((st) => st.clientID === 31))).toBe(false);
    expect(server.stats().refusals.awareness).toBe(1);
  });

  it('cuts off a socket that does not read its answers once more than maxSendBufferBytes wait for it', async () => {
    const { server, fixture } = await start({ maxSendBufferBytes: 1024 * 1024 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    const doc = new Y.Doc();
    insertParagraph(doc, 'æ'.repeat(400_000));
    alice.send(updateMessage(S1, Y.encodeStateAsUpdate(doc)));
    await alice.waitFor((m) => m.kind === 'syncStatus' && m.applied);
    const reader = await connect(server);
    expect(await authenticate(reader, S1, fixture.tokens.observer)).toMatchObject({ kind: 'authenticated' });
    // Stops reading, and keeps asking for the whole document.
    (reader.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const empty = Y.encodeStateVector(new Y.Doc());
    for (let i = 0; i < 200 && server.stats().refusals.slowReader === 0; i++) {
      reader.send(syncStep1Message(S1, empty));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expect.poll(() => server.stats().refusals.slowReader, { timeout: 10_000 }).toBe(1);
    expect(alice.isOpen).toBe(true);
  });

  it('refuses an update that would take a document over maxDocumentBytes', async () => {
    const { server, fixture, dir } = await start({ maxDocumentBytes: 64 * 1024 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    const doc = new Y.Doc();
    insertParagraph(doc, 'første'.repeat(6000));
    alice.send(updateMessage(S1, Y.encodeStateAsUpdate(doc)));
    await alice.waitFor((m) => m.kind === 'syncStatus' && m.applied);
    const before = Y.encodeStateVector(doc);
    insertParagraph(doc, 'anden'.repeat(8000), 0);
    alice.send(updateMessage(S1, Y.encodeStateAsUpdate(doc, before)));
    expect((await within(alice.closed, 10_000, 'document size')).code).toBe(CLOSE_DOCUMENT_FULL);
    await server.close();
    const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
    const text = storedText(store);
    store.close();
    expect(text).toBe('første'.repeat(6000));
  });

  it('bounds updates Yjs would hold back as pending (missing dependencies): refused by the document check, or by maxDocumentBytes', async () => {
    const { server, fixture } = await start({ maxDocumentBytes: 64 * 1024 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    // The server never gets the first update, so every later one waits for it; the server logs the
    // whole pending set again after each (so that an acknowledgement still means "on disk").
    const doc = new Y.Doc();
    insertParagraph(doc, 'grundlag');
    let before = Y.encodeStateVector(doc);
    let sent = 0;
    while (alice.isOpen && sent < 40) {
      insertParagraph(doc, `venter-${sent}-`.padEnd(4000, '.'), 0);
      alice.send(updateMessage(S1, Y.encodeStateAsUpdate(doc, before)));
      before = Y.encodeStateVector(doc);
      sent++;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // Without a check, 40 updates of 4 KB, each logged again as a growing pending set, would store
    // 3 MB. The document check cannot place items whose parent it has never seen and refuses them;
    // where it would not, the pending sets count against the document's size.
    const { code, reason } = await within(alice.closed, 10_000, 'pending');
    expect([CLOSE_CONTENT_REFUSED, CLOSE_DOCUMENT_FULL], reason).toContain(code);
    expect(sent).toBeLessThan(15);
  });

  it('closes a socket whose update would put a section outside its schema (20,000 nested blockquotes), before applying it', async () => {
    const { server, fixture, dir } = await start();
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    alice.send(updateMessage(S1, nestedElementsUpdate(20_000)));
    const { code, reason } = await within(alice.closed, 10_000, 'poison');
    expect(code).toBe(CLOSE_CONTENT_REFUSED);
    expect(reason).toMatch(/blev afvist/);
    expect(server.stats().refusals.content).toBe(1);
    await server.close();
    const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
    expect(sectionXml(store)).toBe('');
    store.close();
  });

  it('checks an update only once the one before it from the same client is applied, even when both arrive in one read', async () => {
    const { server, fixture, dir } = await start();
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    await alice.waitFor((m) => m.documentName === S1 && m.kind === 'other'); // the server's sync step
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      const before = Y.encodeStateVector(doc);
      insertParagraph(doc, `afsnit ${i}`, i === 0 ? 0 : prng.int32(gen, 0, i)); // each builds on the last
      updates.push(Y.encodeStateAsUpdate(doc, before));
    }
    // Every frame in one TCP write: the server's \`ws\` emits them one after another in one turn.
    const socket = (alice.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    for (const u of updates) alice.send(updateMessage(S1, u));
    process.nextTick(() => socket.uncork());
    await expect.poll(() => alice.received.filter((m) => m.kind === 'syncStatus' && m.applied).length, { timeout: 10_000 }).toBe(20);
    expect(alice.isOpen).toBe(true);
    expect(server.stats().refusals.content).toBe(0);
    await server.close();
    const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
    expect(paragraphTexts(store.loadYDoc(S1))).toEqual(paragraphTexts(doc));
    store.close();
  });

  it('relays at most maxStatelessLength characters and awarenessPerSecond stateless messages (bursts of twice that) per connection', async () => {
    const { server, fixture } = await start({ awarenessPerSecond: 5, maxStatelessLength: 100 });
    const alice = await connect(server);
    expect(await authenticate(alice, S1, fixture.tokens.alice)).toMatchObject({ kind: 'authenticated' });
    const bob = await connect(server);
    expect(await authenticate(bob, S1, fixture.tokens.bob)).toMatchObject({ kind: 'authenticated' });
    bob.send(statelessMessage(S1, 'x'.repeat(101)));
    for (let i = 0; i < 50; i++) bob.send(statelessMessage(S1, `besked ${i}`));
    await expect.poll(() => server.stats().refusals.stateless, { timeout: 10_000 }).toBeGreaterThanOrEqual(40);
    const relayed = () => alice.received.filter((m) => m.kind === 'stateless').map((m) => (m as { payload: string }).payload);
    await expect.poll(() => relayed().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(9);
    expect(relayed().every((p) => p.startsWith('besked '))).toBe(true);
    expect(relayed().length).toBeLessThanOrEqual(11); // a burst of 10, and perhaps one more refilled
  });
});
