// *Fortryd import*: takes every document a bundle import changed back to its content before the
// import, as a new change on top (restore.ts computes it on the worker), written document by
// document with a yield between them. Each document's restoring update and its "undone" mark are
// committed together, so an undo interrupted half-way can be run again without doubling text.
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import { BundleImports } from '../../store/bundleImports.ts';
import { exclusive, yieldToEventLoop, type ImportHost, type ImportProgress } from './import.ts';
import { startBundleWorker } from './workerClient.ts';

export interface UndoSummary {
  agreementId: string;
  /** Documents taken back (those the import changed and that still differed). */
  restored: number;
}

export function undoImport(host: ImportHost, importId: number, onProgress?: (p: ImportProgress) => void): Promise<UndoSummary> {
  return exclusive(host.store, async () => {
    const imports = new BundleImports(host.store);
    const record = imports.get(importId);
    if (!record || record.state === 'writing') throw new UserFacingError('Importen kan ikke fortrydes: den findes ikke (længere) i dette arbejdsområde.');
    if (record.state === 'undone') throw new UserFacingError('Importen er allerede fortrudt.');
    const docIds = imports.docIds(importId);
    const link = startBundleWorker(host.workerEntry);
    let restored = 0;
    try {
      for (const [n, docId] of docIds.entries()) {
        const doc = imports.doc(importId, docId)!;
        if (!doc.undone) {
          const stored = host.store.loadDoc(docId);
          const current = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
          link.send({ kind: 'restore', docId, before: doc.before, imported: doc.imported, current });
          const { update } = await link.next('restored');
          imports.appendRestore(importId, docId, update);
          if (update) {
            host.applied?.([{ docId, update }]);
            restored++;
          }
        }
        onProgress?.({ phase: 'writing', done: n + 1, total: docIds.length });
        await yieldToEventLoop();
      }
      imports.setState(importId, 'undone');
    } finally {
      await link.close();
    }
    onProgress?.({ phase: 'done', done: docIds.length, total: docIds.length });
    return { agreementId: record.agreementId, restored };
  });
}
