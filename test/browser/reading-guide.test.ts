// Læsevejledning in real Chromium against the real Node side (the test host): the secretariat links
// sections to requirements of the 2009 order in *Opsætning*, the overview's list of requirements no
// section covers shrinks accordingly, and the reading guide exported from *Eksportér …* arrives as
// a download with the Danish file name: a valid .docx that LibreOffice opens and whose text names
// the linked sections, and a PDF whose first page is kept as an artifact.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import validate from '@ooxml-tools/validate';
import { artifactPath } from '../helpers/browser.ts';
import { startHostProcess } from '../helpers/hostProcess.ts';
import { fillProfile, useBrowserRoom } from '../helpers/people.ts';
import { demoWorkspace } from '../helpers/exportFixtures.ts';
import { pdfText, sofficeToPdf, squash } from '../helpers/office.ts';
import { REQUIREMENTS_2009 } from '../../shared/requirements/bekendtgoerelse2009.ts';

const room = useBrowserRoom('enighed-guide-browser-');

async function uncovered(page: Page): Promise<string[]> {
  await page.getByTestId('overview-requirements').waitFor();
  return page.getByTestId('overview-uncovered-requirement').evaluateAll((items) => items.map((i) => i.getAttribute('data-requirement-id') ?? ''));
}

async function download(page: Page, format: 'docx' | 'pdf'): Promise<{ name: string; file: string }> {
  await page.getByTestId('open-export').click();
  await page.getByTestId('export-dialog').waitFor();
  await page.getByTestId('export-kind-laesevejledning').check();
  await page.getByTestId('export-format').selectOption(format);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const done = await downloading;
  const file = path.join(room.dir, `guide.${format}`);
  await done.saveAs(file);
  await page.getByTestId('export-message').filter({ hasText: 'er gemt' }).waitFor();
  return { name: done.suggestedFilename(), file };
}

describe('Læsevejledning in Chromium', () => {
  it('links sections to requirements in the setup screen, shrinks the overview’s uncovered list, and exports the guide', async () => {
    const { file } = demoWorkspace(room.dir);
    const host = await startHostProcess(file);
    room.hosts.push(host);
    const page = await room.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'da-DK', acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(host.url);
    await fillProfile(page, 'Signe Sekretær', 'region', { organisation: 'Sundhedsaftalesekretariatet', role: 'sekretariat' });

    // Nothing is linked in the demo agreement: every requirement is uncovered.
    await page.getByTestId('open-overview').click();
    expect(await uncovered(page)).toEqual(REQUIREMENTS_2009.map((r) => r.id));

    // Opsætning › Afsnit › Krav: training (political part) meets requirement 2, the follow-up chapter G.1.
    await page.getByTestId('open-setup').click();
    await page.getByTestId('setup').waitFor();
    await page.getByTestId('link-requirements-traening-politisk').click();
    const training = page.getByTestId('section-requirements-traening-politisk');
    await training.waitFor();
    await page.getByTestId('requirement-traening-politisk-2').check();
    await expect.poll(() => page.getByTestId('setup-section-traening-politisk').locator('.setup-row-meta').textContent()).toContain('Krav 2');
    await expect.poll(() => page.getByTestId('setup-section-traening-politisk').getByTestId('changed-note').textContent()).toContain('Signe Sekretær');
    await training.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('reading-guide-setup.png') });
    await page.getByTestId('link-requirements-traening-politisk').click();
    await page.getByTestId('link-requirements-opfoelgning').click();
    await page.getByTestId('requirement-opfoelgning-G.1').check();
    await expect.poll(() => page.getByTestId('setup-section-opfoelgning').locator('.setup-row-meta').textContent()).toContain('Krav G.1');

    // The overview lists what is still not covered.
    await page.getByTestId('close-setup').click();
    await page.getByTestId('open-overview').click();
    await expect.poll(() => uncovered(page)).toEqual(REQUIREMENTS_2009.map((r) => r.id).filter((id) => id !== '2' && id !== 'G.1'));
    expect(await page.getByTestId('overview-requirements-count').textContent()).toContain(`${REQUIREMENTS_2009.length - 2} af ${REQUIREMENTS_2009.length} krav`);
    await page.getByTestId('overview-requirements').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('reading-guide-overview.png') });

    // Eksportér … › Læsevejledning as Word: a download with the Danish name and the document's bytes.
    const docx = await download(page, 'docx');
    expect(docx.name).toMatch(/^Sundhedsaftale 2011-2014 – Læsevejledning – \d{4}-\d{2}-\d{2}\.docx$/);
    await page.screenshot({ path: artifactPath('reading-guide-export-dialog.png') });
    const bytes = fs.readFileSync(docx.file);
    expect(await validate(bytes, 'docx')).toEqual([]);
    const wordText = squash(pdfText(sofficeToPdf(docx.file)));
    expect(wordText).toContain('Politisk del 2. Træningsområdet');
    expect(wordText).toContain('Opfølgning 1. Opfølgning på sundhedsaftalen');
    expect(wordText.split('Ikke dækket').length - 1).toBe(REQUIREMENTS_2009.length - 2);
    await page.getByRole('button', { name: 'Luk' }).click();

    // …and as PDF, its first page kept as an artifact.
    const pdf = await download(page, 'pdf');
    expect(pdf.name).toMatch(/^Sundhedsaftale 2011-2014 – Læsevejledning – \d{4}-\d{2}-\d{2}\.pdf$/);
    expect(fs.readFileSync(pdf.file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(squash(pdfText(pdf.file))).toContain('Politisk del 2. Træningsområdet');
    const prefix = artifactPath('reading-guide-pdf-first-page');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf.file, prefix]);
    expect(fs.existsSync(`${prefix}.png`)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
