// The reading guide (læsevejledning) of the printable model: each requirement of the executive
// order with the printed sections the secretariat linked to it, by the same derivation the overview
// uses for what is not covered (shared/requirements/coverage.ts). Built with the model (build.ts),
// so the Word and PDF renderers read only the model.
import type { RequirementsFile } from '../requirements/catalogue.ts';
import { requirementCoverage } from '../requirements/coverage.ts';
import type { PrintGuide, PrintPart } from './model.ts';

export function guideOf(parts: readonly PrintPart[], file: RequirementsFile): PrintGuide {
  const sections = parts.flatMap((p) => p.groups.flatMap((g) => g.sections));
  return {
    title: file.title,
    issued: file.issued,
    source: file.source,
    summarised: file.summarised,
    note: file.note,
    groups: file.groups.map((g) => ({ id: g.id, title: g.title, rows: requirementCoverage(g.requirements, sections) })),
  };
}

/** What the guide says for a requirement no printed section meets. */
export const NOT_COVERED = 'Ikke dækket';

/** The guide's rows, every group's, in order. */
export function guideRows(guide: PrintGuide): PrintGuide['groups'][number]['rows'] {
  return guide.groups.flatMap((g) => g.rows);
}
