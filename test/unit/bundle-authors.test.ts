// Change bundles name and are signed by their author; in an agreement with a participant directory
// every change is checked against the author's rights before anything is written (real SQLite files,
// real Y.Docs, the real import worker). A refused bundle leaves the workspace file byte for byte.
import crypto from 'node:crypto';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { STRUCTURE_KEYS, SECTION_KEYS } from '../../shared/documents/keys.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { Store } from '../../electron/store/store.ts';
import { signBundleHash } from '../../electron/sync/bundle/author.ts';
import { exportBundle, stateVectorsOf, storeSource } from '../../electron/sync/bundle/export.ts';
import type { BundleSigner } from '../../electron/sync/bundle/format.ts';
import { importBundle } from '../../electron/sync/bundle/import.ts';
import { workspaceBytes, workspaceWithAgreement } from '../helpers/bundles.ts';
import { appendParagraph, loggedClauseIds, recordTestPosition } from '../helpers/docContent.ts';
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

interface Person {
  id: string;
  key: crypto.KeyObject;
  signer: BundleSigner;
}

function person(id: string): Person {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const deviceKey = publicKey.export({ format: 'jwk' }).x!;
  return {
    id,
    key: privateKey,
    signer: { participantId: id, deviceCert: { participantId: id, deviceKey, at: new Date(0).toISOString(), inviteSignature: FAKE_SIG }, sign: (hash) => signBundleHash(privateKey, hash) },
  };
}

function entry(id: string, side: ParticipantEntry['side'], role: ParticipantEntry['role'], themeGroupIds: string[]): ParticipantEntry {
  return {
    id,
    name: `Navn ${id}`,
    organisation: 'Org',
    side,
    role,
    themeGroupIds,
    invitePublicKey: FAKE_KEY,
    removed: null,
    revokedDevices: [],
    version: 1,
    updatedAt: new Date(0).toISOString(),
    signedBy: null,
    signerKey: FAKE_KEY,
    signature: FAKE_SIG,
  };
}

const people = {
  secretariat: person('sek'),
  regionChair: person('rikke'),
  kommuneMember: person('kim'),
  otherGroup: person('ole'),
};

/** A position as a signed one looks (shared/identity/shapes.ts, PositionSignature): its own
 *  signature names its signer, so passing it on is not taking it. Whether the signature verifies is
 *  shared/identity's check (the write check's positionProblem hook); the shape is all this needs. */
function recordSignedPosition(doc: Y.Doc, clauseId: string, side: 'region' | 'kommune', signer: Person): void {
  const value = {
    clauseId,
    side,
    stance: 'enig',
    textHash: 'test',
    text: '',
    by: { name: signer.id, organisation: 'Org' },
    at: new Date(0).toISOString(),
    sig: { v: 1, agreementId: 'a', sectionId: 's', participantId: signer.id, deviceCert: signer.signer.deviceCert, prev: null, signature: FAKE_SIG },
  };
  doc.transact(() => {
    doc.getMap(SECTION_KEYS.positions).set(`${clauseId}/${side}`, value);
    doc.getArray(SECTION_KEYS.decisionLog).push([value]);
  });
}

