// The UI shows the one rule (shared/access): with an observer's profile the section is read-only in
// the editor with the reason in the section, and the position buttons are disabled with the reason
// as their title; with a co-chair's profile the same section is writable again. Real Chromium, the
// real test host and SQLite file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clauseSelector, openPerson, seedWorkspaces, trainingClauseId, useRoom } from '../helpers/people.ts';

const room = useRoom('enighed-access-browser-');

describe('rights in the UI', () => {
  it("an observer's section is read-only with the reason shown; a co-chair's is not", async () => {
    const file = path.join(room.dir, 'observer.sqlite');
    seedWorkspaces(file);
    const page = await openPerson(room.browser, room.hosts, file, 'Søren Ærø', 'region');
    const editor = page.locator('[data-testid=section-editor] .ProseMirror');
    expect(await editor.getAttribute('contenteditable')).toBe('true');
    expect(await page.getByTestId('section-readonly').count()).toBe(0);

    // Becomes an observer through the profile dialog.
    await page.getByTestId('profile-button').click();
    const dialog = page.getByTestId('profile-dialog');
    await dialog.locator('[name=role]').selectOption('observatoer');
    await dialog.getByRole('button', { name: 'Gem profil' }).click();
    await dialog.waitFor({ state: 'detached' });

    const banner = page.getByTestId('section-readonly');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('observatør');
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('false');
    const before = await editor.innerText();
    await editor.click();
    await page.keyboard.type('Observatøren skriver');
    expect(await editor.innerText()).toBe(before);

    const clauseId = await trainingClauseId(page);
    await page.locator(`${clauseSelector(clauseId)} [data-testid=status-chip]`).click();
    const agree = page.getByTestId('clause-panel').getByTestId('agree');
    expect(await agree.isDisabled()).toBe(true);
    expect(await agree.getAttribute('title')).toContain('observatør');

    await page.getByTestId('profile-button').click();
    await dialog.locator('[name=role]').selectOption('formand');
    await dialog.getByRole('button', { name: 'Gem profil' }).click();
    await dialog.waitFor({ state: 'detached' });
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('true');
  });
});
