// The Word calls of the contract (shared/api/wordContract.ts) over a WordImportPort.
import type { Handlers } from '../../shared/api/dispatch.ts';
import { applyWordImport, structureForMapping, targetStructure, type WordImportPort } from './apply.ts';
import { runWordTask } from './workerClient.ts';

type WordHandlers<Ctx> = Pick<Handlers<Ctx>, 'previewWordImport' | 'applyWordImport'>;

export function wordImportHandlers<Ctx>(port: () => WordImportPort): WordHandlers<Ctx> {
  return {
    previewWordImport: async ({ bytes, target, trackedChanges }) => {
      const agreement = targetStructure(port(), target);
      const structure = structureForMapping(agreement);
      const { plan } = await runWordTask({ kind: 'plan', bytes, target: structure, trackedChanges });
      return { plan, structure, agreementTitle: agreement.title };
    },
    applyWordImport: (input) => applyWordImport(port(), input),
  };
}
