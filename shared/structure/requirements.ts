// The reading guide's links: which requirements of the executive order a section meets (the
// section's `requirementIds`, in the structure document, so they sync, travel in bundles and are
// attributed like every other structure change — and, being structure, only the secretariat may
// write them: shared/access/rules.ts). The catalogue of requirements is shared/requirements/.
import type * as Y from 'yjs';
import type { Agreement } from '../domain/agreement.ts';
import { partOrder } from '../domain/labels.ts';
import type { Requirement } from '../requirements/catalogue.ts';
import { requirementCoverage, type RequirementCoverage } from '../requirements/coverage.ts';
import { entity, put, StructureError, transact, type Change } from './change.ts';
import { sectionNumbers, sectionsOfPart } from './structureDoc.ts';

/** Sets the requirements `sectionId` meets: ids of `requirements` (any other is refused), kept in
 *  the catalogue's order; an empty list removes the field. */
export function setSectionRequirements(doc: Y.Doc, sectionId: string, requirementIds: readonly string[], requirements: readonly Requirement[], change: Change): void {
  const section = entity(doc, 'sections', sectionId, 'Afsnittet findes ikke (længere) i aftalen.');
  const known = new Set(requirements.map((r) => r.id));
  const unknown = requirementIds.find((id) => !known.has(id));
  if (unknown !== undefined) throw new StructureError(`Kravet «${unknown}» findes ikke i bekendtgørelsen.`);
  const chosen = new Set(requirementIds);
  const ids = requirements.filter((r) => chosen.has(r.id)).map((r) => r.id);
  const { requirementIds: _old, ...rest } = section;
  transact(doc, () => put(doc, 'sections', ids.length > 0 ? { ...rest, requirementIds: ids } : rest, change));
}

/** Every requirement with the sections of the agreement (not archived, in reading order) that meet it. */
export function agreementCoverage(agreement: Agreement, requirements: readonly Requirement[]): RequirementCoverage[] {
  const numbers = sectionNumbers(agreement);
  const sections = partOrder.flatMap((part) => sectionsOfPart(agreement, part).map((s) => ({ ...s, number: numbers.get(s.id) ?? 0 })));
  return requirementCoverage(requirements, sections);
}
