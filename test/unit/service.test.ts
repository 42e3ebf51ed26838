// The Node side through the contract's dispatcher, on real SQLite files and real Yjs documents.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import type { EventName, EventPayload } from '../../shared/api/contract.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { startThread } from '../../shared/negotiation/comments.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { call } from '../helpers/serviceCalls.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const open: WorkspaceService[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function service(file: string, seedDemo = false, compactEvery?: number, compactAfterBytes?: number): WorkspaceService {
  const s = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo, compactEvery, compactAfterBytes });
  open.push(s);
  return s;
}

function client(id: string): Client & { events: { name: string; payload: unknown }[] } {
  const events: { name: string; payload: unknown }[] = [];
  return {
    id,
    events,
    send<E extends EventName>(name: E, payload: EventPayload<E>) {
      events.push({ name, payload });
    },
  };
}

describe('template', () => {
  it('creates the 2nd generation agreement with its theme groups, parts, sections and parties', async () => {
    const s = service(path.join(tempDir(), 'w.sqlite'));
    const c = client('c1');
    const templates = await call(s, c, 'listTemplates', {});
    expect(templates).toEqual([expect.objectContaining({ id: 'gen2-midtjylland', title: '2. generation 2011–2014, Region Midtjylland' })]);
    const { agreementId } = await call<{ agreementId: string }>(s, c, 'createAgreement', { templateId: 'gen2-midtjylland', demo: false });
    const doc = new Y.Doc();
    const { update } = await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId: structureDocId(agreementId), stateVector: Y.encodeStateVector(doc) });
    Y.applyUpdate(doc, update);
    const agreement = readAgreement(doc)!;

    expect(agreement.generation).toBe(2);
    expect(agreement.period).toEqual({ from: 2011, to: 2014 });
    const municipalities = agreement.parties.filter((p) => p.kind === 'kommune');
    expect(municipalities).toHaveLength(19);
    expect(municipalities.map((m) => m.name)).toContain('Ringkøbing-Skjern Kommune');
    expect(agreement.parties.filter((p) => p.kind === 'region').map((p) => p.name)).toEqual(['Region Midtjylland']);

    const mandatory = new Set(agreement.areas.filter((a) => a.mandatory).map((a) => a.id));
    expect(mandatory.size).toBe(6);
    const mandatoryGroups = agreement.themeGroups.filter((g) => mandatory.has(g.areaId));
    expect(mandatoryGroups).toHaveLength(7);
    expect(agreement.themeGroups.filter((g) => g.areaId === 'sindslidelser').map((g) => g.name)).toEqual([
      'Voksenpsykiatri',
      'Børne- og ungdomspsykiatri',
    ]);
    const voluntary = agreement.themeGroups.filter((g) => !mandatory.has(g.areaId)).map((g) => g.name);
    expect(voluntary).toEqual(['Børn, unge og gravide', 'Økonomi']);

    for (const g of agreement.themeGroups) {
      const parts = agreement.sections.filter((x) => x.themeGroupId === g.id).map((x) => x.part);
      expect(parts.sort()).toEqual(['politisk', 'sundhedsfaglig']);
    }
    expect(agreement.sections.filter((x) => x.part === 'opfoelgning')).toHaveLength(1);
    expect(agreement.sections.filter((x) => x.part === 'allonge').map((x) => x.level)).toEqual(['generel', 'klynge', 'lokal']);

    // Without demo text every section starts as one empty paragraph, ready to type in.
    const section = new Y.Doc();
    const s1 = await call<{ update: Uint8Array }>(s, c, 'openDoc', {
      docId: sectionDocId(agreementId, 'traening-politisk'),
      stateVector: Y.encodeStateVector(section),
    });
    Y.applyUpdate(section, s1.update);
    expect(section.getXmlFragment(SECTION_FRAGMENT).toString()).toBe('<paragraph></paragraph>');
  });

  it('seeds the demo agreement with Danish text and clauses in at least three sections', async () => {
    const s = service(path.join(tempDir(), 'w.sqlite'), true);
    const c = client('c1');
    const [agreement] = await call<{ id: string }[]>(s, c, 'listAgreements', {});
    const structure = new Y.Doc();
    Y.applyUpdate(structure, (await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId: structureDocId(agreement.id), stateVector: Y.encodeStateVector(structure) })).update);
    let withClauses = 0;
    for (const section of readAgreement(structure)!.sections) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId: sectionDocId(agreement.id, section.id), stateVector: Y.encodeStateVector(doc) })).update);
      const xml = doc.getXmlFragment(SECTION_FRAGMENT).toString();
      if (/<clause id="k[0-9a-z]{12}">/.test(xml) && /[æøå]/.test(xml)) withClauses++;
    }
    expect(withClauses).toBeGreaterThanOrEqual(3);
  });
});

