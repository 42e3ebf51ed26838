// Two machines (two workspace files, two Node sides) syncing an agreement through a real Hocuspocus
// server: changes flow both ways, survive going offline, and are persisted as they arrive.
import fs from 'node:fs';
import path from 'node:path';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api/contract.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { until } from '../helpers/until.ts';
import { call } from '../helpers/serviceCalls.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(id: string): Client & { events: { name: string; payload: unknown }[] } {
  const events: { name: string; payload: unknown }[] = [];
  return { id, events, send<E extends EventName>(name: E, payload: EventPayload<E>) { events.push({ name, payload }); } };
}

async function hocuspocus(): Promise<{ url: string }> {
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true });
  await server.listen();
  cleanups.push(() => server.destroy());
  return { url: `ws://127.0.0.1:${server.address.port}` };
}

/** An editor on one machine: a Y.Doc kept in step with the service through the contract. */
async function editor(s: WorkspaceService, c: ReturnType<typeof client>, docId: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
  const pending: Promise<unknown>[] = [];
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') pending.push(call(s, c, 'pushUpdate', { docId, update: u }));
  });
  const paragraph = () => doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement;
  return {
    doc,
    async type(text: string) {
      const p = paragraph();
      let t = p.get(0) as Y.XmlText | null;
      if (!t) {
        t = new Y.XmlText();
        p.insert(0, [t]);
      }
      t.insert(t.length, text);
      await Promise.all(pending.splice(0));
    },
    receive() {
      for (const e of c.events.splice(0)) {
        if (e.name === 'docUpdate') Y.applyUpdate(doc, (e.payload as { update: Uint8Array }).update, 'remote');
      }
    },
  };
}

const waitFor = (condition: () => boolean, ms = 10_000) => until(condition, ms);

