// The .docx reader (shared/word/readDocx.ts) on a file LibreOffice made, and on hostile and broken files.
import { beforeAll, describe, expect, it } from 'vitest';
import { readDocx } from '../../shared/word/readDocx.ts';
import type { DocxModel, Paragraph } from '../../shared/word/docxModel.ts';
import { docxWithDoctype, docxWithoutBody, earlierGenerationDocx, zipBomb, zipWithoutDocument } from '../helpers/wordFixtures.ts';
import { tempDir } from '../helpers/tempDir.ts';

const text = (p: Paragraph) => p.inlines.map((i) => (i.t === 'text' ? i.text : '')).join('');

describe('readDocx on a .docx made by LibreOffice', () => {
  let model: DocxModel;
  let docx: Uint8Array;
  beforeAll(() => {
    docx = earlierGenerationDocx(tempDir('enighed-word-'));
    model = readDocx(docx);
  }, 120_000);

  it('reads headings on three levels, nested lists, a table, a link and the title', () => {
    const paragraphs = model.body.filter((b): b is Paragraph => b.kind === 'paragraph');
    expect(paragraphs.filter((p) => p.headingLevel).map((p) => [p.headingLevel, text(p)])).toEqual([
      [1, 'Politisk del'],
      [2, 'Indlæggelse og udskrivning'],
      [3, 'Opfølgning efter udskrivning'],
      [2, 'Genoptræning og rehabilitering'],
      [1, 'Sundhedsfaglig del'],
      [2, 'Indlæggelse og udskrivning'],
    ]);
    const list = paragraphs.filter((p) => p.list).map((p) => [text(p), p.list!.level, p.list!.ordered]);
    expect(list).toEqual([
      ['hjemmebesøg', 0, false],
      ['ved sygeplejerske', 1, false],
      ['ved terapeut', 1, false],
      ['telefonopkald', 0, false],
      ['Første trin', 0, true],
      ['Andet trin', 0, true],
      ['Delopgave', 1, true],
    ]);
    const table = model.body.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.map((c) => c.blocks.map((b) => (b.kind === 'paragraph' ? text(b) : '')).join('')))).toEqual([
      ['Ydelse', 'Frist'],
      ['Genoptræningsplan', 'Ved udskrivning'],
    ]);
    const runs = paragraphs.flatMap((p) => p.inlines);
    expect(runs.find((r) => r.t === 'text' && r.text === 'forventet')).toMatchObject({ marks: { bold: true } });
    expect(runs.find((r) => r.t === 'text' && r.text === 'Sundhedsstyrelsen')).toMatchObject({ href: 'https://www.sst.dk/' });
    expect(model.title).toBe('Sundhedsaftale 2007–2010');
  });

  it('reads tracked changes with their authors, and names the footnote and the colour as not mapped', () => {
    const changes = model.body.flatMap((b) => (b.kind === 'paragraph' ? b.inlines : [])).flatMap((i) => (i.t === 'text' && i.change ? [[i.change.type, i.change.author, i.text]] : []));
    expect(changes).toEqual([
      ['del', 'Bo Berg', 'gamle '],
      ['ins', 'Anna Andersen', ' og hjælpemidler'],
    ]);
    expect(model.notMapped.find((n) => n.kind === 'footnote')).toEqual({ kind: 'footnote', count: 1, samples: ['Jf. bekendtgørelsens § 3.'] });
    expect(model.notMapped.find((n) => n.kind === 'colour')?.samples).toEqual(['hvert halve år']);
    expect(model.notMapped.find((n) => n.kind === 'other')).toBeUndefined();
  });

  it('refuses the same file truncated, with a Danish reason', () => {
    for (const cut of [0.3, 0.9, docx.byteLength - 10]) {
      const n = cut < 1 ? Math.floor(docx.byteLength * cut) : cut;
      expect(() => readDocx(docx.subarray(0, n))).toThrow(/^Word-filen kan ikke indlæses: filen er beskadiget eller ufuldstændig/);
    }
  });
});

describe('readDocx on hostile and broken files', () => {
  it('refuses a file that is not a zip', () => {
    expect(() => readDocx(new TextEncoder().encode('Dette er ikke et Word-dokument, bare tekst.'))).toThrow('Word-filen kan ikke indlæses: filen er ikke et Word-dokument (.docx).');
    expect(() => readDocx(new Uint8Array(0))).toThrow(/ikke et Word-dokument/);
  });
  it('refuses a zip without word/document.xml, and a document without a body', () => {
    expect(() => readDocx(zipWithoutDocument())).toThrow(/word\/document\.xml mangler/);
    expect(() => readDocx(docxWithoutBody())).toThrow(/ingen brødtekst/);
  });
  it('refuses a DTD (entity expansion) before parsing', () => {
    expect(() => readDocx(docxWithDoctype())).toThrow(/DTD/);
  });
  it('refuses a zip bomb by its declared size, and one with a lying header while inflating', () => {
    const started = performance.now();
    expect(() => readDocx(zipBomb(200, false))).toThrow(/zip-bombe/);
    const memoryBefore = process.memoryUsage().arrayBuffers;
    expect(() => readDocx(zipBomb(200, true))).toThrow(/mulig zip-bombe/);
    // Caught within the first inflate step, not after inflating 200 MB.
    expect(process.memoryUsage().arrayBuffers - memoryBefore).toBeLessThan(64 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
