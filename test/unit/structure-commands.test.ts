// The setup screen's commands (shared/structure/*.ts) on real Y.Docs: each writes what it says, in
// one transaction whose update passes the document check, records who changed what and when, and
// refuses bad input with a Danish reason without writing anything. Two replicas that change the
// structure at once converge. Archiving a section never touches its document (checked through the
// real Node side and SQLite, with the renderer's own DocConnection), and restoring brings it back.
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDoc, checkUpdate } from '../../shared/documents/check.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { activeSections, readAgreement, sectionNumbers, sectionsOfPart, writeAgreement } from '../../shared/structure/structureDoc.ts';
import { StructureError, type Change } from '../../shared/structure/change.ts';
import { setGeneration, setPeriod, setRegion, setTitle } from '../../shared/structure/agreementFacts.ts';
import { addArea, renameArea } from '../../shared/structure/areas.ts';
import {
  addThemeGroup,
  moveThemeGroup,
  renameThemeGroup,
  setCoChair,
  setThemeGroupArchived,
  setThemeGroupArea,
} from '../../shared/structure/themeGroups.ts';
import {
  addSection,
  moveSection,
  renameSection,
  setSectionArchived,
  setSectionLevelAndParties,
  setSectionPart,
  setSectionThemeGroup,
} from '../../shared/structure/sections.ts';
import { RegionsFile, regionParties } from '../../shared/structure/regions.ts';
import { activeParticipants, themeGroupMembers, coChair } from '../../shared/structure/members.ts';
import { ordersForMove } from '../../shared/structure/order.ts';
import { computeOverview } from '../../shared/negotiation/overview.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { apiFromBridge } from '../../shared/api/contract.ts';
import { createWsBridge } from '../../shared/api/wsBridge.ts';
import { DocConnection } from '../../renderer/src/sync/DocConnection.ts';
import { instantiate, loadTemplates } from '../../electron/workspace/templates.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { startTestHost } from '../../electron/testhost/server.ts';
import { docIdsOfAgreement } from '../../electron/sync/bundle/export.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const [template] = loadTemplates(templatesDir);
const regions = RegionsFile.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'resources', 'regions.json'), 'utf8'))).regions;
const region = (name: string) => regions.find((r) => r.name === name)!;

const secretariat: Change = { by: { name: 'Signe Sekretær', organisation: 'Sundhedsaftalesekretariatet' }, at: '2026-12-01T10:00:00.000Z' };
const colleague: Change = { by: { name: 'Åge Ørsted', organisation: 'Region Midtjylland' }, at: '2026-12-01T10:05:00.000Z' };

/** A structure replica holding the Midtjylland template's agreement. */
function replica(): Y.Doc {
  const doc = new Y.Doc();
  writeAgreement(doc, instantiate(template, 'a1', undefined, new Date('2026-11-01T00:00:00Z')));
  return doc;
}

function agreementOf(doc: Y.Doc) {
  const agreement = readAgreement(doc);
  if (!agreement) throw new Error('no agreement');
  return agreement;
}

/**
 * Runs `command` on `doc` and checks what it wrote: exactly one update (one transaction), which the
 * document check accepts against the document as it was, and a whole document that passes too.
 */
function run(doc: Y.Doc, command: () => void): void {
  const before = new Y.Doc();
  Y.applyUpdate(before, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array) => updates.push(u);
  doc.on('update', onUpdate);
  try {
    command();
  } finally {
    doc.off('update', onUpdate);
  }
  expect(updates).toHaveLength(1);
  expect(checkUpdate(structureDocId('a1'), before, updates[0])).toEqual({ ok: true });
  expect(checkDoc(structureDocId('a1'), doc)).toEqual({ ok: true });
}

