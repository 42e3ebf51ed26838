// Which positions count: the participant directory's signature chain, every rule of
// shared/identity/ARCHITECTURE.md on a replica whose Y.Docs are edited directly (the forgeries a
// hand-edited replica can make), the decision log's tamper evidence, and the statuses that follow.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { countedPositions, judgedPositions, localDirectory } from '../../shared/identity/counted.ts';
import { checkDecisionLog } from '../../shared/identity/decisionLogCheck.ts';
import { readDirectory, writeParticipantEntry } from '../../shared/identity/directory.ts';
import { entryHash } from '../../shared/identity/digest.ts';
import { counts, positionVerdict } from '../../shared/identity/positionVerdict.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { SECTION_KEYS, STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { deriveStatus, type Position } from '../../shared/negotiation/position.ts';
import { currentPositions, recordPosition, sectionDecisionLog } from '../../shared/negotiation/positionsDoc.ts';
import { generateKeyPair, verifyBytes } from '../../electron/identity/ed25519.ts';
import { signParticipantEntry, signPosition } from '../../electron/identity/sign.ts';
import type { KeyPair } from '../../electron/identity/ed25519.ts';
import type { DeviceCert } from '../../shared/identity/shapes.ts';
import { identityFixture, unsignedPosition } from '../helpers/identity.ts';

const H = 'hash-of-the-current-text';

/** Writes a value straight into the positions map, as a hand-edited replica can. */
function forge(doc: Y.Doc, key: string, value: unknown): void {
  doc.getMap(SECTION_KEYS.positions).set(key, value);
}

/** A region position on k1 signed by `device` under the certificate `cert`. */
function signPositionFor(f: ReturnType<typeof identityFixture>, device: KeyPair, cert: DeviceCert): Position {
  return signPosition(unsignedPosition('k1', 'region', 'enig', H), {
    agreementId: f.agreementId, sectionId: 's1', participantId: cert.participantId, deviceCert: cert, prev: null, privateKey: device.privateKey,
  });
}

function status(doc: Y.Doc, sectionId: string, directory: ReturnType<ReturnType<typeof identityFixture>['directory']>, clauseId = 'k1') {
  return deriveStatus(countedPositions(doc, sectionId, directory, clauseId), H).status;
}

function verdictOf(doc: Y.Doc, sectionId: string, directory: ReturnType<ReturnType<typeof identityFixture>['directory']>, side: 'region' | 'kommune', clauseId = 'k1') {
  return judgedPositions(doc, sectionId, directory, clauseId)[side]?.verdict;
}

