// The agreement a document belongs to, as the server holds it: read from the loaded structure
// document when it is in memory, else from the store.
import type { Hocuspocus } from '@hocuspocus/server';
import type { Agreement } from '../../shared/domain/agreement.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { agreementOfDoc, type Store } from '../store/store.ts';

export function agreementLookup(store: Store, hocuspocus: Hocuspocus): (documentName: string) => Agreement | null {
  return (documentName) => {
    let agreementId: string;
    try {
      agreementId = agreementOfDoc(documentName);
    } catch {
      return null;
    }
    const id = structureDocId(agreementId);
    const loaded = hocuspocus.documents.get(id);
    if (loaded) return readAgreement(loaded);
    if (!store.agreementIds().includes(agreementId)) return null;
    const doc = store.loadYDoc(id);
    const agreement = readAgreement(doc);
    doc.destroy();
    return agreement;
  };
}
