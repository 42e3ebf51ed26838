// The agreement a document belongs to, as the server holds it: read from the loaded structure
// document when it is in memory, else from the SQLite store (a shared store's structures are kept
// loaded while anyone is connected to the agreement: structureHolds.ts). Access decisions (authenticate.ts) and the
// per-update write check (messagePolicy.ts) ask for it; the loaded one is read once per change of
// the structure, not on every keystroke in a section. So is the store's copy: it is kept with the
// document's version in the store (`Store.docVersion`, one indexed query) and read again only when
// that moved — loading and reading it on every keystroke (about 1 ms with 8 sections, 2 ms with 60)
// was a fifth of the server's CPU profile with 200 clients typing in sections whose structure
// nobody had open (npm run bench -- --only sync).
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { Agreement } from '../../shared/domain/agreement.ts';
import { currentAgreement } from '../../shared/access/agreementCache.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { agreementOfDoc } from '../store/store.ts';
import type { ServerStore } from '../store/serverStore.ts';

export interface AgreementLookup {
  (documentName: string): Agreement | null;
  /** The agreement's structure document: the loaded one, else the copy read from the store at its
   *  current version (shared between callers: read it, never change or destroy it). */
  structure(documentName: string): Y.Doc | null;
}

/** A structure read from the store, valid while the store's version of it is `version`. */
interface StoredCopy {
  version: number;
  doc: Y.Doc;
  agreement: Agreement | null;
}

export function agreementLookup(serverStore: ServerStore, hocuspocus: Hocuspocus): AgreementLookup {
  const store = serverStore.local;
  const copies = new Map<string, StoredCopy>();
  const stored = (id: string): StoredCopy => {
    const version = store!.docVersion(id);
    const cached = copies.get(id);
    if (cached?.version === version) return cached;
    // The old copy is left to the garbage collector: a caller may still be reading it.
    const doc = store!.loadYDoc(id);
    const copy = { version, doc, agreement: readAgreement(doc) };
    copies.set(id, copy);
    return copy;
  };
  const find = (documentName: string): { doc: Y.Doc; loaded: true } | { copy: StoredCopy; loaded: false } | null => {
    let agreementId: string;
    try {
      agreementId = agreementOfDoc(documentName);
    } catch {
      return null;
    }
    const id = structureDocId(agreementId);
    const loaded = hocuspocus.documents.get(id);
    if (loaded) return { doc: loaded, loaded: true };
    if (!store) return null;
    const copy = copies.get(id);
    // An agreement, once stored, stays: a copy (made when it was there) needs no second look.
    if (!copy && !store.agreementIds().includes(agreementId)) return null;
    return { copy: stored(id), loaded: false };
  };
  const lookup = (documentName: string): Agreement | null => {
    const found = find(documentName);
    if (!found) return null;
    return found.loaded ? currentAgreement(found.doc) : found.copy.agreement;
  };
  lookup.structure = (documentName: string) => {
    const found = find(documentName);
    return found ? (found.loaded ? found.doc : found.copy.doc) : null;
  };
  return lookup;
}