/** The command is refused with `message` and the document is left byte for byte as it was. */
function refusedWith(doc: Y.Doc, command: () => void, message: string | RegExp): void {
  const before = Y.encodeStateAsUpdate(doc);
  let error: unknown;
  try {
    command();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StructureError);
  expect((error as Error).message).toMatch(message);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('the regions data', () => {
  it('has the five regions and 98 municipalities, with the template’s party ids', () => {
    expect(regions.map((r) => r.name)).toEqual(['Region Nordjylland', 'Region Midtjylland', 'Region Syddanmark', 'Region Sjælland', 'Region Hovedstaden']);
    expect(regions.reduce((n, r) => n + r.municipalities.length, 0)).toBe(98);
    const fromData = regionParties(region('Region Midtjylland')).map((p) => p.id).sort();
    const fromTemplate = instantiate(template, 'x', undefined, new Date()).parties.map((p) => p.id).sort();
    expect(fromData).toEqual(fromTemplate);
  });
});

describe('agreement facts', () => {
  it('sets title, generation and period, attributed, and refuses what does not fit', () => {
    const doc = replica();
    run(doc, () => setTitle(doc, '  Sundhedsaftale 2015–2018  ', secretariat));
    run(doc, () => setGeneration(doc, 3, secretariat));
    run(doc, () => setPeriod(doc, { from: 2015, to: 2018 }, colleague));
    const a = agreementOf(doc);
    expect([a.title, a.generation, a.period]).toEqual(['Sundhedsaftale 2015–2018', 3, { from: 2015, to: 2018 }]);
    expect([a.changedBy, a.changedAt]).toEqual([colleague.by, colleague.at]);

    refusedWith(doc, () => setTitle(doc, '   ', secretariat), 'Skriv aftalens titel.');
    refusedWith(doc, () => setTitle(doc, 'x'.repeat(301), secretariat), 'Højst 300 tegn.');
    refusedWith(doc, () => setGeneration(doc, 0, secretariat), /helt tal fra 1 til 20/);
    refusedWith(doc, () => setPeriod(doc, { from: 2019, to: 2015 }, secretariat), /slutår kan ikke ligge før startåret/);
    refusedWith(doc, () => setPeriod(doc, { from: 1850, to: 1851 }, secretariat), /mellem 2000 og 2100/);
  });

  it('sets the region: its party and all its municipalities, dropping another region’s from sections', () => {
    const doc = replica();
    run(doc, () => setRegion(doc, region('Region Hovedstaden'), secretariat));
    const a = agreementOf(doc);
    expect(a.regionPartyId).toBe('region-hovedstaden');
    expect(a.parties.filter((p) => p.kind === 'region').map((p) => p.name)).toEqual(['Region Hovedstaden']);
    expect(a.parties.filter((p) => p.kind === 'kommune')).toHaveLength(29);
    expect(a.parties.find((p) => p.id === 'kommune-koebenhavn')?.name).toBe('Københavns Kommune');
    expect(a.parties.find((p) => p.id === 'kommune-bornholm')?.name).toBe('Bornholms Regionskommune');
    // The Horsens cluster named Midtjylland's municipalities: none of them is a party any more.
    expect(a.sections.find((s) => s.id === 'allonge-klynge-horsens')?.partyIds).toEqual([]);
    // Back to Midtjylland: 19 municipalities again.
    run(doc, () => setRegion(doc, region('Region Midtjylland'), secretariat));
    expect(agreementOf(doc).parties.filter((p) => p.kind === 'kommune')).toHaveLength(19);
  });
});

describe('areas and theme groups', () => {
  it('adds and renames an area', () => {
    const doc = replica();
    run(doc, () => addArea(doc, { id: 'ar-demens', name: 'Demens' }, secretariat));
    run(doc, () => renameArea(doc, 'ar-demens', 'Demensområdet', colleague));
    const area = agreementOf(doc).areas.find((a) => a.id === 'ar-demens')!;
    expect(area).toMatchObject({ name: 'Demensområdet', mandatory: false, changedBy: colleague.by, changedAt: colleague.at });
    refusedWith(doc, () => addArea(doc, { id: 'ar-2', name: 'træningsområdet' }, secretariat), 'Der findes allerede et område med navnet «træningsområdet».');
    refusedWith(doc, () => renameArea(doc, 'ukendt', 'Noget', secretariat), /findes ikke/);
  });

  it('adds, renames, reorders, changes the area of, archives and restores a theme group', () => {
    const doc = replica();
    run(doc, () => addThemeGroup(doc, { id: 'tg-demens', name: 'Demens', areaId: 'forebyggelse' }, secretariat));
    let groups = agreementOf(doc).themeGroups;
    expect(groups.at(-1)).toMatchObject({ id: 'tg-demens', name: 'Demens', coChairs: { region: null, kommune: null }, changedBy: secretariat.by });

    run(doc, () => renameThemeGroup(doc, 'tg-demens', 'Demens og ældre', colleague));
    run(doc, () => moveThemeGroup(doc, 'tg-demens', 0, colleague));
    groups = agreementOf(doc).themeGroups;
    expect(groups[0]).toMatchObject({ id: 'tg-demens', name: 'Demens og ældre', changedBy: colleague.by, changedAt: colleague.at });
    run(doc, () => moveThemeGroup(doc, 'tg-demens', 2, colleague));
    expect(agreementOf(doc).themeGroups.map((g) => g.id).indexOf('tg-demens')).toBe(2);

    run(doc, () => setThemeGroupArea(doc, 'tg-demens', 'traening', secretariat));
    expect(agreementOf(doc).themeGroups.find((g) => g.id === 'tg-demens')?.areaId).toBe('traening');

    run(doc, () => setThemeGroupArchived(doc, 'tg-demens', true, secretariat));
    expect(agreementOf(doc).themeGroups.find((g) => g.id === 'tg-demens')?.archived).toBe(true);
    refusedWith(doc, () => moveThemeGroup(doc, 'tg-demens', 0, secretariat), /gendan den først/);
    run(doc, () => setThemeGroupArchived(doc, 'tg-demens', false, secretariat));
    expect(agreementOf(doc).themeGroups.map((g) => g.id).indexOf('tg-demens')).toBe(2);

    refusedWith(doc, () => addThemeGroup(doc, { id: 'tg-x', name: ' ', areaId: 'traening' }, secretariat), 'Skriv temagruppens navn.');
    refusedWith(doc, () => addThemeGroup(doc, { id: 'tg-x', name: 'Økonomi', areaId: 'traening' }, secretariat), /allerede en temagruppe/);
    refusedWith(doc, () => addThemeGroup(doc, { id: 'tg-x', name: 'Ny', areaId: 'intet-omraade' }, secretariat), 'Vælg et område, som findes i aftalen.');
    // A group with sections is not archived while they are not.
    refusedWith(doc, () => setThemeGroupArchived(doc, 'tg-traening', true, secretariat), /har 2 afsnit, som ikke er arkiveret/);
  });

  it('reorders by writing only the moved group, and renumbers when the gap is used up', () => {
    const list = [
      { id: 'a', order: 0 },
      { id: 'b', order: 1 },
      { id: 'c', order: 2 },
    ];
    expect(ordersForMove(list, 'c', 0)).toEqual(new Map([['c', -1]]));
    expect(ordersForMove(list, 'a', 1)).toEqual(new Map([['a', 1.5]]));
    expect(ordersForMove(list, 'a', 5)).toEqual(new Map([['a', 3]]));
    const tight = [
      { id: 'a', order: 0 },
      { id: 'b', order: 1e-7 },
      { id: 'c', order: 2 },
    ];
    expect(ordersForMove(tight, 'c', 1)).toEqual(new Map([['a', 0], ['c', 1], ['b', 2]]));
  });

  it('shows members from the participant directory, keeps old members, and picks one co-chair per side among them', () => {
    const doc = replica();
    const participant = (id: string, name: string, side: 'region' | 'kommune', themeGroupIds: string[], removed = false): ParticipantEntry => ({
      id,
      name,
      organisation: side === 'region' ? 'Region Midtjylland' : 'Horsens Kommune',
      side,
      role: 'formand',
      themeGroupIds,
      invitePublicKey: null,
      removed: removed ? { at: '2026-11-02T00:00:00Z', standing: [] } : null,
      revokedDevices: [],
      version: 1,
      updatedAt: '2026-11-01T00:00:00Z',
      signedBy: null,
      signerKey: 'A'.repeat(43),
      signature: 'B'.repeat(86),
    });
    const participants = doc.getMap(STRUCTURE_KEYS.participants);
    doc.transact(() => {
      for (const p of [
        participant('p-region', 'Rikke Region', 'region', ['tg-traening']),
        participant('p-kommune', 'Karl Kommune', 'kommune', ['tg-traening', 'tg-oekonomi']),
        participant('p-other', 'Ole Andetsteds', 'kommune', ['tg-oekonomi']),
        participant('p-gone', 'Gitte Gået', 'region', ['tg-traening'], true),
      ])
        participants.set(p.id, p);
      // An older document's own member list.
      const group = agreementOf(doc).themeGroups.find((g) => g.id === 'tg-traening')!;
      doc.getMap(STRUCTURE_KEYS.themeGroups).set(group.id, {
        ...group,
        members: [{ id: 'm-old', name: 'Anders Ældre', organisation: 'Hospitalsenhed Vest', side: 'region', role: 'medlem' }],
      });
    });
    expect(checkDoc(structureDocId('a1'), doc)).toEqual({ ok: true });
    const group = () => agreementOf(doc).themeGroups.find((g) => g.id === 'tg-traening')!;
    const members = themeGroupMembers(group(), activeParticipants(doc));
    expect(members.map((m) => [m.id, m.source])).toEqual([
      ['p-kommune', 'directory'],
      ['p-region', 'directory'],
      ['m-old', 'legacy'],
    ]);

    run(doc, () => setCoChair(doc, 'tg-traening', 'region', 'p-region', secretariat));
    run(doc, () => setCoChair(doc, 'tg-traening', 'kommune', 'p-kommune', secretariat));
    expect(group().coChairs).toEqual({ region: 'p-region', kommune: 'p-kommune' });
    expect(coChair(group(), members, 'kommune')?.name).toBe('Karl Kommune');
    run(doc, () => setCoChair(doc, 'tg-traening', 'region', 'm-old', secretariat));
    expect(coChair(group(), members, 'region')?.name).toBe('Anders Ældre');
    run(doc, () => setCoChair(doc, 'tg-traening', 'region', null, secretariat));
    expect(group().coChairs.region).toBeNull();

    refusedWith(doc, () => setCoChair(doc, 'tg-traening', 'kommune', 'p-other', secretariat), 'Formanden skal være medlem af temagruppen.');
    refusedWith(doc, () => setCoChair(doc, 'tg-traening', 'kommune', 'p-gone', secretariat), 'Formanden skal være medlem af temagruppen.');
    refusedWith(doc, () => setCoChair(doc, 'tg-traening', 'region', 'p-kommune', secretariat), 'Regionens formand skal komme fra regionen.');
  });
});

describe('sections', () => {
  it('adds, renames, moves between theme groups and out of any, reorders, and changes part and level', () => {
    const doc = replica();
    const newSection = { id: 's-demens', title: 'Demens', part: 'politisk' as const, level: 'generel' as const, themeGroupId: 'tg-oekonomi', partyIds: [] };
    run(doc, () => addSection(doc, newSection, secretariat));
    const section = () => agreementOf(doc).sections.find((s) => s.id === 's-demens')!;
    const politisk = () => sectionsOfPart(agreementOf(doc), 'politisk').map((s) => s.id);
    // After the group's own section in the part (the last one of the political part).
    expect(politisk().at(-1)).toBe('s-demens');
    expect(section()).toMatchObject({ themeGroupId: 'tg-oekonomi', changedBy: secretariat.by, changedAt: secretariat.at });

    run(doc, () => renameSection(doc, 's-demens', 'Demens og ældre', colleague));
    run(doc, () => setSectionThemeGroup(doc, 's-demens', 'tg-traening', colleague));
    expect(section()).toMatchObject({ title: 'Demens og ældre', themeGroupId: 'tg-traening', changedBy: colleague.by });
    // Placed after the group's section in its part, so the navigator lists it in number order.
    expect(politisk().indexOf('s-demens')).toBe(politisk().indexOf('traening-politisk') + 1);
    expect(sectionNumbers(agreementOf(doc)).get('s-demens')).toBe(3);
    run(doc, () => setSectionThemeGroup(doc, 's-demens', 'tg-oekonomi', colleague));
    expect(politisk().at(-1)).toBe('s-demens');
    run(doc, () => setSectionThemeGroup(doc, 's-demens', null, colleague));
    expect(section().themeGroupId).toBeNull();
    // A section added to a group that has a section in the part goes right after it.
    run(doc, () => addSection(doc, { ...newSection, id: 's-genoptraening', title: 'Genoptræning', themeGroupId: 'tg-hjaelpemidler' }, secretariat));
    expect(politisk().indexOf('s-genoptraening')).toBe(politisk().indexOf('hjaelpemidler-politisk') + 1);

    run(doc, () => moveSection(doc, 's-demens', 0, secretariat));
    expect(politisk()[0]).toBe('s-demens');
    expect(sectionNumbers(agreementOf(doc)).get('s-demens')).toBe(1);
    expect(sectionNumbers(agreementOf(doc)).get('indlaeggelse-politisk')).toBe(2);
    run(doc, () => moveSection(doc, 's-demens', 3, secretariat));
    expect(politisk().indexOf('s-demens')).toBe(3);

    run(doc, () => setSectionPart(doc, 's-demens', 'allonge', secretariat));
    expect(sectionsOfPart(agreementOf(doc), 'allonge').at(-1)?.id).toBe('s-demens');
    run(doc, () => setSectionLevelAndParties(doc, 's-demens', 'lokal', ['kommune-samsoe'], secretariat));
    expect(section()).toMatchObject({ level: 'lokal', partyIds: ['kommune-samsoe'] });
    run(doc, () => setSectionLevelAndParties(doc, 's-demens', 'klynge', ['kommune-viborg', 'kommune-skive'], secretariat));
    expect(section()).toMatchObject({ level: 'klynge', partyIds: ['kommune-viborg', 'kommune-skive'] });

    refusedWith(doc, () => setSectionLevelAndParties(doc, 's-demens', 'lokal', ['kommune-viborg', 'kommune-skive'], secretariat), /netop én kommune/);
    refusedWith(doc, () => setSectionLevelAndParties(doc, 's-demens', 'klynge', [], secretariat), /mindst én/);
    refusedWith(doc, () => setSectionLevelAndParties(doc, 's-demens', 'generel', ['kommune-viborg'], secretariat), /vælg ingen enkelte kommuner/);
    refusedWith(doc, () => setSectionLevelAndParties(doc, 's-demens', 'lokal', ['kommune-koebenhavn'], secretariat), /kun kommuner, som er parter/);
    refusedWith(doc, () => addSection(doc, { ...newSection, id: 's-2', title: '' }, secretariat), 'Skriv afsnittets titel.');
    refusedWith(doc, () => addSection(doc, newSection, secretariat), 'Afsnittet findes allerede.');
    refusedWith(doc, () => setSectionThemeGroup(doc, 's-demens', 'tg-findes-ikke', secretariat), /Temagruppen findes ikke/);
  });

  it('archives a section out of the numbering and the overview, and restores it where it stood', () => {
    const doc = replica();
    const before = agreementOf(doc);
    const numbersBefore = sectionNumbers(before);
    run(doc, () => setSectionArchived(doc, 'traening-politisk', true, secretariat));
    const archived = agreementOf(doc);
    // Still in the structure (so it keeps syncing and travelling in bundles), but not active.
    expect(archived.sections.find((s) => s.id === 'traening-politisk')).toMatchObject({ archived: true, changedBy: secretariat.by });
    expect(activeSections(archived).some((s) => s.id === 'traening-politisk')).toBe(false);
    const numbers = sectionNumbers(archived);
    expect(numbers.has('traening-politisk')).toBe(false);
    expect(numbers.get('hjaelpemidler-politisk')).toBe(numbersBefore.get('traening-politisk'));
    const overview = computeOverview(archived, new Map([['traening-politisk', [{ clauseId: 'c1', status: 'enighed' } as never]]]));
    expect(overview.total.total).toBe(0);
    expect(overview.themeGroups.some((r) => r.key === 'tg-traening' && r.counts.total > 0)).toBe(false);
    expect(docIdsOfAgreement('a1', doc)).toContain(sectionDocId('a1', 'traening-politisk'));
    refusedWith(doc, () => moveSection(doc, 'traening-politisk', 0, secretariat), /gendan det først/);

    run(doc, () => setSectionArchived(doc, 'traening-politisk', false, colleague));
    expect(sectionNumbers(agreementOf(doc))).toEqual(numbersBefore);
  });

  it('restores a section whose theme group was archived meanwhile outside any group', () => {
    const doc = replica();
    run(doc, () => setSectionArchived(doc, 'oekonomi-politisk', true, secretariat));
    run(doc, () => setSectionArchived(doc, 'oekonomi-sundhedsfaglig', true, secretariat));
    run(doc, () => setThemeGroupArchived(doc, 'tg-oekonomi', true, secretariat));
    refusedWith(doc, () => setSectionThemeGroup(doc, 'traening-politisk', 'tg-oekonomi', secretariat), /er arkiveret/);
    run(doc, () => setSectionArchived(doc, 'oekonomi-politisk', false, secretariat));
    expect(agreementOf(doc).sections.find((s) => s.id === 'oekonomi-politisk')).toMatchObject({ archived: false, themeGroupId: null });
  });
});

describe('two replicas', () => {
  it('merge concurrent changes of different entities and converge on the same entity', () => {
    const a = replica();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));

    // Offline at the same time.
    run(a, () => renameSection(a, 'traening-politisk', 'Genoptræning', secretariat));
    run(a, () => moveThemeGroup(a, 'tg-oekonomi', 0, secretariat));
    run(a, () => setTitle(a, 'Sundhedsaftale A', secretariat));
    run(b, () => addThemeGroup(b, { id: 'tg-demens', name: 'Demens', areaId: 'forebyggelse' }, colleague));
    run(b, () => addSection(b, { id: 's-demens', title: 'Demens', part: 'politisk', level: 'generel', themeGroupId: 'tg-demens', partyIds: [] }, colleague));
    run(b, () => setSectionArchived(b, 'opfoelgning', true, colleague));
    run(b, () => moveThemeGroup(b, 'tg-utilsigtede', 0, colleague));
    run(b, () => setPeriod(b, { from: 2015, to: 2018 }, colleague));
    // The same section changed on both.
    run(a, () => setSectionLevelAndParties(a, 'hjaelpemidler-politisk', 'lokal', ['kommune-samsoe'], secretariat));
    run(b, () => renameSection(b, 'hjaelpemidler-politisk', 'Hjælpemidler', colleague));

    sync(a, b);
    const fromA = agreementOf(a);
    expect(agreementOf(b)).toEqual(fromA);
    expect(checkDoc(structureDocId('a1'), a)).toEqual({ ok: true });
    expect(fromA.title).toBe('Sundhedsaftale A');
    expect(fromA.period).toEqual({ from: 2015, to: 2018 });
    expect(fromA.sections.find((s) => s.id === 'traening-politisk')?.title).toBe('Genoptræning');
    expect(fromA.sections.find((s) => s.id === 's-demens')?.themeGroupId).toBe('tg-demens');
    expect(fromA.sections.find((s) => s.id === 'opfoelgning')?.archived).toBe(true);
    // Both moved a group to the top: both moves stand (one before the other), the same everywhere.
    expect(fromA.themeGroups.slice(0, 2).map((g) => g.id).sort()).toEqual(['tg-oekonomi', 'tg-utilsigtede']);
    // One of the two edits of one section won, the same on both replicas.
    const hj = fromA.sections.find((s) => s.id === 'hjaelpemidler-politisk')!;
    expect(hj.level === 'lokal' || hj.title === 'Hjælpemidler').toBe(true);
    expect(sectionNumbers(agreementOf(b))).toEqual(sectionNumbers(fromA));
  });
});

