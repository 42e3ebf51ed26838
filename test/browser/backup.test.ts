// Sikkerhedskopi … in real Chromium against the real Node side: type into a section, take a backup
// from the top bar, and the downloaded file is a workspace holding what was typed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.ts';
import { startHostProcess } from '../helpers/hostProcess.ts';
import { Store } from '../../electron/store/store.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { fillProfile, useBrowserRoom } from '../helpers/people.ts';

const room = useBrowserRoom('enighed-backup-browser-');

describe('Sikkerhedskopi in Chromium', () => {
  it('downloads a backup that opens as a workspace and holds what was just typed', async () => {
    const host = await startHostProcess(path.join(room.dir, 'live.sqlite'), ['--demo']);
    room.hosts.push(host);
    const page = await room.browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'da-DK', acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(host.url);
    await fillProfile(page);

    await page.getByTestId('nav-section-indlaeggelse-politisk').click();
    const editor = page.locator('[data-testid=section-editor] .ProseMirror');
    await editor.waitFor();
    await editor.click();
    const text = 'Sikkerhedskopien skal rumme denne sætning om Ærø';
    await page.keyboard.type(text);
    await page.locator('[data-testid=save-status][data-state=saved]').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-button').click()]);
    expect(download.suggestedFilename()).toMatch(/^sikkerhedskopi-enighed-\d{8}-\d{4}\.sqlite$/);
    const file = path.join(room.dir, download.suggestedFilename());
    await download.saveAs(file);
    await page.getByTestId('backup-message').filter({ hasText: /Sikkerhedskopien sikkerhedskopi-enighed-.* er gemt\./ }).waitFor();
    // The top bar still shows everything in it (nothing pushed out of the window).
    const profile = await page.getByTestId('profile-button').boundingBox();
    expect(profile!.x + profile!.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: artifactPath('backup.png') });
    expect(problems).toEqual([]);

    // The Node side is still running (the live file is locked); the backup is a workspace of its own.
    const store = Store.open(file, { create: false });
    const [agreementId] = store.agreementIds();
    const agreement = readAgreement(store.loadYDoc(structureDocId(agreementId)))!;
    const section = agreement.sections.find((s) => s.id === 'indlaeggelse-politisk')!;
    const content = store.loadYDoc(sectionDocId(agreementId, section.id)).getXmlFragment(SECTION_FRAGMENT).toString();
    store.close();
    expect(content).toContain(text);
    await page.close();
  });
});