describe('the participant directory', () => {
  it('holds entries signed by the root key or a valid secretariat device, and names why others are not', () => {
    const f = identityFixture();
    const dir = f.directory();
    expect([...dir.participants.keys()].sort()).toEqual(['p-founder', 'p-kommune', 'p-observer', 'p-region', 'p-region2', 'p-secretary']);
    expect(dir.distrust).toBeNull();

    // The second secretariat signs a new member with its device.
    const newcomer = signParticipantEntry(
      f.agreementId,
      { ...f.people.regionMember.fields, id: 'p-new', name: 'Ny Region' },
      { participantId: 'p-secretary', publicKey: f.people.secretary.device.publicKey, privateKey: f.people.secretary.device.privateKey, deviceCert: f.people.secretary.cert },
    );
    writeParticipantEntry(f.structure, newcomer);
    expect(f.directory().participants.has('p-new')).toBe(true);

    // A co-chair signing an entry (not secretariat), a random key claiming to be the root, and an
    // entry whose side was changed under its signature: all refused.
    const byMember = signParticipantEntry(
      f.agreementId,
      { ...f.people.regionMember.fields, id: 'p-fake1', side: 'region', role: 'formand' },
      { participantId: 'p-kommune', publicKey: f.people.kommuneChair.device.publicKey, privateKey: f.people.kommuneChair.device.privateKey, deviceCert: f.people.kommuneChair.cert },
    );
    const stranger = generateKeyPair();
    const byStranger = signParticipantEntry(f.agreementId, { ...f.people.regionMember.fields, id: 'p-fake2' }, { participantId: null, ...stranger });
    writeParticipantEntry(f.structure, byMember);
    writeParticipantEntry(f.structure, byStranger);
    writeParticipantEntry(f.structure, { ...f.people.regionChair.entry, side: 'kommune' });
    const after = f.directory();
    expect(after.rejected.get('p-fake1')).toMatch(/ikke er sekretariat/);
    expect(after.rejected.get('p-fake2')).toMatch(/rodnøgle/);
    expect(after.rejected.get('p-region')).toMatch(/passer ikke/);
    expect(after.participants.has('p-region')).toBe(false);
  });

  it('refuses entries signed in a ring and entries signed by a revoked secretariat device', () => {
    const f = identityFixture();
    const sec = f.people.secretary;
    const signer = { participantId: 'p-secretary', publicKey: sec.device.publicKey, privateKey: sec.device.privateKey, deviceCert: sec.cert };
    // Two secretariat entries that vouch for each other, neither reaching the root key.
    const x = signParticipantEntry(f.agreementId, { ...sec.fields, id: 'p-x', invitePublicKey: sec.fields.invitePublicKey }, { ...signer, participantId: 'p-y', deviceCert: { ...sec.cert, participantId: 'p-y' } });
    const y = signParticipantEntry(f.agreementId, { ...sec.fields, id: 'p-y' }, { ...signer, participantId: 'p-x', deviceCert: { ...sec.cert, participantId: 'p-x' } });
    writeParticipantEntry(f.structure, x);
    writeParticipantEntry(f.structure, y);
    const signedBeforeRevocation = signParticipantEntry(f.agreementId, { ...f.people.regionMember.fields, id: 'p-old' }, signer);
    const signedAfter = signParticipantEntry(f.agreementId, { ...f.people.regionMember.fields, id: 'p-late' }, signer);
    writeParticipantEntry(f.structure, signedBeforeRevocation);
    writeParticipantEntry(f.structure, signedAfter);
    f.update('secretary', { revokedDevices: [{ deviceKey: sec.device.publicKey, at: '2026-12-02T00:00:00.000Z', standing: [entryHash(signedBeforeRevocation)] }] });
    const dir = f.directory();
    expect(dir.participants.has('p-x')).toBe(false);
    expect(dir.participants.has('p-y')).toBe(false);
    expect(dir.participants.has('p-old')).toBe(true);
    expect(dir.participants.has('p-late')).toBe(false);
    expect(dir.rejected.get('p-late')).toMatch(/spærret/);
  });

  it('distrusts a structure whose root key is not the pinned one, or lost its root key', () => {
    const f = identityFixture();
    expect(f.directory(f.root.publicKey).distrust).toBeNull();
    expect(f.directory(generateKeyPair().publicKey).distrust).toMatch(/rodnøgle/);
    f.structure.getMap(STRUCTURE_KEYS.meta).delete('rootKey');
    const stripped = f.directory(f.root.publicKey);
    expect(stripped.distrust).toMatch(/mangler/);
    // Without a pinned key, an agreement without a root key is a local one.
    expect(f.directory().rootKey).toBeNull();
  });
});

