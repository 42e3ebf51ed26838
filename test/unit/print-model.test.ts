// The printable model (shared/print) of the demo agreement: the order and numbers the app shows
// (clause numbers from the editor's function, the same as the overview's), statuses from counted
// positions, threads, suggestions with their authors, delmål fields, tables and lists, and scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { Store } from '../../electron/store/store.ts';
import { printModelOf } from '../../electron/export/exportAgreement.ts';
import { clauseNumbers } from '../../shared/editor/clauseNumbers.ts';
import { computeOverview, sectionClauseStatuses } from '../../shared/negotiation/overview.ts';
import { localDirectory } from '../../shared/identity/counted.ts';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement, sectionNumbers } from '../../shared/structure/structureDoc.ts';
import { clausesOfModel, sectionsOf, unagreedClauses } from '../../shared/print/walk.ts';
import type { PrintBlock } from '../../shared/print/model.ts';
import { exportFileName } from '../../shared/print/kinds.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { demoWorkspace, DISPUTE, negotiateFirstSection, SUGGESTION, THREAD } from '../helpers/exportFixtures.ts';

let dir: string;
let store: Store;
let agreementId: string;
let ids: ReturnType<typeof negotiateFirstSection>;

beforeAll(() => {
  dir = tempDir('enighed-print-');
  const demo = demoWorkspace(dir);
  agreementId = demo.agreementId;
  ids = negotiateFirstSection(demo.file, agreementId);
  store = Store.open(demo.file);
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const docOf = (docId: string) => store.loadYDoc(docId);

function all(blocks: readonly PrintBlock[]): PrintBlock[] {
  return blocks.flatMap((b) => [b, ...(b.kind === 'clause' ? all(b.blocks) : b.kind === 'list' ? b.items.flatMap(all) : b.kind === 'table' ? b.rows.flat().flatMap((c) => all(c.blocks)) : [])]);
}

describe('printable model of the demo agreement', () => {
  it('orders parts and sections as the app does and numbers clauses with the editor’s function', () => {
    const { model, agreement } = printModelOf(docOf, agreementId, { kind: 'agreement' });
    expect(model.parts.map((p) => p.part)).toEqual(['politisk', 'sundhedsfaglig', 'opfoelgning', 'allonge']);
    const numbers = sectionNumbers(agreement);
    const sections = sectionsOf(model);
    expect(sections.length).toBe(agreement.sections.filter((s) => !s.archived).length);
    let clauseCount = 0;
    for (const section of sections) {
      expect(section.number).toBe(numbers.get(section.id));
      const root = yXmlFragmentToProseMirrorRootNode(docOf(sectionDocId(agreementId, section.id)).getXmlFragment(SECTION_FRAGMENT), schema);
      const editor = clauseNumbers(root, section.number).map((c) => [c.id, c.number]);
      const printed = section.blocks.flatMap((b) => (b.kind === 'clause' ? [[b.id, b.number]] : []));
      expect(printed).toEqual(editor);
      clauseCount += printed.length;
    }
    expect(clauseCount).toBeGreaterThanOrEqual(10);
    const references = clausesOfModel(model).map((c) => c.clause.reference);
    expect(new Set(references).size).toBe(references.length);
    expect(references[0]).toBe('Politisk del 1.1');
  });

  it('gives each clause the status the overview shows, with both positions, threads and suggestions', () => {
    const { model, agreement } = printModelOf(docOf, agreementId, { kind: 'agreement' });
    const directory = localDirectory(agreementId);
    const statuses = new Map(agreement.sections.map((s) => [s.id, sectionClauseStatuses(docOf(sectionDocId(agreementId, s.id)), s.id, directory)]));
    const overview = computeOverview(agreement, statuses);
    const disputed = clausesOfModel(model).filter((c) => c.clause.status === 'uenighed');
    expect(disputed.map((c) => [c.clause.id, c.clause.number])).toEqual(overview.attention.map((a) => [a.clauseId, a.number]));
    const clause = disputed[0]!.clause;
    expect(clause.id).toBe(ids.disputed);
    expect(clause.statusLabel).toBe('Uenighed');
    expect(clause.positions.kommune?.reason).toBe(DISPUTE.reason);
    expect(clause.positions.kommune?.alternative).toBe(DISPUTE.alternative);
    expect(clause.positions.region?.stance).toBe('enig');
    expect(clause.threads.map((t) => [t.text, t.replies.map((r) => r.text)])).toEqual([[THREAD.text, [THREAD.reply]]]);
    const suggested = clausesOfModel(model).find((c) => c.clause.id === ids.suggested)!.clause;
    expect(suggested.suggested).toBe(true);
    const runs = all(suggested.blocks).flatMap((b) => (b.kind === 'paragraph' ? b.content : []));
    const inserted = runs.find((r) => r.kind === 'text' && r.suggestion);
    expect(inserted).toMatchObject({ text: SUGGESTION.inserted, suggestion: { kind: 'insertion', id: SUGGESTION.id, author: { by: { name: 'Karl Kommune' }, side: 'kommune' } } });
    // Only the disputed clause and clauses without two agreements keep the final version from being final.
    expect(unagreedClauses(model).length).toBe(clausesOfModel(model).length);
  });

  it('holds headings, nested content, tables and delmål with their Danish labels', () => {
    const { model } = printModelOf(docOf, agreementId, { kind: 'agreement' });
    const blocks = sectionsOf(model).flatMap((s) => all(s.blocks));
    expect(blocks.some((b) => b.kind === 'heading')).toBe(true);
    expect(blocks.some((b) => b.kind === 'list' && b.items.length > 1)).toBe(true);
    const table = blocks.find((b) => b.kind === 'table');
    expect(table && table.kind === 'table' && table.columns).toBeGreaterThan(1);
    const subgoal = blocks.find((b) => b.kind === 'subgoal');
    expect(subgoal && subgoal.kind === 'subgoal' && subgoal.fields.map((f) => f.label)).toEqual(['Delmål', 'Indikator', 'Sådan måles', 'Baseline', 'Mål']);
    expect(blocks.some((b) => b.kind === 'paragraph' && b.content.some((r) => r.kind === 'text' && r.strong))).toBe(true);
  });

  it('keeps the agreement’s numbers in a part, a theme group or a section alone', () => {
    const whole = printModelOf(docOf, agreementId, { kind: 'agreement' }).model;
    const numberOf = new Map(clausesOfModel(whole).map((c) => [c.clause.id, c.clause.reference]));
    const part = printModelOf(docOf, agreementId, { kind: 'part', part: 'sundhedsfaglig' }).model;
    expect(part.parts.map((p) => p.part)).toEqual(['sundhedsfaglig']);
    for (const c of clausesOfModel(part)) expect(c.clause.reference).toBe(numberOf.get(c.clause.id));
    const agreement = readAgreement(docOf(structureDocId(agreementId)))!;
    const group = agreement.themeGroups[1]!;
    const grouped = printModelOf(docOf, agreementId, { kind: 'themeGroup', themeGroupId: group.id }).model;
    expect(sectionsOf(grouped).every((s) => s.themeGroupId === group.id)).toBe(true);
    expect(sectionsOf(grouped).length).toBeGreaterThan(0);
    const one = printModelOf(docOf, agreementId, { kind: 'section', sectionId: ids.sectionId }).model;
    expect(sectionsOf(one).map((s) => s.id)).toEqual([ids.sectionId]);
    expect(() => printModelOf(docOf, agreementId, { kind: 'section', sectionId: 'findes-ikke' })).toThrow('Afsnittet "findes-ikke" findes ikke i aftalen.');
  });

  it('names files in Danish', () => {
    expect(exportFileName({ period: { from: 2011, to: 2014 }, kind: 'horing', format: 'docx', now: new Date('2010-06-01T10:00:00Z') })).toBe('Sundhedsaftale 2011-2014 – Høringsversion – 2010-06-01.docx');
    expect(exportFileName({ period: { from: 2011, to: 2014 }, kind: 'endelig', format: 'pdf', now: new Date('2010-06-01T10:00:00Z'), scopeName: 'Politisk/administrativ del' })).toBe(
      'Sundhedsaftale 2011-2014 – Endelig version – Politisk-administrativ del – 2010-06-01.pdf',
    );
  });
});
