// One damaged section in a workspace (20,000 nested blockquotes, stored past every check) and a
// damaged structure (a map nested 20,000 deep): in real Chromium on the real Node side, the app
// opens, says the structure is damaged and shows what can be read, shows the reason in the damaged
// section's place, every other section opens and takes edits, and the overview counts the rest and
// names the damaged one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sectionClauseStatuses } from '../../shared/negotiation/overview.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { Store } from '../../electron/store/store.ts';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import { startHostProcess, type HostProcess } from '../helpers/hostProcess.ts';
import { seedWorkspaces } from '../helpers/people.ts';
import { deepStructureMapUpdate, nestedElementsUpdate } from '../helpers/poison.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { call as callService } from '../helpers/serviceCalls.ts';
import { localDirectory } from '../../shared/identity/counted.ts';

/** These tests concern the text and statuses alone: an agreement without a root key, where every
 *  position counts (shared/identity/ARCHITECTURE.md). */
const localAgreement = localDirectory('a');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-damaged-browser-'));
let browser: Browser;
const hosts: HostProcess[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.stop('SIGKILL')));
});

const POISONED = 'traening-politisk';
const HEALTHY = 'indlaeggelse-politisk';

/** The clauses the overview must count: every section's but the damaged one's, read in Node. */
async function expectedClauses(file: string): Promise<{ title: string; sections: number; clauses: number }> {
  const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources/templates') });
  try {
    const client: Client = { id: 'c', send: () => {} };
    const call = <T,>(method: string, params: unknown) => callService<T>(service, client, method, params);
    const load = async (docId: string) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await call<{ update: Uint8Array }>('openDoc', { docId, stateVector: new Uint8Array([0]) })).update);
      return doc;
    };
    const [{ id }] = await call<{ id: string }[]>('listAgreements', {});
    const agreement = readAgreement(await load(structureDocId(id)))!;
    let clauses = 0;
    for (const section of agreement.sections) {
      if (section.id !== POISONED) clauses += sectionClauseStatuses(await load(sectionDocId(id, section.id)), section.id, localAgreement).length;
    }
    const title = agreement.sections.find((s) => s.id === POISONED)!.title;
    return { title, sections: agreement.sections.length - 1, clauses };
  } finally {
    service.close();
  }
}

describe('a damaged section in Chromium', () => {
  it('shows its reason in its place; the other sections and the overview work', async () => {
    const file = path.join(dir, 'damaged.sqlite');
    seedWorkspaces(file);
    const store = Store.open(file);
    const agreementId = store.agreementIds()[0];
    store.appendUpdate(sectionDocId(agreementId, POISONED), nestedElementsUpdate(20_000));
    store.appendUpdate(structureDocId(agreementId), deepStructureMapUpdate(20_000));
    store.close();
    const expected = await expectedClauses(file);
    expect(expected.clauses).toBeGreaterThan(0);

    const host = await startHostProcess(file);
    hosts.push(host);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'da-DK' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(host.url);
    const profile = page.getByTestId('profile-dialog');
    await profile.locator('[name=name]').fill('Søren Ærø');
    await profile.locator('[name=organisation]').fill('Region Midtjylland');
    await profile.locator('[name=side]').selectOption('region');
    await profile.locator('[name=role]').selectOption('formand');
    await profile.getByRole('button', { name: 'Gem profil' }).click();

    const structureNote = page.getByTestId('structure-damaged');
    await structureNote.waitFor({ timeout: 30_000 });
    expect(await structureNote.innerText()).toContain('Aftalens struktur er delvist beskadiget');

    // The damaged section: its reason in its place, no editor, the rest of the app still there.
    await page.getByTestId(`nav-section-${POISONED}`).click();
    const error = page.getByTestId('section-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.innerText()).toContain('Afsnittet kan ikke vises');
    expect(await error.innerText()).toContain('ukendt elementtype «blockquote»');
    expect(await page.getByTestId('section-editor').count()).toBe(0);
    await page.screenshot({ path: artifactPath('damaged-section.png') });

    // Another section opens and takes an edit, which is saved.
    await page.getByTestId(`nav-section-${HEALTHY}`).click();
    const paragraph = page.locator('[data-testid=section-editor] .ProseMirror p').last();
    await paragraph.waitFor({ timeout: 30_000 });
    await paragraph.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Stadig redigerbar.');
    await page.locator('[data-testid=save-status][data-state=saved]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=section-editor] .ProseMirror').innerText()).toContain('Stadig redigerbar.');

    // The overview finishes loading, counts every other section's clauses and names the damaged one.
    await page.getByTestId('open-overview').click();
    const overview = page.getByTestId('overview');
    const summary = overview.locator('p[aria-live=polite]');
    await expect.poll(() => summary.innerText(), { timeout: 30_000 }).toMatch(/^\d+ klausuler/);
    expect(await summary.innerText()).toContain(`${expected.clauses} klausuler i ${expected.sections} afsnit`);
    expect(await overview.getByTestId('overview-total').locator('td').last().innerText()).toMatch(/%$/);
    const damaged = overview.getByTestId('overview-damaged-section');
    expect(await damaged.count()).toBe(1);
    expect(await damaged.innerText()).toContain(expected.title);
    expect(await damaged.innerText()).toContain('ukendt elementtype «blockquote»');
    await page.screenshot({ path: artifactPath('damaged-section-overview.png') });
    expect(pageErrors).toEqual([]);
  });
});
