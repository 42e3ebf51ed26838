// Two people on two machines — two Chromium pages, each with its own Node side and its own SQLite
// file — write in the same section through a sync server; one goes offline, both write, it comes
// back, and both end with the same text.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath } from '../helpers/browser.ts';
import { connectTo, editorText, openPerson, seedWorkspaces, typeAtEnd, useRoom } from '../helpers/people.ts';

const room = useRoom('enighed-sync-browser-');

const person = (workspace: string, name: string, side: 'region' | 'kommune'): Promise<Page> => openPerson(room.browser, room.hosts, workspace, name, side);
const connect = (page: Page): Promise<void> => connectTo(page, room.server.url);

describe('sync in Chromium', () => {
  it('converges after one side wrote offline', async () => {
    const fileA = path.join(room.dir, 'region.sqlite');
    const fileB = path.join(room.dir, 'kommune.sqlite');
    seedWorkspaces(fileA, fileB);

    const region = await person(fileA, 'Søren Ærø', 'region');
    const kommune = await person(fileB, 'Åse Øster', 'kommune');
    await connect(region);
    await connect(kommune);

    await typeAtEnd(region, ' Regionen bekræfter.');
    await expect.poll(() => editorText(kommune), { timeout: 10_000 }).toContain('Regionen bekræfter.');

    // The municipality goes offline and both keep writing.
    await kommune.getByTestId('sync-status').click();
    await kommune.getByTestId('sync-dialog').getByRole('button', { name: 'Stop synkronisering' }).click();
    await kommune.locator('[data-testid=sync-status][data-state=off]').waitFor();
    await typeAtEnd(region, ' Fristen er syv dage.');
    await typeAtEnd(kommune, ' Kommunen ønsker ti dage.');
    expect(await editorText(kommune)).not.toContain('Fristen er syv dage.');

    await connect(kommune);
    for (const page of [region, kommune]) {
      await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain('Fristen er syv dage.');
      await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain('Kommunen ønsker ti dage.');
    }
    expect(await editorText(region)).toBe(await editorText(kommune));
    await kommune.screenshot({ path: artifactPath('sync-converged.png') });
  });

  it('runs a meeting without internet: host shows address and code, the guest joins, ending leaves both identical', async () => {
    const fileA = path.join(room.dir, 'meeting-host.sqlite');
    const fileB = path.join(room.dir, 'meeting-guest.sqlite');
    seedWorkspaces(fileA, fileB);
    const host = await person(fileA, 'Søren Ærø', 'region');
    const guest = await person(fileB, 'Åse Øster', 'kommune');

    await host.getByTestId('sync-status').click();
    const hostPanel = host.getByTestId('meeting-panel');
    await hostPanel.locator('[name=address]').selectOption('127.0.0.1');
    await hostPanel.getByRole('button', { name: 'Start møde' }).click();
    const url = await hostPanel.getByTestId('meeting-url').innerText();
    const code = await hostPanel.getByTestId('meeting-code').innerText();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await host.screenshot({ path: artifactPath('meeting-host.png') });
    await host.keyboard.press('Escape');

    await guest.getByTestId('sync-status').click();
    const guestPanel = guest.getByTestId('meeting-panel');
    await guestPanel.locator('[name=join-url]').fill(url);
    await guestPanel.locator('[name=join-code]').fill(code);
    await guestPanel.getByRole('button', { name: 'Deltag' }).click();
    await guestPanel.getByText('Du deltager i mødet').waitFor();
    await guest.keyboard.press('Escape');
    await guest.locator('[data-testid=sync-status][data-state=synced]').waitFor();

    await typeAtEnd(host, ' Vi mødes igen i marts.');
    await expect.poll(() => editorText(guest), { timeout: 10_000 }).toContain('Vi mødes igen i marts.');
    await typeAtEnd(guest, ' Kommunen sender referatet.');
    await expect.poll(() => editorText(host), { timeout: 10_000 }).toContain('Kommunen sender referatet.');

    for (const page of [guest, host]) {
      await page.getByTestId('sync-status').click();
      await page.getByTestId('meeting-panel').getByRole('button', { name: /Afslut møde|Forlad møde/ }).click();
      await page.locator('[data-testid=sync-status][data-state=off]').waitFor();
    }
    expect(await editorText(host)).toBe(await editorText(guest));
  });

  it('carries changes by change bundle (file) both ways, a second import changes nothing, and Fortryd import takes one back', async () => {
    const fileA = path.join(room.dir, 'bundle-a.sqlite');
    const fileB = path.join(room.dir, 'bundle-b.sqlite');
    seedWorkspaces(fileA, fileB);
    const a = await person(fileA, 'Søren Ærø', 'region');
    const b = await person(fileB, 'Åse Øster', 'kommune');
    await typeAtEnd(a, ' Skrevet i toget uden net.');

    const saveBundle = async (page: Page, button: RegExp): Promise<string> => {
      await page.getByTestId('sync-status').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bundle-panel').getByRole('button', { name: button }).click()]);
      const file = path.join(room.dir, download.suggestedFilename());
      await download.saveAs(file);
      await page.keyboard.press('Escape');
      return file;
    };
    const importBundle = async (page: Page, file: string): Promise<string> => {
      await page.getByTestId('sync-status').click();
      await page.getByTestId('bundle-import-input').setInputFiles(file);
      const message = await page.getByTestId('bundle-message').innerText();
      await page.keyboard.press('Escape');
      return message;
    };

    const fromA = await saveBundle(a, /Gem alle ændringer/);
    expect(fromA).toMatch(/\.enighed$/);
    expect(await importBundle(b, fromA)).toMatch(/Indlæst fra Søren Ærø: ændringer i 1 af \d+ dokumenter/);
    await expect.poll(() => editorText(b)).toContain('Skrevet i toget uden net.');
    expect(await importBundle(b, fromA)).toMatch(/intet nyt/);

    // Back: B answers with only what A lacks, chosen from A's bundle.
    await typeAtEnd(b, ' Svar fra kommunen.');
    await b.getByTestId('sync-status').click();
    const [download] = await Promise.all([b.waitForEvent('download'), b.getByTestId('bundle-since-input').setInputFiles(fromA)]);
    const fromB = path.join(room.dir, 'svar.enighed');
    await download.saveAs(fromB);
    await b.keyboard.press('Escape');
    expect(fs.statSync(fromB).size).toBeLessThan(fs.statSync(fromA).size);
    expect(await importBundle(a, fromB)).toMatch(/Indlæst fra Åse Øster/);
    await expect.poll(() => editorText(a)).toContain('Svar fra kommunen.');
    expect(await editorText(a)).toBe(await editorText(b));

    // A damaged file is refused with a Danish message and changes nothing.
    const damaged = path.join(room.dir, 'beskadiget.enighed');
    fs.writeFileSync(damaged, fs.readFileSync(fromB).subarray(0, 200));
    expect(await importBundle(a, damaged)).toMatch(/beskadiget eller ufuldstændig|ikke en Enighed-ændringspakke/);
    expect(await editorText(a)).toBe(await editorText(b));

    // Fortryd import: A takes back what B's next bundle brought.
    await typeAtEnd(b, ' Endnu en linje.');
    const third = await saveBundle(b, /Gem alle ændringer/);
    await a.getByTestId('sync-status').click();
    await a.getByTestId('bundle-import-input').setInputFiles(third);
    await expect.poll(() => a.getByTestId('bundle-message').innerText()).toMatch(/Indlæst fra Åse Øster/);
    await expect.poll(() => editorText(a)).toContain('Endnu en linje.');
    await a.getByTestId('bundle-panel').getByRole('button', { name: 'Fortryd import' }).click();
    await expect.poll(() => a.getByTestId('bundle-message').innerText()).toMatch(/Importen er fortrudt: 1 dokument har fået indholdet fra før importen tilbage/);
    await a.keyboard.press('Escape');
    await expect.poll(() => editorText(a)).not.toContain('Endnu en linje.');
    expect(await editorText(a)).toContain('Svar fra kommunen.');
  });
});
