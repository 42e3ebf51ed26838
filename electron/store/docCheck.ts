// The document part of `workspace check`: SQLite's integrity check sees pages and b-trees, not what
// is inside a blob, so a damaged Yjs update in a valid file passes it. This decodes every stored
// document (snapshot + log into a fresh Y.Doc) and lists the ones that do not decode, and those that
// decode but break what their kind may contain (shared/documents/check.ts).
import { checkDoc } from '../../shared/documents/check.ts';
import { DamagedDocError } from './damagedDoc.ts';
import type { Store } from './store.ts';

export interface DamagedDoc {
  docId: string;
  /** `unreadable`: its data does not decode; `invalid`: it decodes but breaks the document rules. */
  kind: 'unreadable' | 'invalid';
  /** What Yjs said (English, for support), or the rule it breaks (Danish). */
  detail: string;
}

export interface DocCheckReport {
  checked: number;
  damaged: DamagedDoc[];
}

/** Decodes and checks every document of the workspace, one at a time (each freed before the next). */
export function checkStoredDocs(store: Store): DocCheckReport {
  const damaged: DamagedDoc[] = [];
  const ids = store.docIds();
  for (const docId of ids) {
    let doc;
    try {
      doc = store.loadYDoc(docId);
    } catch (error) {
      if (!(error instanceof DamagedDocError)) throw error;
      damaged.push({ docId, kind: 'unreadable', detail: error.detail });
      continue;
    }
    try {
      const check = checkDoc(docId, doc);
      if (!check.ok) damaged.push({ docId, kind: 'invalid', detail: check.reason });
    } catch (error) {
      // A check that cannot finish (say, a stack overflow) is a finding about this document too.
      damaged.push({ docId, kind: 'invalid', detail: `kunne ikke kontrolleres: ${(error as Error)?.message ?? String(error)}` });
    } finally {
      doc.destroy();
    }
  }
  return { checked: ids.length, damaged };
}
