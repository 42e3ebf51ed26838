// Enighed's own negotiation draft (electron/export) imported back as a NEW agreement through
// *Importér fra Word …* (the contract calls the app makes, on the Word worker): the same sections
// with the same clauses (count and text, in order), free paragraphs, headings and delmål as they
// were — the export's title page, contents list, section numbers, theme-group lines, clause numbers
// and comments do not come back as clauses — and the preview counts exactly what is written.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toBase64 } from 'lib0/buffer';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { call as callService, recordingClient } from '../helpers/serviceCalls.ts';
import type { WordImportPreview } from '../../shared/api/wordContract.ts';
import { schema, SECTION_FRAGMENT, subgoalFields } from '../../shared/schema/schema.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { replyToThread, startThread } from '../../shared/negotiation/comments.ts';
import { exportAgreement } from '../../electron/export/exportAgreement.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { Bookmark, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { clauseBookmarkName, EXPORT_PROPERTY } from '../../shared/print/bookmarks.ts';
import { readDocx } from '../../shared/word/readDocx.ts';
import { isOwnExport } from '../../shared/word/mapping.ts';

let service: WorkspaceService;
let agreementId: string;

function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attrs: Record<string, string | number> = {}): Y.XmlElement {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  e.insert(0, children);
  return e;
}
const para = (text: string) => element('paragraph', [new Y.XmlText(text)]);

beforeAll(() => {
  service = WorkspaceService.open({ workspacePath: path.join(tempDir('enighed-own-export-'), 'ws.sqlite'), templatesDir: path.join(repoRoot, 'resources/templates'), seedDemo: true });
  agreementId = service.listAgreements()[0].id;
  const port = service.wordImportPort();
  const first = readAgreement(port.doc(structureDocId(agreementId)))!.sections[0];
  // Besides the demo's text: a heading named like a part, a clause of two paragraphs and a list, one
  // holding a delmål, a free paragraph after them, headings of levels 3 and 6, and a comment thread
  // with a reply on a clause (a Word comment in the draft).
  const doc = port.doc(sectionDocId(agreementId, first.id));
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  const list = element('bullet_list', [element('list_item', [para('første punkt')]), element('list_item', [para('andet punkt')])]);
  const subgoal = element('subgoal', subgoalFields.map((f, i) => element(f.node, [new Y.XmlText(`${f.label} ${i}`)])));
  fragment.insert(fragment.length, [
    element('heading', [new Y.XmlText('Opfølgning')], { level: 2 }),
    element('clause', [para('Parterne mødes to gange årligt.'), para('Møderne holdes på skift.'), list], { id: 'kflereafsnit' }),
    element('clause', [para('Parterne sætter dette mål:'), subgoal], { id: 'kmeddelmaal' }),
    para('Et afsnit uden for klausulerne.'),
    // Headings of every level below the section's own come back at their levels.
    element('heading', [new Y.XmlText('Underafsnit')], { level: 3 }),
    para('Tekst under et underafsnit.'),
    element('heading', [new Y.XmlText('Dybeste niveau')], { level: 6 }),
    para('Tekst på det dybeste niveau.'),
  ]);
  const anchor = toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(fragment, 0)));
  const thread = startThread(doc, { anchor: { start: anchor, end: anchor, quote: '', clauseId: 'kflereafsnit' }, text: 'Kan vi mødes oftere?', by: { name: 'Jens Ravn', organisation: 'Aarhus Kommune', side: 'kommune' } });
  replyToThread(doc, { threadId: thread, text: 'Det tager vi op.', by: { name: 'Anne Mette Holm', organisation: 'Region Midtjylland', side: 'region' } });
}, 60_000);
afterAll(() => service?.close());

/** A section's top-level blocks as `kind:text`, clauses with their blocks' kinds. */
function outline(docId: string): string[] {
  const node = yXmlFragmentToProseMirrorRootNode(service.wordImportPort().doc(docId).getXmlFragment(SECTION_FRAGMENT), schema);
  const out: string[] = [];
  node.forEach((n) => {
    if (n.type.name === 'paragraph' && n.content.size === 0) return;
    const inner: string[] = [];
    if (n.type.name === 'clause') n.forEach((c) => inner.push(c.type.name));
    out.push(`${n.type.name}${n.type.name === 'heading' ? n.attrs.level : ''}${inner.length ? `[${inner.join(',')}]` : ''}:${n.textContent}`);
  });
  return out;
}

