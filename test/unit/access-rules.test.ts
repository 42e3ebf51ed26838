// The one rule (shared/access/rules.ts) and the write check (shared/access/checkWrite.ts) on real
// Y.Docs: what each role may write where, and that every other write is refused with a reason.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkWrite } from '../../shared/access/checkWrite.ts';
import { actorFromGrant, actorFromParticipant, rightsOn, type Actor } from '../../shared/access/rules.ts';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import type { Position } from '../../shared/negotiation/position.ts';
import { writeAgreement } from '../../shared/structure/structureDoc.ts';
import { instantiate, loadTemplates } from '../../electron/workspace/templates.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { addCommentThread, appendParagraph, recordTestPosition } from '../helpers/docContent.ts';

const agreement = instantiate(loadTemplates(path.join(repoRoot, 'resources/templates'))[0], 'a1', undefined, new Date('2026-01-01'));
const TRAINING = 'a1/section/traening-politisk';
const FOLLOW_UP = 'a1/section/opfoelgning';

const actor = (role: Actor['role'], side: Actor['side'], themeGroupIds: string[] = ['tg-traening']): Actor => ({
  role,
  side,
  themeGroupIds,
  agreementIds: ['a1'],
  removed: false,
  mayWriteStructure: true,
  participantId: null,
});
const regionChair = actor('formand', 'region');
const kommuneMember = actor('medlem', 'kommune');
const otherGroupMember = actor('medlem', 'region', ['tg-indlaeggelse']);
const observer = actor('observatoer', 'region');
const praksis = actor('medlem', 'praksis');
const secretariat = actor('sekretariat', 'region', []);

