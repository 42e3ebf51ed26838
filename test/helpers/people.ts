// People in browser tests: each is a Chromium page on its own test host (its own Node side and
// SQLite file) with a profile, optionally connected to a sync server. Shared by the sync and
// negotiation tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { launchChromium } from './browser.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { startHostProcess, type HostProcess } from './hostProcess.ts';

/** Makes a demo workspace at `first` and copies it to each of `others` (same agreement everywhere). */
export function seedWorkspaces(first: string, ...others: string[]): void {
  WorkspaceService.open({ workspacePath: first, templatesDir: path.join(repoRoot, 'resources/templates'), seedDemo: true }).close();
  for (const other of others) fs.copyFileSync(first, other);
}

/** A workspace file and its WAL as bytes on disk: what a machine holds, whatever its app shows. */
export function workspaceBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/**
 * Starts a host on `workspace` (pushed to `hosts`, for the caller to stop), opens a page, saves the
 * profile and opens the section `sectionId`.
 */
export async function openPerson(
  browser: Browser,
  hosts: HostProcess[],
  workspace: string,
  name: string,
  side: 'region' | 'kommune',
  sectionId = 'traening-politisk',
): Promise<Page> {
  const host = await startHostProcess(workspace);
  hosts.push(host);
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'da-DK' });
  await page.goto(host.url);
  await saveProfileAndOpen(page, name, side, sectionId);
  return page;
}

/** Fills in and saves the first-start profile dialog. */
export async function fillProfile(
  page: Page,
  name = 'Søren Ærø',
  side: 'region' | 'kommune' = 'region',
  { organisation = side === 'region' ? 'Region Midtjylland' : 'Horsens Kommune', role = 'formand' }: { organisation?: string; role?: 'formand' | 'medlem' | 'sekretariat' | 'observatoer' } = {},
): Promise<void> {
  const profile = page.getByTestId('profile-dialog');
  await profile.waitFor();
  await profile.locator('[name=name]').fill(name);
  await profile.locator('[name=organisation]').fill(organisation);
  await profile.locator('[name=side]').selectOption(side);
  await profile.locator('[name=role]').selectOption(role);
  await profile.getByRole('button', { name: 'Gem profil' }).click();
  await profile.waitFor({ state: 'detached' });
}

/** Fills in the first-start profile dialog and opens the section `sectionId` (in the browser test
 *  host and in the real Electron window alike). */
export async function saveProfileAndOpen(page: Page, name: string, side: 'region' | 'kommune', sectionId = 'traening-politisk'): Promise<void> {
  await fillProfile(page, name, side);
  await page.getByTestId(`nav-section-${sectionId}`).click();
  await page.locator('[data-testid=section-editor] .ProseMirror').waitFor();
}

/** Connects the page to the sync server at `serverUrl` and waits until it is synced. */
export async function connectTo(page: Page, serverUrl: string): Promise<void> {
  await page.getByTestId('sync-status').click();
  const dialog = page.getByTestId('sync-dialog');
  await dialog.locator('[name=url]').fill(serverUrl);
  await dialog.locator('[name=token]').fill('adgang-til-temagruppen');
  await dialog.getByRole('button', { name: 'Forbind' }).click();
  await page.locator('[data-testid=sync-status][data-state=synced]').waitFor();
}

/** Types at the end of the section's last clause and waits until it is saved. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  const last = page.locator('[data-testid=section-editor] .ProseMirror section.clause p').last();
  await last.scrollIntoViewIfNeeded();
  // A click on the text's last character, once the page has stopped moving (the clauses scrolled
  // past are laid out as they come on screen: content-visibility), then End: a click in the middle
  // of a paragraph that wraps would leave End at the end of its first line.
  const end = await page.waitForFunction(
    async (p) => {
      const rect = () => {
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        let text: Text | null = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) if ((node as Text).length > 0) text = node as Text;
        if (!text) return p.getBoundingClientRect();
        const range = document.createRange();
        range.setStart(text, text.length - 1);
        range.setEnd(text, text.length);
        return range.getBoundingClientRect();
      };
      const before = rect();
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const after = rect();
      return before.top === after.top && before.left === after.left ? { x: after.right - 1, y: after.top + after.height / 2 } : null;
    },
    await last.elementHandle(),
  );
  const { x, y } = (await end.jsonValue())!;
  await page.mouse.click(x, y);
  await page.keyboard.press('End');
  await page.keyboard.type(text);
  await page.locator('[data-testid=save-status][data-state=saved]').waitFor();
}

/**
 * The two co-chairs of the training section on two machines, each with their own copy of the demo
 * workspace (files `<name>-region.sqlite` and `<name>-kommune.sqlite` in the room), both synced
 * through the room's server.
 */
