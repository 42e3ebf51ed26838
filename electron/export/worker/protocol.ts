// Messages between the main process and the export worker (worker.ts). One export per worker: the
// main process starts it with the documents' states, answers its questions (where to save, once
// the gate passed; the PDF's printing, which needs the shell's Chromium) and ends it.
import type { Side } from '../../../shared/domain/agreement.ts';
import type { PrintModel } from '../../../shared/print/model.ts';
import type { ExportRequest, ExportResult } from '../exportAgreement.ts';

export interface ExportTask {
  request: ExportRequest & { internalSide: Side | null };
  /** Every document the export reads, as its whole state (Y.encodeStateAsUpdate). */
  docs: { docId: string; update: Uint8Array }[];
  pinnedRootKey: string | null;
  /** Ask the main process (`named`) before rendering: its save dialog. */
  askFirst: boolean;
}

export type ToExportWorker =
  | { kind: 'start'; task: ExportTask }
  /** The answer to `named`. */
  | { kind: 'render'; go: boolean }
  /** The answer to `print`. */
  | { kind: 'printed'; bytes: Uint8Array };

export type FromExportWorker =
  | { kind: 'progress'; stage: string; percent: number }
  /** The gate passed; the file's Danish name. Waits for `render`. */
  | { kind: 'named'; fileName: string }
  /** A PDF: the main process prints the model (Chromium) and answers `printed`. */
  | { kind: 'print'; model: PrintModel; options: { kind: ExportRequest['kind']; markUnagreed: boolean; now: Date } }
  | { kind: 'result'; result: ExportResult }
  | { kind: 'failed'; message: string; userFacing: boolean };
