// The application menu, in Danish.
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(workspacePath: string): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ label: 'Enighed', submenu: [{ role: 'about' as const, label: 'Om Enighed' }, { type: 'separator' as const }, { role: 'quit' as const, label: 'Afslut Enighed' }] }] : []),
    {
      label: 'Filer',
      submenu: [
        { label: 'Vis arbejdsområdet i mappe', click: () => shell.showItemInFolder(workspacePath) },
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
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: 'Udviklerværktøjer' }]),
      ],
    },
    {
      label: 'Hjælp',
      submenu: [{ label: `Om Enighed ${app.getVersion()}`, enabled: false }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
