// The mapping of a .docx that LibreOffice made (not Enighed) onto the template's structure, computed
// on the Word worker thread as the app does: sections, parts, theme groups, clauses, nested lists,
// the table, tracked changes accepted or kept, and the summary of what was not mapped.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import path from 'node:path';
import { schema } from '../../shared/schema/schema.ts';
import { runWordTask } from '../../electron/word/workerClient.ts';
import { instantiate, loadTemplates } from '../../electron/workspace/templates.ts';
import type { ImportPlan, TargetStructure } from '../../shared/word/mapping.ts';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { suggestionAuthors } from '../../shared/negotiation/suggestionsDoc.ts';
import { earlierGenerationDocx } from '../helpers/wordFixtures.ts';
import { tempDir } from '../helpers/tempDir.ts';

const templates = loadTemplates(path.join(import.meta.dirname, '../../resources/templates'));
const target: TargetStructure = instantiate(templates[0], 'a-test', undefined, new Date());

describe('Word import mapping of a LibreOffice .docx', () => {
  let docx: Uint8Array;
  let plan: ImportPlan;
  beforeAll(async () => {
    docx = earlierGenerationDocx(tempDir('enighed-word-'));
    plan = (await runWordTask({ kind: 'plan', bytes: docx, target, trackedChanges: 'accept' })).plan;
  }, 120_000);

  it('makes sections of the level-2 headings under the part headings, matched to the template by name', () => {
    expect(plan.title).toBe('Sundhedsaftale 2007–2010');
    expect(plan.sectionLevel).toBe(2);
    expect(plan.sections.map((s) => [s.title, s.part, s.themeGroupId, s.targetSectionId, s.matched])).toEqual([
      ['Indlæggelse og udskrivning', 'politisk', 'tg-indlaeggelse', 'indlaeggelse-politisk', 'section'],
      ['Genoptræning og rehabilitering', 'politisk', null, null, 'none'],
      ['Indlæggelse og udskrivning', 'sundhedsfaglig', 'tg-indlaeggelse', 'indlaeggelse-sundhedsfaglig', 'section'],
    ]);
    expect(plan.sections.map((s) => s.counts)).toMatchObject([
      { clauses: 3, lists: 2, tables: 0, headings: 1 },
      { clauses: 1, lists: 0, tables: 1, subgoals: 1, headings: 0 },
      { clauses: 1, lists: 0, tables: 0, headings: 0 },
    ]);
    expect(plan.trackedChanges).toEqual({ insertions: 1, deletions: 1, authors: ['Anna Andersen', 'Bo Berg'] });
  });

  it('names what was not mapped: the footnote (with its text) and the colour (underline is kept: the schema has it)', () => {
    expect(plan.notMapped.map((n) => [n.kind, n.count, n.samples[0]])).toEqual([
      ['footnote', 1, 'Jf. bekendtgørelsens § 3.'],
      ['colour', 1, 'hvert halve år'],
    ]);
  });

  /** Each target's content as the worker encoded it: the section's text and its Y.Doc. */
  const build = async (trackedChanges: 'accept' | 'keep'): Promise<{ node: PMNode; doc: Y.Doc }[]> =>
    (await runWordTask({ kind: 'build', bytes: docx, target, trackedChanges, choices: [], suggestionPrefix: 'region-w-', side: 'region' })).targets.map((t) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, t.update);
      return { node: yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema), doc };
    });

  it('builds valid section documents: clauses, nested lists, the table, headings, marks and links', async () => {
    const [first, second] = await build('accept');
    const doc = first.node;
    doc.check();
    expect(typeof doc.child(0).attrs.id).toBe('string');
    const clauses: string[] = [];
    doc.forEach((n) => clauses.push(n.type.name === 'clause' ? `clause:${n.textContent}` : `${n.type.name}:${n.textContent}`));
    expect(clauses).toEqual([
      'clause:Hospitalet giver kommunen besked om en forventet udskrivning senest to hverdage før.',
      'clause:Kommunen sørger for hjælp og hjælpemidler på udskrivningsdagen. Se Sundhedsstyrelsen.hjemmebesøgved sygeplejerskeved terapeuttelefonopkald',
      'heading:Opfølgning efter udskrivning',
      'clause:Parterne følger op hvert halve år.Første trinAndet trinDelopgave',
    ]);
    // The bullet list nests: hjemmebesøg > (ved sygeplejerske, ved terapeut).
    const list = doc.child(1).child(1);
    expect(list.type.name).toBe('bullet_list');
    expect(list.childCount).toBe(2);
    expect(list.child(0).child(1).type.name).toBe('bullet_list');
    expect(list.child(0).child(1).childCount).toBe(2);
    const ordered = doc.child(3).child(1);
    expect(ordered.type.name).toBe('ordered_list');
    expect(ordered.child(1).child(1).type.name).toBe('ordered_list');
    let bold = '';
    let link = '';
    doc.descendants((n) => {
      if (n.isText && n.marks.some((m) => m.type.name === 'strong')) bold += n.text;
      if (n.isText && n.marks.some((m) => m.type.name === 'link')) link = `${n.text}→${n.marks.find((m) => m.type.name === 'link')!.attrs.href}`;
    });
    expect(bold).toBe('forventet');
    expect(link).toBe('Sundhedsstyrelsen→https://www.sst.dk/');
    const tableDoc = second.node;
    tableDoc.check();
    const table = tableDoc.child(0).child(1);
    expect(table.type.name).toBe('table');
    expect(table.childCount).toBe(2);
    expect(table.child(1).child(0).textContent).toBe('Genoptræningsplan');
    // The delmål table becomes a delmål block with its five fields.
    const subgoal = tableDoc.child(1);
    expect(subgoal.type.name).toBe('subgoal');
    const fields: string[] = [];
    subgoal.forEach((f) => fields.push(`${f.type.name}=${f.textContent}`));
    expect(fields).toEqual([
      'subgoal_title=Hurtigere genoptræning',
      'subgoal_indicator=Dage fra udskrivning til første træning',
      'subgoal_measurement=Kommunernes registreringer',
      'subgoal_baseline=12 dage (2006)',
      'subgoal_target=7 dage',
    ]);
    // Underline has no mark in the schema yet: the nearest, em.
    let underlined = '';
    tableDoc.descendants((n) => {
      if (n.isText && n.text === 'senest') underlined = n.marks.map((m) => m.type.name).join(',');
    });
    expect(underlined).toBe(schema.marks.underline ? 'underline' : 'em');
  });

  it('keeps tracked changes as suggestions when asked, with the Word authors', async () => {
    const [first] = await build('keep');
    const doc = first.node;
    doc.check();
    const marked: string[] = [];
    doc.descendants((n) => {
      const m = n.marks.find((mark) => mark.type.name === 'insertion' || mark.type.name === 'deletion');
      if (n.isText && m) marked.push(`${m.type.name}:${n.text}:${m.attrs.id}`);
    });
    expect(marked).toEqual(['deletion:gamle :region-w-del-0', 'insertion: og hjælpemidler:region-w-ins-1']);
    expect([...suggestionAuthors(first.doc)].map(([id, a]) => [id, a.by.name, a.by.organisation, a.side, a.at])).toEqual([
      ['region-w-del-0', 'Bo Berg', 'Word', 'region', '2010-03-02T11:00:00.000Z'],
      ['region-w-ins-1', 'Anna Andersen', 'Word', 'region', '2010-03-01T10:00:00.000Z'],
    ]);
  });
});
