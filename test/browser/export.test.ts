// Eksportér … in real Chromium against the real Node side (the test host, whose PDFs are printed by
// Chromium with the app's page and options): the final version of the demo agreement, in which a
// clause is disputed, shows the gating list; exporting it marked shows progress and downloads a PDF
// whose first page is kept as an artifact (pdftoppm); a clause in the list opens in the editor.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.ts';
import { startHostProcess } from '../helpers/hostProcess.ts';
import { fillProfile, useBrowserRoom } from '../helpers/people.ts';
import { demoWorkspace, negotiateFirstSection } from '../helpers/exportFixtures.ts';
import { pdfText } from '../helpers/office.ts';

const room = useBrowserRoom('enighed-export-browser-');

describe('Eksportér … in Chromium', () => {
  it('gates the final version, exports it marked with progress, and opens a listed clause', async () => {
    const { file, agreementId } = demoWorkspace(room.dir);
    const ids = negotiateFirstSection(file, agreementId);
    const host = await startHostProcess(file);
    room.hosts.push(host);
    const page = await room.browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'da-DK', acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(host.url);
    await fillProfile(page);

    await page.getByTestId('open-export').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    await page.getByTestId('export-kind-endelig').check();
    await page.getByTestId('export-format').selectOption('pdf');
    await page.getByTestId('export-start').click();
    const gate = page.getByTestId('export-gate');
    await gate.waitFor();
    const rows = page.getByTestId('export-gate-list').locator('li');
    expect(await rows.first().textContent()).toContain('Politisk del 1.1');
    expect(await gate.textContent()).toContain('Uenighed');
    await page.screenshot({ path: artifactPath('export-gate-dialog.png') });

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-gate-mark').click();
    await page.getByTestId('export-progress').waitFor();
    await page.screenshot({ path: artifactPath('export-progress.png') });
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^Sundhedsaftale 2011-2014 – Endelig version – \d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = path.join(room.dir, 'endelig.pdf');
    await download.saveAs(pdf);
    await page.getByTestId('export-message').filter({ hasText: 'er gemt' }).waitFor();
    const text = pdfText(pdf);
    expect(text).toContain('UDKAST');
    expect(text).toContain('Ikke endeligt aftalt – status: Uenighed');
    // The first page (title and contents) and the first page of text.
    for (const [pageNo, name] of [['1', 'export-pdf-first-page'], ['2', 'export-pdf-page-2']] as const) {
      const prefix = artifactPath(name);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', pageNo, '-l', pageNo, '-singlefile', pdf, prefix]);
      expect(fs.existsSync(`${prefix}.png`)).toBe(true);
    }

    // From the navigator: a part's final version, and a click on a listed clause opens it.
    await page.getByRole('button', { name: 'Luk' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('nav-export-part-politisk').click();
    await page.getByTestId('export-kind-endelig').check();
    await page.getByTestId('export-start').click();
    await page.getByTestId('export-gate').waitFor();
    await page.getByTestId('export-gate-list').locator('button').first().click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`[data-testid=section-editor] section.clause[data-clause-id="${ids.disputed}"]`).waitFor();
    expect(await page.getByTestId('nav-section-indlaeggelse-politisk').getAttribute('aria-current')).toBe('page');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
