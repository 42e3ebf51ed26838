// Where each kind of collaborative document may travel: now a column of the one access table,
// shared/access/rules.ts (who writes, who reads, where each kind travels). Kept so the workspace's
// sync, the meeting host and the bundle exporter and importer import `mayTravel` as before.
import { DOC_RULES, mayTravel, type Path } from '../access/rules.ts';
import type { DocKind } from '../structure/docIds.ts';

export { mayTravel, type Path };

/** Which paths may carry each kind (the `travels` column of DOC_RULES). */
export const ROUTES: Readonly<Record<DocKind, Readonly<Record<Path, boolean>>>> = {
  structure: DOC_RULES.structure.travels,
  section: DOC_RULES.section.travels,
  internal: DOC_RULES.internal.travels,
};
