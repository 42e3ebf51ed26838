// The application menu as plain data, in Danish. Electron-only actions are handed in, so a Node test
// can build the template for each platform and press its items.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuContext {
  isMac: boolean;
  isPackaged: boolean;
  version: string;
}

export interface MenuActions {
  /** Show the workspace file in the system's file manager. */
  showWorkspaceFile(): void;
}

export function menuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const { isMac } = context;
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [{ label: 'Enighed', submenu: [{ role: 'about', label: 'Om Enighed' }, { type: 'separator' }, { role: 'quit', label: 'Afslut Enighed' }] }]
    : [];
  return [
    ...appMenu,
    {
      label: 'Filer',
      submenu: [
        { label: 'Vis arbejdsområdet i mappe', click: () => actions.showWorkspaceFile() },
        { type: 'separator' },
        isMac ? { role: 'close', label: 'Luk vindue' } : { role: 'quit', label: 'Afslut' },
      ],
    },
    {
      label: 'Rediger',
      submenu: [
        { role: 'undo', label: 'Fortryd' },
        { role: 'redo', label: 'Gentag' },
        { type: 'separator' },
        { role: 'cut', label: 'Klip' },
        { role: 'copy', label: 'Kopiér' },
        { role: 'paste', label: 'Sæt ind' },
        { role: 'selectAll', label: 'Markér alt' },
      ],
    },
    {
      label: 'Vis',
      submenu: [
        { role: 'resetZoom', label: 'Faktisk størrelse' },
        { role: 'zoomIn', label: 'Zoom ind' },
        { role: 'zoomOut', label: 'Zoom ud' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Fuld skærm' },
        // Developer tools only in a development build: a packaged app gives nobody a console into the page.
        ...(context.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: 'Udviklerværktøjer' }]),
      ],
    },
    {
      label: 'Hjælp',
      submenu: [{ label: `Om Enighed ${context.version}`, enabled: false }],
    },
  ];
}
