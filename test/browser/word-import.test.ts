// *Importér fra Word …* in real Chromium against the real Node side: a .docx that LibreOffice made
// is chosen in the dialog, its mapping is shown before anything is written (sections with part,
// theme group and target, counts, what was not mapped), one choice is changed, and the agreement is
// created; a file that is not a .docx is refused in Danish inside the dialog.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import { startHostProcess, type HostProcess } from '../helpers/hostProcess.ts';
import { fillProfile } from '../helpers/people.ts';
import { earlierGenerationDocx, editedDraft } from '../helpers/wordFixtures.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';

let browser: Browser;
let host: HostProcess | null = null;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-word-browser-'));
let docxPath: string;

beforeAll(async () => {
  docxPath = path.join(dir, 'Sundhedsaftale 2007-2010.docx');
  fs.writeFileSync(docxPath, earlierGenerationDocx(dir));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Importér fra Word in Chromium', () => {
  it('shows the mapping before writing, lets it be changed, and creates the agreement', async () => {
    host = await startHostProcess(path.join(dir, 'live.sqlite'), ['--demo']);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(host.url);
    await fillProfile(page);
    // From the agreement picker, beside *Åbn invitation …*.
    await page.getByTestId('agreement-picker').selectOption({ label: 'Importér fra Word …' });
    const dialog = page.getByTestId('word-import');
    await dialog.waitFor();

    // Not a Word file: a Danish error in the dialog, nothing to create.
    const bad = path.join(dir, 'noter.docx');
    fs.writeFileSync(bad, 'Bare tekst, ikke et Word-dokument.');
    await page.getByTestId('word-import-input').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('word-import-error').textContent()).toBe('Word-filen kan ikke indlæses: filen er ikke et Word-dokument (.docx).');
    expect(await page.getByTestId('word-import-create').isDisabled()).toBe(true);

    await page.getByTestId('word-import-input').setInputFiles(docxPath);
    await page.getByTestId('word-import-plan').waitFor();
    const rows = page.getByTestId('word-import-section');
    expect(await rows.count()).toBe(3);
    expect(await page.getByTestId('word-import-totals').textContent()).toBe(
      '3 afsnit · 5 klausuler · 2 lister · 1 tabel · 1 delmål · 1 indsættelse og 1 sletning af Anna Andersen, Bo Berg',
    );
    expect(await rows.nth(0).getByLabel('Afsnit for Indlæggelse og udskrivning').inputValue()).toBe('indlaeggelse-politisk');
    expect(await rows.nth(2).getByLabel('Del for Indlæggelse og udskrivning').inputValue()).toBe('sundhedsfaglig');
    const unmapped = await page.getByTestId('word-import-unmapped').textContent();
    expect(unmapped).toContain('Fodnoter (teksten er ikke med) (1): «Jf. bekendtgørelsens § 3.»');
    expect(unmapped).toContain('Tekstfarve (1)');
    // Underline is kept (the schema has the mark), so it is not listed.
    expect(unmapped).not.toContain('Understregning');

    // The unmatched section goes into the training theme group; keep tracked changes as suggestions.
    await rows.nth(1).getByLabel('Temagruppe for Genoptræning og rehabilitering').selectOption('tg-traening');
    await page.getByLabel('Behold dem som ændringsforslag med Word-forfatteren').check();
    await page.getByTestId('word-import-plan').waitFor();
    await page.locator('[data-testid=word-import-progress]').waitFor({ state: 'detached' });
    // Reading the file again (another tracked-changes choice) keeps what the user chose.
    expect(await rows.nth(1).getByLabel('Temagruppe for Genoptræning og rehabilitering').inputValue()).toBe('tg-traening');
    await page.getByLabel('Aftalens titel').fill('Sundhedsaftale 2007–2010 (importeret)');
    await dialog.screenshot({ path: artifactPath('word-import-dialog.png') });

    await page.getByTestId('word-import-create').click();
    await Promise.race([dialog.waitFor({ state: 'detached' }), page.getByTestId('word-import-error').waitFor()]);
    expect((await page.getByTestId('word-import-error').count()) > 0 ? await page.getByTestId('word-import-error').textContent() : null).toBeNull();
    await expect.poll(async () => page.getByTestId('agreement-picker').locator('option:checked').textContent()).toContain('Sundhedsaftale 2007–2010 (importeret)');
    await page.getByText('Genoptræning og rehabilitering').first().waitFor();
    // The kept tracked changes are suggestions for review, attributed to their Word authors.
    await page.getByText('Bo Berg (Word)').waitFor();
    await page.getByText('Anna Andersen (Word)').waitFor();
    await page.screenshot({ path: artifactPath('word-import-created.png') });
    expect(problems).toEqual([]);
  });

  it('Indlæs rettelser fra Word: per clause for review, then written as suggestions and a comment', async () => {
    await host?.stop('SIGKILL');
    host = null;
    // The workspace is made first (the host locks the file), with a section of known clauses.
    const file = path.join(dir, 'draft.sqlite');
    const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources/templates'), seedDemo: true });
    const agreementId = service.listAgreements()[0].id;
    const { bytes } = await editedDraft(service.wordImportPort(), agreementId, 'indlaeggelse-politisk');
    service.close();
    const draft = path.join(dir, 'Forhandlingsudkast rettet.docx');
    fs.writeFileSync(draft, bytes);

    host = await startHostProcess(file, []);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'da-DK' });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(host.url);
    await fillProfile(page);
    await page.getByTestId('agreement-picker').selectOption({ label: 'Indlæs rettelser fra Word …' });
    const dialog = page.getByTestId('word-corrections');
    await dialog.waitFor();
    await page.getByTestId('word-corrections-input').setInputFiles(draft);
    await page.getByTestId('word-corrections-result').waitFor();
    const clauses = page.getByTestId('word-corrections-clause');
    expect(await clauses.count()).toBe(3);
    expect(await clauses.nth(0).textContent()).toMatch(/Indsat af Karen Kommune:\s+straks/);
    expect(await clauses.nth(0).textContent()).toContain('Kommentar fra Karen Kommune: «Kan vi skrive "straks" her?»');
    expect(await clauses.nth(1).textContent()).toContain('Slettet af Karen Kommune: sørger');
    expect(await clauses.nth(2).getByTestId('word-diff').textContent()).toContain('ændret.');
    expect(await page.getByTestId('word-corrections-missing').textContent()).toContain('Egen læge får epikrisen samme dag som udskrivningen.');
    expect(await page.getByTestId('word-corrections-outside').textContent()).toContain('En ny bemærkning uden for klausulerne.');
    await dialog.screenshot({ path: artifactPath('word-corrections-dialog.png') });

    await page.getByTestId('word-corrections-apply').click();
    await expect.poll(() => page.getByTestId('word-corrections-done').textContent()).toBe('Indlæst: 2 ændringsforslag og 1 kommentar. De står til gennemsyn i afsnittene.');
    expect(problems).toEqual([]);
  });
});
