// Word-grade editing in Chromium, by keyboard as a Word user works: a table built, grown and shrunk
// (and a column widened by dragging its edge)
// from the table menu and its shortcuts, Tab through the cells and out of the last one (a new row;
// the text typed next lands in it), and a sub-goal filled in field by field with Tab. Focus stays in
// the editor throughout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import type { HostProcess } from '../helpers/hostProcess.ts';
import { clickInClause, openPerson, seedWorkspaces, trainingClauseId } from '../helpers/people.ts';

let browser: Browser;
const hosts: HostProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-editing-browser-'));
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const workspace = path.join(dir, 'editing.sqlite');
  seedWorkspaces(workspace);
  page = await openPerson(browser, hosts, workspace, 'Søren Ærø', 'region');
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.stop('SIGKILL')));
});

const editorFocused = () => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror') ?? false);

/** The table's cells as text, row by row; header cells are prefixed "H:". */
const tableGrid = () =>
  page.locator('[data-testid=section-editor] table').evaluate((table) =>
    [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((cell) => `${cell.tagName === 'TH' ? 'H:' : ''}${cell.textContent}`)),
  );

describe('editing as in Word, by keyboard', () => {
  it('builds a 4×3 table with a header row, adds and deletes rows and columns, and Tab out of the last cell adds a row', async () => {
    const clauseId = await trainingClauseId(page);
    await clickInClause(page, clauseId);
    await page.keyboard.press('End');

    // The table menu from the text: Alt+Skift+T; its first item inserts a 3×3 table.
    await page.keyboard.press('Alt+Shift+T');
    const menu = page.getByTestId('table-menu');
    await menu.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('table-insert-table');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await page.locator('[data-testid=section-editor] table').waitFor();
    expect(await editorFocused()).toBe(true);

    // A fourth row (shortcut), then the header row from the menu with the arrow keys.
    await page.keyboard.press('Alt+Shift+ArrowDown');
    await page.keyboard.press('Alt+Shift+T');
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').or(menu.getByRole('menuitemcheckbox')).allInnerTexts();
    expect(items.some((t) => t.includes('Overskriftsrække'))).toBe(true);
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('table-header-row');
    await page.keyboard.press('Enter');
    expect(await editorFocused()).toBe(true);
    expect((await tableGrid()).map((row) => row.length)).toEqual([3, 3, 3, 3]);

    // Type every cell with Tab between them.
    const texts = ['Ydelse', 'Frist', 'Ansvar', 'Genoptræning', '7 dage', 'Kommune', 'Hjælpemidler', '14 dage', 'Kommune', 'Specialiseret', '3 dage', 'Region'];
    for (const [i, text] of texts.entries()) {
      await page.keyboard.type(text);
      if (i < texts.length - 1) await page.keyboard.press('Tab');
    }
    expect(await tableGrid()).toEqual([
      ['H:Ydelse', 'H:Frist', 'H:Ansvar'],
      ['Genoptræning', '7 dage', 'Kommune'],
      ['Hjælpemidler', '14 dage', 'Kommune'],
      ['Specialiseret', '3 dage', 'Region'],
    ]);
    expect(await editorFocused()).toBe(true);
    await page.screenshot({ path: artifactPath('table-4x3.png') });

    // Tab in the last cell adds a row; what is typed next lands in its first cell.
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ny række');
    expect(await editorFocused()).toBe(true);
    let grid = await tableGrid();
    expect(grid).toHaveLength(5);
    expect(grid[4]).toEqual(['Ny række', '', '']);

    // A column to the right and away again; the row away again.
    await page.keyboard.press('Alt+Shift+ArrowRight');
    expect((await tableGrid()).map((row) => row.length)).toEqual([4, 4, 4, 4, 4]);
    // Into the new column (Tab), and delete it (the column holding the cursor, as in Word).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Alt+Shift+Delete');
    expect((await tableGrid()).map((row) => row.length)).toEqual([3, 3, 3, 3, 3]);
    await page.keyboard.press('Alt+Shift+Backspace');
    grid = await tableGrid();
    expect(grid).toHaveLength(4);
    expect(grid.flat()).not.toContain('Ny række');
    // Shift+Tab walks back and never leaves the table.
    for (let i = 0; i < 15; i++) await page.keyboard.press('Shift+Tab');
    expect(await editorFocused()).toBe(true);
    await page.keyboard.type('Ydelsen');
    expect((await tableGrid())[0][0]).toBe('H:Ydelsen');

    // A column made wider by dragging its right edge: the width is the cells' colwidth.
    const firstCell = page.locator('[data-testid=section-editor] table th').first();
    const box = (await firstCell.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await page.locator('[data-testid=section-editor] .column-resize-handle').first().waitFor();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width + 60, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const widened = Number(await firstCell.getAttribute('data-colwidth'));
    expect(widened).toBeGreaterThan(box.width + 40);
    expect((await firstCell.boundingBox())!.width).toBeGreaterThan(box.width + 40);
    await page.locator('[data-testid=save-status][data-state=saved]').waitFor();
  });

  it('loses no keystroke typed right after Ny klausul or a jump to the end, in a section of 60 clauses', async () => {
    // Clauses off screen are not laid out (content-visibility, styles.css); the one holding the
    // cursor always is, so a key typed before the browser's next frame lands in it.
    await clickInClause(page, await trainingClauseId(page));
    const typed: string[] = [];
    for (let i = 1; i <= 60; i++) {
      await page.getByRole('button', { name: 'Ny klausul' }).click();
      const text = `Klausul nummer ${i} skrevet straks.`;
      await page.keyboard.type(text);
      typed.push(text);
    }
    // A jump to the start and back to the end (the clauses between are off screen), typing at once.
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Først: ');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Sidst.');
    const texts = await page.locator('[data-testid=section-editor] .ProseMirror').evaluate((editor) => [...editor.querySelectorAll('section.clause p')].map((p) => p.textContent ?? ''));
    for (const text of typed) expect(texts).toContain(text);
    expect(await page.locator('[data-testid=section-editor] .ProseMirror').evaluate((editor) => editor.textContent ?? '')).toMatch(/^Først: /);
    expect(await page.locator('[data-testid=section-editor] .ProseMirror').evaluate((editor) => editor.textContent ?? '')).toMatch(/ Sidst\.$/);
  });

  it('fills in every field of a sub-goal with Tab, with labels and placeholders shown', async () => {
    const clauseId = await trainingClauseId(page);
    await page.locator(`[data-testid=section-editor] section.clause[data-clause-id="${clauseId}"] p`).first().click();
    await page.keyboard.press('End');
    await page.getByTestId('tool-subgoal').click();
    const subgoals = page.locator('[data-testid=section-editor] .subgoal');
    await expect.poll(() => subgoals.evaluateAll((els) => els.some((el) => el.textContent === ''))).toBe(true);
    const subgoal = subgoals.nth(await subgoals.evaluateAll((els) => els.findIndex((el) => el.textContent === '')));
    // Labels and placeholders of the empty fields, as the page draws them.
    const drawn = await subgoal.locator('.subgoal-field').evaluateAll((fields) =>
      fields.map((f) => [getComputedStyle(f, '::before').content, getComputedStyle(f, '::after').content]),
    );
    expect(drawn.map(([label]) => label)).toEqual(['"Delmål"', '"Indikator"', '"Sådan måles"', '"Baseline"', '"Mål"']);
    expect(drawn.map(([, placeholder]) => placeholder)).toEqual(['"Skriv delmålet …"', '"Hvad følges der på?"', '"Datakilde og metode"', '"Niveau i dag (år)"', '"Niveau ved aftalens udløb"']);
    expect(await subgoal.evaluate((el) => getComputedStyle(el, '::after').content)).toContain('Tab');
    await page.screenshot({ path: artifactPath('subgoal-empty.png') });

    const values = ['Færre genindlæggelser', 'Andel genindlagte inden 30 dage', 'Landspatientregistret', '12 % (2024)', '8 %'];
    for (const [i, value] of values.entries()) {
      await page.keyboard.type(value);
      if (i < values.length - 1) await page.keyboard.press('Tab');
      expect(await editorFocused()).toBe(true);
    }
    expect(await subgoal.locator('.subgoal-field').allInnerTexts()).toEqual(values);
    // Back one field with Shift+Tab: its text is selected and replaced by what is typed.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('11 % (2024)');
    expect(await subgoal.locator('.subgoal-field').nth(3).innerText()).toBe('11 % (2024)');
    // Tab in the last field leaves the sub-goal for the text after it, still in the editor.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Efter delmålet');
    expect(await editorFocused()).toBe(true);
    expect(await subgoal.innerText()).not.toContain('Efter delmålet');
    expect(await page.locator('[data-testid=section-editor]').innerText()).toContain('Efter delmålet');
    await page.screenshot({ path: artifactPath('subgoal-filled.png') });
  });
});

