// End to end in the real Electron app (playwright-core's _electron): start the built app on a fresh
// workspace, open the demo agreement, type a clause, agree on it, quit, start again — the text and
// the position are there. This is the only test that exercises the shell's wiring (IPC through the
// preload, the app:// protocol, the sender check) rather than its plain functions.
//
// It needs an Electron binary, which cannot be downloaded on CI; where there is none the test is
// skipped and says so. `npm run test:electron` builds the app and runs it (README).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { artifactPath } from '../helpers/browser.ts';
import { electronBinary, NO_ELECTRON_MESSAGE } from '../helpers/electronApp.ts';
import { chipStatus, clauseSelector, saveProfileAndOpen } from '../helpers/people.ts';

const binary = electronBinary();
if (!binary) console.log(NO_ELECTRON_MESSAGE);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-electron-'));
const workspace = path.join(dir, 'enighed.sqlite');
const apps: ElectronApplication[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close().catch(() => {})));
  fs.rmSync(dir, { recursive: true, force: true });
});

function buildApp(): void {
  for (const [cmd, args] of [
    ['npm', ['run', 'build']],
    [path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['electron/tools/native-for-electron.ts']],
  ] as const) {
    const result = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  }
}

async function launch(): Promise<{ app: ElectronApplication; page: Page; errors: string[] }> {
  const app = await _electron.launch({
    executablePath: binary!,
    args: [repoRoot, `--workspace=${workspace}`, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 60_000,
  });
  apps.push(app);
  const page = await app.firstWindow();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { app, page, errors };
}

describe.skipIf(!binary)('the real Electron app', () => {
  it('opens the demo agreement, keeps a typed and agreed clause across a restart', { timeout: 600_000 }, async () => {
    buildApp();
    const text = 'Røgtest i Electron: kommunen og regionen aftaler én fælles plan – æøå ÆØÅ';

    let { app, page, errors } = await launch();
    expect(await page.evaluate(() => location.href)).toBe('app://enighed/index.html');
    // The IPC bridge answers: the profile dialog is shown only after the Node side replied.
    await saveProfileAndOpen(page, 'Søren Ærø', 'region');
    const editor = page.locator('[data-testid=section-editor] .ProseMirror');
    await editor.click();
    await page.getByTestId('tool-clause').click();
    await page.keyboard.type(text);
    const clause = editor.locator('section.clause', { hasText: text });
    await clause.waitFor();
    const clauseId = (await clause.getAttribute('data-clause-id'))!;
    await page.locator('[data-testid=save-status][data-state=saved]').waitFor();

    await page.locator(`${clauseSelector(clauseId)} [data-testid=status-chip]`).click();
    await page.getByTestId('clause-panel').getByTestId('agree').click();
    await expect.poll(() => chipStatus(page, clauseId)).toBe('afventer');
    await page.screenshot({ path: artifactPath('electron-smoke.png') });
    expect(errors).toEqual([]);
    await app.close();

    ({ app, page, errors } = await launch());
    await page.getByTestId('nav-section-traening-politisk').click();
    const reopened = page.locator(clauseSelector(clauseId));
    await reopened.waitFor();
    expect(await reopened.innerText()).toContain(text);
    expect(await chipStatus(page, clauseId)).toBe('afventer');
    expect(errors).toEqual([]);
    await app.close();
  });
});
