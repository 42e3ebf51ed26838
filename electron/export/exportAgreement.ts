// One export, from an agreement's documents to the file's bytes: the printable model
// (shared/print), the final version's gate, then the Word or PDF renderer. Used by the CLI, the
// workspace service's export call and the tests, so all three export the same thing.
import type * as Y from 'yjs';
import { readDirectory } from '../../shared/identity/directory.ts';
import { buildPrintModel, inScope, scopeProblem } from '../../shared/print/build.ts';
import { exportFileName, type ExportFormat, type ExportKind, type UnagreedChoice } from '../../shared/print/kinds.ts';
import type { PrintModel, PrintScope } from '../../shared/print/model.ts';
import { unagreedClauses, type UnagreedClause } from '../../shared/print/walk.ts';
import { partLabel } from '../../shared/domain/labels.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { BEKENDTGOERELSE_2009 } from '../../shared/requirements/bekendtgoerelse2009.ts';
import { verifyBytes } from '../identity/ed25519.ts';
import { verifyAheadInto } from '../identity/verifyPool.ts';
import { currentPositionChecks } from '../../shared/identity/positionChecks.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { renderDocx } from './docx/document.ts';
import type { Agreement, Side } from '../../shared/domain/agreement.ts';

export class ExportInputError extends Error {}

export interface ExportRequest {
  agreementId: string;
  kind: ExportKind;
  format: ExportFormat;
  scope: PrintScope;
  /** For the final version when clauses are not agreed: refuse (the default) or mark them. */
  unagreed?: UnagreedChoice;
  /** The negotiation draft only: also print the internal threads of this side (the exporting
   *  person's own; the caller decides whose side that is). */
  internalSide?: Side | null;
  now?: Date;
}

export type ExportResult =
  | { state: 'done'; bytes: Uint8Array; fileName: string; marked: number }
  | { state: 'unagreed'; clauses: UnagreedClause[] }
  /** `beforeRender` said no (the person cancelled the save dialog): nothing was rendered. */
  | { state: 'cancelled'; fileName: string };

/** Called once the model is built and the gate passed, with the Danish file name, before the
 *  (long) rendering: progress, and where the file goes (Electron's save dialog). `false` cancels. */
export type BeforeRender = (fileName: string) => void | boolean | Promise<void | boolean>;

/** Prints a model as PDF (Chromium: Electron's printToPDF or playwright's page.pdf, pdf/print.ts). */
export type PdfPrinter = (model: PrintModel, options: { kind: ExportKind; markUnagreed: boolean; now: Date }) => Promise<Uint8Array>;

/** The documents an export reads besides the structure: every section's that is part of the
 *  agreement (numbers and statuses are the agreement's whatever the scope), and the internal ones
 *  of `internalSide` for the sections in scope. */
export function exportDocIds(agreement: Agreement, scope: PrintScope, internalSide: Side | null): { sectionId: string; docId: string; internal: boolean }[] {
  return agreement.sections.flatMap((section) => {
    if (section.archived) return [];
    const own = { sectionId: section.id, docId: sectionDocId(agreement.id, section.id), internal: false };
    return internalSide && inScope(section, scope) ? [own, { sectionId: section.id, docId: internalDocId(agreement.id, internalSide, section.id), internal: true }] : [own];
  });
}

/** What an export reads: the agreement, its structure, and the section documents (with the internal
 *  ones of `internalSide`) by section id. Throws ExportInputError when it cannot be read. */
interface ExportInputs {
  structure: Y.Doc;
  agreement: Agreement;
  sectionDocs: Map<string, Y.Doc>;
  internalDocs: Map<string, Y.Doc>;
}

function exportInputs(docOf: (docId: string) => Y.Doc, agreementId: string, scope: PrintScope, internalSide: Side | null): ExportInputs {
  const structure = docOf(structureDocId(agreementId));
  const agreement = readAgreement(structure);
  if (!agreement) throw new ExportInputError(`Aftalen "${agreementId}" kan ikke læses.`);
  const problem = scopeProblem(agreement, scope);
  if (problem) throw new ExportInputError(problem);
  const sectionDocs = new Map<string, Y.Doc>();
  const internalDocs = new Map<string, Y.Doc>();
  for (const { sectionId, docId, internal } of exportDocIds(agreement, scope, internalSide)) (internal ? internalDocs : sectionDocs).set(sectionId, docOf(docId));
  return { structure, agreement, sectionDocs, internalDocs };
}

