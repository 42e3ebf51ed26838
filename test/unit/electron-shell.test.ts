// Every decision the Electron shell takes, as plain functions fed the strings Chromium and Electron
// really hand it. The shell itself (electron/main/main.ts, ipc.ts, protocol.ts, menu.ts) only wires
// these to Electron's events; the end-to-end run is test/electron/smoke.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { APP_ORIGIN, APP_START_URL, isAppUrl, resolveAppFile } from '../../electron/main/appUrl.ts';
import { appFolders, workspacePathFrom } from '../../electron/main/launchOptions.ts';
import { CHROMIUM_UI_LANGUAGE, spellCheckerLanguages } from '../../electron/main/locale.ts';
import { menuTemplate } from '../../electron/main/menuTemplate.ts';
import { isExternalLink, mayNavigate, windowOpenDecision } from '../../electron/main/navigation.ts';
import { isPermissionGranted } from '../../electron/main/permissions.ts';
import { appResponseHeaders } from '../../electron/main/responseHeaders.ts';
import { isTrustedSender } from '../../electron/main/senderTrust.ts';
import { mainWindowOptions } from '../../electron/main/windowOptions.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../shared/security/contentSecurityPolicy.ts';
import type { MenuItemConstructorOptions } from 'electron';

describe('IPC sender trust', () => {
  it('is what broke: Node gives a non-special scheme the origin "null"', () => {
    // The old check compared this with "app://enighed" and so refused every call.
    expect(new URL('app://enighed/index.html').origin).toBe('null');
  });

  it('trusts the top frame of our own page, as Chromium reports its URL', () => {
    for (const frameUrl of [APP_START_URL, 'app://enighed/index.html', 'app://enighed/', 'app://enighed/index.html#/afsnit/x?y=1']) {
      expect(isTrustedSender({ frameUrl, isMainFrame: true }), frameUrl).toBe(true);
    }
  });

  it('refuses subframes, gone frames and every other origin', () => {
    expect(isTrustedSender({ frameUrl: APP_START_URL, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true })).toBe(false);
    for (const frameUrl of [
      'app://evil/index.html',
      // Chromium lowercases a standard scheme's host, so an upper-case one never comes from our page.
      'APP://ENIGHED/index.html',
      'app://enighed.evil.dk/index.html',
      'app://enighed:8080/index.html',
      'app://user:pw@enighed/index.html',
      'app:enighed/index.html',
      'https://enighed/index.html',
      'http://localhost:5173/index.html',
      'file:///opt/Enighed/resources/app.asar/dist/renderer/index.html',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      'null',
      '',
    ]) {
      expect(isTrustedSender({ frameUrl, isMainFrame: true }), frameUrl).toBe(false);
    }
  });
});

