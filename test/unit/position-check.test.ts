// The write check's judgement of new positions (shared/access/positionCheck.ts), as the server, the
// meeting host and the bundle importer apply it: only a position that counts in the agreement's
// directory is written; a revoked key's genuine positions are let through (honest replicas hold
// them) but count nowhere. Real keys, real Y.Docs (test/helpers/identity.ts).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { positionProblemFor } from '../../shared/access/positionCheck.ts';
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