describe('sync through a server', () => {
  it('carries edits both ways, survives an offline period and persists what arrives', async () => {
    const dir = tempDir();
    const fileA = path.join(dir, 'a.sqlite');
    const fileB = path.join(dir, 'b.sqlite');
    const seed = WorkspaceService.open({ workspacePath: fileA, templatesDir, seedDemo: true });
    seed.close();
    fs.copyFileSync(fileA, fileB); // B received the agreement as a file

    let a = WorkspaceService.open({ workspacePath: fileA, templatesDir });
    let b = WorkspaceService.open({ workspacePath: fileB, templatesDir });
    cleanups.push(() => a.close(), () => b.close());
    const ca = client('a');
    const cb = client('b');
    a.connect(ca);
    b.connect(cb);
    const [agreement] = await call<{ id: string }[]>(a, ca, 'listAgreements', {});
    const docId = sectionDocId(agreement.id, 'traening-politisk');
    const { url } = await hocuspocus();
    const settings = { url, token: 'hemmelig-adgang' };

    expect((await call<{ state: string }>(a, ca, 'syncStatus', {})).state).toBe('off');
    await call(a, ca, 'setSyncSettings', { settings });
    await call(b, cb, 'setSyncSettings', { settings });
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    expect((await call<{ state: string; unsyncedChanges: number }>(a, ca, 'syncStatus', {})).state).toBe('synced');
    expect(ca.events.some((e) => e.name === 'syncStatus')).toBe(true);

    const edA = await editor(a, ca, docId);
    const edB = await editor(b, cb, docId);
    await edA.type('Kommunen tilbyder træning inden for syv dage. ');
    await a.whenSynced();
    await waitFor(() => (cb.events.some((e) => e.name === 'docUpdate')));
    edB.receive();
    expect(edB.doc.getXmlFragment(SECTION_FRAGMENT).toString()).toContain('inden for syv dage');

    // B goes offline; both write; B comes back.
    await call(b, cb, 'setSyncSettings', { settings: null });
    expect((await call<{ state: string }>(b, cb, 'syncStatus', {})).state).toBe('off');
    await edA.type('Regionen sender genoptræningsplanen elektronisk. ');
    await edB.type('Aftalt på mødet i Horsens. ');
    await call(b, cb, 'setSyncSettings', { settings });
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    await waitFor(() => {
      edA.receive();
      edB.receive();
      return Y.encodeStateVector(edA.doc).toString() === Y.encodeStateVector(edB.doc).toString();
    });
    const text = edA.doc.getXmlFragment(SECTION_FRAGMENT).toString();
    expect(edB.doc.getXmlFragment(SECTION_FRAGMENT).toString()).toBe(text);
    expect(text).toContain('elektronisk');
    expect(text).toContain('Horsens');

    // What arrived from the server was persisted: reopen both files without any server.
    a.close();
    b.close();
    cleanups.length = 0;
    a = WorkspaceService.open({ workspacePath: fileA, templatesDir });
    b = WorkspaceService.open({ workspacePath: fileB, templatesDir });
    cleanups.push(() => a.close(), () => b.close());
    // The sync settings are kept too: stop them so this check runs offline.
    await call(a, ca, 'setSyncSettings', { settings: null });
    await call(b, cb, 'setSyncSettings', { settings: null });
    for (const s of [a, b]) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(s, client('x'), 'openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
      expect(doc.getXmlFragment(SECTION_FRAGMENT).toString()).toBe(text);
    }
  });

  it('refuses a malformed server address with a Danish message', async () => {
    const s = WorkspaceService.open({ workspacePath: path.join(tempDir(), 'w.sqlite'), templatesDir });
    cleanups.push(() => s.close());
    await expect(call(s, client('c'), 'setSyncSettings', { settings: { url: 'http://x', token: '12345678' } })).rejects.toThrow(/ws:\/\/ eller wss:\/\//);
  });
});

describe('meeting mode', () => {
  it('hosts a meeting on a local address; the guest joins with the code; ending leaves both identical', async () => {
    const dir = tempDir();
    const fileA = path.join(dir, 'host.sqlite');
    const fileB = path.join(dir, 'guest.sqlite');
    WorkspaceService.open({ workspacePath: fileA, templatesDir, seedDemo: true }).close();
    fs.copyFileSync(fileA, fileB);
    fs.copyFileSync(fileA, path.join(dir, 'intruder.sqlite'));
    const host = WorkspaceService.open({ workspacePath: fileA, templatesDir });
    const guest = WorkspaceService.open({ workspacePath: fileB, templatesDir });
    cleanups.push(() => host.close(), () => guest.close());
    const ch = client('host');
    const cg = client('guest');
    host.connect(ch);
    guest.connect(cg);

    const interfaces = await call<{ address: string }[]>(host, ch, 'meetingInterfaces', {});
    expect(interfaces.map((i) => i.address)).toContain('127.0.0.1');
    await expect(call(host, ch, 'hostMeeting', { address: '10.255.255.1' })).rejects.toThrow(/hører ikke til denne computer/);
    const meeting = await call<{ url: string; code: string; fingerprint: string }>(host, ch, 'hostMeeting', { address: '127.0.0.1' });
    expect(meeting.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);

    // A wrong code gets nowhere: the join itself fails (test/unit/meeting.test.ts has the rest).
    const intruder = WorkspaceService.open({ workspacePath: path.join(dir, 'intruder.sqlite'), templatesDir });
    cleanups.push(() => intruder.close());
    await expect(call(intruder, client('i'), 'joinMeeting', { url: meeting.url, code: 'AAAAA-AAAAA-AAAAA', fingerprint: meeting.fingerprint })).rejects.toThrow(/Forkert mødekode/);
    expect(intruder.syncStatus().state).toBe('off');

    // Both have the profile the app asks for on first start: without a directory, the guest writes
    // as a member of the side it claims (a guest with no side only reads and comments).
    await call(host, ch, 'setProfile', { name: 'Rikke Region', organisation: 'Region Midtjylland', side: 'region', role: 'formand' });
    await call(guest, cg, 'setProfile', { name: 'Kim Kommune', organisation: 'Horsens Kommune', side: 'kommune', role: 'formand' });
    // The guest types the code as heard: lower case, no dashes.
    await call(guest, cg, 'joinMeeting', { url: meeting.url, code: meeting.code.replace(/-/g, '').toLowerCase(), fingerprint: meeting.fingerprint });
    await Promise.all([host.whenSynced(), guest.whenSynced()]);

    const [agreement] = await call<{ id: string }[]>(host, ch, 'listAgreements', {});
    const docId = sectionDocId(agreement.id, 'indlaeggelse-politisk');
    const edHost = await editor(host, ch, docId);
    const edGuest = await editor(guest, cg, docId);
    await edHost.type('Regionen foreslår to hverdage. ');
    await edGuest.type('Kommunen foreslår tre hverdage. ');

    const [hostStatus, guestStatus] = await Promise.all([
      call<{ state: string }>(host, ch, 'endMeeting', {}),
      call<{ state: string }>(guest, cg, 'endMeeting', {}),
    ]);
    expect(hostStatus.state).toBe('off');
    expect(guestStatus.state).toBe('off');
    expect(await call(host, ch, 'getMeeting', {})).toEqual({ meeting: null, notice: null });
    edHost.receive();
    edGuest.receive();
    const text = edHost.doc.getXmlFragment(SECTION_FRAGMENT).toString();
    expect(text).toContain('to hverdage');
    expect(text).toContain('tre hverdage');
    expect(edGuest.doc.getXmlFragment(SECTION_FRAGMENT).toString()).toBe(text);
  });
});
