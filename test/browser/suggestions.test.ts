// Suggestion mode on two machines synced through the sync server: both sides agree on a clause; the
// municipality turns on "Foreslå ændringer", replaces a word and deletes another. The agreement still
// holds while the suggestions are pending; the region sees them attributed to the municipality,
// accepts one and rejects the other, and the clause turns "Ændret efter enighed" on both machines.
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.ts';
import { chipStatus, clauseSelector, clickInClause, coChairs, editorText, selectWord, trainingClauseId, useRoom } from '../helpers/people.ts';

const room = useRoom('enighed-suggestions-browser-');

describe('suggestion mode in Chromium', () => {
  it('suggest, see the suggestions on the other machine, accept one and reject one', async () => {
    const { region, kommune } = await coChairs(room, 'main');

    const clauseId = await trainingClauseId(region);
    expect(clauseId).toBeTruthy();
    // Both sides agree on the clause.
    for (const page of [region, kommune]) {
      await clickInClause(page, clauseId);
      await page.keyboard.press('Alt+Shift+E');
    }
    for (const page of [region, kommune]) await expect.poll(() => chipStatus(page, clauseId), { timeout: 10_000 }).toBe('enighed');

    // The municipality turns on suggestion mode with its shortcut; the button shows it.
    const toggle = kommune.getByTestId('tool-suggest');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await toggle.getAttribute('title')).toBe('Foreslå ændringer (Ctrl+Skift+E)');
    await clickInClause(kommune, clauseId);
    await kommune.keyboard.press('Control+Shift+E');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    // It replaces "syv" by "ti" and deletes "efter modtagelse": both stay in the text as suggestions.
    await selectWord(kommune, clauseId, 'syv');
    await kommune.keyboard.type('ti');
    await selectWord(kommune, clauseId, 'efter modtagelse');
    await kommune.keyboard.press('Backspace');
    await kommune.locator('[data-testid=save-status][data-state=saved]').waitFor();
    expect(await kommune.locator(`${clauseSelector(clauseId)} del.suggestion.side-kommune`).allInnerTexts()).toEqual(['syv', 'efter modtagelse']);
    expect(await kommune.locator(`${clauseSelector(clauseId)} ins.suggestion.side-kommune`).innerText()).toBe('ti');
    await kommune.screenshot({ path: artifactPath('suggestions-kommune.png') });

    // The region sees them, attributed to the municipality; pending suggestions keep the agreement.
    const items = region.getByTestId('suggestion-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    expect(await items.evaluateAll((els) => els.map((el) => [el.getAttribute('data-kind'), el.getAttribute('data-side')]))).toEqual([
      ['replacement', 'kommune'],
      ['deletion', 'kommune'],
    ]);
    expect(await items.first().innerText()).toContain('Erstatning');
    expect(await items.first().getByTestId('suggestion-author').innerText()).toContain('Åse Øster (Horsens Kommune) · Kommune');
    expect(await items.nth(1).innerText()).toContain('Sletning');
    expect(await region.getByTestId('accept-all-kommune').innerText()).toBe('Acceptér alle fra Kommune');
    for (const page of [region, kommune]) expect(await chipStatus(page, clauseId)).toBe('enighed');
    await region.screenshot({ path: artifactPath('suggestions.png') });

    // The region accepts the replacement and rejects the deletion.
    await items.first().getByTestId('suggestion-accept').click();
    await expect.poll(() => items.count()).toBe(1);
    await items.first().getByTestId('suggestion-reject').click();
    await region.getByTestId('suggestion-list').waitFor({ state: 'detached' });
    await region.locator('[data-testid=save-status][data-state=saved]').waitFor();

    for (const page of [region, kommune]) {
      await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain('ti dage efter modtagelse');
      expect(await editorText(page)).not.toContain('syv');
      expect(await page.locator(`${clauseSelector(clauseId)} ins, ${clauseSelector(clauseId)} del`).count()).toBe(0);
      // Accepting changed the text both sides agreed on.
      await expect.poll(() => chipStatus(page, clauseId), { timeout: 10_000 }).toBe('aendret');
    }
    await expect.poll(() => kommune.getByTestId('suggestion-item').count()).toBe(0);

    // Both decisions are in the clause's decision log, with what the suggestion was, on both machines.
    for (const page of [region, kommune]) {
      await page.locator(`${clauseSelector(clauseId)} [data-testid=status-chip]`).click();
      const log = page.getByTestId('clause-panel').getByTestId('decision-log');
      await expect.poll(() => log.locator('[data-stance=forslag-accepteret]').count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => log.locator('[data-stance=forslag-afvist]').count(), { timeout: 10_000 }).toBe(1);
      expect(await log.locator('[data-stance=forslag-accepteret]').innerText()).toMatch(/Ændringsforslag accepteret · Søren Ærø[\s\S]*«syv» → «ti» \(forslag fra Åse Øster, Kommune\)/);
      expect(await log.locator('[data-stance=forslag-afvist]').innerText()).toContain('«efter modtagelse»');
    }
    await region.screenshot({ path: artifactPath('suggestions-logged.png') });
  });
});
