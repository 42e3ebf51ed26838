// Word export (electron/export/docx): every file passes the OOXML schema validation
// (@ooxml-tools/validate, Microsoft's Open XML SDK), the hearing version opens in LibreOffice and its
// PDF holds every heading, clause number and clause text of the demo agreement with æøå intact;
// the final version refuses or marks unagreed clauses; the negotiation draft carries positions and
// threads as comments (with replies), suggestions as tracked changes and a bookmark per clause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import validate from '@ooxml-tools/validate';
import { Store } from '../../electron/store/store.ts';
import { exportAgreement, printModelOf, type ExportRequest } from '../../electron/export/exportAgreement.ts';
import { clausesOfModel, sectionsOf } from '../../shared/print/walk.ts';
import { clauseBookmarkName, clauseIdOfBookmark } from '../../shared/print/bookmarks.ts';
import type { PrintBlock, PrintInline } from '../../shared/print/model.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { addInternalThread, agreeAll, demoWorkspace, DISPUTE, INTERNAL, negotiateFirstSection, SUGGESTION, THREAD } from '../helpers/exportFixtures.ts';
import { pdfText, sofficeToPdf, squash } from '../helpers/office.ts';

let dir: string;
let file: string;
let agreementId: string;
let ids: ReturnType<typeof negotiateFirstSection>;
const NOW = new Date('2010-06-01T10:00:00Z');

