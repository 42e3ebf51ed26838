// What changed while you were away, on two machines synced through a real sync server: both change
// the same clause offline and reconnect → *Samtidige ændringer* on both with both versions; one
// changes a number while the other is away → *Nyt siden sidst* with its word diff and the word
// highlighted in the text, until marked seen.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath } from '../helpers/browser.ts';
import { axeViolations } from '../helpers/axe.ts';
import { clauseSelector, coChairs, connectTo, selectWord, trainingClauseId, useRoom } from '../helpers/people.ts';

const room = useRoom('enighed-away-browser-');

async function goOffline(page: Page): Promise<void> {
  await page.getByTestId('sync-status').click();
  await page.getByTestId('sync-dialog').getByRole('button', { name: 'Stop synkronisering' }).click();
  await page.locator('[data-testid=sync-status][data-state=off]').waitFor();
}

/** Replaces `word` in the clause by `replacement`, typed, and waits until it is saved. */
async function replaceWord(page: Page, clauseId: string, word: string, replacement: string): Promise<void> {
  await selectWord(page, clauseId, word);
  await page.keyboard.type(replacement);
  await page.locator('[data-testid=save-status][data-state=saved]').waitFor();
}

const clauseText = (page: Page, clauseId: string) => page.locator(`${clauseSelector(clauseId)} p`).first().innerText();

