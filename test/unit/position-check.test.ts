// The write check's judgement of new positions (shared/access/positionCheck.ts), as the server, the
// meeting host and the bundle importer apply it: only a position that counts in the agreement's
// directory is written; a revoked key's genuine positions are let through (honest replicas hold
// them) but count nowhere. Real keys, real Y.Docs (test/helpers/identity.ts).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { directoryProblemFor, positionProblemFor } from '../../shared/access/positionCheck.ts';
import { checkWrite } from '../../shared/access/checkWrite.ts';
import { actorFromParticipant, rightsOn } from '../../shared/access/rules.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { writeParticipantEntry } from '../../shared/identity/directory.ts';
import { signParticipantEntry } from '../../electron/identity/sign.ts';
import { entryHash } from '../../shared/identity/digest.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { verifyBytes } from '../../electron/identity/ed25519.ts';
import { identityFixture, unsignedPosition } from '../helpers/identity.ts';

describe('positions the paths write', () => {
  it('refuses forged, altered, replayed, unsigned and non-negotiator positions; writes genuine ones', () => {
    const f = identityFixture('a1');
    const section = new Y.Doc();
    const docId = sectionDocId('a1', 's1');
    const problem = positionProblemFor(() => f.structure, verifyBytes);
    const genuine = f.sign('regionChair', section, 's1', unsignedPosition('k1', 'region', 'enig', 'h1'));
    expect(problem(genuine, docId)).toBeNull();
    // The municipality's co-chair signs a position for the region.
    const otherSide = f.sign('kommuneChair', section, 's1', unsignedPosition('k1', 'region', 'enig', 'h1'));
    expect(problem(otherSide, docId)).toMatch(/kan ikke verificeres/);
    // A changed stance or text hash under the old signature.
    expect(problem({ ...genuine, stance: 'uenig', reason: 'Nej' }, docId)).toMatch(/ændret, efter det blev underskrevet/);
    expect(problem({ ...genuine, textHash: 'h2' }, docId)).toMatch(/ændret, efter det blev underskrevet/);
    // Replayed on another section, or another clause.
    expect(problem(genuine, sectionDocId('a1', 's2'))).toMatch(/andet afsnit/);
    expect(problem({ ...genuine, clauseId: 'k2' }, docId)).toMatch(/kan ikke verificeres/);
    // Unsigned (a self-chosen profile), an observer's and the secretariat's.
    expect(problem({ ...unsignedPosition('k1', 'region', 'enig', 'h1'), text: 'x' }, docId)).toMatch(/uden underskrift/);
    expect(problem(f.sign('observer', section, 's1', unsignedPosition('k1', 'region', 'enig', 'h1')), docId)).toMatch(/kan ikke verificeres/);
    expect(problem(f.sign('secretary', section, 's1', unsignedPosition('k1', 'region', 'enig', 'h1')), docId)).toMatch(/kan ikke verificeres/);
    // Garbage in place of a position.
    expect(problem({ clauseId: 'k1' }, docId)).toMatch(/forventede form/);
  });

  it("lets a revoked key's genuine positions through (they count nowhere); an agreement without a directory writes as before", () => {
    const f = identityFixture('a1');
    const section = new Y.Doc();
    const docId = sectionDocId('a1', 's1');
    const before = f.sign('regionChair', section, 's1', unsignedPosition('k1', 'region', 'enig', 'h1'));
    const after = f.sign('regionChair', section, 's1', unsignedPosition('k2', 'region', 'enig', 'h1'));
    f.update('regionChair', { revokedDevices: [{ deviceKey: f.people.regionChair.device.publicKey, at: '2026-12-01T12:00:00.000Z', standing: [entryHash(before)] }] });
    const problem = positionProblemFor(() => f.structure, verifyBytes);
    expect(problem(before, docId)).toBeNull();
    expect(problem(after, docId)).toBeNull();
    const local = positionProblemFor(() => new Y.Doc(), verifyBytes);
    expect(local({ ...unsignedPosition('k1', 'kommune', 'enig', 'h1') }, docId)).toBeNull();
  });
});

describe("directory entries a member passes on (directoryProblemFor)", () => {
  const copy = (doc: Y.Doc) => {
    const c = new Y.Doc();
    Y.applyUpdate(c, Y.encodeStateAsUpdate(doc));
    return c;
  };

  it("lets through the secretariat's signed entries, and refuses an entry signed by anyone else, a changed root key and anything else in the structure", () => {
    const f = identityFixture('a1');
    const host = copy(f.structure);
    const member = actorFromParticipant(f.people.kommuneChair.fields);
    const rights = rightsOn(member, 'a1/structure', { sections: [] });
    expect(rights.writeStructure).toBe(false);
    const hooks = { directoryProblem: directoryProblemFor(verifyBytes) };
    const relayed = (change: (doc: Y.Doc) => void) => {
      const sender = copy(host);
      const sv = Y.encodeStateVector(sender);
      change(sender);
      return checkWrite('a1/structure', host, Y.encodeStateAsUpdate(sender, sv), rights, hooks);
    };

    // The secretariat revoked a device elsewhere; the member got the re-signed entry and passes it on.
    const revoked = f.update('regionMember', { revokedDevices: [{ deviceKey: f.people.regionMember.cert.deviceKey, at: new Date(1).toISOString(), standing: [] }] });
    expect(relayed((d) => writeParticipantEntry(d, revoked))).toEqual({ ok: true });

    // The same entry with a field changed after signing, or signed by a negotiator's own device.
    expect(relayed((d) => d.getMap(STRUCTURE_KEYS.participants).set(revoked.id, { ...revoked, role: 'sekretariat' })).ok).toBe(false);
    const selfSigned = signParticipantEntry('a1', { ...f.people.kommuneChair.fields, role: 'sekretariat', version: 9 }, {
      participantId: f.people.kommuneChair.fields.id,
      publicKey: f.people.kommuneChair.device.publicKey,
      privateKey: f.people.kommuneChair.device.privateKey,
      deviceCert: f.people.kommuneChair.cert,
    });
    const forged = relayed((d) => d.getMap(STRUCTURE_KEYS.participants).set(selfSigned.id, selfSigned));
    expect(forged.ok ? '' : forged.reason).toMatch(/ikke underskrevet af sekretariatet/);
    // A deleted entry, and the structure's other parts, are the secretariat's alone.
    expect(relayed((d) => d.getMap(STRUCTURE_KEYS.participants).delete(f.people.observer.fields.id)).ok).toBe(false);
    expect(relayed((d) => d.getMap(STRUCTURE_KEYS.meta).set('title', 'Kommunens aftale')).ok).toBe(false);
    expect(relayed((d) => d.getMap(STRUCTURE_KEYS.meta).set('rootKey', f.people.kommuneChair.device.publicKey)).ok).toBe(false);
  });
});
