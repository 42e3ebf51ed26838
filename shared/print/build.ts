// buildPrintModel: an agreement's structure and its sections' Y.Docs → the printable model
// (model.ts). Pure: no IO; the caller hands over the documents (the Node side from its workspace,
// tests from real Y.Docs). Statuses come from the same function the overview uses, with only the
// positions that count under the agreement's directory (shared/identity/counted.ts).
import type * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import type { Agreement, Section } from '../domain/agreement.ts';
import { partLabel, partOrder } from '../domain/labels.ts';
import { checkDoc } from '../documents/check.ts';
import type { Directory } from '../identity/directory.ts';
import { countedPositionsOf } from '../identity/counted.ts';
import { clauseStatuses } from '../negotiation/clauseStatuses.ts';
import { readThreads } from '../negotiation/comments.ts';
import { suggestionAuthors } from '../negotiation/suggestionsDoc.ts';
import { schema, SECTION_FRAGMENT } from '../schema/schema.ts';
import { sectionDocId } from '../structure/docIds.ts';
import { sectionNumbers, sectionsOfPart } from '../structure/structureDoc.ts';
import type { RequirementsFile } from '../requirements/catalogue.ts';
import { blocksOf } from './blocks.ts';
import { guideOf } from './guide.ts';
import type { PrintGroup, PrintModel, PrintPart, PrintScope, PrintSection } from './model.ts';

export interface PrintInput {
  agreement: Agreement;
  /** Each section's document by section id; a missing one prints as an empty section. */
  sectionDocs: ReadonlyMap<string, Y.Doc>;
  directory: Directory;
  scope?: PrintScope;
  /** One side's internal documents by section id, whose threads are printed too (the negotiation
   *  draft, when the exporting person's side owns them and asked for them). */
  internalDocs?: ReadonlyMap<string, Y.Doc>;
  /** The executive order's requirements: the model then carries the reading guide (`guide`). */
  requirements?: RequirementsFile;
}

/** Whether `section` is printed in `scope`. */
export function inScope(section: Section, scope: PrintScope): boolean {
  switch (scope.kind) {
    case 'agreement':
      return true;
    case 'part':
      return section.part === scope.part;
    case 'themeGroup':
      return section.themeGroupId === scope.themeGroupId;
    case 'section':
      return section.id === scope.sectionId;
  }
}

/** The Danish error when `scope` names nothing in `agreement`, else null. */
export function scopeProblem(agreement: Agreement, scope: PrintScope): string | null {
  if (scope.kind === 'section' && !agreement.sections.some((s) => s.id === scope.sectionId && !s.archived)) {
    return `Afsnittet "${scope.sectionId}" findes ikke i aftalen.`;
  }
  if (scope.kind === 'themeGroup' && !agreement.themeGroups.some((g) => g.id === scope.themeGroupId && !g.archived)) {
    return `Temagruppen "${scope.themeGroupId}" findes ikke i aftalen.`;
  }
  return null;
}

function printSection(input: PrintInput, section: Section, number: number): PrintSection {
  const doc = input.sectionDocs.get(section.id);
  const base = { id: section.id, number, title: section.title, part: section.part, themeGroupId: section.themeGroupId, requirementIds: [...(section.requirementIds ?? [])] };
  if (!doc) return { ...base, blocks: [], damaged: null };
  const check = checkDoc(sectionDocId(input.agreement.id, section.id), doc);
  if (!check.ok) return { ...base, blocks: [], damaged: check.reason };
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema);
  const entries = clauseStatuses(root, countedPositionsOf(doc, section.id, input.directory));
  const internal = input.internalDocs?.get(section.id);
  const context = {
    part: section.part,
    sectionNumber: number,
    statuses: new Map(entries.map((e) => [e.clauseId, e])),
    threads: [...readThreads(doc, 'shared'), ...(internal ? readThreads(internal, 'internal') : [])],
    authors: suggestionAuthors(doc),
  };
  return { ...base, blocks: blocksOf(root, context, { next: 1 }), damaged: null };
}

/** The printable model of `input.agreement` within `input.scope` (default: the whole agreement).
 *  Numbers are always the agreement's, whatever the scope. */
export function buildPrintModel(input: PrintInput): PrintModel {
  const { agreement } = input;
  const scope = input.scope ?? { kind: 'agreement' };
  const numbers = sectionNumbers(agreement);
  const groupName = new Map(agreement.themeGroups.map((g) => [g.id, g.name]));
  const parts: PrintPart[] = [];
  for (const part of partOrder) {
    const groups: PrintGroup[] = [];
    for (const section of sectionsOfPart(agreement, part)) {
      if (!inScope(section, scope)) continue;
      const printed = printSection(input, section, numbers.get(section.id) ?? 0);
      const last = groups.at(-1);
      if (last && last.themeGroupId === section.themeGroupId) last.sections.push(printed);
      else groups.push({ themeGroupId: section.themeGroupId, name: section.themeGroupId ? (groupName.get(section.themeGroupId) ?? null) : null, sections: [printed] });
    }
    if (groups.length > 0) parts.push({ part, label: partLabel[part], groups });
  }
  const region = agreement.parties.find((p) => p.id === agreement.regionPartyId);
  return {
    agreementId: agreement.id,
    title: agreement.title,
    period: agreement.period,
    organisation: region?.name ?? agreement.title,
    scope,
    parts,
    guide: input.requirements ? guideOf(parts, input.requirements) : null,
  };
}
