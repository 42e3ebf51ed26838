// The reading guide (læsevejledning): the 2009 order's requirements as shipped data (validated), the
// secretariat's links per section in the structure (setSectionRequirements: attributed, in the
// catalogue's order, unknown ids refused), coverage as the overview and the guide derive it
// (archived sections cover nothing), the printable model's guide, and the one access rule: only
// the secretariat may write links, the document check takes them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkWrite } from '../../shared/access/checkWrite.ts';
import { rightsOn, type Actor } from '../../shared/access/rules.ts';
import { checkDoc } from '../../shared/documents/check.ts';
import { localDirectory } from '../../shared/identity/counted.ts';
import { buildPrintModel } from '../../shared/print/build.ts';
import { guideRows } from '../../shared/print/guide.ts';
import { parseRequirementsFile, requirementsOf } from '../../shared/requirements/catalogue.ts';
import { BEKENDTGOERELSE_2009, REQUIREMENTS_2009 } from '../../shared/requirements/bekendtgoerelse2009.ts';
import { uncoveredRequirements } from '../../shared/requirements/coverage.ts';
import { StructureError, type Change } from '../../shared/structure/change.ts';
import { agreementCoverage, setSectionRequirements } from '../../shared/structure/requirements.ts';
import { setSectionArchived } from '../../shared/structure/sections.ts';
import { readAgreement, writeAgreement } from '../../shared/structure/structureDoc.ts';
import { instantiate, loadTemplates } from '../../electron/workspace/templates.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';

const agreement = instantiate(loadTemplates(path.join(repoRoot, 'resources/templates'))[0], 'a1', undefined, new Date('2026-01-01'));
const change: Change = { by: { name: 'Sara Sekretær', organisation: 'Region Midtjylland' }, at: '2010-05-01T09:00:00.000Z' };

function structure(): Y.Doc {
  const doc = new Y.Doc();
  writeAgreement(doc, agreement);
  return doc;
}

const actor = (role: Actor['role'], side: Actor['side'], themeGroupIds: string[]): Actor => ({
  role,
  side,
  themeGroupIds,
  agreementIds: ['a1'],
  removed: false,
  mayWriteStructure: true,
  participantId: null,
});

