// The disputes report's grouping: the model's clauses by theme group, with the status counts the
// overview shows for each group (computed from the same statuses).
import type { ClauseStatus } from '../negotiation/position.ts';
import type { PrintClause, PrintModel, PrintSection } from './model.ts';
import { clausesOfModel } from './walk.ts';

export interface ReportGroup {
  themeGroupId: string | null;
  name: string;
  counts: Record<ClauseStatus, number>;
  total: number;
  /** Disputed and changed clauses, in reading order. */
  clauses: { section: PrintSection; clause: PrintClause }[];
}

export function reportGroups(model: PrintModel): ReportGroup[] {
  const groups = new Map<string | null, ReportGroup>();
  const nameOf = new Map<string | null, string>();
  for (const part of model.parts) for (const g of part.groups) nameOf.set(g.themeGroupId, g.name ?? 'Uden temagruppe');
  for (const { section, clause } of clausesOfModel(model)) {
    const key = section.themeGroupId;
    let group = groups.get(key);
    if (!group) {
      group = { themeGroupId: key, name: nameOf.get(key) ?? 'Uden temagruppe', counts: { aaben: 0, afventer: 0, enighed: 0, uenighed: 0, aendret: 0 }, total: 0, clauses: [] };
      groups.set(key, group);
    }
    group.counts[clause.status]++;
    group.total++;
    if (clause.status === 'uenighed' || clause.status === 'aendret') group.clauses.push({ section, clause });
  }
  return [...groups.values()];
}
