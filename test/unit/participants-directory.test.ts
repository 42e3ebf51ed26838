// The secretariat's directory edits (electron/workspace/participants.ts) on real Y.Docs with real
// Ed25519 keys: every version is signed over exactly its fields; removal and device revocation list
// the hashes of the entries this replica holds of that participant (or device) as standing.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import { entryHash } from '../../shared/identity/digest.ts';
import { participantMessage } from '../../shared/identity/messages.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { readParticipant, readParticipants, participantStatus } from '../../shared/structure/participantsDoc.ts';
import { checkUpdate } from '../../shared/documents/check.ts';
import { writeAgreement } from '../../shared/structure/structureDoc.ts';
import { generateKeyPair, verifyBytes } from '../../electron/identity/ed25519.ts';
import { inviteKeyPair, newInviteSecret } from '../../electron/identity/invite.ts';
import { signDeviceCert, signPosition } from '../../electron/identity/sign.ts';
import { knownDevices, removeParticipant, revokeDevice, saveParticipant, setInviteKey, type DirectoryHost } from '../../electron/workspace/participants.ts';

const AGREEMENT = 'a-test';

function world() {
  const structure = new Y.Doc();
  const group = (id: string, order: number) => ({ id, name: `Gruppe ${id}`, areaId: 'ar', order, coChairs: { region: null, kommune: null }, members: [] });
  writeAgreement(structure, {
    id: AGREEMENT,
    title: 'Sundhedsaftale',
    generation: 2,
    period: { from: 2011, to: 2014 },
    regionPartyId: 'r',
    createdAt: '2026-12-01T08:00:00.000Z',
    parties: [],
    areas: [],
    themeGroups: [group('tg-1', 0), group('tg-2', 1)],
    sections: [],
  });
  const section = new Y.Doc();
  const root = generateKeyPair();
  const writes: Uint8Array[] = [];
  const host: DirectoryHost = {
    structure: () => structure,
    sections: () => [section],
    writeStructure: (_id, update) => {
      // The document rules a workspace applies to every write hold for these entries too.
      const check = checkUpdate(`${AGREEMENT}/structure`, structure, update);
      if (!check.ok) throw new Error(check.reason);
      writes.push(update);
      Y.applyUpdate(structure, update);
    },
    signer: () => ({ participantId: null, publicKey: root.publicKey, privateKey: root.privateKey }),
  };
  return { structure, section, root, host, writes };
}

const signedBy = (entry: ParticipantEntry, key: string) =>
  entry.signerKey === key && verifyBytes(key, participantMessage(AGREEMENT, entry), entry.signature);

const input = { agreementId: AGREEMENT, name: 'Åse Øster', organisation: 'Horsens Kommune', side: 'kommune' as const, role: 'formand' as const, themeGroupIds: ['tg-1'] };

/** A signed position of `participantId` with `device`, in the section's decision log. */
function logPosition(section: Y.Doc, participantId: string, secret: string, device = generateKeyPair(), clauseId = 'c1') {
  const deviceCert = signDeviceCert(AGREEMENT, participantId, device.publicKey, secret, '2026-12-01T10:00:00.000Z');
  const position = signPosition(
    { clauseId, side: 'kommune', stance: 'enig', textHash: 'h', text: 'Teksten.', by: { name: 'Åse', organisation: 'Horsens' }, at: '2026-12-01T10:00:00.000Z' },
    { agreementId: AGREEMENT, sectionId: 's1', participantId, deviceCert, prev: null, privateKey: device.privateKey },
  );
  section.getArray(SECTION_KEYS.decisionLog).push([position]);
  return { device, position };
}

