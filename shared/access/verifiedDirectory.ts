// The directory as shared/identity verifies it (readDirectory: every entry's signature chain to the
// root key), read once per change of the structure document and per verifier, so a path that asks
// for an actor at every update does not verify the whole directory each time. Entries that do not
// verify name nobody: a forged or tampered entry gives no rights.
import type * as Y from 'yjs';
import { certProblem, readDirectory, type Directory } from '../identity/directory.ts';
import type { DeviceCert } from '../identity/shapes.ts';
import { VerdictCache, type Verify } from '../identity/verifier.ts';
import { NOBODY } from './directory.ts';
import { actorFromParticipant, type Actor } from './rules.ts';

const cached = new WeakMap<Y.Doc, { verify: Verify; pinned: string | null; directory: Directory }>();
const caches = new WeakMap<Verify, VerdictCache>();
const watched = new WeakSet<Y.Doc>();

/** readDirectory(structure, verify, pinnedRootKey), cached until the document next changes. */
export function directoryOf(structure: Y.Doc, verify: Verify, pinnedRootKey: string | null = null): Directory {
  if (!watched.has(structure)) {
    watched.add(structure);
    structure.on('update', () => cached.delete(structure));
  }
  const hit = cached.get(structure);
  if (hit && hit.verify === verify && hit.pinned === pinnedRootKey && !hit.directory.pending) return hit.directory;
  let cache = caches.get(verify);
  if (!cache) caches.set(verify, (cache = new VerdictCache()));
  const directory = readDirectory(structure, verify, pinnedRootKey, cache);
  cached.set(structure, { verify, pinned: pinnedRootKey, directory });
  return directory;
}

/**
 * The actor `participantId` is in the verified directory of `structure`; NOBODY when its entry does
 * not verify (or the agreement is not trusted), or — with `deviceCert` — when that device is not
 * certified for them or was revoked.
 */
export function verifiedActor(structure: Y.Doc, participantId: string, verify: Verify, options: { pinnedRootKey?: string | null; deviceCert?: DeviceCert } = {}): Actor {
  const directory = directoryOf(structure, verify, options.pinnedRootKey ?? null);
  if (directory.distrust !== null) return NOBODY;
  const entry = directory.participants.get(participantId);
  if (!entry) return NOBODY;
  const cert = options.deviceCert;
  if (cert) {
    if (certProblem(directory, entry, cert) !== null) return NOBODY;
    if (entry.revokedDevices.some((r) => r.deviceKey === cert.deviceKey)) return NOBODY;
  }
  return actorFromParticipant(entry);
}