/** The printable model of what exportInputs read, positions counted under the agreement's directory
 *  as the app counts them (pinned root key as this workspace knows it; verdicts from `cache`). */
function modelOf(inputs: ExportInputs, scope: PrintScope, pinnedRootKey: string | null, withGuide: boolean, cache: VerdictCache): PrintModel {
  const { structure, agreement, sectionDocs, internalDocs } = inputs;
  const directory = readDirectory(structure, verifyBytes, pinnedRootKey, cache);
  const requirements = withGuide ? BEKENDTGOERELSE_2009 : undefined;
  return buildPrintModel({ agreement, sectionDocs, directory, scope, internalDocs, requirements });
}

/** The agreement's printable model from its documents (`docOf(docId)`), positions counted under its
 *  directory as the app counts them (pinned root key as this workspace knows it). */
export function printModelOf(
  docOf: (docId: string) => Y.Doc,
  agreementId: string,
  scope: PrintScope,
  pinnedRootKey: string | null = null,
  internalSide: Side | null = null,
  withGuide = false,
): { model: PrintModel; agreement: Agreement } {
  const inputs = exportInputs(docOf, agreementId, scope, internalSide);
  return { model: modelOf(inputs, scope, pinnedRootKey, withGuide, new VerdictCache()), agreement: inputs.agreement };
}

function scopeName(agreement: Agreement, scope: PrintScope): string | null {
  switch (scope.kind) {
    case 'agreement':
      return null;
    case 'part':
      return partLabel[scope.part];
    case 'themeGroup':
      return agreement.themeGroups.find((g) => g.id === scope.themeGroupId)?.name ?? null;
    case 'section':
      return agreement.sections.find((s) => s.id === scope.sectionId)?.title ?? null;
  }
}

/** `beforeRender` is called once the model is built and the gate passed (see BeforeRender). */
export async function exportAgreement(
  docOf: (docId: string) => Y.Doc,
  request: ExportRequest,
  printPdf: PdfPrinter | null,
  pinnedRootKey: string | null = null,
  beforeRender?: BeforeRender,
): Promise<ExportResult> {
  const now = request.now ?? new Date();
  const internalSide = request.kind === 'forhandling' ? (request.internalSide ?? null) : null;
  const inputs = exportInputs(docOf, request.agreementId, request.scope, internalSide);
  const { agreement } = inputs;
  // The signatures judging needs (one per device and section, shared/identity/endorsement.ts, and
  // any no later entry vouches for) verified ahead on the pool's threads; the model then judges
  // every position one at a time from the cache.
  const cache = new VerdictCache();
  await verifyAheadInto(cache, currentPositionChecks(inputs.sectionDocs.values()));
  const model = modelOf(inputs, request.scope, pinnedRootKey, request.kind === 'laesevejledning', cache);
  let markUnagreed = false;
  let marked = 0;
  if (request.kind === 'endelig') {
    const clauses = unagreedClauses(model);
    if (clauses.length > 0 && request.unagreed !== 'mark') return { state: 'unagreed', clauses };
    markUnagreed = clauses.length > 0;
    marked = clauses.length;
  }
  const options = { kind: request.kind, markUnagreed, now };
  if (request.format === 'pdf' && !printPdf) throw new ExportInputError('PDF kan ikke laves her.');
  const fileName = exportFileName({ period: agreement.period, kind: request.kind, format: request.format, now, scopeName: scopeName(agreement, request.scope) });
  if ((await beforeRender?.(fileName)) === false) return { state: 'cancelled', fileName };
  const bytes = request.format === 'docx' ? await renderDocx(model, options) : await printPdf!(model, options);
  return { state: 'done', bytes, fileName, marked };
}