/** Applies `change` to a stored document, as the app would (one appended update). */
function edit(store: Store, docId: string, change: (doc: Y.Doc) => void): void {
  const doc = store.loadYDoc(docId);
  const before = Y.encodeStateVector(doc);
  change(doc);
  store.appendUpdate(docId, Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
}

/** The secretariat's workspace with a directory, and a member's machine that got it by a full bundle. */
async function setup() {
  const dir = tempDir('enighed-bundle-authors-');
  const agreementId = workspaceWithAgreement(path.join(dir, 'sek.sqlite'));
  const sek = openStore(path.join(dir, 'sek.sqlite'));
  edit(sek, structureDocId(agreementId), (doc) => {
    const map = doc.getMap(STRUCTURE_KEYS.participants);
    map.set('sek', entry('sek', 'region', 'sekretariat', []));
    map.set('rikke', entry('rikke', 'region', 'formand', ['tg-traening']));
    map.set('kim', entry('kim', 'kommune', 'medlem', ['tg-traening']));
    map.set('ole', entry('ole', 'region', 'medlem', ['tg-indlaeggelse']));
  });
  const member = openStore(path.join(dir, 'member.sqlite'));
  const full = exportBundle(storeSource(sek), { agreementId, createdBy: 'Sekretariatet', signer: people.secretariat.signer });
  await importBundle({ store: member }, full);
  return { dir, agreementId, sek, member, file: path.join(dir, 'sek.sqlite') };
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
    const { agreementId, sek, member, file } = await setup();
    const training = sectionDocId(agreementId, 'traening-politisk');
    edit(member, training, (doc) => {
      appendParagraph(doc, 'Regionens formand skriver.');
      recordSignedPosition(doc, 'k-ægte', 'region', people.regionChair);
    });
    const genuine = await importBundle({ store: sek }, delta(member, sek, agreementId, people.regionChair.signer));
    expect(genuine.changed).toBe(1);
    const stored = sek.loadYDoc(training);
    expect(loggedClauseIds(stored)).toContain('k-ægte');
    stored.destroy();

    edit(member, training, (doc) => appendParagraph(doc, 'Ole skriver uden for sin temagruppe.'));
    await refused(delta(member, sek, agreementId, people.otherGroup.signer), { store: sek, file, agreementId }, /temagruppe, du ikke er med i/);
  });

  it("refuses one side's position written by the other side, and a deleted decision-log entry", async () => {
    const { agreementId, sek, member, file } = await setup();
    const training = sectionDocId(agreementId, 'traening-politisk');
    edit(member, training, (doc) => recordSignedPosition(doc, 'k1', 'region', people.regionChair));
    await importBundle({ store: sek }, delta(member, sek, agreementId, people.regionChair.signer));

    const forger = openStore(file.replace('sek.sqlite', 'forger.sqlite'));
    await importBundle({ store: forger }, exportBundle(storeSource(sek), { agreementId, createdBy: 'S', signer: people.secretariat.signer }));
    edit(forger, training, (doc) => recordTestPosition(doc, 'k2', 'region'));
    await refused(delta(forger, sek, agreementId, people.kommuneMember.signer), { store: sek, file, agreementId }, /på vegne af regionen/);

    const eraser = openStore(file.replace('sek.sqlite', 'eraser.sqlite'));
    await importBundle({ store: eraser }, exportBundle(storeSource(sek), { agreementId, createdBy: 'S', signer: people.secretariat.signer }));
    edit(eraser, training, (doc) => doc.getArray(SECTION_KEYS.decisionLog).delete(0, 1));
    await refused(delta(eraser, sek, agreementId, people.regionChair.signer), { store: sek, file, agreementId }, /beslutningsloggen/);
  });

  it('refuses an unsigned bundle, a signature by another key, and an author the directory does not name', async () => {
    const { agreementId, sek, member, file } = await setup();
    const training = sectionDocId(agreementId, 'traening-politisk');
    edit(member, training, (doc) => appendParagraph(doc, 'Tekst.'));
    const target = { store: sek, file, agreementId };
    await refused(delta(member, sek, agreementId), target, /ikke underskrevet/);
    const stolenName: BundleSigner = { ...people.regionChair.signer, sign: people.otherGroup.signer.sign };
    await refused(delta(member, sek, agreementId, stolenName), target, /underskriften passer ikke/);
    const stranger = person('fremmed');
    await refused(delta(member, sek, agreementId, stranger.signer), target, /findes ikke i aftalens deltagerliste/);
  });

  it('refuses a structure change by a member, and a directory that a non-secretariat brings to a new workspace', async () => {
    const { agreementId, sek, member, file } = await setup();
    edit(member, structureDocId(agreementId), (doc) => doc.getMap(STRUCTURE_KEYS.participants).set('ole', entry('ole', 'region', 'sekretariat', [])));
    await refused(delta(member, sek, agreementId, people.otherGroup.signer), { store: sek, file, agreementId }, /Kun sekretariatet/);
    const fresh = openStore(file.replace('sek.sqlite', 'fresh.sqlite'));
    const full = exportBundle(storeSource(sek), { agreementId, createdBy: 'R', signer: people.regionChair.signer });
    await expect(importBundle({ store: fresh }, full)).rejects.toThrow(/kun sekretariatet/);
    expect(fresh.agreementIds()).toEqual([]);
  });
});
