// The application menu: the template (menuTemplate.ts) wired to Electron.
import { app, Menu, shell } from 'electron';
import { menuTemplate } from './menuTemplate.ts';

export function buildMenu(workspacePath: string): Menu {
  const context = { isMac: process.platform === 'darwin', isPackaged: app.isPackaged, version: app.getVersion() };
  return Menu.buildFromTemplate(menuTemplate(context, { showWorkspaceFile: () => shell.showItemInFolder(workspacePath) }));
}
