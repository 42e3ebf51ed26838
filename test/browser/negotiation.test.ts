// Two co-chairs negotiate a clause on two machines synced through the sync server: both agree →
// Enighed; the municipality changes a word → Ændret efter enighed, with the diff in the region's
// clause panel; the region disputes with a reason and an alternative → Uenighed in both overviews.
// Then comments: a shared thread with a reply survives the deletion of its text; an internal thread
// of the region never reaches the municipality's machine.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath } from '../helpers/browser.ts';
import { chipStatus, clauseSelector, clickInClause, coChairs, selectWord, trainingClauseId, useRoom, workspaceBytes } from '../helpers/people.ts';

const room = useRoom('enighed-negotiation-browser-');

async function comment(page: Page, clauseId: string, word: string, text: string, visibility: 'shared' | 'internal'): Promise<void> {
  await selectWord(page, clauseId, word);
  await page.getByTestId('add-comment').click();
  const form = page.getByTestId('new-thread');
  await form.locator('[name=comment]').fill(text);
  await form.locator(`[name=visibility][value=${visibility}]`).check();
  await form.getByTestId('submit-thread').click();
  await form.waitFor({ state: 'detached' });
}

describe('negotiation in Chromium', () => {
  it('agree, stale after an edit with the diff shown, dispute with alternative, overview on both machines', async () => {
    const { region, kommune } = await coChairs(room, 'main');

    const clauseId = await trainingClauseId(region);
    expect(clauseId).toBeTruthy();
    expect(await chipStatus(region, clauseId)).toBe('aaben');
    expect(await region.locator(`${clauseSelector(clauseId)} [data-testid=status-chip]`).innerText()).toBe('Åben');

    // The region agrees from the clause panel (opened by its chip) …
    await region.locator(`${clauseSelector(clauseId)} [data-testid=status-chip]`).click();
    const regionPanel = region.getByTestId('clause-panel');
    await regionPanel.getByTestId('agree').click();
    await expect.poll(() => chipStatus(region, clauseId)).toBe('afventer');
    await expect.poll(() => chipStatus(kommune, clauseId), { timeout: 10_000 }).toBe('afventer');
    // Agreeing again on the same text (the shortcut, twice) adds no entry to the log.
    await clickInClause(region, clauseId);
    await region.keyboard.press('Alt+Shift+E');
    await region.keyboard.press('Alt+Shift+E');
    await region.waitForTimeout(500);
    expect(await regionPanel.getByTestId('decision-log').locator('li').count()).toBe(1);
    // An entry shows a quote of the text it was taken on and its time; the hash is a detail.
    const first = regionPanel.getByTestId('decision-log').locator('li').first();
    expect(await first.getByTestId('log-quote').innerText()).toContain('Kommunen tilbyder en første træningsaftale');
    expect(await first.locator('details.log-hash').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);

    // … the municipality with the shortcut in the clause's text.
    await clickInClause(kommune, clauseId);
    await kommune.keyboard.press('Alt+Shift+E');
    for (const page of [region, kommune]) {
      await expect.poll(() => chipStatus(page, clauseId), { timeout: 10_000 }).toBe('enighed');
      expect(await page.locator(`${clauseSelector(clauseId)} [data-testid=status-chip]`).innerText()).toBe('Enighed');
    }
    await expect(kommune.getByTestId('clause-panel').getByTestId('position-region').innerText()).resolves.toContain('Søren Ærø');

    // The municipality changes one word: the agreement is stale on both machines.
    await selectWord(kommune, clauseId, 'syv');
    await kommune.keyboard.type('ti');
    await kommune.locator('[data-testid=save-status][data-state=saved]').waitFor();
    for (const page of [kommune, region]) {
      await expect.poll(() => chipStatus(page, clauseId), { timeout: 10_000 }).toBe('aendret');
    }
    expect(await region.locator(`${clauseSelector(clauseId)} [data-testid=status-chip]`).innerText()).toBe('Ændret efter enighed');
    const regionStale = regionPanel.getByTestId('stale-region');
    await expect.poll(() => regionStale.locator('del').last().innerText()).toContain('syv');
    expect(await regionStale.locator('ins').last().innerText()).toContain('ti');
    expect(await regionStale.getByRole('button', { name: 'Bekræft den nye tekst' }).isVisible()).toBe(true);

    // The municipality confirms its own change in one click; the region's agreement is still stale.
    const kommuneStale = kommune.getByTestId('clause-panel').getByTestId('stale-kommune');
    await kommuneStale.getByTestId('reconfirm').click();
    await kommuneStale.waitFor({ state: 'detached' });
    await expect.poll(() => kommune.getByTestId('clause-panel').getByTestId('position-kommune').innerText()).not.toContain('tidligere tekst');
    expect(await chipStatus(kommune, clauseId)).toBe('aendret');

    // The region disputes, with a reason and an alternative wording.
    // The button opens the form, and so does Alt+Shift+U in the clause's text (with the reason focused).
    await regionPanel.getByTestId('dispute').click();
    const form = regionPanel.getByTestId('dispute-form');
    await form.getByRole('button', { name: 'Annullér' }).click();
    await form.waitFor({ state: 'detached' });
    await clickInClause(region, clauseId);
    await region.keyboard.press('Alt+Shift+U');
    await form.waitFor();
    await expect.poll(() => region.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('reason');
    await form.getByRole('button', { name: 'Registrér uenighed' }).click();
    await expect(form.getByRole('alert').innerText()).resolves.toContain('begrundelse');
    await form.locator('[name=reason]').fill('Ti dage er for lang ventetid for borgeren.');
    await form.locator('[name=alternative]').fill('Kommunen tilbyder en første træningsaftale senest otte dage efter modtagelse af genoptræningsplanen.');
    await form.getByRole('button', { name: 'Registrér uenighed' }).click();
    for (const page of [region, kommune]) {
      await expect.poll(() => chipStatus(page, clauseId), { timeout: 10_000 }).toBe('uenighed');
    }
    await regionPanel.getByTestId('alternative-region').waitFor();
    // The region's own alternative offers no take-over; the municipality takes it over in one click,
    // as a suggestion (the text changes only if it is accepted).
    expect(await regionPanel.getByTestId('use-wording').count()).toBe(0);
    await kommune.getByTestId('clause-panel').getByTestId('alternative-region').getByTestId('use-wording').click();
    for (const page of [kommune, region]) {
      const item = page.getByTestId('suggestion-item');
      await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
      expect(await item.getAttribute('data-side')).toBe('kommune');
      expect(await item.innerText()).toContain('senest otte dage efter modtagelse');
    }
    expect(await kommune.getByTestId('tool-suggest').getAttribute('aria-pressed')).toBe('false');
    await kommune.screenshot({ path: artifactPath('use-wording.png') });
    expect(await regionPanel.getByTestId('decision-log').locator('li').count()).toBe(4);
    expect(await regionPanel.getByTestId('decision-log').locator('li').first().innerText()).toContain('Uenig');
    await region.screenshot({ path: artifactPath('clause-panel.png') });

    // Alt+Shift+N from the start of the section jumps to the disputed clause.
    const firstClause = region.locator('[data-testid=section-editor] section.clause').first();
    await firstClause.locator('p').first().click();
    await firstClause.and(region.locator('.is-current')).waitFor();
    await region.keyboard.press('Alt+Shift+N');
    await expect
      .poll(() => region.evaluate(() => window.getSelection()?.anchorNode?.parentElement?.closest('section.clause')?.getAttribute('data-clause-id')))
      .toBe(clauseId);

    // The log exports as CSV with Danish headers.
    const [download] = await Promise.all([region.waitForEvent('download'), regionPanel.getByTestId('export-log').click()]);
    const csvFile = path.join(room.dir, download.suggestedFilename());
    await download.saveAs(csvFile);
    const csv = fs.readFileSync(csvFile, 'utf8');
    expect(csv).toContain('Tidspunkt;Klausul;Navn');
    expect(csv).toContain('Ti dage er for lang ventetid for borgeren.');
    // Times in local time with the offset (as the UI shows them), not UTC's "…Z".
    const firstRow = csv.split('\r\n')[1];
    expect(firstRow).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d;/);

    // The region withdraws its dispute: logged, and the clause no longer counts it.
    await regionPanel.getByTestId('withdraw').click();
    for (const page of [region, kommune]) {
      await expect.poll(() => chipStatus(page, clauseId), { timeout: 10_000 }).toBe('afventer');
    }
    expect(await regionPanel.getByTestId('decision-log').locator('li').count()).toBe(5);
    expect(await regionPanel.getByTestId('decision-log').locator('li').first().innerText()).toContain('Standpunkt trukket tilbage');
    expect(await regionPanel.getByTestId('position-region').innerText()).toContain('trukket tilbage');
    await region.screenshot({ path: artifactPath('clause-panel-withdrawn.png') });
    // Disputed again, for the overview below.
    await regionPanel.getByTestId('dispute').click();
    await form.locator('[name=reason]').fill('Ti dage er for lang ventetid for borgeren.');
    await form.getByRole('button', { name: 'Registrér uenighed' }).click();
    await expect.poll(() => chipStatus(region, clauseId), { timeout: 10_000 }).toBe('uenighed');

    // The overview on both machines shows the dispute with both positions.
    for (const page of [region, kommune]) {
      await page.getByTestId('open-overview').click();
      const item = page.getByTestId('attention-item').filter({ hasText: 'Ti dage er for lang ventetid' });
      await item.waitFor({ timeout: 10_000 });
      expect(await item.getAttribute('data-status')).toBe('uenighed');
      expect(await item.innerText()).toContain('Åse Øster');
      await expect.poll(() => page.getByTestId('overview-total').locator('td[data-status=uenighed]').innerText()).toBe('1');
    }
    await kommune.screenshot({ path: artifactPath('overview.png') });

    // One click opens the section with the clause selected and its panel open.
    await kommune.getByTestId('attention-item').filter({ hasText: 'Ti dage er for lang ventetid' }).getByRole('button').first().click();
    const kommunePanel = kommune.getByTestId('clause-panel');
    await kommunePanel.waitFor();
    expect(await kommunePanel.getByTestId('panel-status').getAttribute('data-status')).toBe('uenighed');
    expect(await kommunePanel.getByTestId('position-region').innerText()).toContain('Ti dage er for lang ventetid');
  });

  it('comment threads: replies, resolve, survive deletion of their text; internal ones stay on their side', async () => {
    const { region, kommune, regionFile, kommuneFile } = await coChairs(room, 'comments');
    const clauseId = await trainingClauseId(region);

    // Nothing selected: a clear message instead of an empty thread.
    await clickInClause(region, clauseId);
    await region.getByTestId('add-comment').click();
    await expect(region.getByTestId('editor-notice').innerText()).resolves.toContain('Markér den tekst');

    await comment(region, clauseId, 'syv dage', 'Er syv dage realistisk i sommerferien?', 'shared');
    await comment(region, clauseId, 'genoptræningsplanen', 'INTERN-REGION: vi kan acceptere ti dage', 'internal');
    const regionThreads = region.getByTestId('comments-panel').getByTestId('thread');
    await expect.poll(() => regionThreads.count()).toBe(2);
    expect(await region.locator('.ProseMirror .comment-anchor').first().innerText()).toBe('syv dage');
    expect(await region.locator('.ProseMirror .comment-internal').innerText()).toBe('genoptræningsplanen');
    await region.locator('[data-testid=save-status][data-state=saved]').waitFor();

    // The municipality sees the shared thread on the same words, and answers.
    await kommune.getByTestId('toggle-comments').click();
    const kommuneThreads = kommune.getByTestId('comments-panel').getByTestId('thread');
    await expect.poll(() => kommuneThreads.count(), { timeout: 10_000 }).toBe(1);
    expect(await kommuneThreads.first().innerText()).toContain('Er syv dage realistisk i sommerferien?');
    expect(await kommuneThreads.first().getAttribute('data-visibility')).toBe('shared');
    await expect.poll(() => kommune.locator('.ProseMirror .comment-anchor').first().innerText()).toBe('syv dage');
    await kommuneThreads.first().locator('textarea').fill('Vi foreslår at måle det over hele året.');
    await kommuneThreads.first().getByTestId('reply').click();
    const shared = regionThreads.filter({ hasText: 'Er syv dage realistisk' });
    await expect.poll(() => shared.innerText(), { timeout: 10_000 }).toContain('Vi foreslår at måle det over hele året.');
    expect(await shared.innerText()).toContain('Åse Øster');

    // The municipality deletes the commented words: the thread stays, "on deleted text", on both machines.
    await selectWord(kommune, clauseId, 'syv dage');
    await kommune.keyboard.press('Backspace');
    await kommune.locator('[data-testid=save-status][data-state=saved]').waitFor();
    await expect.poll(() => shared.getAttribute('data-deleted'), { timeout: 10_000 }).toBe('true');
    expect(await shared.innerText()).toContain('På slettet tekst');
    expect(await shared.innerText()).toContain('syv dage');
    await expect.poll(() => kommuneThreads.first().getAttribute('data-deleted')).toBe('true');
    await region.screenshot({ path: artifactPath('comments.png') });

    // Resolve and reopen, seen on the other machine.
    await shared.getByTestId('resolve').click();
    await expect.poll(() => kommuneThreads.count(), { timeout: 10_000 }).toBe(0);
    await kommune.getByTestId('toggle-resolved').click();
    await expect.poll(() => kommuneThreads.first().innerText()).toContain('Løst af Søren Ærø');
    await kommuneThreads.first().getByTestId('reopen').click();
    await expect.poll(() => regionThreads.count(), { timeout: 10_000 }).toBe(2);

    // The internal thread: in the region's data, nowhere in the municipality's.
    await kommune.locator('[data-testid=sync-status][data-state=synced]').waitFor();
    await region.locator('[data-testid=sync-status][data-state=synced]').waitFor();
    expect(await kommune.locator('.ProseMirror .comment-internal').count()).toBe(0);
    expect(await kommune.getByTestId('comments-panel').innerText()).not.toContain('INTERN-REGION');
    expect(workspaceBytes(regionFile).includes('INTERN-REGION')).toBe(true);
    expect(workspaceBytes(kommuneFile).includes('INTERN-REGION')).toBe(false);
    expect(workspaceBytes(kommuneFile).includes('Vi foreslår at måle det over hele året.')).toBe(true);
  });
});
