// The disputes overview (overblik): status counts across an agreement per part and theme group, and
// the clauses that need attention. Pure: it takes each section's clause statuses (computed from the
// section's Y.Doc by sectionClauseStatuses) so a caller can recompute only the section that changed.
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import type { Agreement, Part, Section } from '../domain/agreement.ts';
import { partLabel, partOrder } from '../domain/labels.ts';
import { schema, SECTION_FRAGMENT } from '../schema/schema.ts';
import { sectionNumbers, sectionsOfPart } from '../structure/structureDoc.ts';
import { clauseStatuses, type ClauseStatusEntry } from './clauseStatuses.ts';
import { currentPositions } from './positionsDoc.ts';
import type { ClauseStatus } from './position.ts';
import { normaliseContent } from './clauseText.ts';
import { readableClauseText } from './wordDiff.ts';

export type StatusCounts = Record<ClauseStatus, number> & { total: number; agreedPercent: number };

export interface OverviewRow {
  key: string;
  label: string;
  counts: StatusCounts;
}

export interface OverviewClause extends Omit<ClauseStatusEntry, 'node'> {
  sectionId: string;
  sectionTitle: string;
  /** "3.2": section number and clause index. */
  number: string;
  /** The current wording, readable. */
  text: string;
}

export interface Overview {
  total: StatusCounts;
  parts: OverviewRow[];
  themeGroups: OverviewRow[];
  /** Disputed and stale clauses in reading order. */
  attention: OverviewClause[];
}

/** The statuses of every clause in a section's Y.Doc. */
export function sectionClauseStatuses(doc: Y.Doc): ClauseStatusEntry[] {
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema);
  return clauseStatuses(root, (clauseId) => currentPositions(doc, clauseId));
}

function emptyCounts(): StatusCounts {
  return { aaben: 0, afventer: 0, enighed: 0, uenighed: 0, aendret: 0, total: 0, agreedPercent: 0 };
}

function add(counts: StatusCounts, status: ClauseStatus): void {
  counts[status] += 1;
  counts.total += 1;
  counts.agreedPercent = Math.round((counts.enighed / counts.total) * 100);
}

/**
 * The overview of `agreement` from the statuses of its sections (`statuses.get(sectionId)`); a
 * section without an entry (not loaded yet) counts as having no clauses.
 */
export function computeOverview(agreement: Agreement, statuses: ReadonlyMap<string, readonly ClauseStatusEntry[]>): Overview {
  const numbers = sectionNumbers(agreement);
  const total = emptyCounts();
  const parts = new Map<Part, StatusCounts>();
  const groups = new Map<string, StatusCounts>();
  const attention: OverviewClause[] = [];
  const ordered: Section[] = partOrder.flatMap((part) => sectionsOfPart(agreement, part));
  for (const section of ordered) {
    const entries = statuses.get(section.id) ?? [];
    const partCounts = parts.get(section.part) ?? emptyCounts();
    parts.set(section.part, partCounts);
    let groupCounts: StatusCounts | undefined;
    if (section.themeGroupId) {
      groupCounts = groups.get(section.themeGroupId) ?? emptyCounts();
      groups.set(section.themeGroupId, groupCounts);
    }
    const sectionNumber = numbers.get(section.id);
    for (const entry of entries) {
      add(total, entry.status);
      add(partCounts, entry.status);
      if (groupCounts) add(groupCounts, entry.status);
      if (entry.status === 'uenighed' || entry.status === 'aendret') {
        const { node, ...rest } = entry;
        attention.push({
          ...rest,
          sectionId: section.id,
          sectionTitle: section.title,
          number: sectionNumber === undefined ? String(entry.index) : `${sectionNumber}.${entry.index}`,
          text: readableClauseText(normaliseContent(node)),
        });
      }
    }
  }
  const groupName = new Map(agreement.themeGroups.map((g) => [g.id, g]));
  return {
    total,
    parts: [...parts].map(([part, counts]) => ({ key: part, label: partLabel[part], counts })),
    themeGroups: [...groups]
      .sort(([a], [b]) => (groupName.get(a)?.order ?? 0) - (groupName.get(b)?.order ?? 0))
      .map(([id, counts]) => ({ key: id, label: groupName.get(id)?.name ?? 'Ukendt temagruppe', counts })),
    attention,
  };
}
