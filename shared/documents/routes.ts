// Where each kind of collaborative document may travel: the one table the workspace's sync, the
// meeting host, the bundle exporter and the bundle importer consult. (Who may write or read a
// document on the server is decided per grant in electron/sync/access.ts; this table says which
// paths may carry a kind at all.)
//
// - structure and sections: every path.
// - a side's internal document (its own comment threads on a section): only the secretariat's
//   server, which gives it to that side alone. Never to a meeting (the other laptop is the other
//   side's) and never in a change bundle (a file anyone may forward).
import { parseDocId, type DocKind } from '../structure/docIds.ts';

export type Path = 'server' | 'meeting' | 'bundle';

export const ROUTES: Readonly<Record<DocKind, Readonly<Record<Path, boolean>>>> = {
  structure: { server: true, meeting: true, bundle: true },
  section: { server: true, meeting: true, bundle: true },
  internal: { server: true, meeting: false, bundle: false },
};

/** Whether `docId` may travel by `path`; false for anything that is not a document id. */
export function mayTravel(docId: string, path: Path): boolean {
  const parsed = parseDocId(docId);
  return parsed !== null && ROUTES[parsed.kind][path];
}
