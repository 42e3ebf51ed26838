// The server's reading of the participant directory (electron/server/directory.ts): which entries
// are valid by the chain of shared/identity/ARCHITECTURE.md, with real Ed25519 signatures.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDirectory } from '../../electron/server/directory.ts';
import { generateKeyPair } from '../../electron/identity/ed25519.ts';
import { signParticipantEntry } from '../../electron/identity/sign.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { entry, fieldsOf, person, putEntries, rootSigner } from '../helpers/membership.ts';

const A = 'a1';
const root = generateKeyPair();
const founder = person({ name: 'Sekretariatet', side: 'region', role: 'sekretariat', device: root });
const sek2 = person({ name: 'Anden sekretær', side: 'region', role: 'sekretariat' });
const member = person({ name: 'Kim', side: 'kommune', role: 'medlem' });

function structure(entries: ParticipantEntry[], rootKey: string | null = root.publicKey): Y.Doc {
  const doc = new Y.Doc();
  if (rootKey) doc.getMap('meta').set('rootKey', rootKey);
  putEntries(doc, entries);
  return doc;
}
const signerOf = (p: typeof sek2) => ({ participantId: p.id, publicKey: p.device.publicKey, privateKey: p.device.privateKey });
/** The server's device rows: sek2's and the member's devices are registered. */
const isDeviceOf = (participantId: string, key: string) =>
  (participantId === sek2.id && key === sek2.device.publicKey) || (participantId === member.id && key === member.device.publicKey);
const validIds = (doc: Y.Doc) => [...readDirectory(A, doc, isDeviceOf).valid.keys()].sort();

describe('the participant directory on the server', () => {
  it('accepts entries signed by the root key and by a valid secretariat device', () => {
    const doc = structure([
      entry(A, fieldsOf(founder, { invitePublicKey: null }), rootSigner(root)),
      entry(A, fieldsOf(sek2), rootSigner(root)),
      entry(A, fieldsOf(member), signerOf(sek2)),
    ]);
    expect(validIds(doc)).toEqual([founder.id, member.id, sek2.id].sort());
  });

  it('refuses an altered entry, a foreign key posing as the root, and any entry without a root key', () => {
    const good = entry(A, fieldsOf(member), rootSigner(root));
    const altered = { ...good, role: 'formand' as const };
    const stranger = generateKeyPair();
    const posing = signParticipantEntry(A, fieldsOf(sek2), { participantId: null, publicKey: stranger.publicKey, privateKey: stranger.privateKey });
    expect(validIds(structure([altered, posing]))).toEqual([]);
    expect(validIds(structure([good], null))).toEqual([]);
    // Signed for another agreement: not valid here.
    expect(validIds(structure([entry('a2', fieldsOf(member), rootSigner(root))]))).toEqual([]);
  });

  it("refuses an entry signed by a member's device, by a removed secretariat, by a revoked secretariat device, or by an unregistered key", () => {
    const sekEntry = entry(A, fieldsOf(sek2), rootSigner(root));
    const byMember = entry(A, fieldsOf(person({ name: 'X', side: 'region', role: 'medlem' })), signerOf(member));
    expect(validIds(structure([entry(A, fieldsOf(member), rootSigner(root)), byMember]))).toEqual([member.id]);

    const removedSek = entry(A, fieldsOf(sek2, { removed: { at: 't', standing: [] } }), rootSigner(root));
    expect(validIds(structure([removedSek, entry(A, fieldsOf(member), signerOf(sek2))]))).toEqual([sek2.id]);

    const revokedSek = entry(A, fieldsOf(sek2, { revokedDevices: [{ deviceKey: sek2.device.publicKey, at: 't', standing: [] }] }), rootSigner(root));
    expect(validIds(structure([revokedSek, entry(A, fieldsOf(member), signerOf(sek2))]))).toEqual([sek2.id]);

    const unregistered = person({ name: 'Y', side: 'region', role: 'sekretariat' });
    const byUnregistered = entry(A, fieldsOf(member), signerOf(unregistered));
    expect(validIds(structure([sekEntry, entry(A, fieldsOf(unregistered), rootSigner(root)), byUnregistered]))).toEqual([sek2.id, unregistered.id].sort());
  });

  it('refuses secretariats that only vouch for each other (a cycle without the root)', () => {
    const s1 = person({ name: 'S1', side: 'region', role: 'sekretariat' });
    const s2 = person({ name: 'S2', side: 'region', role: 'sekretariat' });
    const devices = (p: string, k: string) => (p === s1.id && k === s1.device.publicKey) || (p === s2.id && k === s2.device.publicKey);
    const doc = structure([entry(A, fieldsOf(s1), signerOf(s2)), entry(A, fieldsOf(s2), signerOf(s1))]);
    expect([...readDirectory(A, doc, devices).valid.keys()]).toEqual([]);
  });
});
