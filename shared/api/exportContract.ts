// The part of the API contract (contract.ts) for exporting an agreement as Word or PDF
// (electron/export, the printable model in shared/print). Spread into `methods` and `events` there.
import { z } from 'zod';
import { Part } from '../domain/agreement.ts';
import { ExportFormat, ExportKind, UnagreedChoice } from '../print/kinds.ts';

const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'forventede binære data');
const Id = z.string().min(1).max(120);

export const PrintScopeShape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agreement') }).strict(),
  z.object({ kind: z.literal('part'), part: Part }).strict(),
  z.object({ kind: z.literal('themeGroup'), themeGroupId: Id }).strict(),
  z.object({ kind: z.literal('section'), sectionId: Id }).strict(),
]);

export const ExportRequestShape = z
  .object({
    agreementId: z.string().min(1).max(64),
    kind: ExportKind,
    format: ExportFormat,
    scope: PrintScopeShape,
    /** For the final version: refuse (list the unagreed clauses) or mark them. */
    unagreed: UnagreedChoice,
    /** The negotiation draft: also the exporting person's side's internal threads (their choice). */
    includeInternal: z.boolean().optional(),
  })
  .strict();
export type ExportRequestShape = z.infer<typeof ExportRequestShape>;

export const UnagreedClauseShape = z.object({
  sectionId: z.string(),
  clauseId: z.string().nullable(),
  number: z.string(),
  reference: z.string(),
  title: z.string(),
  status: z.enum(['aaben', 'afventer', 'enighed', 'uenighed', 'aendret']),
  statusLabel: z.string(),
});

export const ExportProgress = z.object({
  agreementId: z.string(),
  /** Danish, shown beside the progress bar. */
  stage: z.string().max(200),
  /** 0–100. */
  percent: z.number().min(0).max(100),
});
export type ExportProgress = z.infer<typeof ExportProgress>;

export const exportMethods = {
  /**
   * Exports the document. In the app the Node side asks where to save it (Electron's save dialog,
   * with the Danish file name as default) before rendering and writes the file itself: `saved` with
   * the path, or `cancelled` when the person closed the dialog. Where nothing asks (the browser
   * test host), `done` brings the bytes and the Danish file name, and the window downloads them. A
   * final version with unagreed clauses and `unagreed: 'refuse'` returns them instead (before any
   * dialog). The calling client gets exportProgress events meanwhile.
   */
  exportDocument: method(
    ExportRequestShape,
    z.discriminatedUnion('state', [
      z.object({ state: z.literal('done'), bytes: Bytes, fileName: z.string(), marked: z.number().int() }),
      z.object({ state: z.literal('saved'), fileName: z.string(), path: z.string().max(4096), byteLength: z.number().int(), marked: z.number().int() }),
      z.object({ state: z.literal('cancelled'), fileName: z.string() }),
      z.object({ state: z.literal('unagreed'), clauses: z.array(UnagreedClauseShape).max(100_000) }),
    ]),
  ),
} as const;

export const exportEvents = {
  exportProgress: ExportProgress,
} as const;