describe('the negotiation draft imported back as a new agreement', () => {
  it('gives the same sections, clauses, paragraphs, headings and delmål; the preview counts what is written', async () => {
    const port = service.wordImportPort();
    const exported = await exportAgreement((docId) => port.doc(docId), { agreementId, format: 'docx', kind: 'forhandling', scope: { kind: 'agreement' } }, null);
    if (exported.state !== 'done') throw new Error('the draft was not exported');

    const client = recordingClient('test');
    const call = <T,>(method: string, params: unknown) => callService<T>(service, client, method, params);
    const target = { kind: 'new', templateId: 'gen2-midtjylland' } as const;
    const preview = await call<WordImportPreview>('previewWordImport', { bytes: exported.bytes, target, trackedChanges: 'keep' });
    const choices = preview.plan.sections.map(({ index, title, part, themeGroupId, targetSectionId }) => ({ index, title, part, themeGroupId, targetSectionId }));
    const written = await call<{ agreementId: string; clauses: number; sectionsCreated: number }>('applyWordImport', { bytes: exported.bytes, target, trackedChanges: 'keep', choices });

    const original = readAgreement(port.doc(structureDocId(agreementId)))!;
    const imported = readAgreement(port.doc(structureDocId(written.agreementId)))!;
    const sections = original.sections.filter((s) => !s.archived);
    const before = sections.map((s) => ({ title: s.title, part: s.part, blocks: outline(sectionDocId(agreementId, s.id)) }));
    const after = sections.map((s) => {
      const twin = imported.sections.find((t) => t.title === s.title && t.part === s.part);
      return { title: s.title, part: s.part, blocks: twin ? outline(sectionDocId(written.agreementId, twin.id)) : ['(mangler)'] };
    });
    const clauses = before.flatMap((s) => s.blocks).filter((b) => b.startsWith('clause')).length;
    expect(clauses).toBeGreaterThan(5);
    expect(before.flatMap((s) => s.blocks).some((b) => b.startsWith('subgoal'))).toBe(true);
    expect(after).toEqual(before);
    // No section the original lacks (no "Indledning" of the title page, no empty part section).
    expect(written.sectionsCreated).toBe(0);
    const key = (s: { part: string; title: string }) => `${s.part}/${s.title}`;
    expect(preview.plan.sections.map(key).sort()).toEqual(sections.map(key).sort());
    expect(preview.plan.totals.clauses).toBe(clauses);
    expect(written.clauses).toBe(clauses);
    // Tracked changes accepted instead: the same clauses.
    const accepted = await call<WordImportPreview>('previewWordImport', { bytes: exported.bytes, target, trackedChanges: 'accept' });
    expect(accepted.plan.totals.clauses).toBe(clauses);
    // The export's own furniture is not reported as lost: its title page and contents list are the
    // export frame; their page references, its footer's page numbers and its coloured "Temagruppe:"
    // lines are not listed. What is listed is real: the draft's comments, and the sections without text.
    for (const plan of [accepted.plan, preview.plan]) expect(plan.notMapped.map((n) => n.kind).sort()).toEqual(['comment', 'emptySection', 'exportFrame']);
  }, 120_000);

  it("is told apart from a document of someone's own that holds one clause copied from an export", async () => {
    const port = service.wordImportPort();
    const exported = await exportAgreement((docId) => port.doc(docId), { agreementId, format: 'docx', kind: 'forhandling', scope: { kind: 'agreement' } }, null);
    if (exported.state !== 'done') throw new Error('the draft was not exported');
    const model = readDocx(exported.bytes);
    expect(model.customProperties.get(EXPORT_PROPERTY)).toBe('forhandling');
    expect(isOwnExport(model)).toBe(true);
    // An export written before the property: most of its text lies in clause bookmarks.
    expect(isOwnExport({ body: model.body, customProperties: new Map() })).toBe(true);

    // Someone's own document: a heading, four paragraphs, and one clause pasted from an export (Word
    // keeps its bookmark). Every paragraph becomes a clause, and the section title keeps its number.
    const foreign = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('3. Udskrivning')] }),
              ...['Kommunen modtager besked.', 'Hospitalet sender epikrisen.', 'Borgeren inddrages.'].map((t) => new Paragraph({ children: [new TextRun(t)] })),
              new Paragraph({ children: [new Bookmark({ id: clauseBookmarkName('kkopieret0001'), children: [new TextRun('En kopieret klausul.')] })] }),
              new Paragraph({ children: [new TextRun('Opfølgning hvert år.')] }),
            ],
          },
        ],
      }),
    );
    const foreignModel = readDocx(new Uint8Array(foreign));
    expect(isOwnExport(foreignModel)).toBe(false);
    const client = recordingClient('test');
    const preview = await callService<WordImportPreview>(service, client, 'previewWordImport', { bytes: new Uint8Array(foreign), target: { kind: 'new', templateId: 'gen2-midtjylland' }, trackedChanges: 'keep' });
    expect(preview.plan.sections.map((s) => s.title)).toEqual(['3. Udskrivning']);
    expect(preview.plan.totals.clauses).toBe(5);
    // The same document carrying the export's property is taken as an export (its one bookmarked
    // clause is the clause; the rest are free paragraphs).
    expect(isOwnExport({ ...foreignModel, customProperties: new Map([[EXPORT_PROPERTY, 'forhandling']]) })).toBe(true);
  }, 60_000);
});
