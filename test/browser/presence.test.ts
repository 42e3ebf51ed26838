// Presence on two machines: two test hosts, each with its own workspace file, synced through a real
// sync server that knows each person by their grant. Each sees the other's avatar (section header
// and navigator) and labelled cursor within a second, and loses them within five seconds after the
// other leaves the section and then closes the app; and within five seconds after the other's
// connection went silent (no goodbye, no closed socket: a relay that stops passing anything).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import { clickInClause, openPerson, seedWorkspaces, trainingClauseId } from '../helpers/people.ts';
import type { HostProcess } from '../helpers/hostProcess.ts';
import { startSyncServer, SERVER_WORKSPACE_FILE, type SyncServer } from '../../electron/server/server.ts';
import { hashToken, type AccessFile } from '../../electron/sync/access.ts';
import { Store } from '../../electron/store/store.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { startSilentProxy } from '../helpers/silentProxy.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';

const TOKENS = { region: 'soerens-adgang-til-serveren', kommune: 'aases-adgang-til-serveren' } as const;

let browser: Browser;
let server: SyncServer;
const hosts: HostProcess[] = [];
const dir = tempDir('enighed-presence-browser-');
const regionFile = path.join(dir, 'region.sqlite');
const kommuneFile = path.join(dir, 'kommune.sqlite');
/** Two more machines with the same agreement, for the silent connection. */
const silentFiles = { region: path.join(dir, 'silent-region.sqlite'), kommune: path.join(dir, 'silent-kommune.sqlite') };

