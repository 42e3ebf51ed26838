// The setup screen (*Opsætning*) in real Chromium against the real Node side: a secretariat profile
// adds a theme group and a section, renames the section, moves it within its part and to another
// theme group, archives and restores it — and the navigator beside it follows each change. A
// co-chair's profile is not offered the screen. Screenshots at 1440×900 and 1024×700.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath } from '../helpers/browser.ts';
import { startHostProcess } from '../helpers/hostProcess.ts';
import * as Y from 'yjs';
import { connectTo, fillProfile, seedWorkspaces, useRoom } from '../helpers/people.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';

const room = useRoom('enighed-setup-');

function saveProfile(page: Page, role: 'sekretariat' | 'formand'): Promise<void> {
  return fillProfile(page, role === 'sekretariat' ? 'Signe Sekretær' : 'Søren Ærø', 'region', { organisation: 'Sundhedsaftalesekretariatet', role });
}

async function openHost(file: string, viewport = { width: 1440, height: 900 }): Promise<{ page: Page; problems: string[] }> {
  const host = await startHostProcess(file);
  room.hosts.push(host);
  const page = await room.browser.newPage({ viewport, locale: 'da-DK' });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(host.url);
  return { page, problems };
}

/** The id of the setup row whose title is `title` (`setup-section-<id>`). */
async function sectionIdOf(page: Page, title: string): Promise<string> {
  const row = page.locator('[data-testid^=setup-section-]', { has: page.locator('.setup-row-title', { hasText: new RegExp(`^${title}$`) }) });
  await row.waitFor();
  return (await row.getAttribute('data-testid'))!.replace('setup-section-', '');
}

/** Participant entries of the training group (by shape: the directory's signatures are another
 *  module's), written into the workspace through the service's own push, as a synced directory
 *  would arrive. */
async function addTrainingParticipants(file: string): Promise<void> {
  const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources', 'templates') });
  try {
    const client = recordingClient('seed');
    const [{ id }] = await call<{ id: string }[]>(service, client, 'listAgreements', {});
    const entry = (pid: string, name: string, organisation: string, side: 'region' | 'kommune'): ParticipantEntry => ({
      id: pid,
      name,
      organisation,
      side,
      role: 'formand',
      themeGroupIds: ['tg-traening'],
      invitePublicKey: null,
      removed: null,
      revokedDevices: [],
      version: 1,
      updatedAt: '2026-11-01T00:00:00.000Z',
      signedBy: null,
      signerKey: 'A'.repeat(43),
      signature: 'B'.repeat(86),
    });
    const doc = new Y.Doc();
    doc.transact(() => {
      const map = doc.getMap(STRUCTURE_KEYS.participants);
      map.set('p-rikke', entry('p-rikke', 'Rikke Region', 'Regionshospitalet Horsens', 'region'));
      map.set('p-karl', entry('p-karl', 'Karl Kommune', 'Horsens Kommune', 'kommune'));
    });
    await call(service, client, 'pushUpdate', { docId: structureDocId(id), update: Y.encodeStateAsUpdate(doc) });
  } finally {
    service.close();
  }
}

