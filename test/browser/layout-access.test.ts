// Layout and access on the main screens, in Chromium: usable at 1024×700 (no sideways scrolling,
// every top-bar control on screen, even with a long profile name) and at 1440×900; status chips one
// tab stop with arrow keys inside, named with their clause number; a skip link to the text; and
// axe-core on the start page, a section, the clause panel and the overview with no serious or
// critical violations (WCAG 2.1 AA contrast included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import { startHostProcess, type HostProcess } from '../helpers/hostProcess.ts';
import { fillProfile, saveProfileAndOpen, seedWorkspaces } from '../helpers/people.ts';
import { axeViolations } from '../helpers/axe.ts';

let browser: Browser;
const hosts: HostProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-layout-browser-'));
const longName = 'Anne-Mette Østergaard Christiansen-Bækgaard Vestergaard';

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.stop('SIGKILL')));
});

async function open(name: string, seed: boolean, viewport: { width: number; height: number }): Promise<Page> {
  const workspace = path.join(dir, `${name}.sqlite`);
  if (seed) seedWorkspaces(workspace);
  const host = await startHostProcess(workspace);
  hosts.push(host);
  const page = await browser.newPage({ viewport, locale: 'da-DK' });
  await page.goto(host.url);
  return page;
}

/** Whether the page scrolls sideways, and which top-bar controls are not wholly on screen. */
async function layoutProblems(page: Page): Promise<{ sideways: boolean; offscreen: string[] }> {
  return page.evaluate(() => {
    // The page, and the scrolling areas inside it (the navigator, the text or overview).
    const sideways =
      document.documentElement.scrollWidth > window.innerWidth ||
      [...document.querySelectorAll<HTMLElement>('.app-body, .sidebar, main.editor-area')].some((el) => el.scrollWidth > el.clientWidth + 1);
    const offscreen: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.top-bar button, .top-bar select, .top-bar [role=status], .top-bar a')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.left < 0 || box.right > window.innerWidth + 0.5 || box.top < 0 || box.bottom > window.innerHeight) {
        offscreen.push(el.getAttribute('data-testid') ?? el.textContent ?? el.tagName);
      }
    }
    return { sideways, offscreen };
  });
}

describe('layout and access', () => {
  it('the start page passes axe-core', async () => {
    const page = await open('start', false, { width: 1024, height: 700 });
    await fillProfile(page, longName);
    await page.getByTestId('create-agreement').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await layoutProblems(page)).toEqual({ sideways: false, offscreen: [] });
    await page.screenshot({ path: artifactPath('layout-start-1024.png') });
    await page.close();
  });

  for (const viewport of [
    { width: 1024, height: 700 },
    { width: 1440, height: 900 },
  ]) {
    it(`a section, the clause panel and the overview at ${viewport.width}×${viewport.height}: no sideways scroll, the top bar on screen, axe-core clean`, async () => {
      const page = await open(`section-${viewport.width}`, true, viewport);
      await saveProfileAndOpen(page, longName, 'kommune');
      await page.screenshot({ path: artifactPath(`layout-section-${viewport.width}.png`) });
      expect(await layoutProblems(page)).toEqual({ sideways: false, offscreen: [] });
      // The long name is cut with an ellipsis, not wrapped or pushed out.
      const name = page.locator('.profile-name');
      expect(await name.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
      expect(await axeViolations(page)).toEqual([]);

      // The clause panel: the section text stays usable beside or under it, nothing sideways.
      const chip = page.locator('[data-testid=section-editor] [data-testid=status-chip]').first();
      await chip.click();
      const panel = page.getByTestId('clause-panel');
      await panel.waitFor();
      await page.screenshot({ path: artifactPath(`layout-panel-${viewport.width}.png`) });
      expect(await layoutProblems(page)).toEqual({ sideways: false, offscreen: [] });
      // The toolbar does not cover the panel's header.
      const covered = await page.evaluate(() => {
        const head = document.querySelector('.clause-panel-head')!.getBoundingClientRect();
        const x = head.left + Math.min(40, head.width / 2);
        const y = head.top + head.height / 2;
        return !document.elementFromPoint(x, y)?.closest('.clause-panel');
      });
      expect(covered).toBe(false);
      const textWidth = await page.locator('[data-testid=section-editor]').evaluate((el) => el.getBoundingClientRect().width);
      expect(textWidth).toBeGreaterThan(400);
      expect(await axeViolations(page)).toEqual([]);
      // Closed again, the navigator is back.
      await panel.getByRole('button', { name: 'Luk klausulpanelet' }).click();
      await panel.waitFor({ state: 'detached' });
      await page.getByTestId('open-overview').click();
      await page.getByTestId('overview').waitFor();
      expect(await layoutProblems(page)).toEqual({ sideways: false, offscreen: [] });
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: artifactPath(`layout-overview-${viewport.width}.png`) });
      await page.close();
    });
  }

  it('skip link to the text, status chips as one tab stop with arrow keys, named with the clause number', async () => {
    const page = await open('keyboard', true, { width: 1024, height: 700 });
    await saveProfileAndOpen(page, 'Søren Ærø', 'region');
    // As the page is first shown: the first Tab reaches the skip link.
    await page.reload();
    await page.locator('[data-testid=section-editor] .ProseMirror').waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip-to-text');
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.innerText()).toBe('Gå til teksten');
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);

    // The chips: one of them in the tab order; the arrow keys move between them.
    const chips = page.locator('[data-testid=section-editor] [data-testid=status-chip]');
    const count = await chips.count();
    expect(count).toBeGreaterThanOrEqual(2);
    const tabIndexes = await chips.evaluateAll((els) => els.map((el) => (el as HTMLElement).tabIndex));
    expect(tabIndexes.filter((t) => t === 0)).toHaveLength(1);
    const names = await chips.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    expect(names[0]).toMatch(/^Klausul 2\.1: status /);
    expect(names[1]).toMatch(/^Klausul 2\.2: status /);
    await chips.first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await chips.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await chips.evaluateAll((els) => els.map((el) => (el as HTMLElement).tabIndex))).toEqual(tabIndexes.map((_, i) => (i === 1 ? 0 : -1)));
    await page.keyboard.press('End');
    expect(await chips.nth(count - 1).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Home');
    expect(await chips.first().evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await chips.nth(count - 1).evaluate((el) => el === document.activeElement)).toBe(true);
    // Enter opens that clause's panel.
    await page.keyboard.press('Enter');
    await page.getByTestId('clause-panel').waitFor();
    expect(await page.locator('#clause-panel-title').innerText()).toBe(`Klausul 2.${count}`);

    // Every chip's longest label fits on one line inside its pill.
    const fits = await page.evaluate(() => {
      const chip = document.querySelector<HTMLElement>('[data-testid=section-editor] [data-testid=status-chip]')!;
      const results: Record<string, boolean> = {};
      const original = chip.firstChild!.textContent;
      for (const label of ['Ændret efter enighed', 'Uenighed', 'Frivilligt', 'Enighed', 'Åben']) {
        chip.firstChild!.textContent = label;
        const style = getComputedStyle(chip);
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
        results[label] = chip.scrollWidth <= chip.clientWidth + 0.5 && chip.getBoundingClientRect().height < lineHeight * 1.9;
      }
      chip.firstChild!.textContent = original;
      return results;
    });
    expect(fits).toEqual({ 'Ændret efter enighed': true, Uenighed: true, Frivilligt: true, Enighed: true, Åben: true });
    await page.close();
  });
});
