// The foundation end to end, in real Chromium against the real Node side: create an agreement from
// the template, write Danish text into a new clause, kill the Node side, restart it, and find the
// text and the clause id again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import { startHostProcess, type HostProcess } from '../helpers/hostProcess.ts';
import { fillProfile } from '../helpers/people.ts';

const mandatoryThemeGroups = [
  'Indlæggelses- og udskrivningsforløb',
  'Træningsområdet',
  'Behandlingsredskaber og hjælpemidler',
  'Forebyggelse og sundhedsfremme',
  'Voksenpsykiatri',
  'Børne- og ungdomspsykiatri',
  'Utilsigtede hændelser',
];

let browser: Browser;
const hosts: HostProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-browser-'));

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.stop('SIGKILL')));
});

async function host(workspace: string, args: string[] = []): Promise<HostProcess> {
  const h = await startHostProcess(workspace, args);
  hosts.push(h);
  return h;
}

async function newPage(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'da-DK' });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(url);
  return page;
}

describe('foundation in Chromium', () => {
  it('keeps typed text and the clause id across a restart of the Node side', async () => {
    const workspace = path.join(dir, 'restart.sqlite');
    let h = await host(workspace);
    let page = await newPage(h.url);

    await fillProfile(page);
    await page.getByTestId('create-agreement').click();

    // The navigator shows both parts and the seven theme groups of the mandatory areas.
    await page.getByTestId('nav-part-politisk').waitFor();
    await expect(page.getByTestId('nav-part-sundhedsfaglig').count()).resolves.toBe(1);
    const politisk = page.getByTestId('nav-part-politisk');
    for (const name of mandatoryThemeGroups) {
      await expect(politisk.getByText(name, { exact: true }).first().isVisible()).resolves.toBe(true);
    }

    await page.getByTestId('nav-section-indlaeggelse-politisk').click();
    const editor = page.locator('[data-testid=section-editor] .ProseMirror');
    await editor.waitFor();
    await editor.click();
    await page.getByTestId('tool-clause').click();
    const text = 'Kommunen og regionen er enige om én fælles plan for ældre på Ærø og Åbo – æøå ÆØÅ';
    await page.keyboard.type(text);

    const clause = editor.locator('section.clause', { hasText: text });
    await clause.waitFor();
    const clauseId = await clause.getAttribute('data-clause-id');
    expect(clauseId).toMatch(/^k[0-9a-z]{12}$/);
    await page.locator('[data-testid=save-status][data-state=saved]').waitFor();
    await page.screenshot({ path: artifactPath('editor.png') });
    expect((page as Page & { problems: string[] }).problems).toEqual([]);

    // Kill the Node side without warning; what was acknowledged must be on disk.
    await h.stop('SIGKILL');
    await page.close();

    h = await host(workspace);
    page = await newPage(h.url);
    await page.getByTestId('nav-section-indlaeggelse-politisk').click();
    const reopened = page.locator('[data-testid=section-editor] .ProseMirror section.clause', { hasText: text });
    await reopened.waitFor();
    expect(await reopened.getAttribute('data-clause-id')).toBe(clauseId);
    expect(await page.getByTestId('profile-dialog').count()).toBe(0);
    await page.screenshot({ path: artifactPath('editor-after-restart.png') });
    await page.close();
  });

  it('shows a Danish error for a corrupt workspace and leaves the file untouched', async () => {
    const workspace = path.join(dir, 'corrupt.sqlite');
    fs.writeFileSync(workspace, crypto.randomBytes(8192));
    const before = crypto.createHash('sha256').update(fs.readFileSync(workspace)).digest('hex');
    const h = await host(workspace);
    const page = await newPage(h.url);
    const error = page.getByTestId('workspace-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/ikke et Enighed-arbejdsområde|beskadiget/);
    expect(await page.getByTestId('profile-dialog').count()).toBe(0);
    await page.screenshot({ path: artifactPath('workspace-error.png') });
    await h.stop();
    expect(h.child.exitCode).toBe(1);
    expect(h.output()).toMatch(/ikke et Enighed-arbejdsområde eller er beskadiget/);
    const after = crypto.createHash('sha256').update(fs.readFileSync(workspace)).digest('hex');
    expect(after).toBe(before);
    expect(fs.existsSync(`${workspace}-wal`)).toBe(false);
    await page.close();
  });
});
