// Læsevejledning (reading guide) exported from the demo agreement with the secretariat's links: the
// .docx passes the OOXML schema validation, opens in LibreOffice, and the converted PDF's text
// holds every requirement's title and text, the linked sections' references and titles (æøå
// intact) and "Ikke dækket" for the rest; the PDF printed by Chromium says the same. Also the CLI's
// --kind laesevejledning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import validate from '@ooxml-tools/validate';
import { Store } from '../../electron/store/store.ts';
import { exportAgreement } from '../../electron/export/exportAgreement.ts';
import { withPlaywrightPrinter } from '../../electron/export/pdf/printer.ts';
import { runExportCli } from '../../electron/cli/export.ts';
import { REQUIREMENTS_2009 } from '../../shared/requirements/bekendtgoerelse2009.ts';
import { CHROMIUM } from '../helpers/browser.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { demoWorkspace, linkRequirements } from '../helpers/exportFixtures.ts';
import { pdfText, sofficeToPdf, squash } from '../helpers/office.ts';

let dir: string;
let file: string;
let agreementId: string;
const NOW = new Date('2010-06-01T10:00:00Z');
const LINKS = { 'indlaeggelse-politisk': ['1'], 'traening-sundhedsfaglig': ['2'], 'traening-politisk': ['2'], opfoelgning: ['G.1', '6'] };

beforeAll(() => {
  dir = tempDir('enighed-guide-');
  ({ file, agreementId } = demoWorkspace(dir));
  linkRequirements(file, agreementId, LINKS);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function exported(format: 'docx' | 'pdf'): Promise<{ bytes: Uint8Array; fileName: string }> {
  const store = Store.open(file);
  try {
    const docOf = (d: string) => store.loadYDoc(d);
    const request = { agreementId, kind: 'laesevejledning' as const, format, scope: { kind: 'agreement' as const }, now: NOW };
    const result = format === 'pdf' ? await withPlaywrightPrinter(CHROMIUM, (printer) => exportAgreement(docOf, request, printer)) : await exportAgreement(docOf, request, null);
    if (result.state !== 'done') throw new Error('not exported');
    return result;
  } finally {
    store.close();
  }
}

/** The guide's rows as the text reads them: each requirement's title followed by where it is met. */
function expectGuide(text: string): void {
  const flat = squash(text);
  expect(flat).toContain('Læsevejledning');
  expect(flat).toContain('Bekendtgørelse om sundhedskoordinationsudvalg og sundhedsaftaler');
  expect(flat).toContain('sammenfattet');
  for (const r of REQUIREMENTS_2009) {
    expect(flat).toContain(r.title);
    expect(flat).toContain(squash(r.text));
  }
  // Covered requirements name their sections with the app's references; the others are not covered.
  const after = (title: string) => flat.slice(flat.indexOf(title) + title.length);
  expect(after('Indlæggelses- og udskrivningsforløb').slice(0, 400)).toContain('Politisk del 1. Indlæggelses- og udskrivningsforløb');
  const training = after('Træningsområdet').slice(0, 400);
  expect(training).toContain('Politisk del 2. Træningsområdet');
  expect(training).toContain('Sundhedsfaglig del 2. Træningsområdet');
  expect(training.indexOf('Politisk del 2')).toBeLessThan(training.indexOf('Sundhedsfaglig del 2'));
  expect(after('Opfølgning på aftalen').slice(0, 400)).toContain('Opfølgning 1. Opfølgning på sundhedsaftalen');
  expect(after('Behandlingsredskaber og hjælpemidler').slice(0, 300)).toContain('Ikke dækket');
  // 3, 4, 5, G.2, G.3 are not covered.
  expect(flat.split('Ikke dækket').length - 1).toBe(5);
}

describe('Læsevejledning', () => {
  it('as Word: valid OOXML, opens in LibreOffice, the table holds every requirement and where it is met', async () => {
    const { bytes, fileName } = await exported('docx');
    expect(fileName).toBe('Sundhedsaftale 2011-2014 – Læsevejledning – 2010-06-01.docx');
    expect(await validate(bytes, 'docx')).toEqual([]);
    const docx = path.join(dir, 'laesevejledning.docx');
    fs.writeFileSync(docx, bytes);
    expectGuide(pdfText(sofficeToPdf(docx)));
  }, 120_000);

  it('as PDF printed by Chromium', async () => {
    const { bytes, fileName } = await exported('pdf');
    expect(fileName).toBe('Sundhedsaftale 2011-2014 – Læsevejledning – 2010-06-01.pdf');
    const pdf = path.join(dir, 'laesevejledning-chromium.pdf');
    fs.writeFileSync(pdf, bytes);
    expectGuide(pdfText(pdf));
  }, 60_000);

  it('from the CLI with --kind laesevejledning', async () => {
    const out = path.join(dir, 'cli.docx');
    const lines: string[] = [];
    const errors: string[] = [];
    expect(await runExportCli([file, agreementId, '--kind', 'laesevejledning', '--format', 'docx', '--out', out], (l) => lines.push(l), (l) => errors.push(l))).toBe(0);
    expect(errors).toEqual([]);
    expect(lines.join('\n')).toMatch(/Foreslået filnavn: Sundhedsaftale 2011-2014 – Læsevejledning – \d{4}-\d{2}-\d{2}\.docx/);
    expect(await validate(fs.readFileSync(out), 'docx')).toEqual([]);
    expect(await runExportCli([file, agreementId, '--kind', 'vejledning', '--format', 'docx', '--out', out], () => {}, (l) => errors.push(l))).toBe(2);
    expect(errors.join('\n')).toContain('laesevejledning');
  }, 60_000);
});
