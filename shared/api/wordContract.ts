// The part of the API contract (contract.ts) for Word: *Importér fra Word …* shows how a .docx maps
// onto an agreement before anything is written (previewWordImport), then writes it
// (applyWordImport). The file's bytes travel with each call (bounded); the Node side reads them on
// its Word worker thread (electron/word). Spread into `methods` in contract.ts.
import { z } from 'zod';
import { MAX_DOCX_BYTES } from '../word/limits.ts';
import { SectionChoice, TrackedChangesChoice, type ImportPlan, type TargetStructure } from '../word/mapping.ts';
import type { RoundTripResult } from '../word/roundTrip.ts';

const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

const DocxBytes = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'forventede binære data')
  .refine((b) => b.byteLength > 0, 'Filen er tom.')
  .refine((b) => b.byteLength <= MAX_DOCX_BYTES, `Word-filen er større end ${MAX_DOCX_BYTES / 1024 / 1024} MB.`);

const AgreementId = z.string().min(1).max(64);
const ClauseId = z.string().min(1).max(120);

/** Where the import goes: a new agreement made from a template, or chosen sections of an existing one. */
export const WordImportTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new'), templateId: z.string().min(1).max(120) }).strict(),
  z.object({ kind: z.literal('existing'), agreementId: z.string().min(1).max(64) }).strict(),
]);
export type WordImportTarget = z.infer<typeof WordImportTarget>;

/** The plan, and the structure it was matched against (for the dialog's part/theme group/section choices). */
export type WordImportPreview = { plan: ImportPlan; structure: TargetStructure; agreementTitle: string };

export const wordMethods = {
  /** Reads the .docx (worker thread) and returns how it would be mapped; writes nothing. */
  previewWordImport: method(
    z.object({ bytes: DocxBytes, target: WordImportTarget, trackedChanges: TrackedChangesChoice }).strict(),
    z.custom<WordImportPreview>(),
  ),
  /**
   * Writes the import: a new agreement (title given or the document's), or fills the chosen empty
   * sections of an existing one; `choices` (one per planned section, by index) say where each
   * section goes. All or nothing, in one transaction.
   */
  applyWordImport: method(
    z
      .object({
        bytes: DocxBytes,
        target: WordImportTarget,
        trackedChanges: TrackedChangesChoice,
        title: z.string().trim().min(1, 'Skriv aftalens titel.').max(300, 'Højst 300 tegn.').optional(),
        choices: z.array(SectionChoice).max(10_000),
      })
      .strict(),
    z.object({ agreementId: z.string(), sectionsCreated: z.number().int(), sectionsFilled: z.number().int(), clauses: z.number().int() }),
  ),
  /** *Indlæs rettelser fra Word …*: what an edited negotiation draft brings back, per clause
   *  (shared/word/roundTrip.ts); writes nothing. */
  previewWordCorrections: method(z.object({ bytes: DocxBytes, agreementId: AgreementId }).strict(), z.custom<RoundTripResult>()),
  /**
   * Writes the corrections of the clauses in `include` as suggestions (by their Word authors) and
   * comment threads; a clause changed without track changes only when listed in `acceptUntracked`
   * (then as suggestions too). Never changes the text itself.
   */
  applyWordCorrections: method(
    z.object({ bytes: DocxBytes, agreementId: AgreementId, include: z.array(ClauseId).max(20_000), acceptUntracked: z.array(ClauseId).max(20_000) }).strict(),
    z.object({ suggestions: z.number().int(), comments: z.number().int(), skipped: z.array(z.string()) }),
  ),
} as const;