function updateOf(base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

describe('the requirements of the 2009 order', () => {
  it('ships the six mandatory areas and the general requirements, marked as summaries with the order as source', () => {
    const onDisk = JSON.parse(fs.readFileSync(path.join(repoRoot, 'resources/requirements/bekendtgoerelse-2009.json'), 'utf8'));
    expect(parseRequirementsFile(onDisk)).toEqual(BEKENDTGOERELSE_2009);
    expect(BEKENDTGOERELSE_2009.title).toBe('Bekendtgørelse om sundhedskoordinationsudvalg og sundhedsaftaler');
    expect(BEKENDTGOERELSE_2009.summarised).toBe(true);
    expect(BEKENDTGOERELSE_2009.source).toContain(BEKENDTGOERELSE_2009.title);
    const areas = BEKENDTGOERELSE_2009.groups[0].requirements;
    expect(areas.map((r) => [r.id, r.title])).toEqual([
      ['1', 'Indlæggelses- og udskrivningsforløb'],
      ['2', 'Træningsområdet'],
      ['3', 'Behandlingsredskaber og hjælpemidler'],
      ['4', 'Forebyggelse og sundhedsfremme, herunder patientrettet forebyggelse'],
      ['5', 'Indsatsen for mennesker med sindslidelser'],
      ['6', 'Opfølgning på rapportering om utilsigtede hændelser'],
    ]);
    // The template's mandatory areas are the same six, by their ordinal.
    expect(agreement.areas.filter((a) => a.mandatory).map((a) => [String(a.ordinal), a.name])).toEqual(areas.map((r) => [r.id, r.title]));
    expect(REQUIREMENTS_2009.map((r) => r.id)).toContain('G.1');
    for (const r of REQUIREMENTS_2009) expect(r.text).toContain('sammenfattet');
  });

  it('refuses a damaged file with a Danish message', () => {
    const twice = structuredClone(BEKENDTGOERELSE_2009);
    twice.groups[1].requirements.push({ ...twice.groups[0].requirements[0] });
    expect(() => parseRequirementsFile(twice)).toThrow(/kravet «1» står to gange/);
    expect(() => parseRequirementsFile({ ...BEKENDTGOERELSE_2009, groups: [] })).toThrow(/Kravene fra bekendtgørelsen kan ikke læses/);
    expect(() => parseRequirementsFile({ ...BEKENDTGOERELSE_2009, extra: 1 })).toThrow();
    expect(requirementsOf(BEKENDTGOERELSE_2009)).toEqual(REQUIREMENTS_2009);
  });
});

describe('linking sections to requirements', () => {
  it('writes the links on the section in the catalogue’s order, attributed, and removes the field when empty', () => {
    const doc = structure();
    setSectionRequirements(doc, 'traening-politisk', ['G.1', '2', '2'], REQUIREMENTS_2009, change);
    const section = readAgreement(doc)!.sections.find((s) => s.id === 'traening-politisk')!;
    expect(section.requirementIds).toEqual(['2', 'G.1']);
    expect(section.changedBy).toEqual(change.by);
    expect(section.changedAt).toBe(change.at);
    setSectionRequirements(doc, 'traening-politisk', [], REQUIREMENTS_2009, change);
    expect(readAgreement(doc)!.sections.find((s) => s.id === 'traening-politisk')!).not.toHaveProperty('requirementIds');
    expect(checkDoc('a1/structure', doc)).toEqual({ ok: true });
  });

  it('refuses an unknown requirement or section before writing anything', () => {
    const doc = structure();
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => setSectionRequirements(doc, 'traening-politisk', ['1', '99'], REQUIREMENTS_2009, change)).toThrow(StructureError);
    expect(() => setSectionRequirements(doc, 'traening-politisk', ['99'], REQUIREMENTS_2009, change)).toThrow('Kravet «99» findes ikke i bekendtgørelsen.');
    expect(() => setSectionRequirements(doc, 'findes-ikke', ['1'], REQUIREMENTS_2009, change)).toThrow(StructureError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('covers a requirement by the sections that are part of the agreement, in reading order, with their references', () => {
    const doc = structure();
    setSectionRequirements(doc, 'traening-sundhedsfaglig', ['2'], REQUIREMENTS_2009, change);
    setSectionRequirements(doc, 'traening-politisk', ['2'], REQUIREMENTS_2009, change);
    setSectionRequirements(doc, 'opfoelgning', ['G.1'], REQUIREMENTS_2009, change);
    setSectionRequirements(doc, 'indlaeggelse-politisk', ['1'], REQUIREMENTS_2009, change);
    let read = readAgreement(doc)!;
    const coverage = new Map(agreementCoverage(read, REQUIREMENTS_2009).map((c) => [c.requirement.id, c.sections]));
    expect(coverage.get('2')).toEqual([
      { id: 'traening-politisk', reference: 'Politisk del 2', title: 'Træningsområdet' },
      { id: 'traening-sundhedsfaglig', reference: 'Sundhedsfaglig del 2', title: 'Træningsområdet' },
    ]);
    expect(coverage.get('G.1')).toEqual([{ id: 'opfoelgning', reference: 'Opfølgning 1', title: 'Opfølgning på sundhedsaftalen' }]);
    const uncovered = () => agreementCoverage(read, REQUIREMENTS_2009).filter((c) => c.sections.length === 0).map((c) => c.requirement.id);
    expect(uncovered()).toEqual(['3', '4', '5', '6', 'G.2', 'G.3']);
    // An archived section covers nothing; restored, it does again.
    setSectionArchived(doc, 'indlaeggelse-politisk', true, change);
    read = readAgreement(doc)!;
    expect(uncovered()).toEqual(['1', '3', '4', '5', '6', 'G.2', 'G.3']);
    setSectionArchived(doc, 'indlaeggelse-politisk', false, change);
    read = readAgreement(doc)!;
    expect(uncovered()).not.toContain('1');
    // The plain derivation the two use: nothing given, nothing covered.
    expect(uncoveredRequirements(REQUIREMENTS_2009, [])).toEqual(REQUIREMENTS_2009);
  });

  it('builds the printable guide from the printed sections only (a scope leaves the others out)', () => {
    const doc = structure();
    setSectionRequirements(doc, 'traening-politisk', ['2'], REQUIREMENTS_2009, change);
    setSectionRequirements(doc, 'traening-sundhedsfaglig', ['2', '3'], REQUIREMENTS_2009, change);
    const read = readAgreement(doc)!;
    const input = { agreement: read, sectionDocs: new Map<string, Y.Doc>(), directory: localDirectory('a1'), requirements: BEKENDTGOERELSE_2009 };
    const whole = buildPrintModel(input);
    expect(whole.guide?.title).toBe(BEKENDTGOERELSE_2009.title);
    const rows = new Map(guideRows(whole.guide!).map((r) => [r.requirement.id, r.sections.map((s) => s.reference)]));
    expect(rows.get('2')).toEqual(['Politisk del 2', 'Sundhedsfaglig del 2']);
    expect(rows.get('3')).toEqual(['Sundhedsfaglig del 2']);
    expect(rows.get('1')).toEqual([]);
    const political = buildPrintModel({ ...input, scope: { kind: 'part', part: 'politisk' } });
    const politicalRows = new Map(guideRows(political.guide!).map((r) => [r.requirement.id, r.sections.map((s) => s.reference)]));
    expect(politicalRows.get('2')).toEqual(['Politisk del 2']);
    expect(politicalRows.get('3')).toEqual([]);
    expect(buildPrintModel({ ...input, requirements: undefined }).guide).toBeNull();
  });
});

describe('who may write the links', () => {
  const secretariat = actor('sekretariat', 'region', []);
  const regionChair = actor('formand', 'region', ['tg-traening']);
  const kommuneMember = actor('medlem', 'kommune', ['tg-traening']);
  const check = (doc: Y.Doc, update: Uint8Array, who: Actor) => checkWrite('a1/structure', doc, update, rightsOn(who, 'a1/structure', agreement));

  it('lets the secretariat link a section and refuses everyone else, with the reason', () => {
    const doc = structure();
    const link = updateOf(doc, (d) => setSectionRequirements(d, 'traening-politisk', ['2'], REQUIREMENTS_2009, change));
    expect(check(doc, link, secretariat)).toEqual({ ok: true });
    for (const who of [regionChair, kommuneMember]) {
      const verdict = check(doc, link, who);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(/sekretariat/i);
    }
    // Even the co-chair of the section's own theme group: the links are structure.
    expect(rightsOn(regionChair, 'a1/structure', agreement).writeStructure).toBe(false);
  });

  it('passes the document check with links, and refuses links of the wrong shape', () => {
    const doc = structure();
    setSectionRequirements(doc, 'traening-politisk', ['2'], REQUIREMENTS_2009, change);
    expect(checkDoc('a1/structure', doc)).toEqual({ ok: true });
    const sections = doc.getMap('sections');
    const bad = new Y.Doc();
    Y.applyUpdate(bad, Y.encodeStateAsUpdate(doc));
    bad.getMap('sections').set('traening-politisk', { ...(sections.get('traening-politisk') as object), requirementIds: 'alle' });
    expect(checkDoc('a1/structure', bad).ok).toBe(false);
    const many = new Y.Doc();
    Y.applyUpdate(many, Y.encodeStateAsUpdate(doc));
    many.getMap('sections').set('traening-politisk', { ...(sections.get('traening-politisk') as object), requirementIds: Array.from({ length: 101 }, (_, i) => `x${i}`) });
    expect(checkDoc('a1/structure', many).ok).toBe(false);
  });
});
