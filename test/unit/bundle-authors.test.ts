// Change bundles name and are signed by their author; in an agreement with a participant directory
// every change is checked against the author's rights before anything is written (real SQLite files,
// real Y.Docs, the real import worker). A refused bundle leaves the workspace file byte for byte.
import type crypto from 'node:crypto';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { STRUCTURE_KEYS, SECTION_KEYS } from '../../shared/documents/keys.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { Store } from '../../electron/store/store.ts';
import { authorSignatureProblem, signBundleHash } from '../../electron/sync/bundle/author.ts';
import { parseBundle } from '../../electron/sync/bundle/format.ts';
import { signDeviceCert } from '../../electron/identity/sign.ts';
import { generateKeyPair } from '../../electron/identity/ed25519.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { exportBundle, stateVectorsOf, storeSource } from '../../electron/sync/bundle/export.ts';
import type { BundleSigner } from '../../electron/sync/bundle/format.ts';
import { importBundle } from '../../electron/sync/bundle/import.ts';
import { templatesDir, workspaceBytes, workspaceWithAgreement } from '../helpers/bundles.ts';
import { appendParagraph, loggedClauseIds, recordTestPosition } from '../helpers/docContent.ts';
import { identityFixture } from '../helpers/identity.ts';
import { tempDir } from '../helpers/tempDir.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
const openStore = (file: string) => {
  const store = Store.open(file);
  stores.push(store);
  return store;
};

const FAKE_SIG = 'A'.repeat(86);
const FAKE_KEY = 'B'.repeat(43);

/** A signer as the app would make one from a person's device key and certificate. */
const signerOf = (p: { fields: { id: string }; cert: BundleSigner['deviceCert']; device: { privateKey: crypto.KeyObject } }): BundleSigner => ({
  participantId: p.fields.id,
  deviceCert: p.cert,
  sign: (hash) => signBundleHash(p.device.privateKey, hash),
});

/** Someone with a device key the directory knows nothing about. */
function stranger(id: string): BundleSigner {
  const { publicKey: deviceKey, privateKey } = generateKeyPair();
  return { participantId: id, deviceCert: { participantId: id, deviceKey, at: new Date(0).toISOString(), inviteSignature: FAKE_SIG }, sign: (hash) => signBundleHash(privateKey, hash) };
}

/** An entry of the directory's shape whose signature is not the secretariat's. */
function forgedEntry(id: string, role: ParticipantEntry['role']): ParticipantEntry {
  return {
    id,
    name: `Navn ${id}`,
    organisation: 'Org',
    side: 'region',
    role,
    themeGroupIds: [],
    invitePublicKey: FAKE_KEY,
    removed: null,
    revokedDevices: [],
    version: 9,
    updatedAt: new Date(0).toISOString(),
    signedBy: null,
    signerKey: FAKE_KEY,
    signature: FAKE_SIG,
  };
}

