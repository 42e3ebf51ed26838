// Verification in a Node process (the main process, the sync server, the meeting host, the bundle
// importer): node:crypto's Ed25519 and one verdict cache for the whole process, so each entry is
// verified once however many documents, connections or checks look at it.
import type * as Y from 'yjs';
import { readDirectory, type Directory } from '../../shared/identity/directory.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { verifyBytes } from './ed25519.ts';

/** The process's verdicts. */
export const nodeVerdictCache = new VerdictCache();

/** The directory of the agreement in `structureDoc`, verified with node:crypto into the process's
 *  cache; `pinnedRootKey`: the root key this process trusts for the agreement, if it knows one. */
export function nodeDirectory(structureDoc: Y.Doc, pinnedRootKey?: string | null): Directory {
  return readDirectory(structureDoc, verifyBytes, pinnedRootKey, nodeVerdictCache);
}
