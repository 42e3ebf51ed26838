// Which sections meet which requirement: the one derivation behind the overview's list of
// requirements no section covers and the reading guide's table (shared/print/guide.ts). Archived
// sections cover nothing (the caller hands over the sections that are part of the agreement).
import type { Part } from '../domain/agreement.ts';
import { sectionReference } from '../editor/clauseNumbers.ts';
import type { Requirement } from './catalogue.ts';

/** A section as coverage needs it. */
export interface CoveringSectionInput {
  id: string;
  part: Part;
  /** The section's number in its part (sectionNumbers). */
  number: number;
  title: string;
  requirementIds?: readonly string[];
}

export interface CoveringSection {
  id: string;
  /** "Politisk del 3" (sectionReference). */
  reference: string;
  title: string;
}

export interface RequirementCoverage {
  requirement: Requirement;
  /** In reading order (the order the sections are given in). */
  sections: CoveringSection[];
}

/** Every requirement, in the catalogue's order, with the sections (in the given order) that list it. */
export function requirementCoverage(requirements: readonly Requirement[], sections: readonly CoveringSectionInput[]): RequirementCoverage[] {
  const byRequirement = new Map<string, CoveringSection[]>(requirements.map((r) => [r.id, []]));
  for (const s of sections) {
    for (const id of new Set(s.requirementIds ?? [])) byRequirement.get(id)?.push({ id: s.id, reference: sectionReference(s.part, s.number), title: s.title });
  }
  return requirements.map((requirement) => ({ requirement, sections: byRequirement.get(requirement.id)! }));
}

/** The requirements no given section covers, in the catalogue's order. */
export function uncoveredRequirements(requirements: readonly Requirement[], sections: readonly CoveringSectionInput[]): Requirement[] {
  return requirementCoverage(requirements, sections)
    .filter((c) => c.sections.length === 0)
    .map((c) => c.requirement);
}
