// The device key in the main process (sealed by a SecretBox, else a file only its owner may read),
// signing positions through the contract, and the migration of today's workspaces: positions taken
// before signatures open, count as before in an agreement without a root key, and show as *taget før
// underskrifter* without counting once the agreement has one. Real SQLite files, real Y.Docs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { judgedPositions } from '../../shared/identity/counted.ts';
import { latestEntryPerDevice } from '../../shared/identity/endorsement.ts';
import { signedHash } from '../../shared/identity/signedBytes.ts';
import { prevOf } from '../../shared/identity/decisionLogCheck.ts';
import { readDirectory, writeParticipantEntry } from '../../shared/identity/directory.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { sectionClauseStatuses } from '../../shared/negotiation/overview.ts';
import { recordPosition, sectionDecisionLog } from '../../shared/negotiation/positionsDoc.ts';
import type { Position } from '../../shared/negotiation/position.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { DeviceKeyStore, type SecretBox } from '../../electron/identity/deviceKeyStore.ts';
import { generateKeyPair, verifyBytes } from '../../electron/identity/ed25519.ts';
import { inviteKeyPair } from '../../electron/identity/invite.ts';
import { signDeviceCert, signParticipantEntry } from '../../electron/identity/sign.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { verdictLabel } from '../../renderer/src/negotiation/PositionCard.tsx';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { tempDir } from '../helpers/tempDir.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const open: WorkspaceService[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
function service(file: string, secretBox?: SecretBox): WorkspaceService {
  const s = WorkspaceService.open({ workspacePath: file, templatesDir, secretBox });
  open.push(s);
  return s;
}

/** A SecretBox that really encrypts (AES-256-GCM with a key held in memory), as safeStorage does
 *  with the OS's key; `available` says whether it is on. */
function aesBox(available = true): SecretBox & { available: boolean } {
  const key = crypto.randomBytes(32);
  return {
    available,
    isAvailable() {
      return this.available;
    },
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}

describe('the device key store', () => {
  it('without a secret store: a file only its owner may read, not JSON, the same key after a restart', () => {
    const base = path.join(tempDir(), 'w.sqlite');
    const store = new DeviceKeyStore(base);
    const pair = store.keyPair();
    const file = store.fileOf('default');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(() => JSON.parse(fs.readFileSync(file, 'utf8'))).toThrow();
    expect(new DeviceKeyStore(base).keyPair().publicKey).toBe(pair.publicKey);
    expect(new DeviceKeyStore(base).keyPair('other').publicKey).not.toBe(pair.publicKey);
  });

  it('with a secret store: sealed on disk, and a key stored before it was available gets sealed', () => {
    const base = path.join(tempDir(), 'w.sqlite');
    const box = aesBox(false);
    const plain = new DeviceKeyStore(base, box).keyPair();
    const file = new DeviceKeyStore(base).fileOf('default');
    const der = Buffer.from(plain.privateKey.export({ format: 'der', type: 'pkcs8' }));
    expect(fs.readFileSync(file).includes(der)).toBe(true);
    box.available = true;
    expect(new DeviceKeyStore(base, box).keyPair().publicKey).toBe(plain.publicKey);
    const sealed = fs.readFileSync(file);
    expect(sealed.includes(der)).toBe(false);
    expect(sealed.includes(der.subarray(16))).toBe(false); // not even the seed
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(new DeviceKeyStore(base, box).keyPair().publicKey).toBe(plain.publicKey);
    // Sealed, it cannot be read without the secret store.
    expect(() => new DeviceKeyStore(base).keyPair()).toThrow(/nøglering/);
  });
});

async function load(s: WorkspaceService, docId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const { update } = await call<{ update: Uint8Array }>(s, recordingClient('c'), 'openDoc', { docId, stateVector: Y.encodeStateVector(doc) });
  Y.applyUpdate(doc, update);
  return doc;
}

/** Applies what `change` does to `doc` to the workspace, as a window pushes its edits. */
async function push(s: WorkspaceService, docId: string, doc: Y.Doc, change: () => void): Promise<void> {
  const before = Y.encodeStateVector(doc);
  change();
  await call(s, recordingClient('c'), 'pushUpdate', { docId, update: Y.encodeStateAsUpdate(doc, before) });
}

describe('signed positions in a workspace, and today’s unsigned ones', () => {
  it('opens a workspace with unsigned positions; they count without a root key and show as taken before signatures with one', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    // Today's workspace: an agreement and both sides agreeing on a clause, unsigned.
    let s = service(file);
    const c = recordingClient('c');
    const { agreementId } = await call<{ agreementId: string }>(s, c, 'createAgreement', { templateId: 'gen2-midtjylland', demo: true });
    // A section of a theme group: its co-chair (p-region, below) may take positions there (shared/access).
    const section0 = readAgreement(await load(s, structureDocId(agreementId)))!.sections.find((x) => x.themeGroupId !== null)!;
    const sectionId = section0.id;
    const docId = sectionDocId(agreementId, sectionId);
    let section = await load(s, docId);
    const [first] = sectionClauseStatuses(section, sectionId, readDirectory(await load(s, structureDocId(agreementId)), verifyBytes));
    const unsigned = (side: 'region' | 'kommune'): Position => ({
      clauseId: first.clauseId, side, stance: 'enig', textHash: first.hash, text: first.normalised,
      by: { name: `Profil ${side}`, organisation: side }, at: '2026-11-01T10:00:00.000Z',
    });
    await push(s, docId, section, () => {
      recordPosition(section, unsigned('region'));
      recordPosition(section, unsigned('kommune'));
    });
    s.close();
    open.splice(0);

    // It opens; without a root key the positions count as before (ikke bekræftet).
    s = service(file);
    section = await load(s, docId);
    let structure = await load(s, structureDocId(agreementId));
    const cache = new VerdictCache();
    let directory = readDirectory(structure, verifyBytes, s.identity.get(agreementId).pinnedRootKey, cache);
    const statusOf = () => sectionClauseStatuses(section, sectionId, directory).find((e) => e.clauseId === first.clauseId)!;
    expect(statusOf().status).toBe('enighed');
    expect(verdictLabel(judgedPositions(section, sectionId, directory, first.clauseId).region!.verdict)?.text).toBe('ikke bekræftet');

    // The agreement gets a root key and a directory (as joining a server gives it); the workspace pins it.
    const root = generateKeyPair();
    const secret = 'invitation-secret';
    const regionEntry = signParticipantEntry(agreementId, {
      id: 'p-region', name: 'Søren Region', organisation: 'Region Midtjylland', side: 'region', role: 'formand', themeGroupIds: [section0.themeGroupId!],
      invitePublicKey: inviteKeyPair(secret).publicKey, removed: null, revokedDevices: [], version: 1, updatedAt: '2026-12-01T09:00:00.000Z',
    }, { participantId: null, ...root });
    await push(s, structureDocId(agreementId), structure, () => {
      structure.getMap(STRUCTURE_KEYS.meta).set('rootKey', root.publicKey);
      writeParticipantEntry(structure, regionEntry);
    });
    s.identity.pinRootKey(agreementId, root.publicKey);
    structure = await load(s, structureDocId(agreementId));
    directory = readDirectory(structure, verifyBytes, s.identity.get(agreementId).pinnedRootKey, cache);
    const judged = judgedPositions(section, sectionId, directory, first.clauseId);
    expect(judged.region!.verdict.status).toBe('legacy');
    expect(verdictLabel(judged.kommune!.verdict)?.text).toBe('taget før underskrifter');
    expect(statusOf().status).toBe('aaben');

    // Unjoined, signPosition leaves a position unsigned; joined, the region confirms again, signed
    // by this device in the main process, and its position counts.
    const unsignedBack = await call<Position>(s, c, 'signPosition', { docId: sectionDocId('other-agreement', sectionId), position: unsigned('region'), prev: null });
    expect(unsignedBack.sig).toBeUndefined();
    const deviceKey = (await call<{ deviceKey: string }>(s, c, 'agreementIdentity', { agreementId })).deviceKey;
    s.identity.setAgreementIdentity(agreementId, { participantId: 'p-region', deviceCert: signDeviceCert(agreementId, 'p-region', deviceKey, secret, '2026-12-01T09:05:00.000Z') });
    expect(() => s.identity.setAgreementIdentity(agreementId, { participantId: 'p-region', deviceCert: signDeviceCert(agreementId, 'p-region', generateKeyPair().publicKey, secret, 'x') })).toThrow(/denne computers nøgle/);
    const signed = await call<Position>(s, c, 'signPosition', {
      docId,
      position: { ...unsigned('region'), by: { name: 'Søren Region', organisation: 'Region Midtjylland' }, at: '2026-12-01T10:00:00.000Z' },
      prev: prevOf(sectionDecisionLog(section), first.clauseId),
    });
    expect(signed.sig?.deviceCert.deviceKey).toBe(deviceKey);
    await push(s, docId, section, () => recordPosition(section, signed));
    const after = judgedPositions(section, sectionId, directory, first.clauseId);
    expect(after.region!.verdict).toMatchObject({ status: 'verified', participant: { name: 'Søren Region' } });
    expect(statusOf().status).toBe('afventer'); // the municipality's unsigned Enig does not count
    // Input is validated at the boundary.
    await expect(call(s, c, 'signPosition', { docId, position: { ...unsigned('region'), stance: 'kanske' }, prev: null })).rejects.toThrow(/Ugyldige data/);

    // The window hands over each device's latest entry; the signature names this device's, once its
    // own signature checked (shared/identity/endorsement.ts) — never one planted under its key.
    const next = { ...unsigned('region'), stance: 'uenig' as const, reason: 'Fristen er for kort', by: { name: 'Søren Region', organisation: 'Region Midtjylland' }, at: '2026-12-01T11:00:00.000Z' };
    const ownCandidates = latestEntryPerDevice(sectionDecisionLog(section));
    expect(ownCandidates).toContainEqual(signed);
    const vouching = await call<Position>(s, c, 'signPosition', { docId, position: next, prev: null, ownCandidates });
    expect(vouching.sig?.prevOwn).toBe(signedHash(signed));
    const planted: Position = { ...signed, text: `${signed.text} (ændret)` };
    const notVouching = await call<Position>(s, c, 'signPosition', { docId, position: next, prev: null, ownCandidates: [planted] });
    expect(notVouching.sig?.prevOwn).toBeNull();
    // At most 200 candidates (one per device).
    await expect(call(s, c, 'signPosition', { docId, position: next, prev: null, ownCandidates: Array.from({ length: 201 }, () => signed) })).rejects.toThrow(/Ugyldige data/);
  });
});