/** Applies `change` to a stored document, as the app would (one appended update). */
function edit(store: Store, docId: string, change: (doc: Y.Doc) => void): void {
  const doc = store.loadYDoc(docId);
  const before = Y.encodeStateVector(doc);
  change(doc);
  store.appendUpdate(docId, Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
}

/** The secretariat's workspace with a signed directory (shared/identity, real keys), and a
 *  member's machine that got it by a full bundle. Co-chairs of both sides in the training group,
 *  a region member in another. */
async function setup() {
  const dir = tempDir('enighed-bundle-authors-');
  const agreementId = workspaceWithAgreement(path.join(dir, 'sek.sqlite'));
  const fx = identityFixture(agreementId);
  fx.update('regionChair', { themeGroupIds: ['tg-traening'] });
  fx.update('kommuneChair', { themeGroupIds: ['tg-traening'] });
  fx.update('regionMember', { themeGroupIds: ['tg-indlaeggelse'] });
  const sek = openStore(path.join(dir, 'sek.sqlite'));
  edit(sek, structureDocId(agreementId), (doc) => {
    doc.getMap(STRUCTURE_KEYS.meta).set('rootKey', fx.root.publicKey);
    const map = doc.getMap(STRUCTURE_KEYS.participants);
    fx.structure.getMap(STRUCTURE_KEYS.participants).forEach((value, key) => map.set(key, value));
  });
  const people = {
    secretariat: signerOf(fx.people.founder),
    regionChair: signerOf(fx.people.regionChair),
    kommuneMember: signerOf(fx.people.kommuneChair),
    otherGroup: signerOf(fx.people.regionMember),
  };
  const member = openStore(path.join(dir, 'member.sqlite'));
  const full = exportBundle(storeSource(sek), { agreementId, createdBy: 'Sekretariatet', signer: people.secretariat });
  await importBundle({ store: member }, full);
  return { dir, agreementId, sek, member, file: path.join(dir, 'sek.sqlite'), fx, people };
}

/** A bundle of what `from` has and `to` lacks, signed by `signer` (or unsigned). */
function delta(from: Store, to: Store, agreementId: string, signer?: BundleSigner): Uint8Array {
  return exportBundle(storeSource(from), { agreementId, createdBy: 'X', since: stateVectorsOf(storeSource(to), agreementId), signer });
}

/** Every document's encoded state, to show a refused bundle changed nothing. */
function everyDoc(store: Store, agreementId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const docId of storeSource(store).listDocs(agreementId)) {
    const doc = store.loadYDoc(docId);
    out.set(docId, Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'));
    doc.destroy();
  }
  return out;
}

async function refused(bytes: Uint8Array, target: { store: Store; file: string; agreementId: string }, reason: RegExp): Promise<void> {
  const beforeBytes = workspaceBytes(target.file);
  const beforeDocs = everyDoc(target.store, target.agreementId);
  await expect(importBundle({ store: target.store }, bytes)).rejects.toThrow(reason);
  expect(workspaceBytes(target.file)).toEqual(beforeBytes);
  expect(everyDoc(target.store, target.agreementId)).toEqual(beforeDocs);
}

describe('signed change bundles', () => {
  it("passes a genuine member's text and position, refuses a read-only member's text change, leaving the workspace unchanged", async () => {
    const { agreementId, sek, member, file, fx, people } = await setup();
    const training = sectionDocId(agreementId, 'traening-politisk');
    edit(member, training, (doc) => {
      appendParagraph(doc, 'Regionens formand skriver.');
      fx.take('regionChair', doc, 'traening-politisk', 'k-ægte', 'enig', 'test');
    });
    const genuine = await importBundle({ store: sek }, delta(member, sek, agreementId, people.regionChair));
    expect(genuine.changed).toBe(1);
    const stored = sek.loadYDoc(training);
    expect(loggedClauseIds(stored)).toContain('k-ægte');
    stored.destroy();

    edit(member, training, (doc) => appendParagraph(doc, 'Ole skriver uden for sin temagruppe.'));
    await refused(delta(member, sek, agreementId, people.otherGroup), { store: sek, file, agreementId }, /temagruppe, du ikke er med i/);
  });

  it("refuses one side's position written by the other side, and a deleted decision-log entry", async () => {
    const { agreementId, sek, member, file, fx, people } = await setup();
    const training = sectionDocId(agreementId, 'traening-politisk');
    edit(member, training, (doc) => fx.take('regionChair', doc, 'traening-politisk', 'k1', 'enig', 'test'));
    await importBundle({ store: sek }, delta(member, sek, agreementId, people.regionChair));

    const forger = openStore(file.replace('sek.sqlite', 'forger.sqlite'));
    await importBundle({ store: forger }, exportBundle(storeSource(sek), { agreementId, createdBy: 'S', signer: people.secretariat }));
    edit(forger, training, (doc) => recordTestPosition(doc, 'k2', 'region'));
    await refused(delta(forger, sek, agreementId, people.kommuneMember), { store: sek, file, agreementId }, /på vegne af regionen/);

    const eraser = openStore(file.replace('sek.sqlite', 'eraser.sqlite'));
    await importBundle({ store: eraser }, exportBundle(storeSource(sek), { agreementId, createdBy: 'S', signer: people.secretariat }));
    edit(eraser, training, (doc) => doc.getArray(SECTION_KEYS.decisionLog).delete(0, 1));
    await refused(delta(eraser, sek, agreementId, people.regionChair), { store: sek, file, agreementId }, /beslutningsloggen/);
  });

  it('refuses an unsigned bundle, a signature by another key, and an author the directory does not name', async () => {
    const { agreementId, sek, member, file, people } = await setup();
    const training = sectionDocId(agreementId, 'traening-politisk');
    edit(member, training, (doc) => appendParagraph(doc, 'Tekst.'));
    const target = { store: sek, file, agreementId };
    await refused(delta(member, sek, agreementId), target, /ikke underskrevet/);
    const stolenName: BundleSigner = { ...people.regionChair, sign: people.otherGroup.sign };
    await refused(delta(member, sek, agreementId, stolenName), target, /underskriften passer ikke/);
    await refused(delta(member, sek, agreementId, stranger('fremmed')), target, /findes ikke i aftalens deltagerliste/);
    // The chair's name with a device key of one's own: the certificate does not hold.
    const ownDevice = stranger(people.regionChair.participantId);
    await refused(delta(member, sek, agreementId, ownDevice), target, /enhed er ikke godkendt/);
  });

  it('refuses a structure change by a member, and a directory that a non-secretariat brings to a new workspace', async () => {
    const { agreementId, sek, member, file, people } = await setup();
    edit(member, structureDocId(agreementId), (doc) => doc.getMap(STRUCTURE_KEYS.participants).set('ole', forgedEntry('ole', 'sekretariat')));
    // A directory entry the secretariat did not sign (a member may pass on only signed ones).
    await refused(delta(member, sek, agreementId, people.otherGroup), { store: sek, file, agreementId }, /ikke underskrevet af sekretariatet/);
    // Anything else of the structure is the secretariat's alone.
    edit(member, structureDocId(agreementId), (doc) => doc.getMap(STRUCTURE_KEYS.meta).set('title', 'Medlemmets aftale'));
    await refused(delta(member, sek, agreementId, people.otherGroup), { store: sek, file, agreementId }, /Kun sekretariatet/);
    const fresh = openStore(file.replace('sek.sqlite', 'fresh.sqlite'));
    const full = exportBundle(storeSource(sek), { agreementId, createdBy: 'R', signer: people.regionChair });
    await expect(importBundle({ store: fresh }, full)).rejects.toThrow(/kun sekretariatet/);
    expect(fresh.agreementIds()).toEqual([]);
  });
});

describe('the app signs the bundles it exports', () => {
  it("with an agreement identity, as that participant with this device's key; without one, unsigned", async () => {
    const dir = tempDir('enighed-bundle-sign-');
    const file = path.join(dir, 'w.sqlite');
    const agreementId = workspaceWithAgreement(file);
    const service = WorkspaceService.open({ workspacePath: file, templatesDir });
    try {
      const c = recordingClient('c');
      const exported = async () => parseBundle((await call<{ bytes: Uint8Array }>(service, c, 'exportBundle', { agreementId })).bytes);
      expect((await exported()).author).toBeNull();
      const fx = identityFixture(agreementId);
      const chair = fx.people.regionChair;
      service.identity.setAgreementIdentity(agreementId, {
        participantId: chair.fields.id,
        deviceCert: signDeviceCert(agreementId, chair.fields.id, service.identity.deviceKey(), chair.inviteSecret!, '2026-12-01T09:00:00.000Z'),
      });
      const signed = await exported();
      expect(signed.author?.participantId).toBe(chair.fields.id);
      expect(signed.author?.deviceCert.deviceKey).toBe(service.identity.deviceKey());
      expect(authorSignatureProblem(signed.author!, signed.contentHash)).toBeNull();
    } finally {
      service.close();
    }
  });
});
