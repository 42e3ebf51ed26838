// The Word calls of the contract (shared/api/wordContract.ts) over a WordImportPort.
import type { Handlers } from '../../shared/api/dispatch.ts';
import { applyWordImport, structureForMapping, targetStructure, type WordImportPort } from './apply.ts';
import { runWordTask } from './workerClient.ts';
import { applyCorrections, previewCorrections } from './corrections.ts';

type WordHandlers<Ctx> = Pick<Handlers<Ctx>, 'previewWordImport' | 'applyWordImport' | 'previewWordCorrections' | 'applyWordCorrections'>;

export function wordImportHandlers<Ctx>(port: () => WordImportPort): WordHandlers<Ctx> {
  return {
    previewWordImport: async ({ bytes, target, trackedChanges }) => {
      const agreement = targetStructure(port(), target);
      const structure = structureForMapping(agreement);
      const { plan } = await runWordTask({ kind: 'plan', bytes, target: structure, trackedChanges });
      return { plan, structure, agreementTitle: agreement.title };
    },
    applyWordImport: (input) => applyWordImport(port(), input),
    previewWordCorrections: ({ bytes, agreementId }) => previewCorrections(port(), agreementId, bytes),
    applyWordCorrections: async ({ bytes, agreementId, include, acceptUntracked }) => {
      const { suggestions, comments, skipped } = await applyCorrections(port(), agreementId, bytes, acceptUntracked, include);
      return { suggestions, comments, skipped };
    },
  };
}
