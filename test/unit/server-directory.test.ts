// The server's reading of the participant directory (electron/server/directory.ts, over the shared
// chain of shared/identity/directory.ts): which entries it trusts, with real Ed25519 signatures.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDirectory } from '../../electron/server/directory.ts';
import { generateKeyPair } from '../../electron/identity/ed25519.ts';
import { signDeviceCert, signParticipantEntry } from '../../electron/identity/sign.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { entry, fieldsOf, person, putEntries, rootSigner } from '../helpers/membership.ts';

const A = 'a1';
const root = generateKeyPair();
const founder = person({ name: 'Sekretariatet', side: 'region', role: 'sekretariat', device: root });
const sek2 = person({ name: 'Anden sekretær', side: 'region', role: 'sekretariat' });
const member = person({ name: 'Kim', side: 'kommune', role: 'medlem' });

function structure(entries: ParticipantEntry[], meta: { id?: string; rootKey?: string } = { id: A, rootKey: root.publicKey }): Y.Doc {
  const doc = new Y.Doc();
  for (const [k, v] of Object.entries(meta)) doc.getMap('meta').set(k, v);
  putEntries(doc, entries);
  return doc;
}
/** sek2 signs with the device its invitation certified. */
const sek2Signer = {
  participantId: sek2.id,
  publicKey: sek2.device.publicKey,
  privateKey: sek2.device.privateKey,
  deviceCert: signDeviceCert(A, sek2.id, sek2.device.publicKey, sek2.secret, new Date().toISOString()),
};
const validIds = (doc: Y.Doc, agreementId = A) => [...readDirectory(agreementId, doc).valid.keys()].sort();

describe('the participant directory on the server', () => {
  it('trusts entries signed by the root key and by a certified secretariat device', () => {
    const doc = structure([
      entry(A, fieldsOf(founder, { invitePublicKey: null }), rootSigner(root)),
      entry(A, fieldsOf(sek2), rootSigner(root)),
      entry(A, fieldsOf(member), sek2Signer),
    ]);
    expect(validIds(doc)).toEqual([founder.id, member.id, sek2.id].sort());
    expect(readDirectory(A, doc).rootKey).toBe(root.publicKey);
  });

  it('does not trust an altered entry, a foreign key posing as the root, a device without certificate, or a structure without a root key', () => {
    const good = entry(A, fieldsOf(member), rootSigner(root));
    const altered = { ...good, role: 'formand' as const };
    const stranger = generateKeyPair();
    const posing = signParticipantEntry(A, fieldsOf(sek2), { participantId: null, publicKey: stranger.publicKey, privateKey: stranger.privateKey });
    expect(validIds(structure([altered, posing]))).toEqual([]);
    const uncertified = signParticipantEntry(A, fieldsOf(member), { ...sek2Signer, deviceCert: signDeviceCert(A, sek2.id, sek2.device.publicKey, 'x'.repeat(43), 't') });
    expect(validIds(structure([entry(A, fieldsOf(sek2), rootSigner(root)), uncertified]))).toEqual([sek2.id]);
    expect(validIds(structure([good], { id: A }))).toEqual([]);
  });

  it("trusts nothing in a structure that names another agreement, or signed for another agreement's id", () => {
    expect(validIds(structure([entry(A, fieldsOf(member), rootSigner(root))]), 'a2')).toEqual([]);
    expect(validIds(structure([entry('a2', fieldsOf(member), rootSigner(root))]))).toEqual([]);
  });
});
