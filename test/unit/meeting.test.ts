// Meeting mode end to end in Node: two (or three) workspaces, each with its own SQLite file and Node
// side, meeting through a real meeting host — the project's sync server over wss:// with a fresh
// self-signed certificate. The guest pins the fingerprint the host shows; a wrong one, a wrong code
// or an oversized update gets nowhere.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingInfo, MeetingState, SyncStatus } from '../../shared/api/contract.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { startMeeting, guestToken } from '../../electron/sync/meeting/host.ts';
import { HOST_ENDED_NOTICE } from '../../electron/sync/meeting/session.ts';
import { FINGERPRINT_MISMATCH } from '../../electron/sync/pinnedSocket.ts';
import { CLOSE_TOO_BIG } from '../../electron/server/server.ts';
import { CLOSE_CONTENT_REFUSED } from '../../electron/server/closeCodes.ts';
import { deepStructureMapUpdate } from '../helpers/poison.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { call, recordingClient, type RecordingClient } from '../helpers/serviceCalls.ts';
import { authMessage, rawSocket } from '../helpers/meetingWire.ts';
import { startMeetingChild } from '../helpers/meetingChild.ts';
import { startRogueHost } from '../helpers/rogueHost.ts';
import * as encoding from 'lib0/encoding';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Person {
  service: WorkspaceService;
  client: RecordingClient;
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
}

/** Workspaces holding the same demo agreement, each opened with a profile. */
function people(...names: [string, 'region' | 'kommune'][]): Person[] {
  const dir = tempDir('enighed-meeting-');
  const first = path.join(dir, 'p0.sqlite');
  WorkspaceService.open({ workspacePath: first, templatesDir, seedDemo: true }).close();
  return names.map(([name, side], i) => {
    const file = path.join(dir, `p${i}.sqlite`);
    if (i > 0) fs.copyFileSync(first, file);
    const service = WorkspaceService.open({ workspacePath: file, templatesDir });
    cleanups.push(() => service.close());
    const client = recordingClient(name);
    service.connect(client);
    const person: Person = { service, client, call: (method, params = {}) => call(service, client, method, params) };
    void person.call('setProfile', { name, organisation: side === 'region' ? 'Region Midtjylland' : 'Horsens Kommune', side, role: 'formand' });
    return person;
  });
}

async function hostMeeting(host: Person): Promise<MeetingInfo> {
  return host.call<MeetingInfo>('hostMeeting', { address: '127.0.0.1' });
}

async function sectionText(p: Person, docId: string): Promise<string> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await p.call<{ update: Uint8Array }>('openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
  return doc.getXmlFragment(SECTION_FRAGMENT).toString();
}

/** Appends `text` to the section's first paragraph through the contract (as an editor would). */
async function write(p: Person, docId: string, text: string): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await p.call<{ update: Uint8Array }>('openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
  const before = Y.encodeStateVector(doc);
  const paragraph = doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement;
  const t = new Y.XmlText();
  t.insert(0, text);
  paragraph.insert(paragraph.length, [t]);
  await p.call('pushUpdate', { docId, update: Y.encodeStateAsUpdate(doc, before) });
  await p.call('closeDoc', { docId });
}

async function agreementId(p: Person): Promise<string> {
  return (await p.call<{ id: string }[]>('listAgreements'))[0].id;
}