describe('participant directory edits', () => {
  it('adds and edits a participant as signed versions that pass the document check', () => {
    const { structure, root, host } = world();
    const id = saveParticipant(host, input, new Date('2026-12-01T09:00:00Z'));
    const first = readParticipant(structure, id)!;
    expect(first).toMatchObject({ name: 'Åse Øster', side: 'kommune', role: 'formand', version: 1, invitePublicKey: null, removed: null, signedBy: null });
    expect(signedBy(first, root.publicKey)).toBe(true);
    expect(participantStatus(first)).toBe('created');

    saveParticipant(host, { ...input, participantId: id, name: 'Åse Øster-Berg', themeGroupIds: ['tg-1', 'tg-2', 'tg-1'] });
    const second = readParticipant(structure, id)!;
    expect(second.version).toBe(2);
    expect(second.themeGroupIds).toEqual(['tg-1', 'tg-2']);
    expect(signedBy(second, root.publicKey)).toBe(true);
    // A signature does not carry over to changed fields.
    expect(verifyBytes(root.publicKey, participantMessage(AGREEMENT, { ...second, side: 'region' }), second.signature)).toBe(false);
    expect(readParticipants(structure)).toHaveLength(1);
    // Theme groups are the agreement's own.
    expect(() => saveParticipant(host, { ...input, themeGroupIds: ['tg-findes-ikke'] })).toThrow(/findes ikke i aftalen/);
  });

  it('puts the invitation key in the entry and names the entry invited', () => {
    const { structure, host } = world();
    const id = saveParticipant(host, input);
    const secret = newInviteSecret();
    setInviteKey(host, AGREEMENT, id, inviteKeyPair(secret).publicKey);
    const entry = readParticipant(structure, id)!;
    expect(entry.invitePublicKey).toBe(inviteKeyPair(secret).publicKey);
    expect(participantStatus(entry)).toBe('invited');
  });

  it('removes a participant with the hashes of their signed log entries standing, and nobody else’s', () => {
    const { structure, section, root, host } = world();
    const id = saveParticipant(host, input);
    const other = saveParticipant(host, { ...input, name: 'Søren Ærø', side: 'region', organisation: 'Region Midtjylland' });
    const secret = newInviteSecret();
    setInviteKey(host, AGREEMENT, id, inviteKeyPair(secret).publicKey);
    const mine = [logPosition(section, id, secret), logPosition(section, id, secret, undefined, 'c2')];
    logPosition(section, other, newInviteSecret());
    section.getArray(SECTION_KEYS.decisionLog).push([{ clauseId: 'c3', side: 'kommune', stance: 'enig', textHash: 'h', text: '', by: { name: 'x', organisation: 'y' }, at: 'x' }]);

    expect(participantStatus(readParticipant(structure, id)!, knownDevices([section])[id])).toBe('joined');
    expect(removeParticipant(host, AGREEMENT, id)).toBe(2);
    const removed = readParticipant(structure, id)!;
    expect([...(removed.removed?.standing ?? [])].sort()).toEqual(mine.map((m) => entryHash(m.position)).sort());
    expect(signedBy(removed, root.publicKey)).toBe(true);
    expect(participantStatus(removed)).toBe('removed');
    expect(() => removeParticipant(host, AGREEMENT, id)).toThrow(/allerede fjernet/);
    expect(() => saveParticipant(host, { ...input, participantId: id })).toThrow(/fjernet/);
  });

  it('revokes one device, with only that device’s entries standing', () => {
    const { structure, section, host } = world();
    const id = saveParticipant(host, input);
    const secret = newInviteSecret();
    const lost = logPosition(section, id, secret);
    const kept = logPosition(section, id, secret, undefined, 'c2');
    expect(knownDevices([section])[id]?.sort()).toEqual([lost.device.publicKey, kept.device.publicKey].sort());

    expect(revokeDevice(host, AGREEMENT, id, lost.device.publicKey)).toBe(1);
    const entry = readParticipant(structure, id)!;
    expect(entry.revokedDevices).toEqual([{ deviceKey: lost.device.publicKey, at: expect.any(String), standing: [entryHash(lost.position)] }]);
    expect(entry.removed).toBeNull();
    // The other device still counts as joined.
    expect(participantStatus(entry, knownDevices([section])[id])).toBe('joined');
    expect(() => revokeDevice(host, AGREEMENT, id, lost.device.publicKey)).toThrow(/allerede spærret/);
  });
});
