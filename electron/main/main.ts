// Electron's main process: one window, the app:// protocol, the menu and the IPC wiring. Everything
// else — the store, the workspace service — is plain Node code tested outside Electron.
import path from 'node:path';
import { app, BrowserWindow, Menu, dialog } from 'electron';
import { WorkspaceService } from '../workspace/service.ts';
import { serveContractOverIpc } from './ipc.ts';
import { buildMenu } from './menu.ts';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol.ts';

registerAppScheme();

// Everything the app ships sits beside the bundled main (dist/electron) in the app folder; the
// templates are copied out of the asar by electron-builder (extraResources).
const appRoot = app.getAppPath();
const templatesDir = app.isPackaged
  ? path.join(process.resourcesPath, 'templates')
  : path.join(appRoot, 'resources', 'templates');
const rendererDir = path.join(appRoot, 'dist', 'renderer');
// In development better-sqlite3 in node_modules is built for Node (the tests use it); the copy
// built for Electron's ABI by electron/tools/native-for-electron.ts lives here.
const nativeBinding = app.isPackaged ? undefined : path.join(appRoot, 'dist', 'native', 'better_sqlite3.node');

let service: WorkspaceService | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    title: 'Enighed',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

// No navigation, no new windows, no webviews, no permission prompts: the app shows one page.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
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
  const workspacePath = path.join(app.getPath('userData'), 'enighed.sqlite');
  try {
    // The change bundle worker is built beside main.cjs (electron/tools/bundle.ts).
    const bundleWorker = path.join(__dirname, 'bundle-worker.cjs');
    service = WorkspaceService.open({ workspacePath, templatesDir, seedDemo: true, nativeBinding, bundleWorker });
  } catch (error) {
    dialog.showErrorBox('Enighed kunne ikke starte', String((error as Error)?.message ?? error));
    app.exit(1);
    return;
  }
  serveRenderer(rendererDir);
  serveContractOverIpc(service);
  Menu.setApplicationMenu(buildMenu(workspacePath));
  createWindow();
});