/** What `change` adds to a replica of `base`, as the update a client would send. */
function updateOf(base: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(replica);
  change(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

function section(): Y.Doc {
  const doc = new Y.Doc();
  appendParagraph(doc, 'Første klausul.');
  recordTestPosition(doc, 'k1', 'region');
  return doc;
}

const position = (side: 'region' | 'kommune', clauseId = 'k1'): Position => ({
  clauseId,
  side,
  stance: 'enig',
  textHash: 'h',
  text: '',
  by: { name: 'N', organisation: 'O' },
  at: new Date(0).toISOString(),
});

const check = (docId: string, doc: Y.Doc, update: Uint8Array, who: Actor) => checkWrite(docId, doc, update, rightsOn(who, docId, agreement));

describe('rightsOn', () => {
  it('gives a theme group member its sections, for its own side', () => {
    const r = rightsOn(kommuneMember, TRAINING, agreement);
    expect(r).toMatchObject({ read: true, writeText: true, takePositionsAs: 'kommune', comment: true, decideSuggestions: true, writeStructure: false });
  });
  it('lets members of other groups, observers and almen praksis read and comment only, saying why', () => {
    for (const who of [otherGroupMember, observer, praksis]) {
      const r = rightsOn(who, TRAINING, agreement);
      expect(r).toMatchObject({ read: true, comment: true, writeText: false, takePositionsAs: null, decideSuggestions: false });
      expect(r.reasons.writeText).toMatch(/\S/);
    }
    expect(rightsOn(observer, TRAINING, agreement).reasons.writeText).toContain('observatør');
    expect(rightsOn(praksis, TRAINING, agreement).reasons.takePositionsAs).toContain('praksis');
  });
  it('lets the secretariat write structure and every section but never take positions', () => {
    expect(rightsOn(secretariat, 'a1/structure', agreement).writeStructure).toBe(true);
    expect(rightsOn(regionChair, 'a1/structure', agreement)).toMatchObject({ read: true, writeStructure: false });
    const r = rightsOn(secretariat, TRAINING, agreement);
    expect(r).toMatchObject({ writeText: true, takePositionsAs: null });
    expect(r.reasons.takePositionsAs).toContain('Sekretariatet');
    expect(rightsOn(secretariat, FOLLOW_UP, agreement).writeText).toBe(true);
    expect(rightsOn(regionChair, FOLLOW_UP, agreement).writeText).toBe(false);
  });
  it("keeps a side's internal document to that side", () => {
    expect(rightsOn(regionChair, 'a1/internal/region/traening-politisk', agreement).comment).toBe(true);
    expect(rightsOn(kommuneMember, 'a1/internal/region/traening-politisk', agreement).read).toBe(false);
    expect(rightsOn(observer, 'a1/internal/region/traening-politisk', agreement).read).toBe(false);
  });
  it('maps grants and directory entries onto the same rule', () => {
    const fromGrant = actorFromGrant({ rights: 'observer', side: 'region', themeGroupIds: ['tg-traening'], agreementIds: ['a1'] });
    expect(rightsOn(fromGrant, TRAINING, agreement).writeText).toBe(false);
    expect(rightsOn(fromGrant, 'a2/structure', agreement).read).toBe(false);
    const removed = actorFromParticipant({ id: 'p1', side: 'region', role: 'formand', themeGroupIds: ['tg-traening'], removed: { at: 'x', standing: [] } });
    expect(rightsOn(removed, TRAINING, agreement).read).toBe(false);
  });
});

describe('checkWrite', () => {
  it('passes genuine writes: text, own position, comment, structure by the secretariat', () => {
    const doc = section();
    expect(check(TRAINING, doc, updateOf(doc, (d) => appendParagraph(d, 'Mere.')), kommuneMember)).toEqual({ ok: true });
    expect(check(TRAINING, doc, updateOf(doc, (d) => recordPosition(d, position('kommune'))), kommuneMember)).toEqual({ ok: true });
    // Replacing one's own position (the map deletes the old entry) passes.
    expect(check(TRAINING, doc, updateOf(doc, (d) => recordPosition(d, { ...position('region'), stance: 'uenig', reason: 'nej' })), regionChair)).toEqual({ ok: true });
    expect(check(TRAINING, doc, updateOf(doc, (d) => addCommentThread(d, 'Et spørgsmål')), observer)).toEqual({ ok: true });
    const structure = new Y.Doc();
    expect(check('a1/structure', structure, updateOf(structure, (d) => writeAgreement(d, agreement)), secretariat)).toEqual({ ok: true });
  });

  it("refuses an observer's text edit and a member's edit outside its theme group", () => {
    const doc = section();
    const edit = updateOf(doc, (d) => appendParagraph(d, 'Ændret.'));
    const observed = check(TRAINING, doc, edit, observer);
    expect(observed.ok).toBe(false);
    expect(!observed.ok && observed.reason).toContain('observatør');
    const outside = check(TRAINING, doc, edit, otherGroupMember);
    expect(!outside.ok && outside.reason).toContain('temagruppe');
    // Deleting text is writing too.
    const deletion = updateOf(doc, (d) => d.getXmlFragment(SECTION_KEYS.text).delete(0, 1));
    expect(check(TRAINING, doc, deletion, observer).ok).toBe(false);
    expect(check(TRAINING, doc, deletion, kommuneMember).ok).toBe(true);
  });

  it("refuses one side writing the other side's position, and the secretariat taking any", () => {
    const doc = section();
    const forged = updateOf(doc, (d) => recordPosition(d, position('region', 'k2')));
    const r = check(TRAINING, doc, forged, kommuneMember);
    expect(!r.ok && r.reason).toContain('på vegne af regionen');
    expect(check(TRAINING, doc, forged, secretariat).ok).toBe(false);
    // Only into the log, or only into the map: each is refused on its own.
    expect(check(TRAINING, doc, updateOf(doc, (d) => d.getArray(SECTION_KEYS.decisionLog).push([position('region', 'k3')])), kommuneMember).ok).toBe(false);
    expect(check(TRAINING, doc, updateOf(doc, (d) => d.getMap(SECTION_KEYS.positions).set('k3/region', position('region', 'k3'))), kommuneMember).ok).toBe(false);
    // Under the other side's key while claiming one's own side.
    expect(check(TRAINING, doc, updateOf(doc, (d) => d.getMap(SECTION_KEYS.positions).set('k1/region', position('kommune'))), kommuneMember).ok).toBe(false);
  });

  it('passes on a position signed by another participant (its signature, through the hook, proves its side)', () => {
    const doc = section();
    const signed = { ...position('region', 'k9'), sig: { participantId: 'rikke' } };
    const relay = updateOf(doc, (d) => {
      d.getMap(SECTION_KEYS.positions).set('k9/region', signed);
      d.getArray(SECTION_KEYS.decisionLog).push([signed]);
    });
    const asSecretariat = { ...rightsOn(secretariat, TRAINING, agreement), actorId: 'sek' };
    expect(checkWrite(TRAINING, doc, relay, asSecretariat)).toEqual({ ok: true });
    expect(checkWrite(TRAINING, doc, relay, asSecretariat, { positionProblem: () => 'underskriften passer ikke' }).ok).toBe(false);
    // Signed in one's own name, it is taken, not passed on: the side rule applies.
    const own = { ...position('region', 'k9'), sig: { participantId: 'kim' } };
    const forged = updateOf(doc, (d) => d.getMap(SECTION_KEYS.positions).set('k9/region', own));
    expect(checkWrite(TRAINING, doc, forged, { ...rightsOn(kommuneMember, TRAINING, agreement), actorId: 'kim' }).ok).toBe(false);
  });

  it('refuses any deletion of a decision-log entry and the plain deletion of a position', () => {
    const doc = section();
    const emptied = updateOf(doc, (d) => d.getArray(SECTION_KEYS.decisionLog).delete(0, 1));
    const r = check(TRAINING, doc, emptied, regionChair);
    expect(!r.ok && r.reason).toContain('beslutningsloggen');
    expect(check(TRAINING, doc, emptied, secretariat).ok).toBe(false);
    expect(check(TRAINING, doc, updateOf(doc, (d) => d.getMap(SECTION_KEYS.positions).delete('k1/region')), regionChair).ok).toBe(false);
  });

  it('applies the position hook to every new position', () => {
    const doc = section();
    const update = updateOf(doc, (d) => recordPosition(d, position('kommune')));
    const seen: unknown[] = [];
    const r = checkWrite(TRAINING, doc, update, rightsOn(kommuneMember, TRAINING, agreement), {
      positionProblem: (value) => {
        seen.push(value);
        return 'underskriften passer ikke';
      },
    });
    expect(r).toEqual({ ok: false, reason: 'Ændringen afvises: underskriften passer ikke' });
    expect(seen).toHaveLength(1);
  });

  it('refuses structure changes by anyone but the secretariat', () => {
    const structure = new Y.Doc();
    writeAgreement(structure, agreement);
    const renamed = updateOf(structure, (d) => d.getMap('meta').set('title', 'Ny titel'));
    expect(check('a1/structure', structure, renamed, regionChair).ok).toBe(false);
    expect(check('a1/structure', structure, renamed, secretariat).ok).toBe(true);
  });

  it('holds back an update whose base is missing, and checks it with the update that brings it', () => {
    const doc = section();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    let sv = Y.encodeStateVector(replica);
    const text = appendParagraph(replica, 'Første.');
    const first = Y.encodeStateAsUpdate(replica, sv);
    sv = Y.encodeStateVector(replica);
    text.insert(text.length, ' Mere.');
    const second = Y.encodeStateAsUpdate(replica, sv);
    // The second alone builds on the first: held back, nothing to refuse yet.
    expect(check(TRAINING, doc, second, observer)).toEqual({ ok: true });
    Y.applyUpdate(doc, second);
    expect(doc.store.pendingStructs).not.toBeNull();
    // Brought with its base, it is the observer's text edit it is.
    expect(check(TRAINING, doc, first, observer).ok).toBe(false);
    expect(check(TRAINING, doc, first, kommuneMember).ok).toBe(true);
  });
});

describe('held-back position values', () => {
  it("are judged when they arrive, by their sender's rights: a forgery building on what the host lacks is refused then, not with the honest update that later brings its base", () => {
    // The honest replica has a position the host has not got yet; the forger builds on it.
    const host = section();
    const honest = new Y.Doc();
    Y.applyUpdate(honest, Y.encodeStateAsUpdate(host));
    const base = updateOf(honest, (d) => recordPosition(d, position('kommune', 'k2')));
    Y.applyUpdate(honest, base);
    // A log entry only: it follows the k2 entry in the log, so where it lands is not known yet.
    const forged = updateOf(honest, (d) => d.getArray(SECTION_KEYS.decisionLog).push([position('region', 'k2')]));
    const kommuneRights = rightsOn(kommuneMember, TRAINING, agreement);
    // Every item of the forgery builds on the k2 entry the host lacks: held back, yet refused.
    const verdict = checkWrite(TRAINING, host, forged, kommuneRights);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/kan ikke tage stilling på vegne af regionen/);
    // The honest base passes, and so does a genuine held-back position of the sender's own side.
    expect(checkWrite(TRAINING, host, base, kommuneRights)).toEqual({ ok: true });
    const own = updateOf(honest, (d) => d.getArray(SECTION_KEYS.decisionLog).push([{ ...position('kommune', 'k2'), stance: 'uenig', reason: 'Nej' }]));
    expect(checkWrite(TRAINING, host, own, kommuneRights)).toEqual({ ok: true });
  });
});

describe('a replacement held back', () => {
  // The region's position as another participant signed it (only the signer's id matters to the
  // write check; the signature itself is the positionProblem hook's, tested in position-check).
  const signed = (stance: 'enig' | 'uenig', clauseId = 'k1') => ({ ...position('region', clauseId), stance, sig: { participantId: 'p-region' } });
  const kommuneRights = () => rightsOn(kommuneMember, TRAINING, agreement);

  /** The region writer's updates: its position on k1, then a paragraph, then `then` (a set). */
  function writerUpdates(then: (positions: Y.Map<unknown>) => void): { first: Uint8Array; last: Uint8Array } {
    const writer = new Y.Doc();
    const positions = writer.getMap<unknown>(SECTION_KEYS.positions);
    positions.set('k1/region', signed('enig'));
    const first = Y.encodeStateAsUpdate(writer);
    appendParagraph(writer, 'Imellem.');
    const sv = Y.encodeStateVector(writer);
    then(positions);
    return { first, last: Y.encodeStateAsUpdate(writer, sv) };
  }

  it('lets an honest relay pass on the deletion it applied with the replacement it holds back', () => {
    const { first, last } = writerUpdates((p) => p.set('k1/region', signed('uenig')));
    // The relay got the replacement without the paragraph before it: Yjs holds the replacement
    // back, yet deletes the entry it replaces (the writer's delete set).
    const relay = new Y.Doc();
    Y.applyUpdate(relay, first);
    Y.applyUpdate(relay, last);
    expect(relay.store.pendingStructs).not.toBeNull();
    expect(relay.getMap(SECTION_KEYS.positions).get('k1/region')).toBeUndefined();
    const host = new Y.Doc();
    Y.applyUpdate(host, first);
    expect(checkWrite(TRAINING, host, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(host)), kommuneRights())).toEqual({ ok: true });
  });

  it('refuses a deletion whose held-back position replaces something else', () => {
    const { first, last } = writerUpdates((p) => p.set('k2/region', signed('enig', 'k2')));
    const hostile = new Y.Doc();
    Y.applyUpdate(hostile, first);
    Y.applyUpdate(hostile, last);
    hostile.getMap(SECTION_KEYS.positions).delete('k1/region');
    const host = new Y.Doc();
    Y.applyUpdate(host, first);
    const verdict = checkWrite(TRAINING, host, Y.encodeStateAsUpdate(hostile, Y.encodeStateVector(host)), kommuneRights());
    expect(verdict.ok ? '' : verdict.reason).toMatch(/kan kun erstattes af en ny stillingtagen/);
  });
});
