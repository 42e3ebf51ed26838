// The decision log as the co-chairs use it: Enig pressed again on the same text adds no entry, a
// re-confirmation and a decision on a suggestion are logged, and a withdrawn position is logged,
// signed like any other, and no longer counts. Real Y.Docs and real Ed25519 signatures.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { countedPositions, judgedPositions } from '../../shared/identity/counted.ts';
import { checkDecisionLog } from '../../shared/identity/decisionLogCheck.ts';
import { positionVerdict } from '../../shared/identity/positionVerdict.ts';
import { deriveStatus } from '../../shared/negotiation/position.ts';
import { currentPositions, decisionLog, recordPosition, sectionDecisionLog } from '../../shared/negotiation/positionsDoc.ts';
import { identityFixture, unsignedPosition } from '../helpers/identity.ts';

const OLD = 'hash-of-the-old-text';
const NEW = 'hash-of-the-new-text';

describe('the decision log', () => {
  it('adds no entry when a side agrees again on the same text, and one for a re-confirmation on a new text', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    f.take('regionChair', doc, 's1', 'k1', 'enig', OLD);
    // Pressed again (a second signature, a later time): nothing new to say.
    const again = f.sign('regionChair', doc, 's1', { ...unsignedPosition('k1', 'region', 'enig', OLD, 'Søren Region'), at: '2026-12-01T11:00:00.000Z' });
    expect(recordPosition(doc, again)).toBe(false);
    expect(decisionLog(doc, 'k1')).toHaveLength(1);
    // The text changed; agreeing on the new one is a re-confirmation, and is logged.
    const reconfirmed = f.sign('regionChair', doc, 's1', unsignedPosition('k1', 'region', 'enig', NEW, 'Søren Region'));
    expect(recordPosition(doc, reconfirmed)).toBe(true);
    expect(decisionLog(doc, 'k1').map((p) => p.textHash)).toEqual([OLD, NEW]);
    // A dispute after agreement is new too, and so is a changed reason.
    f.take('regionChair', doc, 's1', 'k1', 'uenig', NEW);
    const otherReason = f.sign('regionChair', doc, 's1', { ...unsignedPosition('k1', 'region', 'uenig', NEW, 'Søren Region'), reason: 'En anden grund' });
    expect(recordPosition(doc, otherReason)).toBe(true);
    expect(decisionLog(doc, 'k1')).toHaveLength(4);
    expect(checkDecisionLog(sectionDecisionLog(doc))).toEqual([]);
  });

  it("records a genuine position although a forgery under the same person's name says the same", () => {
    const f = identityFixture('a1');
    const doc = new Y.Doc();
    const chair = f.people.regionChair.fields.name;
    // The municipality's co-chair signs "the region's chair agrees" with his own key.
    const forged = f.sign('kommuneChair', doc, 's1', unsignedPosition('k1', 'region', 'enig', 'h1', chair));
    expect(recordPosition(doc, forged)).toBe(true);
    const genuine = f.sign('regionChair', doc, 's1', unsignedPosition('k1', 'region', 'enig', 'h1', chair));
    expect(recordPosition(doc, genuine)).toBe(true);
    expect(countedPositions(doc, 's1', f.directory(f.root.publicKey), 'k1').region?.sig?.participantId).toBe(f.people.regionChair.fields.id);
    // Pressed again, the genuine one says nothing new.
    expect(recordPosition(doc, f.sign('regionChair', doc, 's1', unsignedPosition('k1', 'region', 'enig', 'h1', chair)))).toBe(false);
  });

  it('logs a withdrawn position, signed, and it no longer counts', () => {
    const f = identityFixture();
    const directory = f.directory();
    const doc = new Y.Doc();
    f.take('regionChair', doc, 's1', 'k1', 'enig', NEW);
    f.take('kommuneChair', doc, 's1', 'k1', 'enig', NEW);
    expect(deriveStatus(countedPositions(doc, 's1', directory, 'k1'), NEW).status).toBe('enighed');

    const withdrawal = f.sign('kommuneChair', doc, 's1', { ...unsignedPosition('k1', 'kommune', 'enig', NEW, 'Åse Kommune'), stance: 'trukket' });
    expect(recordPosition(doc, withdrawal)).toBe(true);
    // Logged, verified as the kommune chair's, and the clause is back to waiting for the kommune.
    const log = decisionLog(doc, 'k1');
    expect(log.map((p) => `${p.side}:${p.stance}`)).toEqual(['region:enig', 'kommune:enig', 'kommune:trukket']);
    expect(positionVerdict(log[2], { agreementId: f.agreementId, sectionId: 's1', directory }).status).toBe('verified');
    expect(judgedPositions(doc, 's1', directory, 'k1').kommune?.position.stance).toBe('trukket');
    expect(deriveStatus(countedPositions(doc, 's1', directory, 'k1'), NEW).status).toBe('afventer');
    expect(checkDecisionLog(sectionDecisionLog(doc), { current: new Map([['k1', currentPositions(doc, 'k1')]]) })).toEqual([]);
    // Withdrawing again says nothing new; taking a position again does.
    expect(recordPosition(doc, f.sign('kommuneChair', doc, 's1', { ...unsignedPosition('k1', 'kommune', 'enig', NEW, 'Åse Kommune'), stance: 'trukket' }))).toBe(false);
    f.take('kommuneChair', doc, 's1', 'k1', 'enig', NEW);
    expect(deriveStatus(countedPositions(doc, 's1', directory, 'k1'), NEW).status).toBe('enighed');
    // A withdrawal whose signature does not hold (its stance changed afterwards) does not count.
    const forged = { ...f.sign('regionChair', doc, 's1', { ...unsignedPosition('k1', 'region', 'enig', NEW, 'Søren Region'), stance: 'trukket' as const }), stance: 'uenig' as const, reason: 'x' };
    expect(positionVerdict(forged, { agreementId: f.agreementId, sectionId: 's1', directory }).status).toBe('unverified');
  });

  it('logs an accepted or rejected suggestion without making it a position', () => {
    const f = identityFixture();
    const directory = f.directory();
    const doc = new Y.Doc();
    f.take('regionChair', doc, 's1', 'k1', 'enig', OLD);
    const accepted = f.sign('kommuneChair', doc, 's1', {
      ...unsignedPosition('k1', 'kommune', 'enig', NEW, 'Åse Kommune'),
      stance: 'forslag-accepteret',
      reason: 'Erstatning: «syv dage» → «tre dage» (forslag fra Søren Region, Region/hospital)',
    });
    expect(recordPosition(doc, accepted)).toBe(true);
    expect(decisionLog(doc, 'k1').map((p) => p.stance)).toEqual(['enig', 'forslag-accepteret']);
    expect(currentPositions(doc, 'k1').kommune).toBeUndefined();
    expect(positionVerdict(decisionLog(doc, 'k1')[1], { agreementId: f.agreementId, sectionId: 's1', directory }).status).toBe('verified');
    expect(checkDecisionLog(sectionDecisionLog(doc))).toEqual([]);
  });
});
