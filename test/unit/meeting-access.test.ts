// The meeting host refuses what the secretariat's server would refuse, with the joiner's rights
// (electron/sync/meeting/joiner.ts): a guest proves a directory participant against the meeting's
// challenge, or — in an agreement without a directory — is a member of the side it claims. Real
// services and SQLite files, a real meeting host over wss://, a raw guest socket sending what a
// tampered app would send; the host's workspace is compared before and after.
import { generateKeyPair } from '../../electron/identity/ed25519.ts';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingInfo } from '../../shared/api/contract.ts';
import { SECTION_KEYS, STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { guestToken } from '../../electron/sync/meeting/host.ts';
import { proveJoin, type JoinClaim } from '../../electron/sync/meeting/joiner.ts';
import { CLOSE_CONTENT_REFUSED } from '../../electron/server/closeCodes.ts';
import { appendParagraph, loggedClauseIds, recordTestPosition } from '../helpers/docContent.ts';
import { authMessage, rawSocket } from '../helpers/meetingWire.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { identityFixture, type IdentityFixture, type Person } from '../helpers/identity.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Host {
  service: WorkspaceService;
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  agreementId: string;
  fx?: IdentityFixture;
}

async function host(withDirectory: boolean): Promise<Host> {
  const service = WorkspaceService.open({ workspacePath: path.join(tempDir('enighed-meeting-access-'), 'host.sqlite'), templatesDir, seedDemo: true });
  cleanups.push(() => service.close());
  const client = recordingClient('host');
  service.connect(client);
  const h: Host = { service, call: (method, params = {}) => call(service, client, method, params), agreementId: service.listAgreements()[0].id };
  // A log entry by the region's co-chair (a local profile), then the secretariat writes the directory.
  await h.call('setProfile', { name: 'Rikke', organisation: 'Region', side: 'region', role: 'formand' });
  await push(h, sectionDocId(h.agreementId, 'traening-politisk'), (d) => recordTestPosition(d, 'k1', 'region'));
  await h.call('setProfile', { name: 'Sekretariatet', organisation: 'Region', side: 'region', role: 'sekretariat' });
  if (withDirectory) {
    // A directory signed with real keys (shared/identity): co-chairs of both sides in the training
    // group, a region member in another.
    const fx = identityFixture(h.agreementId);
    fx.update('regionChair', { themeGroupIds: ['tg-traening'] });
    fx.update('kommuneChair', { themeGroupIds: ['tg-traening'] });
    fx.update('regionMember', { themeGroupIds: ['tg-indlaeggelse'] });
    h.fx = fx;
    await push(h, structureDocId(h.agreementId), (d) => {
      d.getMap(STRUCTURE_KEYS.meta).set('rootKey', fx.root.publicKey);
      const map = d.getMap(STRUCTURE_KEYS.participants);
      fx.structure.getMap(STRUCTURE_KEYS.participants).forEach((value, key) => map.set(key, value));
    });
  }
  return h;
}

async function stateDoc(h: Host, docId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await h.call<{ update: Uint8Array }>('openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
  return doc;
}

async function push(h: Host, docId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const doc = await stateDoc(h, docId);
  const before = Y.encodeStateVector(doc);
  change(doc);
  await h.call('pushUpdate', { docId, update: Y.encodeStateAsUpdate(doc, before) });
}

/** Every document of the agreement as the host's workspace holds it. */
async function everyDoc(h: Host): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const structure = await stateDoc(h, structureDocId(h.agreementId));
  const ids = [structureDocId(h.agreementId), ...[...structure.getMap(STRUCTURE_KEYS.sections).keys()].map((id) => sectionDocId(h.agreementId, id))];
  for (const id of ids) out.set(id, Buffer.from(Y.encodeStateAsUpdate(await stateDoc(h, id))).toString('base64'));
  return out;
}

/** What a participant's app sends to prove who it is: its certificate and the meeting's challenge signed. */
function claimFor(person: Person, fingerprint: string): JoinClaim {
  return { participantId: person.fields.id, deviceCert: person.cert, proof: proveJoin(person.device.privateKey, fingerprint) };
}

function updateMessage(docId: string, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docId);
  encoding.writeVarUint(encoder, 0); // sync
  encoding.writeVarUint(encoder, 2); // update
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A guest that sends `change` of `docId` as a tampered app would; resolves with the close code
 *  (or 'open' if the host kept the connection for 1.5 s). */
async function guestSends(h: Host, meeting: MeetingInfo, token: string, docId: string, change: (doc: Y.Doc) => void): Promise<number | 'open'> {
  await h.service.whenSynced(20_000);
  const raw = await rawSocket(meeting.url);
  cleanups.push(() => raw.socket.terminate());
  raw.socket.send(authMessage(docId, token));
  await expect.poll(() => raw.answers.get(docId), { timeout: 20_000 }).toBe('ok');
  const doc = await stateDoc(h, docId);
  const before = Y.encodeStateVector(doc);
  change(doc);
  raw.socket.send(updateMessage(docId, Y.encodeStateAsUpdate(doc, before)));
  const outcome = await Promise.race([raw.closed.then((c) => c.code), new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 1500))]);
  await h.service.whenSynced(20_000);
  return outcome;
}

