// The app's PDF printer: the export's HTML page (electron/export/pdf/html.ts) in a hidden window
// without JavaScript, printed with webContents.printToPDF and the options every printer uses
// (electron/export/pdf/options.ts). Only hands the page to Electron; what is printed and how is
// decided and tested in Node.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { pdfPrinter } from '../export/pdf/printer.ts';
import { electronPdfOptions } from '../export/pdf/options.ts';

export const electronPdfPrinter = pdfPrinter(async (html, options) => {
  const dir = fs.mkdtempSync(path.join(app.getPath('temp'), 'enighed-print-'));
  const file = path.join(dir, 'udskrift.html');
  fs.writeFileSync(file, html);
  const win = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
  try {
    await win.loadFile(file);
    return new Uint8Array(await win.webContents.printToPDF(electronPdfOptions(options)));
  } finally {
    win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