describe('app:// file resolution', () => {
  const root = path.join(repoRoot, 'dist', 'renderer');

  it('maps our URLs into the renderer folder', () => {
    expect(resolveAppFile('app://enighed/index.html', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://enighed/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://enighed', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://enighed/assets/index-abc.js?v=1#x', root)).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile('app://enighed/assets/%C3%A6bler.css', root)).toBe(path.join(root, 'assets', 'æbler.css'));
  });

  it('serves no other host, no NUL and no malformed escape', () => {
    for (const url of ['app://other/index.html', 'app://enighed/%00index.html', 'app://enighed/%', 'app://enighed/%E0%A4%A', 'file:///etc/passwd', 'app://enighed/..%5Cpackage.json']) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });

  it('never leaves the folder', () => {
    for (const url of [
      'app://enighed/../../etc/passwd',
      'app://enighed/%2e%2e/%2e%2e/etc/passwd',
      'app://enighed/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      'app://enighed/..%2F..%2Fpackage.json',
      'app://enighed/%00index.html',
      'app://enighed/..%5C..%5Cpackage.json',
      'app://enighed/%',
      'app://enighed/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const file = resolveAppFile(url, root);
      expect(file === null || file.startsWith(root + path.sep), `${url} → ${file}`).toBe(true);
      expect(file, url).not.toBe('/etc/passwd');
      expect(file, url).not.toBe(path.join(repoRoot, 'package.json'));
    }
  });
});

describe('window, navigation, permissions, headers', () => {
  it('the window runs the page sandboxed with no Node', () => {
    const options = mainWindowOptions('/app/dist/electron/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.minWidth).toBeLessThanOrEqual(1024);
    expect(options.minHeight).toBeLessThanOrEqual(700);
  });

  it('the page never navigates away; web links open in the browser, nothing opens a window', () => {
    expect(mayNavigate('https://phishing.example/login', APP_START_URL)).toBe(false);
    expect(mayNavigate('app://enighed/other.html', APP_START_URL)).toBe(false);
    expect(mayNavigate(APP_START_URL, APP_START_URL)).toBe(true);
    expect(windowOpenDecision('https://www.retsinformation.dk/eli/lta/2009/778')).toEqual({
      action: 'deny',
      openExternally: 'https://www.retsinformation.dk/eli/lta/2009/778',
    });
    expect(windowOpenDecision('mailto:sekretariat@rm.dk')).toEqual({ action: 'deny', openExternally: 'mailto:sekretariat@rm.dk' });
    for (const url of ['file:///etc/passwd', 'app://enighed/index.html', 'javascript:alert(1)', 'smb://server/share', 'https://user:pw@host/', 'not a url', 'ms-msdt:/id']) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny' });
      expect(isExternalLink(url), url).toBe(false);
    }
  });

  it('permission requests and checks answer from one rule', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      expect(isPermissionGranted(permission, APP_START_URL, isAppUrl), permission).toBe(false);
    }
    // Copying text to the clipboard from our own page only (the check handler gets an origin).
    expect(isPermissionGranted('clipboard-sanitized-write', APP_ORIGIN, isAppUrl)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example', isAppUrl)).toBe(false);
  });

  it('every app:// response carries the CSP the page is built with', () => {
    const headers = appResponseHeaders(new Headers({ 'content-type': 'text/html' }));
    expect(headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(headers.get('content-type')).toBe('text/html');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(CONTENT_SECURITY_POLICY_HEADER).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|http:|https:/);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    // The build puts the same policy into the page (vite.config.ts); the browser tests load that build.
    const built = path.join(repoRoot, 'dist', 'renderer', 'index.html');
    if (fs.existsSync(built)) expect(fs.readFileSync(built, 'utf8')).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
    expect(fs.readFileSync(path.join(repoRoot, 'renderer', 'index.html'), 'utf8')).not.toMatch(/Content-Security-Policy" content=/);
  });
});

describe('launch options', () => {
  it('opens the user-data workspace unless --workspace names another', () => {
    expect(workspacePathFrom(['/opt/Enighed/enighed'], '/home/a/.config/Enighed', '/home/a')).toBe('/home/a/.config/Enighed/enighed.sqlite');
    expect(workspacePathFrom(['electron', '.', '--workspace=/tmp/x.sqlite'], '/u', '/w')).toBe('/tmp/x.sqlite');
    expect(workspacePathFrom(['electron', '.', '--workspace', 'rel/x.sqlite'], '/u', '/w')).toBe('/w/rel/x.sqlite');
    expect(workspacePathFrom(['electron', '.', '--workspace', '--inspect'], '/u', '/w')).toBe('/u/enighed.sqlite');
  });

  it('finds its folders in development and when packaged', () => {
    expect(appFolders('/repo', false, '/ignored')).toEqual({
      templatesDir: '/repo/resources/templates',
      rendererDir: '/repo/dist/renderer',
      nativeBinding: '/repo/dist/native/better_sqlite3.node',
    });
    expect(appFolders('/opt/Enighed/resources/app.asar', true, '/opt/Enighed/resources')).toEqual({
      templatesDir: '/opt/Enighed/resources/templates',
      rendererDir: '/opt/Enighed/resources/app.asar/dist/renderer',
      nativeBinding: undefined,
    });
  });
});

describe('language', () => {
  it("Chromium's own words and the spelling checker are Danish, whatever the system speaks", () => {
    expect(CHROMIUM_UI_LANGUAGE).toBe('da');
    // Part of what session.availableSpellCheckerLanguages lists on Linux and Windows.
    const offered = ['af', 'bg', 'ca', 'cs', 'cy', 'da', 'de', 'de-DE', 'el', 'en-AU', 'en-CA', 'en-GB', 'en-US', 'es', 'fo', 'fr', 'nb', 'sv'];
    expect(spellCheckerLanguages(offered)).toEqual(['da']);
    expect(spellCheckerLanguages(['en-US', 'da-DK'])).toEqual(['da-DK']);
    // Never a language the session does not offer (Electron throws); without Danish the session
    // keeps its own choice (an empty list would mean American English).
    expect(spellCheckerLanguages(['en-US', 'de-DE'])).toBeNull();
    expect(spellCheckerLanguages([])).toBeNull();
    expect(spellCheckerLanguages(['dav', 'nl'])).toBeNull();
  });
});

describe('menu', () => {
  const items = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);

  it('is Danish, its actions run, and developer tools exist only in development', () => {
    let shown = 0;
    const template = menuTemplate({ isMac: false, isPackaged: true, version: '0.1.0' }, { showWorkspaceFile: () => shown++ });
    expect(template.map((item) => item.label)).toEqual(['Filer', 'Rediger', 'Vis', 'Hjælp']);
    const all = items(template);
    const show = all.find((item) => item.label === 'Vis arbejdsområdet i mappe');
    (show?.click as () => void)();
    expect(shown).toBe(1);
    expect(all.some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(all.filter((item) => item.type !== 'separator').every((item) => typeof item.label === 'string' && item.label.length > 0)).toBe(true);
    expect(all.find((item) => item.role === 'quit')?.label).toBe('Afslut');

    const dev = items(menuTemplate({ isMac: true, isPackaged: false, version: '0.1.0' }, { showWorkspaceFile: () => {} }));
    expect(dev.some((item) => item.role === 'toggleDevTools')).toBe(true);
    expect(dev.find((item) => item.role === 'quit')?.label).toBe('Afslut Enighed');
    expect(dev.find((item) => item.role === 'close')?.label).toBe('Luk vindue');
  });
});

describe('packaging', () => {
  it('flips the Electron fuses the security checklist asks for', () => {
    const config = parseYaml(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