describe('positions that count', () => {
  it('counts genuine positions of both sides, named from the directory', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    f.take('regionChair', doc, 's1', 'k1', 'enig', H);
    f.take('kommuneChair', doc, 's1', 'k1', 'enig', H);
    const dir = f.directory(f.root.publicKey);
    expect(status(doc, 's1', dir)).toBe('enighed');
    const verdict = verdictOf(doc, 's1', dir, 'kommune');
    expect(verdict).toMatchObject({ status: 'verified', participant: { name: 'Åse Kommune', side: 'kommune' } });
    // A member (not only the co-chair) takes positions too.
    f.take('regionMember', doc, 's1', 'k2', 'uenig', H);
    expect(verdictOf(doc, 's1', dir, 'region', 'k2')?.status).toBe('verified');
    expect(checkDecisionLog(sectionDecisionLog(doc))).toEqual([]);
  });

  it('does not count one side writing the other side’s position, nor a self-chosen profile side', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    f.take('regionChair', doc, 's1', 'k1', 'enig', H);
    // The municipal co-chair signs an "Enig" for the region (its profile says region).
    const forged = f.sign('kommuneChair', doc, 's1', unsignedPosition('k1', 'region', 'enig', H, 'Søren Region'));
    recordPosition(doc, forged);
    f.take('kommuneChair', doc, 's1', 'k1', 'enig', H);
    const dir = f.directory();
    const verdict = verdictOf(doc, 's1', dir, 'region');
    expect(verdict?.status).toBe('unverified');
    expect(verdict && 'reason' in verdict && verdict.reason).toMatch(/ikke hører til den side/);
    expect(status(doc, 's1', dir)).toBe('afventer');
    // An unsigned position with a self-chosen side in an agreement with a root key: before signatures.
    forge(doc, 'k1/region', unsignedPosition('k1', 'region', 'enig', H));
    expect(verdictOf(doc, 's1', dir, 'region')?.status).toBe('legacy');
    expect(status(doc, 's1', dir)).toBe('afventer');
  });

  it('does not count a changed stance or text hash under an old signature, even with the signature verified before', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    const genuine = f.take('regionChair', doc, 's1', 'k1', 'uenig', 'old-hash');
    f.take('kommuneChair', doc, 's1', 'k1', 'enig', H);
    const dir = f.directory();
    expect(status(doc, 's1', dir)).toBe('uenighed'); // warms the cache with the genuine signature
    forge(doc, 'k1/region', { ...genuine, stance: 'enig', reason: undefined });
    expect(verdictOf(doc, 's1', dir, 'region')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/ændret/) });
    expect(status(doc, 's1', dir)).toBe('afventer');
    forge(doc, 'k1/region', { ...genuine, stance: 'enig', reason: undefined, textHash: H });
    expect(status(doc, 's1', dir)).toBe('afventer');
    forge(doc, 'k1/region', { ...genuine, textHash: H });
    expect(verdictOf(doc, 's1', dir, 'region')?.status).toBe('unverified');
  });

  it('does not count a signature replayed on another clause, section or agreement', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    const genuine = f.take('regionChair', doc, 's1', 'k1', 'enig', H);
    const dir = f.directory();
    // Same object under another clause's key; then with its clause id changed to match.
    forge(doc, 'k2/region', genuine);
    expect(verdictOf(doc, 's1', dir, 'region', 'k2')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/anden klausul/) });
    forge(doc, 'k2/region', { ...genuine, clauseId: 'k2' });
    expect(verdictOf(doc, 's1', dir, 'region', 'k2')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/ændret/) });
    // Stored under the other side's key.
    forge(doc, 'k1/kommune', genuine);
    expect(verdictOf(doc, 's1', dir, 'kommune')?.status).toBe('unverified');
    // Another section's document.
    const other = new Y.Doc();
    recordPosition(other, genuine);
    expect(verdictOf(other, 's2', dir, 'region')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/andet afsnit/) });
    // A signature made for another agreement (same people, other agreement id).
    const elsewhere = f.sign('regionChair', doc, 's1', unsignedPosition('k3', 'region', 'enig', H), 'a-other');
    recordPosition(doc, elsewhere);
    expect(verdictOf(doc, 's1', dir, 'region', 'k3')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/anden aftale/) });
  });

  it('counts what a revoked key signed and the secretariat listed as standing, nothing else, whatever its date', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    const before = f.take('regionChair', doc, 's1', 'k1', 'enig', H);
    f.take('regionChair', doc, 's1', 'k2', 'enig', H);
    // A thief backdates a position.
    const backdated = f.sign('regionChair', doc, 's1', { ...unsignedPosition('k3', 'region', 'enig', H), at: '2020-01-01T00:00:00.000Z' });
    recordPosition(doc, backdated);
    const key = f.people.regionChair.device.publicKey;
    // The secretariat's replica held only the k1 position when it revoked.
    f.update('regionChair', { revokedDevices: [{ deviceKey: key, at: '2026-12-01T12:00:00.000Z', standing: [entryHash(before)] }] });
    const dir = f.directory();
    expect(verdictOf(doc, 's1', dir, 'region', 'k1')?.status).toBe('verified');
    expect(verdictOf(doc, 's1', dir, 'region', 'k2')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/spærret/) });
    expect(verdictOf(doc, 's1', dir, 'region', 'k3')?.status).toBe('unverified');
  });

  it('counts what a removed member signed while a member (standing), nothing later', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    const standing = f.take('kommuneChair', doc, 's1', 'k1', 'enig', H);
    f.update('kommuneChair', { removed: { at: '2026-12-01T12:00:00.000Z', standing: [entryHash(standing)] } });
    f.take('kommuneChair', doc, 's1', 'k2', 'enig', H);
    const dir = f.directory();
    expect(verdictOf(doc, 's1', dir, 'kommune', 'k1')?.status).toBe('verified');
    expect(verdictOf(doc, 's1', dir, 'kommune', 'k2')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/fjernet/) });
  });

  it('does not count positions taken by the secretariat or an observer', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    f.take('founder', doc, 's1', 'k1', 'enig', H, 'region');
    f.take('secretary', doc, 's1', 'k2', 'enig', H, 'region');
    f.take('observer', doc, 's1', 'k3', 'enig', H, 'kommune');
    const dir = f.directory();
    for (const clause of ['k1', 'k2']) {
      expect(verdictOf(doc, 's1', dir, 'region', clause)).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/Sekretariatet og observatører/) });
    }
    expect(verdictOf(doc, 's1', dir, 'kommune', 'k3')?.status).toBe('unverified');
    expect(status(doc, 's1', dir, 'k1')).toBe('aaben');
  });

  it('does not count positions of a participant whose entry was forged', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    // The municipal co-chair forges a region entry for a second key of its own and signs with it.
    const device = generateKeyPair();
    const forgedEntry = { ...f.people.regionChair.entry, id: 'p-forged', name: 'Falsk Region', invitePublicKey: f.people.kommuneChair.fields.invitePublicKey };
    writeParticipantEntry(f.structure, forgedEntry);
    const cert = { participantId: 'p-forged', deviceKey: device.publicKey, at: 'x', inviteSignature: null };
    const position = signPosition(unsignedPosition('k1', 'region', 'enig', H), {
      agreementId: f.agreementId, sectionId: 's1', participantId: 'p-forged', deviceCert: cert, prev: null, privateKey: device.privateKey,
    });
    recordPosition(doc, position);
    const dir = f.directory();
    expect(dir.participants.has('p-forged')).toBe(false);
    expect(verdictOf(doc, 's1', dir, 'region')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/Deltagerens post er ikke gyldig/) });
    // Its device certificate names no root key either: a certificate without invitation signature
    // is only valid for the root key itself.
    writeParticipantEntry(f.structure, f.people.regionChair.entry);
    const asRegion = signPositionFor(f, device, { participantId: 'p-region', deviceKey: device.publicKey, at: 'x', inviteSignature: null });
    forge(doc, 'k1/region', asRegion);
    expect(verdictOf(doc, 's1', f.directory(), 'region')).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/Enheden er ikke godkendt/) });
  });

  it('treats positions from before signatures by the agreement: legacy with a root key, local without', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    recordPosition(doc, unsignedPosition('k1', 'region', 'enig', H));
    recordPosition(doc, unsignedPosition('k1', 'kommune', 'enig', H));
    const dir = f.directory();
    expect(verdictOf(doc, 's1', dir, 'region')?.status).toBe('legacy');
    expect(status(doc, 's1', dir)).toBe('aaben');
    const local = localDirectory('a1');
    expect(verdictOf(doc, 's1', local, 'region')?.status).toBe('local');
    expect(status(doc, 's1', local)).toBe('enighed');
  });

  it('does not count a position while its signature is still being checked', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    f.take('regionChair', doc, 's1', 'k1', 'enig', H);
    const cache = new VerdictCache();
    const pendingDir = readDirectory(f.structure, () => 'pending', null, cache);
    const [position] = Object.values(currentPositions(doc, 'k1')) as Position[];
    const verdict = positionVerdict(position, { agreementId: f.agreementId, sectionId: 's1', directory: pendingDir });
    expect(verdict).toMatchObject({ status: 'unverified', pending: true });
    expect(counts(verdict)).toBe(false);
    // Once verified (as the renderer's WebCrypto verifier does, into the same cache), it counts.
    const verified = readDirectory(f.structure, verifyBytes, null, cache);
    const asyncDir = readDirectory(f.structure, (k, b, s) => cache.lookup(k, b, s) ?? 'pending', null, cache);
    expect(positionVerdict(position, { agreementId: f.agreementId, sectionId: 's1', directory: verified }).status).toBe('verified');
    expect(positionVerdict(position, { agreementId: f.agreementId, sectionId: 's1', directory: asyncDir }).status).toBe('verified');
  });
});

