// Two people on two machines — two Chromium pages, each with its own Node side and its own SQLite
// file — write in the same section through a sync server; one goes offline, both write, it comes
// back, and both end with the same text.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath } from '../helpers/browser.ts';
import { connectTo, editorText, openPerson, seedWorkspaces, typeAtEnd, useRoom } from '../helpers/people.ts';
import { selfSignedCertificate } from '../helpers/certificates.ts';
import { startSyncServer } from '../../electron/server/server.ts';

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

  it('runs a meeting without internet: a wrong code is an error, the host sees who joined, the guest is told when the host ends it', async () => {
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
    const fingerprint = await hostPanel.getByTestId('meeting-fingerprint').innerText();
    expect(url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    expect(fingerprint).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    await expect.poll(() => hostPanel.getByTestId('meeting-participants').innerText()).toContain('Ingen har sluttet sig til endnu');

    await guest.getByTestId('sync-status').click();
    const guestPanel = guest.getByTestId('meeting-panel');
    await guestPanel.locator('[name=join-url]').fill(url);
    await guestPanel.locator('[name=join-fingerprint]').fill(fingerprint);
    // A mistyped code: an error, and still the join form (not "Du deltager i mødet").
    const wrong = (code[0] === '2' ? '3' : '2') + code.slice(1);
    await guestPanel.locator('[name=join-code]').fill(wrong);
    await guestPanel.getByRole('button', { name: 'Deltag' }).click();
    await expect.poll(() => guestPanel.getByRole('alert').innerText(), { timeout: 20_000 }).toContain('Forkert mødekode');
    expect(await guestPanel.getByText('Du deltager i mødet').count()).toBe(0);
    await guest.screenshot({ path: artifactPath('meeting-wrong-code.png') });

    await guestPanel.locator('[name=join-code]').fill(code.toLowerCase());
    await guestPanel.getByRole('button', { name: 'Deltag' }).click();
    await guestPanel.getByText('Du deltager i mødet').waitFor();
    await guest.keyboard.press('Escape');
    await guest.locator('[data-testid=sync-status][data-state=synced]').waitFor();

    // The host sees the guest by the name in her profile.
    await expect.poll(() => hostPanel.getByTestId('meeting-participants').innerText(), { timeout: 20_000 }).toContain('Åse Øster (Kommune)');
    await host.screenshot({ path: artifactPath('meeting-host.png') });
    await host.keyboard.press('Escape');

    await typeAtEnd(host, ' Vi mødes igen i marts.');
    await expect.poll(() => editorText(guest), { timeout: 10_000 }).toContain('Vi mødes igen i marts.');
    // The host's cursor stays at the end of the text, where the guest types.
    await expect.poll(() => guest.getByTestId('remote-cursor').count(), { timeout: 5_000 }).toBe(1);
    await guest.waitForTimeout(300);
    await typeAtEnd(guest, ' Kommunen sender referatet.');
    await expect.poll(() => editorText(guest), { timeout: 10_000 }).toContain(' Kommunen sender referatet.');
    await expect.poll(() => editorText(host), { timeout: 10_000 }).toContain('Kommunen sender referatet.');
    await guest.locator('[data-testid=sync-status][data-state=synced]').waitFor();
    await host.locator('[data-testid=sync-status][data-state=synced]').waitFor();

    // The host ends the meeting; the guest, with the dialog closed, is told.
    await host.getByTestId('sync-status').click();
    await host.getByTestId('meeting-panel').getByRole('button', { name: 'Afslut møde' }).click();
    await host.locator('[data-testid=sync-status][data-state=off]').waitFor();
    await guest.getByTestId('meeting-ended-notice').waitFor({ timeout: 20_000 });
    expect(await guest.getByTestId('meeting-ended-notice').innerText()).toContain('Værten har afsluttet mødet');
    await guest.locator('[data-testid=sync-status][data-state=off]').waitFor();
    await guest.screenshot({ path: artifactPath('meeting-ended.png') });
    expect(await editorText(host)).toBe(await editorText(guest));
  });

  it('says why it cannot connect to a server with an untrusted certificate, and warns before ws:// to another computer', async () => {
    const file = path.join(room.dir, 'transport.sqlite');
    seedWorkspaces(file);
    const page = await person(file, 'Søren Ærø', 'region');
    const certificate = await selfSignedCertificate(room.dir);
    const tlsServer = await startSyncServer({ dataDir: path.join(room.dir, 'tls-server'), quiet: true, tls: { cert: certificate.cert, key: certificate.key } });
    try {
      await page.getByTestId('sync-status').click();
      const dialog = page.getByTestId('sync-dialog');
      await dialog.locator('[name=url]').fill(tlsServer.url);
      await dialog.locator('[name=token]').fill('adgang-til-temagruppen');
      expect(await dialog.getByTestId('sync-plaintext-warning').count()).toBe(0);
      await dialog.getByRole('button', { name: 'Forbind' }).click();
      const status = page.locator('[data-testid=sync-status][data-state=offline][data-error]');
      await status.waitFor({ timeout: 20_000 });
      // Why, in the status: the label says there is an error (the whole reason where the top bar has
      // room for the long label), its title gives the reason, and so does the dialog.
      expect(await status.innerText()).toMatch(/selvsigneret|fejl/);
      expect(await status.getAttribute('title')).toContain('selvsigneret');
      await page.getByTestId('sync-status').click();
      expect(await page.getByTestId('sync-dialog').getByTestId('sync-error').innerText()).toContain('certifikat er selvsigneret');
      await page.screenshot({ path: artifactPath('sync-untrusted-certificate.png') });

      // ws:// to another computer: a warning, and the first click only asks again. 0.0.0.0 is not a
      // loopback name, so it warns, yet the kernel connects it to this machine: no traffic leaves it.
      await dialog.locator('[name=url]').fill('ws://0.0.0.0:9');
      await dialog.locator('[name=token]').fill('adgang-til-temagruppen');
      await dialog.getByTestId('sync-plaintext-warning').waitFor();
      await dialog.getByRole('button', { name: 'Forbind', exact: true }).click();
      await dialog.getByRole('button', { name: 'Forbind alligevel' }).waitFor();
      expect(await page.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
      // Still the old server: its error in the status's title (and in its label where the top bar
      // has room for the long one).
      expect(await page.getByTestId('sync-status').getAttribute('title')).toContain('selvsigneret');
      await dialog.getByRole('button', { name: 'Forbind alligevel' }).click();
      await expect.poll(() => page.getByTestId('sync-status').getAttribute('title')).toContain('ws://0.0.0.0:9');
      await page.getByTestId('sync-status').click();
      await page.getByTestId('sync-dialog').getByRole('button', { name: 'Stop synkronisering' }).click();
      await page.locator('[data-testid=sync-status][data-state=off]').waitFor();
    } finally {
      await tlsServer.close();
    }
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