beforeAll(async () => {
  seedWorkspaces(regionFile, kommuneFile, silentFiles.region, silentFiles.kommune);
  // The server starts with the same agreement (as after the secretariat's first sync).
  const serverDir = path.join(dir, 'server');
  fs.mkdirSync(serverDir);
  fs.copyFileSync(regionFile, path.join(serverDir, SERVER_WORKSPACE_FILE));
  const store = Store.open(regionFile);
  const agreementIds = store.agreementIds();
  const agreement = readAgreement(store.loadYDoc(structureDocId(agreementIds[0])));
  const themeGroupIds = agreement?.sections.filter((s) => s.id === 'traening-politisk').flatMap((s) => (s.themeGroupId ? [s.themeGroupId] : [])) ?? [];
  store.close();
  const access: AccessFile = {
    version: 1,
    grants: [
      { tokenSha256: hashToken(TOKENS.region), name: 'Søren Ærø', organisation: 'Region Midtjylland', side: 'region', rights: 'secretariat', themeGroupIds: [], agreementIds },
      { tokenSha256: hashToken(TOKENS.kommune), name: 'Åse Øster', organisation: 'Horsens Kommune', side: 'kommune', rights: 'member', themeGroupIds, agreementIds },
    ],
  };
  server = await startSyncServer({ dataDir: serverDir, access, quiet: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.stop('SIGKILL')));
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function connect(page: Page, token: string, url = server.url): Promise<void> {
  await page.getByTestId('sync-status').click();
  const dialog = page.getByTestId('sync-dialog');
  await dialog.locator('[name=url]').fill(url);
  await dialog.locator('[name=token]').fill(token);
  await dialog.getByRole('button', { name: 'Forbind' }).click();
  await page.locator('[data-testid=sync-status][data-state=synced]').waitFor({ timeout: 20_000 });
  await page.keyboard.press('Escape');
}

const remoteCursor = (page: Page, name: string) => page.locator('[data-testid=section-editor] [data-testid=remote-cursor]', { hasText: name });
const sectionAvatar = (page: Page, name: string) => page.locator(`[data-testid=section-presence] [data-name="${name}"]`);
const navAvatar = (page: Page, sectionId: string, name: string) => page.locator(`[data-testid=nav-presence-${sectionId}] [data-name="${name}"]`);

/** Milliseconds until `probe` is visible (fails after `ms`). */
async function msUntilVisible(probe: ReturnType<Page['locator']>, ms: number): Promise<number> {
  const t0 = Date.now();
  await probe.first().waitFor({ state: 'visible', timeout: ms });
  return Date.now() - t0;
}

async function msUntilGone(probe: ReturnType<Page['locator']>, ms: number): Promise<number> {
  const t0 = Date.now();
  await expect.poll(() => probe.count(), { timeout: ms, interval: 50 }).toBe(0);
  return Date.now() - t0;
}

describe('presence in Chromium', () => {
  it('shows who is here and where their cursor is, within a second, and takes it away within five seconds', async () => {
    const region = await openPerson(browser, hosts, regionFile, 'Søren Ærø', 'region');
    const kommune = await openPerson(browser, hosts, kommuneFile, 'Åse Øster', 'kommune');
    const kommuneHost = hosts[hosts.length - 1];
    await connect(region, TOKENS.region);
    await connect(kommune, TOKENS.kommune);
    const clauseId = await trainingClauseId(region);

    // Both are on the training section: each sees the other's avatar, named by the server.
    const seen = {
      regionSeesKommune: await msUntilVisible(sectionAvatar(region, 'Åse Øster'), 5_000),
      kommuneSeesRegion: await msUntilVisible(sectionAvatar(kommune, 'Søren Ærø'), 5_000),
    };
    expect(await sectionAvatar(region, 'Åse Øster').getAttribute('data-side')).toBe('kommune');
    await navAvatar(region, 'traening-politisk', 'Åse Øster').waitFor();

    // A cursor placed on one machine shows on the other, labelled with name and side, within a second.
    await clickInClause(kommune, clauseId);
    const cursorAtRegion = await msUntilVisible(remoteCursor(region, 'Åse Øster (Kommune)'), 1_000);
    await clickInClause(region, clauseId);
    const cursorAtKommune = await msUntilVisible(remoteCursor(kommune, 'Søren Ærø (Region/hospital)'), 1_000);
    // A selection shows as a highlight in the other's colour.
    await kommune.keyboard.press('Shift+Home');
    expect(await kommune.evaluate(() => window.getSelection()?.toString().length ?? 0)).toBeGreaterThan(3);
    await region.locator('[data-testid=section-editor] .remote-selection:not([hidden])').first().waitFor({ timeout: 1_000 });
    // Drawn over the selected text: every box lies on the clause's first paragraph.
    const onText = await region.evaluate((id) => {
      const paragraph = document.querySelector(`[data-testid=section-editor] section.clause[data-clause-id="${id}"] p`)!.getBoundingClientRect();
      const boxes = [...document.querySelectorAll('[data-testid=section-editor] .remote-selection:not([hidden])')].map((b) => b.getBoundingClientRect());
      return boxes.length > 0 && boxes.every((b) => b.top >= paragraph.top - 2 && b.bottom <= paragraph.bottom + 2 && b.left >= paragraph.left - 2 && b.right <= paragraph.right + 2);
    }, clauseId);
    expect(onText).toBe(true);
    // Typing moves the cursor with the text on the other machine.
    await kommune.keyboard.press('End');
    await kommune.keyboard.type(' Kommunen er med.');
    await expect.poll(() => region.locator('[data-testid=section-editor]').innerText(), { timeout: 5_000 }).toContain('Kommunen er med.');
    await remoteCursor(region, 'Åse Øster').first().waitFor();
    // A selection of the whole section (it starts in an element, not a text node, and spans every
    // clause) is tinted from its first text to its last, within the cap.
    await kommune.keyboard.press('Control+a');
    await expect
      .poll(
        () =>
          region.evaluate(() => {
            // The first and the last line of text in the editor (the chips are not text of it).
            const editor = document.querySelector('[data-testid=section-editor] .ProseMirror')!;
            const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.parentElement!.closest('[contenteditable=false]') || !n.textContent!.trim() ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT) });
            const texts: Text[] = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
            const rectOf = (t: Text) => {
              const r = document.createRange();
              r.selectNodeContents(t);
              return r.getBoundingClientRect();
            };
            const first = rectOf(texts[0]);
            const last = rectOf(texts[texts.length - 1]);
            const boxes = [...document.querySelectorAll('[data-testid=section-editor] .remote-selection:not([hidden])')].map((b) => b.getBoundingClientRect());
            if (boxes.length === 0) return 'no boxes';
            const top = Math.min(...boxes.map((b) => b.top));
            const bottom = Math.max(...boxes.map((b) => b.bottom));
            return `${boxes.length <= 400} ${Math.abs(top - first.top) <= 4} ${bottom >= last.bottom - 4}`;
          }),
        { timeout: 2_000 },
      )
      .toBe('true true true');
    // Back to a caret: the highlight goes on the other machine, and the caret is drawn.
    await kommune.keyboard.press('End');
    await expect.poll(() => region.locator('[data-testid=section-editor] .remote-selection:not([hidden])').count(), { timeout: 2_000 }).toBe(0);
    await remoteCursor(region, 'Åse Øster').first().waitFor();
    await region.screenshot({ path: artifactPath('presence-region-sees-kommune.png') });
    await kommune.screenshot({ path: artifactPath('presence-kommune-sees-region.png') });
    console.log(`presence: avatars after ${seen.regionSeesKommune} / ${seen.kommuneSeesRegion} ms; cursors after ${cursorAtRegion} / ${cursorAtKommune} ms`);

    // A caret off screen is not drawn (the text of a clause off screen is not laid out:
    // content-visibility, remoteCursors.ts) and is drawn in its place once its clause is scrolled to.
    // In a low window scrolled to the end of the section, the first clause is above it.
    await region.setViewportSize({ width: 1024, height: 300 });
    const firstParagraph = '[data-testid=section-editor] .ProseMirror section.clause:first-of-type p';
    await expect
      .poll(
        () =>
          region.locator('[data-testid=section-editor] .ProseMirror').evaluate(async (editor) => {
            editor.lastElementChild!.scrollIntoView({ block: 'end' });
            // (Until the clauses scrolled past are laid out and the page stands still.)
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            return editor.querySelector('section.clause')!.getBoundingClientRect().bottom < 0;
          }),
        { timeout: 5_000 },
      )
      .toBe(true);
    await kommune.locator(firstParagraph).first().click();
    await expect.poll(() => remoteCursor(region, 'Åse Øster').first().isHidden(), { timeout: 2_000 }).toBe(true);
    await region.locator(firstParagraph).first().scrollIntoViewIfNeeded();
    const afterScroll = await msUntilVisible(remoteCursor(region, 'Åse Øster'), 1_000);
    const onFirst = await region.evaluate((selector) => {
      const paragraph = document.querySelector(selector)!.getBoundingClientRect();
      const caret = document.querySelector('[data-testid=section-editor] [data-testid=remote-cursor]:not([hidden])')!.getBoundingClientRect();
      return caret.left >= paragraph.left - 2 && caret.left <= paragraph.right + 2 && caret.top >= paragraph.top - 2 && caret.top <= paragraph.bottom;
    }, firstParagraph);
    expect(onFirst).toBe(true);
    await region.setViewportSize({ width: 1280, height: 860 });
    console.log(`presence: a caret off screen drawn ${afterScroll} ms after its clause was scrolled to`);

    // Åse opens another section: she leaves this one (header avatar and cursor gone), and the
    // navigator shows her on the other.
    await kommune.getByTestId('nav-section-indlaeggelse-politisk').click();
    const leftSection = await msUntilGone(sectionAvatar(region, 'Åse Øster'), 5_000);
    await msUntilGone(remoteCursor(region, 'Åse Øster'), 5_000);
    await navAvatar(region, 'indlaeggelse-politisk', 'Åse Øster').waitFor({ timeout: 5_000 });
    expect(await region.locator('[data-testid^=nav-presence-] [data-name="Åse Øster"]').count()).toBe(1);
    expect(await region.locator('[data-testid=agreement-presence] [data-name="Åse Øster"]').count()).toBe(1);
    await region.screenshot({ path: artifactPath('presence-other-section.png') });

    // Åse closes the app (her machine's Node side stops): she is gone everywhere within five seconds.
    await kommuneHost.stop('SIGKILL');
    const leftApp = await msUntilGone(region.locator('[data-testid=agreement-presence] [data-name="Åse Øster"]'), 5_000);
    expect(await region.locator('[data-testid^=nav-presence-] [data-name="Åse Øster"]').count()).toBe(0);
    console.log(`presence: gone from the section after ${leftSection} ms, from the agreement after ${leftApp} ms`);
    await region.screenshot({ path: artifactPath('presence-after-leaving.png') });
  });

  it('takes away someone whose connection went silent within five seconds, on both sides', async () => {
    const files = silentFiles;
    const proxy = await startSilentProxy(server.url);
    try {
      const region = await openPerson(browser, hosts, files.region, 'Søren Ærø', 'region');
      const kommune = await openPerson(browser, hosts, files.kommune, 'Åse Øster', 'kommune');
      await connect(region, TOKENS.region);
      await connect(kommune, TOKENS.kommune, proxy.url);
      const clauseId = await trainingClauseId(region);
      await clickInClause(kommune, clauseId);
      await clickInClause(region, clauseId);
      await remoteCursor(region, 'Åse Øster (Kommune)').first().waitFor({ timeout: 5_000 });
      await remoteCursor(kommune, 'Søren Ærø (Region/hospital)').first().waitFor({ timeout: 5_000 });
      // Present for longer than a renewal: nobody is dropped while all is well.
      await region.waitForTimeout(4_000);
      expect(await sectionAvatar(region, 'Åse Øster').count()).toBe(1);
      // (Søren's window of the first test is on the section too.)
      expect(await sectionAvatar(kommune, 'Søren Ærø').count()).toBeGreaterThan(0);

      // Åse's network goes: nothing passes between her machine and the server, and no socket closes.
      proxy.goSilent();
      const [regionLost, kommuneLost] = await Promise.all([
        msUntilGone(region.locator('[data-testid=agreement-presence] [data-name="Åse Øster"]'), 5_000),
        msUntilGone(kommune.locator('[data-testid=agreement-presence] [data-name="Søren Ærø"]'), 5_000),
      ]);
      expect(await remoteCursor(region, 'Åse Øster').count()).toBe(0);
      expect(await sectionAvatar(region, 'Åse Øster').count()).toBe(0);
      expect(await remoteCursor(kommune, 'Søren Ærø').count()).toBe(0);
      console.log(`presence: a silent connection's person gone after ${regionLost} ms (the others on her machine after ${kommuneLost} ms)`);
      await region.screenshot({ path: artifactPath('presence-after-silence.png') });
    } finally {
      await proxy.close();
    }
  });
});