describe('documents through the contract', () => {
  it('persists pushed updates, passes them to other subscribers, and reloads them after a restart', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    let s = service(file);
    const a = client('a');
    const b = client('b');
    const { agreementId } = await call<{ agreementId: string }>(s, a, 'createAgreement', { templateId: 'gen2-midtjylland', demo: false });
    const docId = sectionDocId(agreementId, 'opfoelgning');

    const docA = new Y.Doc();
    Y.applyUpdate(docA, (await call<{ update: Uint8Array }>(s, a, 'openDoc', { docId, stateVector: Y.encodeStateVector(docA) })).update);
    await call(s, b, 'openDoc', { docId, stateVector: Y.encodeStateVector(new Y.Doc()) });

    const updates: Uint8Array[] = [];
    docA.on('update', (u: Uint8Array) => updates.push(u));
    const paragraph = docA.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement;
    paragraph.insert(0, [new Y.XmlText('Fælles opfølgning på ældreområdet')]);
    for (const update of updates) await call(s, a, 'pushUpdate', { docId, update });

    expect(a.events).toEqual([]);
    expect(b.events.map((e) => e.name)).toEqual(['docUpdate']);

    s.close();
    open.length = 0;
    s = service(file);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, (await call<{ update: Uint8Array }>(s, a, 'openDoc', { docId, stateVector: Y.encodeStateVector(reloaded) })).update);
    expect(reloaded.getXmlFragment(SECTION_FRAGMENT).toString()).toBe('<paragraph>Fælles opfølgning på ældreområdet</paragraph>');
  });

  it('folds the log of an open document into its snapshot as it goes, losing nothing', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    let s = service(file, false, 10);
    const c = client('c');
    const { agreementId } = await call<{ agreementId: string }>(s, c, 'createAgreement', { templateId: 'gen2-midtjylland', demo: false });
    const docId = sectionDocId(agreementId, 'oekonomi-politisk');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = new Y.XmlText();
    (doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement).insert(0, [text]);
    const words = 'Parterne fastholder det fælles økonomiske ansvar for forløb på tværs af sektorerne'.split(' ');
    for (const word of words) text.insert(text.length, `${word} `);
    for (const update of updates) await call(s, c, 'pushUpdate', { docId, update });
    // The fold runs on a worker thread; the commit follows once it is back.
    await s.whenCompacted();
    // 1 seeded + 13 pushed updates, folded at the 10th: 4 remain in the log.
    expect(updates).toHaveLength(13);
    expect(s.docLogStats(docId).count).toBe(4);
    s.close();
    open.length = 0;
    // By size: a single large update crosses the byte limit at once.
    s = service(file, false, 1000, 2000);
    const big = new Y.Doc();
    Y.applyUpdate(big, (await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId, stateVector: Y.encodeStateVector(big) })).update);
    const before = Y.encodeStateVector(big);
    // A long comment (beside the text, so the text below is unchanged).
    startThread(big, { anchor: { start: 'AA==', end: 'AA==', quote: 'Parterne', clauseId: null }, text: 'æ'.repeat(3000), by: { name: 'Åse Lund', organisation: 'Randers Kommune', side: 'kommune' } });
    await call(s, c, 'pushUpdate', { docId, update: Y.encodeStateAsUpdate(big, before) });
    await s.whenCompacted();
    expect(s.docLogStats(docId).count).toBe(0);
    s.close();
    open.length = 0;
    s = service(file);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, (await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId, stateVector: Y.encodeStateVector(reloaded) })).update);
    expect(reloaded.getXmlFragment(SECTION_FRAGMENT).toString()).toBe(`<paragraph>${words.join(' ')} </paragraph>`);
  });

  it('answers bad input with a Danish error and stores nothing', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const s = service(file);
    const c = client('c');
    const dispatch = createDispatcher(s.handlers, () => {});
    const { agreementId } = await call<{ agreementId: string }>(s, c, 'createAgreement', { templateId: 'gen2-midtjylland', demo: false });
    const docId = structureDocId(agreementId);

    const bad = [
      ['pushUpdate', { docId: '../../etc/passwd', update: new Uint8Array([0]) }, /ugyldigt dokument-id/],
      ['pushUpdate', { docId, update: 'not bytes' }, /Ugyldige data til pushUpdate/],
      ['pushUpdate', { docId, update: new Uint8Array([9, 9, 9, 9, 9, 9]) }, /kunne ikke læses/],
      ['openDoc', { docId: 'aukendt123/structure', stateVector: new Uint8Array([0]) }, /findes ikke/],
      ['createAgreement', { templateId: 'ingen', demo: false }, /Skabelonen "ingen" findes ikke/],
      ['setProfile', { name: '', organisation: 'X', side: 'region', role: 'medlem' }, /Ugyldige data til setProfile/],
      ['dropTables', {}, /Ukendt funktion/],
    ] as const;
    for (const [method, params, message] of bad) {
      const outcome = await dispatch(method, params, c);
      expect(outcome.ok, method).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toMatch(message);
    }
    s.close();
    open.length = 0;
    const again = service(file);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(again, c, 'openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
    expect(readAgreement(doc)?.id).toBe(agreementId);
  });

  it('keeps the profile', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const s = service(file);
    const c = client('c');
    expect(await call(s, c, 'getProfile', {})).toBeNull();
    const profile = { name: 'Åse Øster', organisation: 'Aarhus Kommune', side: 'kommune', role: 'formand' };
    await call(s, c, 'setProfile', profile);
    s.close();
    open.length = 0;
    expect(await call(service(file), c, 'getProfile', {})).toEqual(profile);
  });

  it('starts in an error state for a file that is not a workspace and does not touch it', async () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'Referat fra mødet i temagruppen\n'.repeat(100));
    const before = fs.readFileSync(file);
    const s = service(file, true);
    const c = client('c');
    expect(await call(s, c, 'workspaceStatus', {})).toMatchObject({ state: 'error', message: expect.stringMatching(/ikke et Enighed-arbejdsområde/) });
    await expect(call(s, c, 'listAgreements', {})).rejects.toThrow(/ikke et Enighed-arbejdsområde/);
    s.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