describe('paste from Word in the editor', () => {
  it('a real paste event with Word HTML gives nested lists, the table and underline, no footnote link, and the notice', async () => {
    const html = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/paste/word-2016.html'), 'utf8');
    const editor = page.locator('[data-testid=section-editor] .ProseMirror');
    const tablesBefore = await editor.locator('table').count();
    const clauseId = await trainingClauseId(page);
    await page.locator(`[data-testid=section-editor] section.clause[data-clause-id="${clauseId}"] p`).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await editor.evaluate((el, data) => {
      const transfer = new DataTransfer();
      transfer.setData('text/html', data);
      transfer.setData('text/plain', 'Genoptræning efter udskrivning');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, html);

    await expect.poll(() => editor.locator('li > p', { hasText: /^I eget hjem$/ }).count()).toBe(1);
    // Nested lists: the second-level items sit in a list inside the first item.
    expect(await editor.locator('ul > li:has-text("Almen genoptræning") > ul > li').allInnerTexts()).toEqual(['På hold i kommunens træningscenter', 'I eget hjem']);
    expect(await editor.locator('ol > li:has-text("Hospitalet udarbejder planen") > ol > li').allInnerTexts()).toEqual(['Senest ved udskrivning']);
    expect(await editor.innerText()).not.toContain('·');
    expect(await editor.locator('table').count()).toBe(tablesBefore + 1);
    expect(await editor.locator('td', { hasText: '7 dage' }).count()).toBeGreaterThan(0);
    expect(await editor.locator('u').allInnerTexts()).toContain('sundhedslovens § 140');
    expect(await editor.locator('s').allInnerTexts()).toContain('Fristen var tidligere 14 dage.');
    expect(await editor.locator('a[href^="#"], a[href*="_ftn"]').count()).toBe(0);
    expect(await editor.innerText()).not.toContain('[1]');

    const notice = page.getByTestId('editor-notice');
    await notice.waitFor();
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.innerText()).toContain('Indsat fra Word. Udeladt: 1 billede, 1 fodnote og tekstfarver');
    await page.locator('[data-testid=save-status][data-state=saved]').waitFor();
    await page.screenshot({ path: artifactPath('paste-word.png') });
  });
});