const politiskOrder = (page: Page) =>
  page.locator('[data-testid=setup-part-politisk] [data-testid^=setup-section-]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));

describe('the setup screen', () => {
  it('lets the secretariat set up theme groups and sections, and the navigator follows', async () => {
    const file = path.join(room.dir, 'setup.sqlite');
    seedWorkspaces(file);
    await addTrainingParticipants(file);
    const { page, problems } = await openHost(file);
    await saveProfile(page, 'sekretariat');
    await page.getByTestId('nav-part-politisk').waitFor();
    await page.getByTestId('open-setup').click();
    const setup = page.getByTestId('setup');
    await setup.waitFor();

    await page.screenshot({ path: artifactPath('setup-top-1440x900.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: artifactPath('setup-top-1024x700.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The facts: the demo's region with its 19 municipalities.
    await expect(page.locator('#setup-region').inputValue()).resolves.toBe('region-midtjylland');
    await expect(page.getByTestId('setup-municipalities').locator('li').count()).resolves.toBe(19);

    // The period: refused when it ends before it begins, then saved; the navigator shows it.
    await page.locator('#setup-from').fill('2015');
    await page.locator('#setup-to').fill('2012');
    await page.getByTestId('save-facts').click();
    await page.getByTestId('setup-facts').getByText('Periodens slutår kan ikke ligge før startåret.').waitFor();
    await page.locator('#setup-to').fill('2018');
    await page.locator('#setup-generation').fill('3');
    await page.getByTestId('save-facts').click();
    await page.getByTestId('facts-result').getByText('Gemt: generation, periode.').waitFor();
    await page.locator('.navigator-meta', { hasText: '3. generation · 2015–2018' }).waitFor();
    await page.getByTestId('setup-facts').getByText('Ændret af Signe Sekretær', { exact: false }).waitFor();

    // A theme group: refused without a name, then added.
    const groups = page.getByTestId('setup-themegroups');
    await page.getByTestId('add-group').click();
    await groups.getByText('Skriv temagruppens navn.').waitFor();
    await groups.getByText('Vælg temagruppens område.').waitFor();
    await page.locator('#new-group-name').fill('Demens');
    await page.locator('#new-group-area').selectOption({ label: 'Forebyggelse og sundhedsfremme, herunder patientrettet forebyggelse' });
    await page.getByTestId('add-group').click();
    await groups.getByText('Temagruppen «Demens» er tilføjet.').waitFor();
    const groupRow = groups.locator('[data-testid^=setup-group-]', { hasText: 'Demens' });
    await groupRow.getByText('Ændret af Signe Sekretær (Sundhedsaftalesekretariatet)', { exact: false }).waitFor();
    const groupId = (await groupRow.getAttribute('data-testid'))!.replace('setup-group-', '');

    // Reordered with the keyboard: focus stays on the group's button, so it can be pressed again.
    const groupIndex = () => groups.locator('[data-testid^=setup-group-]').evaluateAll((rows, id) => rows.findIndex((r) => r.getAttribute('data-testid') === `setup-group-${id}`), groupId);
    const startIndex = await groupIndex();
    await page.getByTestId(`group-${groupId}-up`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(groupIndex).toBe(startIndex - 1);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe(`group-${groupId}-up`);
    await page.keyboard.press('Enter');
    await expect.poll(groupIndex).toBe(startIndex - 2);

    // The training group's members come from the participant directory; one co-chair per side.
    await page.getByTestId('edit-group-tg-traening').click();
    const editor = page.getByTestId('group-editor-tg-traening');
    await editor.getByTestId('members-tg-traening').getByText('Rikke Region').waitFor();
    await editor.getByTestId('members-tg-traening').getByText('Karl Kommune').waitFor();
    await expect(editor.locator('[name=chair-region] option').allInnerTexts()).resolves.toEqual(['Ingen valgt', 'Rikke Region (Regionshospitalet Horsens)']);
    await editor.locator('[name=chair-region]').selectOption('p-rikke');
    await editor.locator('[name=chair-kommune]').selectOption('p-karl');
    await editor.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('setup-group-members-1440x900.png') });
    await page.getByTestId('save-group-tg-traening').click();
    await page.getByTestId('setup-group-tg-traening').getByText('Formandskab: Rikke Region og Karl Kommune', { exact: false }).waitFor();

    // A section in the new group.
    await page.getByTestId('new-section').click();
    await page.getByTestId('add-section').click();
    await page.getByTestId('add-section-form').getByText('Skriv afsnittets titel.').waitFor();
    await page.locator('#new-section-title').fill('Demensvenlige forløb');
    await page.locator('#new-section-group').selectOption({ label: 'Demens' });
    await page.getByTestId('add-section').click();
    await page.getByText('Afsnittet «Demensvenlige forløb» er tilføjet.').waitFor();
    const id = await sectionIdOf(page, 'Demensvenlige forløb');
    const nav = page.getByTestId(`nav-section-${id}`);
    await page.getByTestId(`nav-themegroup-${groupId}`).getByTestId(`nav-section-${id}`).waitFor();
    // The group has no section yet: the new one comes after the nine political sections.
    await expect(nav.locator('.nav-section-number').innerText()).resolves.toBe('10');

    // Renamed.
    await page.getByTestId(`edit-section-${id}`).click();
    await page.locator(`#section-${id}-title`).fill('Demensvenlige indlæggelser');
    await page.getByTestId(`save-section-${id}`).click();
    await nav.getByText('Demensvenlige indlæggelser').waitFor();

    // Moved up within its part: its number follows.
    const before = await politiskOrder(page);
    await page.getByTestId(`section-${id}-up`).click();
    await expect.poll(() => politiskOrder(page)).not.toEqual(before);
    const after = await politiskOrder(page);
    expect(after.indexOf(`setup-section-${id}`)).toBe(before.indexOf(`setup-section-${id}`) - 1);
    await expect(nav.locator('.nav-section-number').innerText()).resolves.toBe('9');

    // Moved to another theme group, and then out of any.
    await page.getByTestId(`edit-section-${id}`).click();
    await page.locator(`#section-${id}-group`).selectOption({ label: 'Træningsområdet' });
    await page.getByTestId(`save-section-${id}`).click();
    await page.getByTestId('nav-themegroup-tg-traening').getByTestId(`nav-section-${id}`).waitFor();
    // Placed after the group's own section, so the navigator lists it in number order.
    await expect(nav.locator('.nav-section-number').innerText()).resolves.toBe('3');

    // A local agreement needs its municipality: refused with a reason, then saved.
    await page.getByTestId(`edit-section-${id}`).click();
    await page.locator(`#section-${id}-level`).selectOption('lokal');
    await page.getByTestId(`save-section-${id}`).click();
    await page.getByTestId(`section-editor-${id}`).getByText('En lokalaftale indgås med netop én kommune; vælg den.').waitFor();
    await page.locator(`#section-${id}-party`).selectOption({ label: 'Samsø Kommune' });
    await page.getByTestId(`save-section-${id}`).click();
    await page.getByTestId(`setup-section-${id}`).getByText('Samsø Kommune').waitFor();
    await expect(nav.locator('.level-badge').innerText()).resolves.toBe('Lokal');

    await page.getByTestId(`edit-group-${groupId}`).click();
    await page.getByTestId(`group-editor-${groupId}`).getByText('Ingen medlemmer endnu.', { exact: false }).waitFor();
    await page.getByTestId(`group-editor-${groupId}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('setup-group-1440x900.png') });
    await page.getByTestId(`edit-section-${id}`).click();
    await page.getByTestId(`section-editor-${id}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('setup-section-1440x900.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId(`section-editor-${id}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('setup-section-1024x700.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId(`edit-section-${id}`).click();

    // Archived: it leaves the navigator and its number goes to the next section; listed under Arkiveret.
    await page.getByTestId(`archive-section-${id}`).click();
    await page.getByTestId(`archived-section-${id}`).waitFor();
    await nav.waitFor({ state: 'detached' });
    // A theme group with sections is not archived: the reason is shown.
    await page.getByTestId('archive-group-tg-traening').click();
    await page.getByTestId('setup-group-tg-traening').getByText(/har 2 afsnit, som ikke er arkiveret/).waitFor();

    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('archived-sections').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('setup-1024x700.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Restored, with its text: opening it shows the editor.
    await page.getByTestId(`restore-section-${id}`).click();
    await nav.waitFor();
    await expect(nav.locator('.nav-section-number').innerText()).resolves.toBe('3');
    await nav.click();
    await page.locator('[data-testid=section-editor] .ProseMirror').waitFor();
    await expect(page.getByTestId('setup').count()).resolves.toBe(0);
    // The section header names the group's co-chairs from the directory.
    await page.locator('.section-chairs', { hasText: 'Formandskab: Rikke Region (Regionshospitalet Horsens) og Karl Kommune (Horsens Kommune)' }).waitFor();

    // After a reload the structure is as left (it was saved in the workspace file).
    await page.reload();
    await page.getByTestId(`nav-section-${id}`).getByText('Demensvenlige indlæggelser').waitFor();

    // A co-chair is not offered the setup screen.
    await page.getByTestId('profile-button').click();
    await page.getByTestId('profile-dialog').locator('[name=role]').selectOption('formand');
    await page.getByTestId('profile-dialog').getByRole('button', { name: 'Gem profil' }).click();
    await page.getByTestId('profile-dialog').waitFor({ state: 'detached' });
    await expect(page.getByTestId('open-setup').count()).resolves.toBe(0);

    expect(problems).toEqual([]);
  });

  it('shows a change made on one machine’s setup screen in the other’s navigator, through the sync server', async () => {
    const secretariatFile = path.join(room.dir, 'two-secretariat.sqlite');
    const chairFile = path.join(room.dir, 'two-chair.sqlite');
    seedWorkspaces(secretariatFile, chairFile);
    const secretariat = await openHost(secretariatFile);
    const chair = await openHost(chairFile);
    await saveProfile(secretariat.page, 'sekretariat');
    await saveProfile(chair.page, 'formand');
    await connectTo(secretariat.page, room.server.url);
    await connectTo(chair.page, room.server.url);
    await chair.page.getByTestId('nav-section-traening-politisk').click();
    await chair.page.locator('[data-testid=section-editor] .ProseMirror').waitFor();
    await expect(chair.page.getByTestId('open-setup').count()).resolves.toBe(0);

    const page = secretariat.page;
    await page.getByTestId('open-setup').click();
    await page.getByTestId('new-section').click();
    await page.locator('#new-section-title').fill('Genoptræning efter udskrivning');
    await page.locator('#new-section-group').selectOption({ label: 'Træningsområdet' });
    await page.getByTestId('add-section').click();
    const id = await sectionIdOf(page, 'Genoptræning efter udskrivning');

    // The co-chair's navigator: the new section under the training group, right after its section.
    const theirs = chair.page.getByTestId('nav-themegroup-tg-traening').getByTestId(`nav-section-${id}`);
    await theirs.waitFor({ timeout: 15_000 });
    await expect(theirs.locator('.nav-section-number').innerText()).resolves.toBe('3');

    // Renamed and archived there: both reach the co-chair.
    await page.getByTestId(`edit-section-${id}`).click();
    await page.locator(`#section-${id}-title`).fill('Genoptræning');
    await page.getByTestId(`save-section-${id}`).click();
    await theirs.getByText('Genoptræning', { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByTestId('archive-section-traening-politisk').click();
    await chair.page.getByTestId('nav-section-traening-politisk').waitFor({ state: 'detached', timeout: 15_000 });
    // The co-chair had it open: told why it went, and shown the first section instead.
    await chair.page.getByTestId('section-archived-notice').getByText('Afsnittet «Træningsområdet» er arkiveret', { exact: false }).waitFor();
    await expect(chair.page.locator('#section-title').innerText()).resolves.toContain('Indlæggelses- og udskrivningsforløb');
    await chair.page.screenshot({ path: artifactPath('setup-archived-notice-1440x900.png') });
    await expect(theirs.locator('.nav-section-number').innerText()).resolves.toBe('2');

    // The new section's own document syncs too: text written on one machine reaches the other.
    await page.getByTestId(`nav-section-${id}`).click();
    const editor = page.locator('[data-testid=section-editor] .ProseMirror');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.type('Kommunen tilbyder genoptræning inden for syv dage.');
    await page.locator('[data-testid=save-status][data-state=saved]').waitFor();
    await chair.page.getByTestId(`nav-section-${id}`).click();
    await chair.page.locator('[data-testid=section-editor] .ProseMirror', { hasText: 'Kommunen tilbyder genoptræning inden for syv dage.' }).waitFor({ timeout: 15_000 });

    expect(secretariat.problems).toEqual([]);
    expect(chair.problems).toEqual([]);
  });
});
