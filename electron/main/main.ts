// Electron's main process: one window, the app:// protocol, the menu and the IPC wiring. Every
// decision is a plain function tested in Node (appUrl, senderTrust, navigation, permissions,
// windowOptions, menuTemplate, launchOptions, locale, responseHeaders); this file only hands
// Electron's events to them. Everything else — the store, the workspace service — is plain Node code.
import path from 'node:path';
import { app, BrowserWindow, Menu, dialog, shell } from 'electron';
import { WorkspaceService } from '../workspace/service.ts';
import { APP_START_URL, isAppUrl } from './appUrl.ts';
import { serveContractOverIpc } from './ipc.ts';
import { appFolders, workspacePathFrom } from './launchOptions.ts';
import { CHROMIUM_UI_LANGUAGE, spellCheckerLanguages } from './locale.ts';
import { buildMenu } from './menu.ts';
import { mayNavigate, windowOpenDecision } from './navigation.ts';
import { isPermissionGranted } from './permissions.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { safeStorageBox } from './secretBox.ts';
import { electronPdfPrinter } from './pdfPrinter.ts';
import { electronSavePath } from './saveDialog.ts';
import { mainWindowOptions } from './windowOptions.ts';

registerAppScheme();
app.commandLine.appendSwitch('lang', CHROMIUM_UI_LANGUAGE);

const folders = appFolders(app.getAppPath(), app.isPackaged, process.resourcesPath);
let service: WorkspaceService | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(path.join(__dirname, 'preload.cjs')));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}

app.on('web-contents-created', (_event, contents) => {
  const refuseNavigation = (event: Electron.Event, url: string) => {
    if (!mayNavigate(url, contents.getURL())) event.preventDefault();
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: decision.action };
  });
  contents.session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl, isAppUrl)),
  );
  contents.session.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, isAppUrl),
  );
  // macOS uses its own spelling checker and offers no list here.
  const spelling = process.platform === 'darwin' ? null : spellCheckerLanguages(contents.session.availableSpellCheckerLanguages);
  if (spelling) contents.session.setSpellCheckerLanguages(spelling);
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  service?.close();
  service = null;
});

// One instance per user: the workspace file is locked to the process that opened it, so a second
// start hands over to the first window instead of failing on the lock.
if (!app.requestSingleInstanceLock()) app.quit();
app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

void app.whenReady().then(() => {
  const workspacePath = workspacePathFrom(process.argv, app.getPath('userData'), process.cwd());
  try {
    // The change bundle worker is built beside main.cjs (electron/tools/bundle.ts).
    const bundleWorker = path.join(__dirname, 'bundle-worker.cjs');
    service = WorkspaceService.open({ workspacePath, templatesDir: folders.templatesDir, seedDemo: true, nativeBinding: folders.nativeBinding, bundleWorker, secretBox: safeStorageBox, pdfPrinter: electronPdfPrinter, chooseSavePath: electronSavePath });
  } catch (error) {
    dialog.showErrorBox('Enighed kunne ikke starte', String((error as Error)?.message ?? error));
    app.exit(1);
    return;
  }
  serveRenderer(folders.rendererDir);
  serveContractOverIpc(service);
  Menu.setApplicationMenu(buildMenu(workspacePath));
  createWindow();
});