describe('archiving through the Node side', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('leaves the section document byte for byte as it was, and restoring shows it again with its text', async () => {
    const service = WorkspaceService.open({ workspacePath: path.join(tempDir(), 'w.sqlite'), templatesDir, seedDemo: true });
    const host = await startTestHost({ service, rendererDir: path.join(repoRoot, 'renderer') });
    cleanups.push(() => service.close(), () => host.close());
    const origin = host.url.replace(/\/$/, '');
    const PageSocket = class extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { origin });
      }
    } as unknown as typeof globalThis.WebSocket;
    const window = () => {
      const bridge = createWsBridge(host.url.replace('http', 'ws') + 'api', PageSocket);
      cleanups.push(() => bridge.close());
      return apiFromBridge(bridge);
    };
    const api = window();
    const [{ id }] = await api.listAgreements({});
    const sectionBytes = async () => (await api.openDoc({ docId: sectionDocId(id, 'traening-politisk'), stateVector: new Uint8Array([0]) })).update;
    const textBefore = await sectionBytes();
    expect(textBefore.byteLength).toBeGreaterThan(1000);

    // The secretariat's window archives the section through its own replica of the structure.
    const structure = new DocConnection(api, structureDocId(id));
    cleanups.push(() => structure.destroy());
    await structure.ready;
    setSectionArchived(structure.doc, 'traening-politisk', true, secretariat);
    // Another window sees it archived once it is durable.
    const other = new DocConnection(window(), structureDocId(id));
    cleanups.push(() => other.destroy());
    await other.ready;
    await expect.poll(() => readAgreement(other.doc)?.sections.find((s) => s.id === 'traening-politisk')?.archived).toBe(true);
    expect(await sectionBytes()).toEqual(textBefore);

    setSectionArchived(other.doc, 'traening-politisk', false, colleague);
    await expect.poll(() => readAgreement(structure.doc)?.sections.find((s) => s.id === 'traening-politisk')?.archived).toBe(false);
    expect(readAgreement(structure.doc)?.sections.find((s) => s.id === 'traening-politisk')?.changedBy).toEqual(colleague.by);
    expect(await sectionBytes()).toEqual(textBefore);
  });
});
