// Writing an exported document where the person chose (Electron's save dialog, in the shell): on
// the Node side, whole or not at all — the bytes go to a temporary file beside the target, which is
// then renamed over it, so a full disk or a crash never leaves half a .docx under the chosen name.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../../shared/api/dispatch.ts';

/** Asks where to save `fileName` (the Danish default name); null when the person cancels. The
 *  shell supplies it (electron/main/saveDialog.ts); without it the window downloads the bytes. */
export type SavePathChooser = (fileName: string, format: 'docx' | 'pdf') => Promise<string | null>;

export function writeExportFile(target: string, bytes: Uint8Array): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx' });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'mappen findes ikke' : code === 'EACCES' || code === 'EPERM' ? 'der er ikke adgang til at skrive der' : code === 'ENOSPC' ? 'disken er fuld' : (code ?? 'ukendt fejl');
    throw new UserFacingError(`Filen kunne ikke gemmes i ${target}: ${why}.`);
  }
}
