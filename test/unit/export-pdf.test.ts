// PDF export (electron/export/pdf): the demo agreement printed by real Chromium through
// playwright-core with the same page and options the app's printToPDF uses: A4, tagged, an outline
// whose entries are the parts and their sections, the Danish header and footer, and text matching
// the app's (the printable model's numbers and clause texts) — read back with poppler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Store } from '../../electron/store/store.ts';
import { exportAgreement, printModelOf } from '../../electron/export/exportAgreement.ts';
import { withPlaywrightPrinter } from '../../electron/export/pdf/printer.ts';
import { electronPdfOptions, pdfPrintOptions } from '../../electron/export/pdf/options.ts';
import { renderHtml } from '../../electron/export/pdf/html.ts';
import { clausesOfModel, sectionsOf } from '../../shared/print/walk.ts';
import type { PrintModel } from '../../shared/print/model.ts';
import { CHROMIUM } from '../helpers/browser.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { demoWorkspace, negotiateFirstSection } from '../helpers/exportFixtures.ts';
import { pdfText, squash } from '../helpers/office.ts';
import { pdfOutline } from '../helpers/pdfOutline.ts';

let dir: string;
let store: Store;
let agreementId: string;
let model: PrintModel;
const NOW = new Date('2010-06-01T10:00:00Z');
const pdfs = new Map<string, Uint8Array>();

beforeAll(async () => {
  dir = tempDir('enighed-pdf-');
  const demo = demoWorkspace(dir);
  agreementId = demo.agreementId;
  negotiateFirstSection(demo.file, agreementId);
  store = Store.open(demo.file);
  const docOf = (d: string) => store.loadYDoc(d);
  model = printModelOf(docOf, agreementId, { kind: 'agreement' }).model;
  await withPlaywrightPrinter(CHROMIUM, async (printer) => {
    for (const [name, request] of [
      ['horing', { kind: 'horing', scope: { kind: 'agreement' } }],
      ['endelig', { kind: 'endelig', scope: { kind: 'agreement' }, unagreed: 'mark' }],
    ] as const) {
      const result = await exportAgreement(docOf, { agreementId, format: 'pdf', now: NOW, ...request }, printer);
      if (result.state !== 'done') throw new Error('not exported');
      pdfs.set(name, result.bytes);
      fs.writeFileSync(path.join(dir, `${name}.pdf`), result.bytes);
    }
  });
}, 60_000);
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('PDF export', () => {
  it('is an A4 tagged PDF whose outline lists the parts and their sections', () => {
    const info = execFileSync('pdfinfo', [path.join(dir, 'horing.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
    expect(info).toContain('Title:           Sundhedsaftale 2011–2014 mellem Region Midtjylland og de 19 kommuner – Høringsversion');
    const outline = pdfOutline(pdfs.get('horing')!);
    expect(outline.map((e) => e.title)).toEqual(model.parts.map((p) => p.label));
    model.parts.forEach((part, i) => {
      expect(outline[i]!.children.map((e) => e.title)).toEqual(part.groups.flatMap((g) => g.sections).map((s) => `${s.number}. ${s.title}`));
    });
  });

  it('holds the app’s headings, clause numbers and clause texts, with the Danish header and footer', () => {
    const text = pdfText(path.join(dir, 'horing.pdf'));
    const flat = squash(text);
    expect(text).toContain('Side 1 af');
    expect(text).toContain('Sundhedsaftale 2011–2014 mellem Region Midtjylland og de 19 kommuner – Høringsversion 2010-06-01');
    for (const section of sectionsOf(model)) expect(flat).toContain(`${section.number}. ${section.title}`);
    for (const { clause } of clausesOfModel(model)) {
      expect(text).toMatch(new RegExp(`(^|\\s)${clause.number.replace('.', '\\.')}(\\s|$)`));
      for (const b of clause.blocks) if (b.kind === 'paragraph') expect(flat).toContain(squash(b.content.map((r) => (r.kind === 'text' && r.suggestion?.kind !== 'insertion' ? r.text : ' ')).join('')));
    }
    expect(flat).toContain('Økonomi');
  });

  it('marks unagreed clauses and says UDKAST in a final version exported anyway', () => {
    const text = pdfText(path.join(dir, 'endelig.pdf'));
    expect(text).toContain('Ikke endeligt aftalt – status: Uenighed');
    expect(text).toContain('Endelig version 2010-06-01 – UDKAST');
  });

  it('gives the app the same page and options (Electron’s printToPDF names)', () => {
    const options = pdfPrintOptions('Titel – Høringsversion', false);
    const electron = electronPdfOptions(options);
    expect(electron).toMatchObject({ pageSize: 'A4', generateTaggedPDF: true, generateDocumentOutline: true, displayHeaderFooter: true, printBackground: true });
    expect(electron.margins.top).toBeCloseTo(22 / 25.4);
    expect(electron.footerTemplate).toContain('Side <span class="pageNumber"></span> af <span class="totalPages"></span>');
    const html = renderHtml(model, { kind: 'horing', markUnagreed: false, now: NOW });
    expect(html).toContain('<html lang="da">');
    expect(html).not.toContain('<script');
  });
});