beforeAll(() => {
  dir = tempDir('enighed-docx-');
  ({ file, agreementId } = demoWorkspace(dir));
  ids = negotiateFirstSection(file, agreementId);
  addInternalThread(file, agreementId, ids.sectionId, ids.disputed);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function exported(request: Omit<ExportRequest, 'agreementId' | 'format' | 'now'>, workspace = file, agreement = agreementId) {
  const store = Store.open(workspace);
  try {
    return await exportAgreement((d) => store.loadYDoc(d), { agreementId: agreement, format: 'docx', now: NOW, ...request }, null);
  } finally {
    store.close();
  }
}

function part(bytes: Uint8Array, name: string): string {
  const entry = unzipSync(bytes)[name];
  return entry ? strFromU8(entry) : '';
}

async function expectValid(bytes: Uint8Array): Promise<void> {
  expect(await validate(bytes, 'docx')).toEqual([]);
}

const inlineText = (content: readonly PrintInline[]) => content.map((r) => (r.kind === 'text' && r.suggestion?.kind !== 'insertion' ? r.text : ' ')).join('');
function texts(blocks: readonly PrintBlock[]): string[] {
  return blocks.flatMap((b): string[] => {
    switch (b.kind) {
      case 'paragraph':
      case 'heading':
        return [inlineText(b.content)];
      case 'list':
        return b.items.flatMap(texts);
      case 'clause':
        return texts(b.blocks);
      case 'subgoal':
        return b.fields.flatMap((f) => [f.label, inlineText(f.content)]);
      case 'table':
        return b.rows.flat().flatMap((c) => texts(c.blocks));
    }
  });
}

describe('Word export', () => {
  it('writes a valid hearing version that LibreOffice opens, with every heading, clause number and text', async () => {
    const result = await exported({ kind: 'horing', scope: { kind: 'agreement' } });
    if (result.state !== 'done') throw new Error('not exported');
    expect(result.fileName).toBe('Sundhedsaftale 2011-2014 – Høringsversion – 2010-06-01.docx');
    await expectValid(result.bytes);
    const documentXml = part(result.bytes, 'word/document.xml');
    expect(documentXml).toContain('w:val="da-DK"');
    expect(documentXml).toContain('w:pStyle w:val="Heading1"');
    expect(part(result.bytes, 'word/styles.xml')).toContain('w:name w:val="Overskrift 1"');
    expect(part(result.bytes, 'docProps/core.xml')).toContain('<dc:creator>Region Midtjylland</dc:creator>');
    expect(part(result.bytes, 'docProps/core.xml')).toContain('Høringsversion</dc:title>');
    expect(documentXml).toMatch(/w:tblLayout w:type="fixed"/);
    // No pending suggestion in the clean text.
    expect(documentXml).not.toContain(SUGGESTION.inserted);

    const docxPath = path.join(dir, 'horing.docx');
    fs.writeFileSync(docxPath, result.bytes);
    const text = pdfText(sofficeToPdf(docxPath));
    const flat = squash(text);
    expect(text).toContain('Side 1 af');
    expect(text).toContain('Sundhedsaftale 2011–2014 mellem Region Midtjylland og de 19 kommuner – Høringsversion 2010-06-01');
    const store = Store.open(file);
    const { model } = printModelOf((d) => store.loadYDoc(d), agreementId, { kind: 'agreement' });
    store.close();
    for (const p of model.parts) expect(flat).toContain(p.label);
    for (const section of sectionsOf(model)) {
      expect(flat).toContain(`${section.number}. ${section.title}`);
      for (const t of texts(section.blocks)) expect(flat).toContain(squash(t));
    }
    for (const { clause } of clausesOfModel(model)) expect(text).toMatch(new RegExp(`(^|\\s)${clause.number.replace('.', '\\.')}(\\s|$)`));
    expect(flat).toContain('Økonomi');
    expect(flat).toMatch(/[æøå]/);
    // The table of contents is there on opening: one entry per part and section, before the body.
    const toc = flat.slice(flat.indexOf('Indhold'), flat.indexOf('Side 1 af'));
    for (const section of sectionsOf(model)) expect(toc).toContain(`${section.number}. ${section.title}`);
  }, 60_000);

  it('refuses a final version with unagreed clauses, and marks them when asked', async () => {
    const refused = await exported({ kind: 'endelig', scope: { kind: 'agreement' } });
    if (refused.state !== 'unagreed') throw new Error('exported anyway');
    expect(refused.clauses[0]).toMatchObject({ clauseId: ids.disputed, number: '1.1', reference: 'Politisk del 1.1', title: 'Indlæggelses- og udskrivningsforløb', statusLabel: 'Uenighed' });
    const marked = await exported({ kind: 'endelig', scope: { kind: 'agreement' }, unagreed: 'mark' });
    if (marked.state !== 'done') throw new Error('not exported');
    await expectValid(marked.bytes);
    expect(marked.marked).toBe(refused.clauses.length);
    const xml = part(marked.bytes, 'word/document.xml');
    expect(xml).toContain('Ikke endeligt aftalt – status: Uenighed');
    expect(xml).toContain('Ikke endeligt aftalt – status: Åben');
    expect(xml.split('Ikke endeligt aftalt – status:').length - 1).toBe(refused.clauses.length);
    const headers = Object.keys(unzipSync(marked.bytes)).filter((n) => /^word\/header\d*\.xml$/.test(n));
    expect(headers.some((h) => part(marked.bytes, h).includes('UDKAST'))).toBe(true);
  }, 30_000);

  it('exports an agreed agreement as final without marks', async () => {
    const agreedDir = tempDir('enighed-docx-agreed-');
    try {
      const agreed = demoWorkspace(agreedDir);
      agreeAll(agreed.file, agreed.agreementId);
      const result = await exported({ kind: 'endelig', scope: { kind: 'part', part: 'politisk' } }, agreed.file, agreed.agreementId);
      if (result.state !== 'done') throw new Error(`refused: ${JSON.stringify(result)}`.slice(0, 400));
      await expectValid(result.bytes);
      expect(result.fileName).toBe('Sundhedsaftale 2011-2014 – Endelig version – Politisk-administrativ del – 2010-06-01.docx');
      const xml = part(result.bytes, 'word/document.xml');
      expect(xml).not.toContain('Ikke endeligt aftalt');
      expect(xml).not.toContain('Sundhedsfaglig del');
      const headers = Object.keys(unzipSync(result.bytes)).filter((n) => /^word\/header\d*\.xml$/.test(n));
      expect(headers.some((h) => part(result.bytes, h).includes('UDKAST'))).toBe(false);
    } finally {
      fs.rmSync(agreedDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('writes the negotiation draft with positions and threads as comments, replies, tracked changes and clause bookmarks', async () => {
    const result = await exported({ kind: 'forhandling', scope: { kind: 'section', sectionId: ids.sectionId } });
    if (result.state !== 'done') throw new Error('not exported');
    await expectValid(result.bytes);
    const xml = part(result.bytes, 'word/document.xml');
    const comments = part(result.bytes, 'word/comments.xml');
    expect(comments).toContain(`Begrundelse: ${DISPUTE.reason}`);
    expect(comments).toContain(`Alternativ formulering: ${DISPUTE.alternative}`);
    expect(comments).toContain('Regionen: enig');
    expect(comments).toContain('Kommunerne: uenig');
    expect(comments).toContain(THREAD.text);
    expect(comments).toContain(THREAD.reply);
    const extended = part(result.bytes, 'word/commentsExtended.xml');
    expect(extended.match(/w15:paraIdParent=/g)?.length).toBe(1);
    expect(part(result.bytes, '[Content_Types].xml')).toContain('/word/commentsExtended.xml');
    expect(xml).toMatch(new RegExp(`<w:ins w:id="\\d+" w:author="Karl Kommune \\(Aarhus Kommune\\)" w:date="2010-05-22T08:00:00(\\.000)?Z">`));
    expect(xml).toContain(SUGGESTION.inserted);
    expect(xml).toContain(`w:name="enighed_${ids.disputed}"`);
    expect(clauseIdOfBookmark(clauseBookmarkName(ids.disputed))).toBe(ids.disputed);
    expect(clauseIdOfBookmark('_Toc123')).toBeNull();
    // Every clause of the section is bookmarked, each bookmark closed.
    const names = [...xml.matchAll(/<w:bookmarkStart w:name="enighed_([^"]+)" w:id="(\d+)"\/>/g)];
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const [, , id] of names) expect(xml).toContain(`<w:bookmarkEnd w:id="${id}"/>`);
    expect(xml).toContain(`w:name="enighed_${ids.suggested}"`);
    // The thread (and its reply) are anchored to the quoted word, the positions comment to the clause.
    const ranges = [...xml.matchAll(/<w:commentRangeStart w:id="(\d+)"\/>/g)].map(([, id]) => {
      const inside = new RegExp(`<w:commentRangeStart w:id="${id}"/>([\\s\\S]*?)<w:commentRangeEnd w:id="${id}"/>`).exec(xml)![1]!;
      return { id, text: [...inside.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('') };
    });
    expect(ranges.filter((r) => r.text === 'Hospitalet').length).toBe(2);
    // The positions comment covers the clause's text; its number stands before the clause's bookmark
    // and ranges (the number is the app's, not part of the text Word hands back).
    expect(ranges.filter((r) => r.text.startsWith('Hospitalet') && r.text.includes('udskrivningen.')).length).toBe(1);
    expect(xml).toMatch(/<w:t xml:space="preserve">1\.1<\/w:t><w:tab\/><\/w:r><w:bookmarkStart w:name="enighed_/);
    // Comments sit on the disputed clause only (one for positions, one thread with one reply);
    // the municipalities' internal thread only when their side asks for it.
    expect(comments.match(/<w:comment /g)?.length).toBe(3);
    expect(comments).not.toContain(INTERNAL.text);
    for (const [side, included] of [['kommune', true], ['region', false]] as const) {
      const withInternal = await exported({ kind: 'forhandling', scope: { kind: 'section', sectionId: ids.sectionId }, internalSide: side });
      if (withInternal.state !== 'done') throw new Error('not exported');
      const text = part(withInternal.bytes, 'word/comments.xml');
      expect(text.includes(`[Intern kommentar] ${INTERNAL.text}`), side).toBe(included);
    }
    // Never in a clean kind.
    const clean = await exported({ kind: 'horing', scope: { kind: 'section', sectionId: ids.sectionId }, internalSide: 'kommune' });
    if (clean.state !== 'done') throw new Error('not exported');
    expect(part(clean.bytes, 'word/document.xml')).not.toContain(INTERNAL.text);
  }, 30_000);

  it('writes the disputes report with the counts per theme group', async () => {
    const result = await exported({ kind: 'uenighed', scope: { kind: 'agreement' } });
    if (result.state !== 'done') throw new Error('not exported');
    await expectValid(result.bytes);
    const xml = part(result.bytes, 'word/document.xml');
    expect(xml).toContain('Status pr. temagruppe');
    expect(xml).toContain('Politisk del 1.1');
    expect(xml).toContain(DISPUTE.alternative);
  }, 30_000);
});