describe('the decision log', () => {
  function logOfThree() {
    const f = identityFixture();
    const doc = new Y.Doc();
    f.take('regionChair', doc, 's1', 'k1', 'uenig', H);
    f.take('kommuneChair', doc, 's1', 'k1', 'enig', H);
    f.take('regionChair', doc, 's1', 'k1', 'enig', H);
    return { f, doc, log: doc.getArray(SECTION_KEYS.decisionLog) };
  }

  it('shows a removed entry', () => {
    const { doc, log } = logOfThree();
    log.delete(1, 1);
    const problems = checkDecisionLog(sectionDecisionLog(doc));
    expect(problems).toMatchObject([{ clauseId: 'k1', index: 1, kind: 'removed' }]);
  });

  it('shows a reordered log', () => {
    const { doc, log } = logOfThree();
    const first = log.get(0);
    doc.transact(() => {
      log.delete(0, 1);
      log.push([first]);
    });
    expect(checkDecisionLog(sectionDecisionLog(doc)).map((p) => p.kind)).toContain('reordered');
  });

  it('shows an altered entry and a current position missing from the log', () => {
    const { f, doc, log } = logOfThree();
    const dir = f.directory();
    const second = log.get(1) as Position;
    doc.transact(() => {
      log.delete(1, 1);
      log.insert(1, [{ ...second, stance: 'uenig', reason: 'Ændret bagefter' }]);
    });
    const check = () =>
      checkDecisionLog(sectionDecisionLog(doc), {
        current: new Map([['k1', currentPositions(doc, 'k1')]]),
        verdictOf: (entry) => positionVerdict(entry, { agreementId: f.agreementId, sectionId: 's1', directory: dir }),
      });
    // The altered entry fails its signature, the next entry's prev names an entry no longer in the
    // log, and the municipality's current position (the original) is not in the log.
    expect(check().map((p) => [p.kind, p.index])).toEqual([
      ['altered', 1],
      ['removed', 2],
      ['missing', null],
    ]);
    log.delete(2, 1); // the latest entry, which is the region's current position
    expect(check().filter((p) => p.kind === 'missing')).toHaveLength(2);
    // Checking one clause leaves the others alone.
    expect(checkDecisionLog(sectionDecisionLog(doc), { current: new Map([['k1', currentPositions(doc, 'k1')]]), clauseId: 'k2' })).toEqual([]);
    expect(checkDecisionLog(sectionDecisionLog(doc), { current: new Map([['k1', currentPositions(doc, 'k1')]]), clauseId: 'k1' }).map((p) => p.kind)).toEqual(['missing', 'missing']);
  });

  it('accepts concurrent offline entries that share a prev', () => {
    const f = identityFixture();
    const a = new Y.Doc();
    f.take('regionChair', a, 's1', 'k1', 'uenig', H);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    f.take('regionChair', a, 's1', 'k1', 'enig', H);
    f.take('kommuneChair', b, 's1', 'k1', 'enig', H);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const current = new Map([['k1', currentPositions(a, 'k1')]]);
    expect(checkDecisionLog(sectionDecisionLog(a), { current })).toEqual([]);
    expect(status(a, 's1', f.directory())).toBe('enighed');
  });
});
