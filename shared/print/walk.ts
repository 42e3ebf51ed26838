// Reading the printable model: its sections and clauses in reading order, and the final version's
// gate (which clauses are not agreed).
import type { PrintBlock, PrintClause, PrintModel, PrintSection } from './model.ts';

export function sectionsOf(model: PrintModel): PrintSection[] {
  return model.parts.flatMap((p) => p.groups.flatMap((g) => g.sections));
}

/** Every clause of the model with its section, in reading order (clauses sit at a section's top level). */
export function clausesOfModel(model: PrintModel): { section: PrintSection; clause: PrintClause }[] {
  return sectionsOf(model).flatMap((section) =>
    section.blocks.flatMap((b: PrintBlock) => (b.kind === 'clause' ? [{ section, clause: b }] : [])),
  );
}

/** A clause that keeps a final version from being final. */
export interface UnagreedClause {
  sectionId: string;
  clauseId: string | null;
  /** "3.2". */
  number: string;
  /** "Politisk del 3.2" (clauseReference). */
  reference: string;
  /** The section's title (a clause has no title of its own). */
  title: string;
  status: PrintClause['status'];
  statusLabel: string;
}

/** Every clause whose status is not Enighed, in reading order: the final version's gate. */
export function unagreedClauses(model: PrintModel): UnagreedClause[] {
  return clausesOfModel(model)
    .filter(({ clause }) => clause.status !== 'enighed')
    .map(({ section, clause }) => ({
      sectionId: section.id,
      clauseId: clause.id,
      number: clause.number,
      reference: clause.reference,
      title: section.title,
      status: clause.status,
      statusLabel: clause.statusLabel,
    }));
}

/** The mark an unagreed clause carries in a final version exported anyway. */
export function notFinalMark(clause: PrintClause): string {
  return `Ikke endeligt aftalt – status: ${clause.statusLabel}`;
}