describe('meeting mode', () => {
  it('serves wss:// with a certificate whose fingerprint the host shows; the guest with it syncs, the host sees who joined', async () => {
    const [host, guest] = people(['Søren Ærø', 'region'], ['Åse Øster', 'kommune']);
    const meeting = await hostMeeting(host);
    expect(meeting.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    expect(meeting.fingerprint).toMatch(/^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){2}$/);
    expect(meeting.participants).toEqual([]);

    // The guest types the code and fingerprint as heard: lower case, spaces instead of dashes.
    const joined = await guest.call<MeetingInfo>('joinMeeting', {
      url: meeting.url,
      code: meeting.code.toLowerCase().replace(/-/g, ' '),
      fingerprint: meeting.fingerprint.toLowerCase(),
    });
    expect(joined.role).toBe('guest');
    await expect.poll(async () => (await host.call<MeetingState>('getMeeting')).meeting?.participants.map((p) => [p.name, p.side]), { timeout: 20_000 }).toEqual([['Åse Øster', 'kommune']]);
    expect(host.client.events.some((e) => e.name === 'meeting' && (e.payload as MeetingState).meeting?.participants.length === 1)).toBe(true);

    const docId = sectionDocId(await agreementId(host), 'indlaeggelse-politisk');
    await write(host, docId, 'Regionen foreslår to hverdage. ');
    await write(guest, docId, 'Kommunen foreslår tre hverdage. ');
    await Promise.all([host.service.whenSynced(20_000), guest.service.whenSynced(20_000)]);
    await expect.poll(() => sectionText(guest, docId), { timeout: 20_000 }).toContain('to hverdage');
    await expect.poll(() => sectionText(host, docId), { timeout: 20_000 }).toContain('tre hverdage');

    // Leaving takes under a second, and the host sees the guest go.
    const started = performance.now();
    const status = await guest.call<SyncStatus>('endMeeting');
    const leftIn = performance.now() - started;
    expect(status.state).toBe('off');
    expect(leftIn).toBeLessThan(1000);
    await expect.poll(async () => (await host.call<MeetingState>('getMeeting')).meeting?.participants.length, { timeout: 20_000 }).toBe(0);
    await host.call('endMeeting');
    expect(await sectionText(guest, docId)).toBe(await sectionText(host, docId));
  });

  it('refuses a host whose certificate does not match the fingerprint, before the code is sent', async () => {
    const [host, guest] = people(['Søren Ærø', 'region'], ['Åse Øster', 'kommune']);
    const meeting = await hostMeeting(host);
    // Another meeting's fingerprint: what a laptop in between would present.
    const other = await startMeeting({ address: '127.0.0.1' });
    cleanups.push(() => other.close());
    await expect(guest.call('joinMeeting', { url: meeting.url, code: meeting.code, fingerprint: other.fingerprint })).rejects.toThrow(FINGERPRINT_MISMATCH);
    expect((await guest.call<MeetingState>('getMeeting')).meeting).toBeNull();
    expect((await guest.call<SyncStatus>('syncStatus')).state).toBe('off');
    // The host never saw the guest (the code never reached it).
    expect((await host.call<MeetingState>('getMeeting')).meeting?.participants).toEqual([]);
  });

  it('a wrong code is an error for the guest, who is not left in the meeting', async () => {
    const [host, guest] = people(['Søren Ærø', 'region'], ['Åse Øster', 'kommune']);
    const meeting = await hostMeeting(host);
    const wrong = meeting.code.startsWith('2') ? meeting.code.replace(/^2/, '3') : meeting.code.replace(/^./, '2');
    await expect(guest.call('joinMeeting', { url: meeting.url, code: wrong, fingerprint: meeting.fingerprint })).rejects.toThrow(/Forkert mødekode/);
    expect((await guest.call<MeetingState>('getMeeting')).meeting).toBeNull();
    expect((await guest.call<SyncStatus>('syncStatus')).state).toBe('off');
    // A code that is not even shaped like one is refused before anything is sent.
    await expect(guest.call('joinMeeting', { url: meeting.url, code: 'AAAA-AAAA', fingerprint: meeting.fingerprint })).rejects.toThrow(/Koden skal være 15 tegn/);
    await expect(guest.call('joinMeeting', { url: meeting.url.replace('wss:', 'ws:'), code: meeting.code, fingerprint: meeting.fingerprint })).rejects.toThrow(/wss:\/\//);
    // Typos cost one attempt each, not one per document: after two, the right code still gets in
    // (the server backs an address off after ten failures, the meeting after five).
    await expect(guest.call('joinMeeting', { url: meeting.url, code: wrong, fingerprint: meeting.fingerprint })).rejects.toThrow(/Forkert mødekode/);
    const joined = await guest.call<MeetingInfo>('joinMeeting', { url: meeting.url, code: meeting.code, fingerprint: meeting.fingerprint });
    expect(joined.role).toBe('guest');
    await guest.service.whenSynced(20_000);
  });

  it('tells the guest when the host ends the meeting', async () => {
    const [host, guest] = people(['Søren Ærø', 'region'], ['Åse Øster', 'kommune']);
    const meeting = await hostMeeting(host);
    await guest.call('joinMeeting', { url: meeting.url, code: meeting.code, fingerprint: meeting.fingerprint });
    await guest.service.whenSynced(20_000);
    await host.call('endMeeting');
    await expect.poll(async () => (await guest.call<MeetingState>('getMeeting')).notice, { timeout: 20_000 }).toBe(HOST_ENDED_NOTICE);
    expect((await guest.call<MeetingState>('getMeeting')).meeting).toBeNull();
    expect(guest.client.events.some((e) => e.name === 'meeting' && (e.payload as MeetingState).notice === HOST_ENDED_NOTICE)).toBe(true);
    expect((await guest.call<SyncStatus>('syncStatus')).state).toBe('off');
  });

  it('uses the sync server’s limits: a 40 MiB update closes the connection (1009) and is not applied', async () => {
    const [host] = people(['Søren Ærø', 'region']);
    const meeting = await hostMeeting(host);
    const docId = sectionDocId(await agreementId(host), 'indlaeggelse-politisk');
    const before = await sectionText(host, docId);
    const raw = await rawSocket(meeting.url);
    cleanups.push(() => raw.socket.terminate());
    raw.socket.send(authMessage(docId, guestToken(meeting.code, { name: 'Stor Fil', side: 'kommune' })));
    await expect.poll(() => raw.answers.get(docId), { timeout: 20_000 }).toBe('ok');

    const big = new Y.Doc();
    big.getXmlFragment(SECTION_FRAGMENT).insert(0, [new Y.XmlText('x'.repeat(40 * 1024 * 1024))]);
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, docId);
    encoding.writeVarUint(encoder, 0); // sync
    encoding.writeVarUint(encoder, 2); // update
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(big));
    raw.socket.send(encoding.toUint8Array(encoder));
    expect((await raw.closed).code).toBe(CLOSE_TOO_BIG);
    await host.service.whenSynced(20_000);
    expect(await sectionText(host, docId)).toBe(before);
  });

  it('leaves in under a second when the host has vanished (killed, no close frame)', async () => {
    const [guest] = people(['Åse Øster', 'kommune']);
    const host = await startMeetingChild();
    cleanups.push(() => host.kill());
    await guest.call('joinMeeting', { url: host.url, code: host.code, fingerprint: host.fingerprint });
    await guest.service.whenSynced(20_000);
    await host.kill();
    await expect.poll(async () => (await guest.call<SyncStatus>('syncStatus')).state, { timeout: 20_000 }).toBe('offline');
    const started = performance.now();
    expect((await guest.call<SyncStatus>('endMeeting')).state).toBe('off');
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await guest.call<MeetingState>('getMeeting')).meeting).toBeNull();
  });

  it('a host that sends an update the guest cannot use: refused before it is applied, nothing stored, the reason shown', async () => {
    const [guest] = people(['Åse Øster', 'kommune']);
    const id = await agreementId(guest);
    const target = sectionDocId(id, 'indlaeggelse-politisk');
    const before = await sectionText(guest, target);
    // A valid update prefix followed by garbage: Yjs throws part-way through reading it.
    const garbage = Uint8Array.from([1, 1, 200, 1, 0, 5, 99, 99, 99]);
    const rogue = await startRogueHost((name) => (name === target ? garbage : null));
    cleanups.push(() => rogue.close());
    await guest.call('joinMeeting', { url: rogue.url, code: 'K7PQ3-QMXH4-TW9ZR', fingerprint: rogue.fingerprint });
    await expect.poll(() => guest.service.syncStatus().error, { timeout: 20_000 }).toMatch(
      new RegExp(`Serveren sendte en ændring til ${target}, som er afvist: .+ Den er hverken vist eller gemt\\.`),
    );
    expect(await sectionText(guest, target)).toBe(before);
    await guest.call('endMeeting');
  });

  it('the issue’s poison: a 20,000-deep map written into the structure is refused by the host and by a guest, and both workspaces still open', async () => {
    const [host, guest] = people(['Søren Ærø', 'region'], ['Åse Øster', 'kommune']);
    const id = await agreementId(host);
    const structure = structureDocId(id);
    const poison = () => deepStructureMapUpdate(20_000);

    // A guest's laptop sends it to the host (through a raw socket, as a modified app would).
    const meeting = await hostMeeting(host);
    await host.service.whenSynced(20_000);
    const raw = await rawSocket(meeting.url);
    cleanups.push(() => raw.socket.terminate());
    raw.socket.send(authMessage(structure, guestToken(meeting.code, { name: 'Ond Gæst', side: 'kommune' })));
    await expect.poll(() => raw.answers.get(structure), { timeout: 20_000 }).toBe('ok');
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, structure);
    encoding.writeVarUint(encoder, 0); // sync
    encoding.writeVarUint(encoder, 2); // update
    encoding.writeVarUint8Array(encoder, poison());
    raw.socket.send(encoding.toUint8Array(encoder));
    expect((await raw.closed).code).toBe(CLOSE_CONTENT_REFUSED);
    await host.call('endMeeting');

    // A host's laptop sends it to the guest.
    const rogue = await startRogueHost((name) => (name === structure ? poison() : null));
    cleanups.push(() => rogue.close());
    await guest.call('joinMeeting', { url: rogue.url, code: 'K7PQ3-QMXH4-TW9ZR', fingerprint: rogue.fingerprint });
    await expect.poll(() => guest.service.syncStatus().error, { timeout: 20_000 }).toMatch(/som er afvist/);
    await guest.call('endMeeting');

    // Both reopen with the agreement readable (before, WorkspaceService.open threw on every start).
    for (const p of [host, guest]) {
      const file = p.service.status.path;
      p.service.close();
      const reopened = WorkspaceService.open({ workspacePath: file, templatesDir });
      cleanups.push(() => reopened.close());
      expect(reopened.status.state).toBe('ready');
      expect(await call<{ id: string }[]>(reopened, recordingClient('x'), 'listAgreements', {})).toHaveLength(1);
    }
  });

  it('refuses a second join while the first is still waiting for the host', async () => {
    const [host, guest] = people(['Søren Ærø', 'region'], ['Åse Øster', 'kommune']);
    const meeting = await hostMeeting(host);
    const target = { url: meeting.url, code: meeting.code, fingerprint: meeting.fingerprint };
    const [first, second] = await Promise.allSettled([guest.call('joinMeeting', target), guest.call('joinMeeting', target)]);
    expect(first.status).toBe('fulfilled');
    expect(second.status === 'rejected' && String(second.reason)).toMatch(/allerede et møde i gang/);
    await guest.service.whenSynced(20_000);
    expect((await guest.call<MeetingState>('getMeeting')).meeting?.role).toBe('guest');
  });

  it('says so when there is no agreement to meet about (instead of waiting for an answer that cannot come)', async () => {
    const service = WorkspaceService.open({ workspacePath: path.join(tempDir('enighed-meeting-'), 'tom.sqlite'), templatesDir });
    cleanups.push(() => service.close());
    const c = recordingClient('tom');
    await expect(call(service, c, 'hostMeeting', { address: '127.0.0.1' })).rejects.toThrow(/ingen aftale på denne computer/);
    await expect(call(service, c, 'joinMeeting', { url: 'wss://127.0.0.1:1', code: 'K7PQ3-QMXH4-TW9ZR', fingerprint: 'K7PQ3-QMXH4-TW9ZR' })).rejects.toThrow(/ingen aftale på denne computer/);
  });

  it('speaks only TLS: a plain ws:// connection to the host is not served', async () => {
    const [host] = people(['Søren Ærø', 'region']);
    const meeting = await hostMeeting(host);
    const plain = new WebSocket(meeting.url.replace('wss:', 'ws:'));
    const outcome = await new Promise<string>((resolve) => {
      plain.on('open', () => resolve('open'));
      plain.on('error', (e) => resolve(`error: ${e.message}`));
    });
    plain.terminate();
    expect(outcome).toMatch(/^error/);
  });
});
