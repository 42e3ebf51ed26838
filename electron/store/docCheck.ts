// The document part of `workspace check`: SQLite's integrity check sees pages and b-trees, not what
// is inside a blob, so a damaged Yjs update in a valid file passes it. This decodes every stored
// document (snapshot + log into a fresh Y.Doc) and lists the ones that do not decode.
import { DamagedDocError } from './damagedDoc.ts';
import type { Store } from './store.ts';

export interface DamagedDoc {
  docId: string;
  /** What Yjs said when decoding failed (English, for support). */
  detail: string;
}

export interface DocCheckReport {
  checked: number;
  damaged: DamagedDoc[];
}

/** Decodes every document of the workspace, one at a time (each is freed before the next). */
export function checkStoredDocs(store: Store): DocCheckReport {
  const damaged: DamagedDoc[] = [];
  const ids = store.docIds();
  for (const docId of ids) {
    try {
      store.loadYDoc(docId).destroy();
    } catch (error) {
      if (!(error instanceof DamagedDocError)) throw error;
      damaged.push({ docId, detail: error.detail });
    }
  }
  return { checked: ids.length, damaged };
}