describe('rights in a meeting', () => {
  it("with a directory: refuses a read-only member's text, one side's position for the other and a log deletion; the host's workspace is unchanged", async () => {
    const h = await host(true);
    const meeting = await h.call<MeetingInfo>('hostMeeting', { address: '127.0.0.1' });
    cleanups.push(() => h.call('endMeeting'));
    const training = sectionDocId(h.agreementId, 'traening-politisk');
    await h.service.whenSynced(20_000);
    const before = await everyDoc(h);

    const p = h.fx!.people;
    const ole = guestToken(meeting.code, { name: 'Ole', side: 'region' }, claimFor(p.regionMember, meeting.fingerprint));
    expect(await guestSends(h, meeting, ole, training, (d) => appendParagraph(d, 'Ole retter.'))).toBe(CLOSE_CONTENT_REFUSED);
    const kim = guestToken(meeting.code, { name: 'Kim', side: 'kommune' }, claimFor(p.kommuneChair, meeting.fingerprint));
    expect(await guestSends(h, meeting, kim, training, (d) => recordTestPosition(d, 'k2', 'region'))).toBe(CLOSE_CONTENT_REFUSED);
    const rikke = guestToken(meeting.code, { name: 'Rikke', side: 'region' }, claimFor(p.regionChair, meeting.fingerprint));
    expect(await guestSends(h, meeting, rikke, training, (d) => d.getArray(SECTION_KEYS.decisionLog).delete(0, 1))).toBe(CLOSE_CONTENT_REFUSED);
    // A claim signed for another meeting proves nothing: with a directory, no rights at all.
    const replayed = guestToken(meeting.code, { name: 'Rikke', side: 'region' }, claimFor(p.regionChair, 'ANDET-MØDE'));
    expect(await guestSends(h, meeting, replayed, training, (d) => appendParagraph(d, 'Gentaget bevis.'))).toBe(CLOSE_CONTENT_REFUSED);
    // The chair's id with a device key of one's own: the certificate does not hold.
    const own = generateKeyPair();
    const impostor = guestToken(meeting.code, { name: 'Rikke', side: 'region' }, {
      participantId: p.regionChair.fields.id,
      deviceCert: { ...p.regionChair.cert, deviceKey: own.publicKey },
      proof: proveJoin(own.privateKey, meeting.fingerprint),
    });
    expect(await guestSends(h, meeting, impostor, training, (d) => appendParagraph(d, 'Falsk enhed.'))).toBe(CLOSE_CONTENT_REFUSED);
    expect(await everyDoc(h)).toEqual(before);

    // The genuine co-chair's text and own position arrive.
    expect(await guestSends(h, meeting, rikke, training, (d) => appendParagraph(d, 'Rikke skriver.'))).toBe('open');
    // Signed by the co-chair's device (an unsigned one counts nowhere in an agreement with a
    // directory, and is refused like a forged one: shared/access/positionCheck.ts).
    expect(await guestSends(h, meeting, kim, training, (d) => recordTestPosition(d, 'k2', 'kommune'))).toBe(CLOSE_CONTENT_REFUSED);
    expect(await guestSends(h, meeting, kim, training, (d) => h.fx!.take('kommuneChair', d, 'traening-politisk', 'k2', 'enig', 'hash-k2'))).toBe('open');
    await expect.poll(async () => (await stateDoc(h, training)).getXmlFragment(SECTION_KEYS.text).toString(), { timeout: 20_000 }).toContain('Rikke skriver.');
    await expect.poll(async () => loggedClauseIds(await stateDoc(h, training)), { timeout: 20_000 }).toContain('k2');
  });

  it('without a directory: the guest is a member of its claimed side, never of the other, never the structure', async () => {
    const h = await host(false);
    const meeting = await h.call<MeetingInfo>('hostMeeting', { address: '127.0.0.1' });
    cleanups.push(() => h.call('endMeeting'));
    const training = sectionDocId(h.agreementId, 'traening-politisk');
    await h.service.whenSynced(20_000);
    const before = await everyDoc(h);
    const kommune = guestToken(meeting.code, { name: 'Kim', side: 'kommune' });
    expect(await guestSends(h, meeting, kommune, training, (d) => recordTestPosition(d, 'k3', 'region'))).toBe(CLOSE_CONTENT_REFUSED);
    // The structure is read-only to a guest: the change is dropped as a read-only connection's is,
    // and the connection stays (an honest guest passes on the secretariat's changes it holds).
    expect(await guestSends(h, meeting, kommune, structureDocId(h.agreementId), (d) => d.getMap('meta').set('title', 'Kommunens aftale'))).toBe('open');
    expect(await everyDoc(h)).toEqual(before);
    expect(await guestSends(h, meeting, kommune, training, (d) => appendParagraph(d, 'Kommunen skriver.'))).toBe('open');
  });
});