export async function coChairs(room: Room, name: string): Promise<{ region: Page; kommune: Page; regionFile: string; kommuneFile: string }> {
  const regionFile = path.join(room.dir, `${name}-region.sqlite`);
  const kommuneFile = path.join(room.dir, `${name}-kommune.sqlite`);
  seedWorkspaces(regionFile, kommuneFile);
  const region = await openPerson(room.browser, room.hosts, regionFile, 'Søren Ærø', 'region');
  const kommune = await openPerson(room.browser, room.hosts, kommuneFile, 'Åse Øster', 'kommune');
  await connectTo(region, room.server.url);
  await connectTo(kommune, room.server.url);
  return { region, kommune, regionFile, kommuneFile };
}

/** The id of the demo's clause on the training deadline ("syv dage efter modtagelse"). */
export async function trainingClauseId(page: Page): Promise<string> {
  const id = await page.locator('[data-testid=section-editor] section.clause', { hasText: 'syv dage efter modtagelse' }).getAttribute('data-clause-id');
  if (!id) throw new Error('the training clause has no id');
  return id;
}

export const clauseSelector = (id: string) => `[data-testid=section-editor] section.clause[data-clause-id="${id}"]`;

/** The status a clause's chip shows (data-status). */
export const chipStatus = (page: Page, id: string) => page.locator(`${clauseSelector(id)} [data-testid=status-chip]`).getAttribute('data-status');

/** Puts the cursor in the clause's first paragraph, and waits until the editor's state has it there
 *  (the clause is marked current): ProseMirror reads a click's selection on `selectionchange`, which
 *  may come after a key pressed right away. */
export async function clickInClause(page: Page, clauseId: string): Promise<void> {
  await page.locator(`${clauseSelector(clauseId)} p`).first().click();
  await page.locator(`${clauseSelector(clauseId)}.is-current`).waitFor();
  const current = await page.locator('[data-testid=section-editor] section.clause.is-current').count();
  if (current !== 1) throw new Error(`${current} clauses are marked as holding the cursor, not 1`);
}

/** Selects `word` inside the clause through the DOM selection, which ProseMirror follows. */
export async function selectWord(page: Page, clauseId: string, word: string): Promise<void> {
  await clickInClause(page, clauseId);
  await page.evaluate(
    ({ selector, word }) => {
      const root = document.querySelector(selector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(word);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`"${word}" not found`);
    },
    { selector: clauseSelector(clauseId), word },
  );
  await page.waitForTimeout(100);
}

/** The section's text as shown, without the others' cursors (widgets: their labels are not text,
 *  and two machines see different ones). */
export const editorText = (page: Page): Promise<string> =>
  page.locator('[data-testid=section-editor] .ProseMirror').evaluate((editor: HTMLElement) => {
    // Hidden for the reading only, through the CSSOM (the page's CSP allows no inline stylesheet),
    // with the line break ProseMirror adds after a widget that ends a paragraph (a separator image
    // and a break); ProseMirror ignores changes to them.
    const separators = [...editor.querySelectorAll<HTMLElement>('img.ProseMirror-separator')];
    const breaks = separators.map((img) => img.nextElementSibling).filter((br): br is HTMLElement => br instanceof HTMLElement && br.matches('br.ProseMirror-trailingBreak'));
    const widgets = [...editor.querySelectorAll<HTMLElement>('.ProseMirror-widget'), ...separators, ...breaks].filter((w) => w.style.display !== 'none');
    for (const widget of widgets) widget.style.display = 'none';
    try {
      return editor.innerText;
    } finally {
      for (const widget of widgets) widget.style.removeProperty('display');
    }
  });

/** What a browser test file shares: Chromium, the hosts its machines run on, and a temporary
 *  folder (removed at the end). */
export interface BrowserRoom {
  browser: Browser;
  hosts: HostProcess[];
  dir: string;
}

/** A browser room set up before the file's tests and stopped after them (the browser is filled in
 *  by beforeAll; hosts pushed to `hosts` are stopped). */
export function useBrowserRoom(prefix: string): BrowserRoom {
  const room = { hosts: [], dir: fs.mkdtempSync(path.join(os.tmpdir(), prefix)) } as unknown as BrowserRoom;
  beforeAll(async () => {
    room.browser = await launchChromium();
  });
  afterAll(async () => {
    await room.browser?.close();
    await Promise.all(room.hosts.map((h) => h.stop('SIGKILL')));
    fs.rmSync(room.dir, { recursive: true, force: true });
  });
  return room;
}

/** What a browser test file with several people shares: a browser room and a sync server. */
export interface Room extends BrowserRoom {
  server: SyncServer;
}

/** A room set up before the file's tests and stopped after them (browser and server are filled in
 *  by beforeAll; the server stops before the browser room is cleared). */
export function useRoom(prefix: string): Room {
  const room = useBrowserRoom(prefix) as Room;
  beforeAll(async () => {
    room.server = await startSyncServer({ dataDir: path.join(room.dir, 'server'), quiet: true });
  });
  afterAll(async () => {
    await room.server?.close();
  });
  return room;
}
