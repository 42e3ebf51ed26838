// The agreement a document belongs to, as the server holds it: read from the loaded structure
// document when it is in memory, else from the SQLite store (a shared store's structures are kept
// loaded while anyone is connected to the agreement: structureHolds.ts). Access decisions (authenticate.ts) and the
// per-update write check (messagePolicy.ts) ask for it; the loaded one is read once per change of
// the structure, not on every keystroke in a section.
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
  /** The agreement's structure document: the loaded one, else a fresh copy from the store (the
   *  caller destroys nothing: a copy from the store is left to the garbage collector). */
  structure(documentName: string): Y.Doc | null;
}

export function agreementLookup(serverStore: ServerStore, hocuspocus: Hocuspocus): AgreementLookup {
  const store = serverStore.local;
  const find = (documentName: string): { doc: Y.Doc; loaded: boolean } | null => {
    let agreementId: string;
    try {
      agreementId = agreementOfDoc(documentName);
    } catch {
      return null;
    }
    const id = structureDocId(agreementId);
    const loaded = hocuspocus.documents.get(id);
    if (loaded) return { doc: loaded, loaded: true };
    if (!store || !store.agreementIds().includes(agreementId)) return null;
    return { doc: store.loadYDoc(id), loaded: false };
  };
  const lookup = (documentName: string): Agreement | null => {
    const found = find(documentName);
    if (!found) return null;
    if (found.loaded) return currentAgreement(found.doc);
    const agreement = readAgreement(found.doc);
    found.doc.destroy();
    return agreement;
  };
  lookup.structure = (documentName: string) => find(documentName)?.doc ?? null;
  return lookup;
}
