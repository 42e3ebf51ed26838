// Asks where an export is saved: Electron's save dialog over the app's window, with the options
// and answer decided in saveDialogOptions.ts. The Node side writes the file
// (electron/workspace/exportFile.ts).
import { app, BrowserWindow, dialog } from 'electron';
import type { SavePathChooser } from '../workspace/exportFile.ts';
import { chosenSavePath, saveDialogOptions } from './saveDialogOptions.ts';

export const electronSavePath: SavePathChooser = async (fileName, format) => {
  const options = saveDialogOptions(fileName, format, app.getPath('documents'));
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return chosenSavePath(win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options), format);
};