describe('what changed while you were away, in Chromium', () => {
  it('both change the same clause offline, reconnect: flagged on both with both versions; resolving keeps one', async () => {
    const { region, kommune } = await coChairs(room, 'both');
    const clauseId = await trainingClauseId(region);
    await goOffline(region);
    await goOffline(kommune);
    await replaceWord(region, clauseId, 'syv', 'fem');
    await replaceWord(kommune, clauseId, 'syv', 'ti');

    await connectTo(region, room.server.url);
    await connectTo(kommune, room.server.url);
    for (const [page, ours, theirs, other] of [
      [region, 'fem', 'ti', 'Åse Øster'],
      [kommune, 'ti', 'fem', 'Søren Ærø'],
    ] as const) {
      const item = page.locator(`[data-testid=concurrent-item][data-clause-id="${clauseId}"]`);
      await item.waitFor({ timeout: 10_000 });
      // Each version is the common text with that side's word in place of "syv" (the screen reader's
      // "Indsat: " is part of the element's text).
      expect((await item.getByTestId('concurrent-ours').locator('.diff-text ins').innerText()).replace(/^Indsat:\s*/, '')).toBe(ours);
      expect((await item.getByTestId('concurrent-theirs').locator('.diff-text ins').innerText()).replace(/^Indsat:\s*/, '')).toBe(theirs);
      expect(await item.getByTestId('concurrent-theirs').locator('.diff-text del').innerText()).toContain('syv');
      // Who: the other side's "Senest redigeret af" when the update still carries it (of two written
      // concurrently, Yjs keeps one and drops the other's content).
      expect(await item.getByTestId('concurrent-theirs').innerText()).toMatch(new RegExp(`${other}s version|Den anden sides version`));
      // The merged text keeps both insertions (what Yjs makes of it), shown and marked in the text.
      const merged = await item.getByTestId('concurrent-merged').innerText();
      expect(merged).toContain(ours);
      expect(merged).toContain(theirs);
      await page.locator(`${clauseSelector(clauseId)}.clause-concurrent[data-away=concurrent]`).waitFor();
      // The label is drawn on the clause's border, not put into its text.
      expect(await page.locator(clauseSelector(clauseId)).evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"Samtidige ændringer"');
      // The other side's change is news too (Nyt siden sidst).
      await page.locator(`[data-testid=unseen-item][data-clause-id="${clauseId}"]`).waitFor();
    }
    // Both lists and the marked clause pass axe-core (no serious or critical violations).
    expect(await axeViolations(region)).toEqual([]);
    await region.screenshot({ path: artifactPath('away-concurrent-region.png') });
    await kommune.screenshot({ path: artifactPath('away-concurrent-kommune.png') });
    await kommune.locator(clauseSelector(clauseId)).scrollIntoViewIfNeeded();
    await kommune.locator(clauseSelector(clauseId)).screenshot({ path: artifactPath('away-concurrent-clause.png') });

    // The overview counts it as needing attention; one click opens the clause again.
    await region.getByTestId('open-overview').click();
    const flagged = region.locator('[data-testid=overview-concurrent-item]');
    await flagged.waitFor();
    expect(await flagged.innerText()).toContain('Samtidige ændringer');
    expect(await flagged.innerText()).toContain('Klausul');
    await flagged.locator('button').click();
    await region.locator(`[data-testid=concurrent-item][data-clause-id="${clauseId}"]`).waitFor();

    // The region keeps its own version: an ordinary edit that reaches the municipality; the flag clears.
    await region.locator(`[data-testid=concurrent-item][data-clause-id="${clauseId}"]`).getByTestId('concurrent-keep-ours').click();
    await region.locator('[data-testid=concurrent-list]').waitFor({ state: 'detached' });
    expect(await region.locator(`${clauseSelector(clauseId)}.clause-concurrent`).count()).toBe(0);
    expect(await clauseText(region, clauseId)).toContain('fem dage');
    expect(await clauseText(region, clauseId)).not.toMatch(/(^|\s)ti(\s|$)/);
    await expect.poll(() => clauseText(kommune, clauseId), { timeout: 10_000 }).toContain('fem dage');
    expect(await clauseText(kommune, clauseId)).not.toMatch(/(^|\s)ti(\s|$)/);
    // The municipality's flag is its own to resolve: keep the merged text (now the region's choice).
    await kommune.locator(`[data-testid=concurrent-item][data-clause-id="${clauseId}"]`).getByTestId('concurrent-keep-merged').click();
    await kommune.locator('[data-testid=concurrent-list]').waitFor({ state: 'detached' });
  });

  it('a number changed while the other was away shows in Nyt siden sidst with its diff, highlighted until marked seen', async () => {
    const { region, kommune } = await coChairs(room, 'number');
    for (const page of [region, kommune]) {
      await page.getByTestId('nav-section-indlaeggelse-politisk').click();
      await page.locator('[data-testid=section-editor] section.clause', { hasText: 'tre døgn' }).waitFor();
    }
    const clauseId = (await region.locator('[data-testid=section-editor] section.clause', { hasText: 'tre døgn' }).getAttribute('data-clause-id'))!;
    // The municipality is away (offline, on another section) while the region changes the number.
    await goOffline(kommune);
    await kommune.getByTestId('nav-section-traening-politisk').click();
    await replaceWord(region, clauseId, 'tre', 'to');
    expect(await clauseText(region, clauseId)).toContain('første to døgn');
    // The region's own edit is not news to the region.
    expect(await region.locator('[data-testid=unseen-list]').count()).toBe(0);

    await connectTo(kommune, room.server.url);
    // The navigator marks the section with news before it is opened.
    const mark = kommune.getByTestId('nav-away-indlaeggelse-politisk');
    await mark.waitFor({ timeout: 10_000 });
    expect(await mark.getAttribute('title')).toContain('1 ny ændring');
    await kommune.getByTestId('nav-section-indlaeggelse-politisk').click();
    const item = kommune.locator(`[data-testid=unseen-item][data-clause-id="${clauseId}"]`);
    await item.waitFor({ timeout: 10_000 });
    expect(await item.locator('.diff-text del').innerText()).toContain('tre');
    expect(await item.locator('.diff-text ins').innerText()).toContain('to');
    expect(await item.getByTestId('unseen-by').innerText()).toContain('Søren Ærø (Region');
    // In the text: the clause is marked and the new word highlighted.
    const highlighted = kommune.locator(`${clauseSelector(clauseId)}.clause-unseen .away-inserted`);
    await highlighted.first().waitFor();
    expect(await highlighted.allInnerTexts()).toEqual(['to']);
    await kommune.screenshot({ path: artifactPath('away-unseen-number.png') });
    await kommune.locator(clauseSelector(clauseId)).scrollIntoViewIfNeeded();
    await kommune.locator(clauseSelector(clauseId)).screenshot({ path: artifactPath('away-unseen-clause.png') });

    await item.getByTestId('unseen-seen').click();
    await kommune.locator('[data-testid=unseen-list]').waitFor({ state: 'detached' });
    await mark.waitFor({ state: 'detached' });
    expect(await kommune.locator(`${clauseSelector(clauseId)}.clause-unseen`).count()).toBe(0);
    expect(await kommune.locator('.away-inserted').count()).toBe(0);
    // Seen is kept: opening the section again shows nothing new.
    await kommune.getByTestId('nav-section-traening-politisk').click();
    await kommune.getByTestId('nav-section-indlaeggelse-politisk').click();
    await kommune.locator('[data-testid=section-editor] section.clause', { hasText: 'to døgn' }).waitFor();
    await kommune.waitForTimeout(300);
    expect(await kommune.locator('[data-testid=unseen-list]').count()).toBe(0);
  });
});
