// The workspace service's export call (shared/api/exportContract.ts): the agreement's documents as
// this workspace holds them, through electron/export (the printable model, the final version's
// gate, the Word or PDF renderer), with progress to the calling client. Runs on the Node side,
// never in the window, and there on the export worker (electron/export/worker/: the documents'
// states go over, the model is built and the Word file packed off the main event loop). PDF needs a
// printer from the shell (Electron's printToPDF in the app, Chromium through playwright-core in the
// test host). Where the file goes: in the app the shell's save dialog asks (before the rendering)
// and the file is written here (exportFile.ts); in the test host the bytes go back to the window,
// which downloads them.
import * as Y from 'yjs';

import type { ExportProgress } from '../../shared/api/exportContract.ts';
import type { Side } from '../../shared/domain/agreement.ts';
import { exportDocIds, ExportInputError, type PdfPrinter } from '../export/exportAgreement.ts';
import { exportOnWorker } from '../export/worker/client.ts';
import type { ExportTask } from '../export/worker/protocol.ts';
import type { PrintScope } from '../../shared/print/model.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { UserFacingError, type Handlers } from '../../shared/api/dispatch.ts';
import { writeExportFile, type SavePathChooser } from './exportFile.ts';

export interface ExportHost<Client> {
  /** The document as this workspace holds it (loaded, checked). */
  docOf(docId: string): Y.Doc;
  /** The root key this workspace pinned for the agreement, if any. */
  pinnedRootKey(agreementId: string): string | null;
  hasAgreement(agreementId: string): boolean;
  /** The local person's side: whose internal threads they may include. */
  ownSide(): Side | null;
  send(client: Client, progress: ExportProgress): void;
  printer: PdfPrinter | null;
  /** Asks where to save (Electron's save dialog); absent: the bytes go back to the window, which
   *  downloads them (the browser test host). */
  chooseSavePath: SavePathChooser | null;
}

/** Lets the progress event reach the window before the next synchronous stretch of work. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The whole state of every document the export reads, for the export worker: encoded one
 *  document at a time with the event loop let through between them (a 3,000-clause agreement
 *  takes ~150 ms to encode, in steps of a few milliseconds). */
async function exportDocs<Client>(host: ExportHost<Client>, agreementId: string, scope: PrintScope, internalSide: Side | null): Promise<ExportTask['docs']> {
  const structureId = structureDocId(agreementId);
  const agreement = readAgreement(host.docOf(structureId));
  const ids = [structureId, ...(agreement ? exportDocIds(agreement, scope, internalSide).map((d) => d.docId) : [])];
  const docs: ExportTask['docs'] = [];
  for (const docId of ids) {
    docs.push({ docId, update: Y.encodeStateAsUpdate(host.docOf(docId)) });
    await tick();
  }
  return docs;
}

export function exportHandlers<Client>(host: ExportHost<Client>): Pick<Handlers<Client>, 'exportDocument'> {
  return {
    exportDocument: async (request, client) => {
      if (!host.hasAgreement(request.agreementId)) throw new UserFacingError(`Aftalen "${request.agreementId}" findes ikke i dette arbejdsområde.`);
      if (request.format === 'pdf' && !host.printer) throw new UserFacingError('PDF kan ikke laves i dette vindue. Vælg Word (.docx).');
      const progress = (stage: string, percent: number) => host.send(client, { agreementId: request.agreementId, stage, percent });
      progress('Læser aftalens afsnit …', 10);
      await tick();
      try {
        const internalSide = request.includeInternal && request.kind === 'forhandling' ? host.ownSide() : null;
        let target: string | null = null;
        const docs = await exportDocs(host, request.agreementId, request.scope, internalSide);
        const result = await exportOnWorker(
          { request: { ...request, internalSide, now: new Date() }, docs, pinnedRootKey: host.pinnedRootKey(request.agreementId), askFirst: host.chooseSavePath !== null },
          {
            progress,
            printer: host.printer,
            named: async (fileName) => {
              progress('Vælg hvor filen skal gemmes …', 30);
              target = await host.chooseSavePath!(fileName, request.format);
              return target !== null;
            },
          },
        );
        if (result.state === 'cancelled') {
          progress('Ikke gemt', 100);
          return result;
        }
        if (result.state === 'unagreed') {
          progress('Ikke alle klausuler er aftalt', 100);
          return result;
        }
        if (target !== null) {
          progress('Gemmer filen …', 90);
          writeExportFile(target, result.bytes);
          progress('Færdig', 100);
          return { state: 'saved' as const, fileName: result.fileName, path: target, byteLength: result.bytes.byteLength, marked: result.marked };
        }
        progress('Færdig', 100);
        return result;
      } catch (error) {
        if (error instanceof ExportInputError) throw new UserFacingError(error.message);
        throw error;
      }
    },
  };
}
