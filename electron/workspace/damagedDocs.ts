// Documents of this workspace that break the document rules (shared/documents/check.ts) or cannot
// be read at all: stored before the rules existed, or arrived past a peer that did not check. One
// such document must not take the workspace down: it is checked when loaded, recorded here (and
// logged), and the rest opens. A readable damaged document is still served as stored — the app
// shows an error in its place, and nothing is deleted; one that cannot be read is refused.
import type * as Y from 'yjs';
import { checkDoc } from '../../shared/documents/check.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { DamagedDocError } from '../store/damagedDoc.ts';
import type { Store } from '../store/store.ts';

export interface DamagedDoc {
  docId: string;
  /** Danish. */
  reason: string;
}

export class DamagedDocs {
  private readonly byId = new Map<string, string>();

  /**
   * Loads `docId` from `store` and checks it. Returns the document, damaged or not; throws a
   * UserFacingError (Danish) only when it cannot be read, after recording that.
   */
  load(store: Store, docId: string): Y.Doc {
    let doc: Y.Doc;
    try {
      doc = store.loadYDoc(docId);
    } catch (error) {
      // Only the document's own data makes it damaged; a disk or lock error (SQLITE_IOERR, BUSY …)
      // passes, and reaches the user in Danish through the store's error table.
      if (!(error instanceof DamagedDocError || error instanceof RangeError)) throw error;
      const reason = error instanceof DamagedDocError ? error.message : `Dokumentet «${docId}» kan ikke læses fra arbejdsområdet (det er indlejret for dybt).`;
      this.record(docId, reason);
      throw new UserFacingError(reason);
    }
    const check = checkDoc(docId, doc);
    if (check.ok) this.byId.delete(docId);
    else this.record(docId, check.reason);
    return doc;
  }

  /** Every damaged document found so far, in the order found. */
  list(): DamagedDoc[] {
    return [...this.byId].map(([docId, reason]) => ({ docId, reason }));
  }

  has(docId: string): boolean {
    return this.byId.has(docId);
  }

  private record(docId: string, reason: string): void {
    if (this.byId.get(docId) === reason) return;
    this.byId.set(docId, reason);
    console.warn(`Beskadiget dokument ${docId}: ${reason}`);
  }
}
