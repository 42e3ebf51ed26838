// The participant directory of an agreement as the server holds it: the structure document's
// `participants` map checked by the one implementation of the chain (shared/identity/directory.ts,
// rules in shared/identity/ARCHITECTURE.md) with node:crypto's Ed25519 and one long-lived verdict
// cache for the whole server, so each signature is verified once however often the directory is
// re-read (on every structure update).
import type * as Y from 'yjs';
import { readDirectory as readSharedDirectory } from '../../shared/identity/directory.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { verifyBytes } from '../identity/ed25519.ts';

export interface Directory {
  agreementId: string;
  /** The structure meta's root key; null when the agreement has none (no directory). */
  rootKey: string | null;
  /** Valid entries by participant id (invalid ones are left out). */
  valid: ReadonlyMap<string, ParticipantEntry>;
}

const cache = new VerdictCache(100_000);

/** The valid entries of the structure document `doc` of `agreementId`. A structure whose meta names
 *  another agreement has no valid entries here (its signatures are bound to that agreement's id). */
export function readDirectory(agreementId: string, doc: Y.Doc): Directory {
  const dir = readSharedDirectory(doc, verifyBytes, null, cache);
  if (dir.agreementId !== agreementId || dir.distrust !== null) return { agreementId, rootKey: dir.distrust ? null : dir.rootKey, valid: new Map() };
  return { agreementId, rootKey: dir.rootKey, valid: dir.participants };
}
