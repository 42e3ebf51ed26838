// The export's save dialog, decided in plain functions (tested in Node, test/unit/export-save.test.ts):
// the dialog's options with the Danish default file name in the person's documents folder, and the
// path it answered (the format's extension added when the person typed a name without it).
import path from 'node:path';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';

const FILTERS: Record<'docx' | 'pdf', { name: string; extensions: string[] }> = {
  docx: { name: 'Word-dokument', extensions: ['docx'] },
  pdf: { name: 'PDF-dokument', extensions: ['pdf'] },
};

export function saveDialogOptions(fileName: string, format: 'docx' | 'pdf', folder: string): SaveDialogOptions {
  return {
    title: 'Gem eksporten',
    defaultPath: path.join(folder, fileName),
    buttonLabel: 'Gem',
    filters: [FILTERS[format]],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** The chosen path, or null when the dialog was cancelled. */
export function chosenSavePath(answer: Pick<SaveDialogReturnValue, 'canceled' | 'filePath'>, format: 'docx' | 'pdf'): string | null {
  if (answer.canceled || !answer.filePath) return null;
  return answer.filePath.toLowerCase().endsWith(`.${format}`) ? answer.filePath : `${answer.filePath}.${format}`;
}
