// What the write check asks of signed data on the server, the meeting host and the bundle
// importer: of every new position (checkWrite's `hooks.positionProblem`, below) and of directory
// entries a member passes on (`hooks.directoryProblem`, directoryProblemFor at the end). Of a
// position: that it counts in the agreement's directory (shared/identity/positionVerdict.ts), so a
// forged, altered, replayed or unsigned position is refused wherever a path can refuse it, not only
// shown as *ikke verificeret*.
//
// Two kinds are let through although they count nowhere, because honest replicas hold and pass
// them on and refusing them would cut those replicas off for good (every sync step carries them):
// positions genuinely signed with a key revoked since (or by a member removed since), and any
// position of an agreement without a directory (a local agreement: nothing to verify against).
import type * as Y from 'yjs';
import * as YRuntime from 'yjs';
import { STRUCTURE_KEYS } from '../documents/keys.ts';
import { canonicalJson } from '../identity/canonical.ts';
import { readDirectory } from '../identity/directory.ts';
import { Position } from '../negotiation/position.ts';
import { positionVerdict } from '../identity/positionVerdict.ts';
import { VerdictCache, type Verify } from '../identity/verifier.ts';
import { parseDocId } from '../structure/docIds.ts';
import { directoryOf } from './verifiedDirectory.ts';

/** A positionProblem hook judging against the structure `structureFor(docId)` returns (the
 *  agreement's structure as this host holds it, or will hold it after the import). */
export function positionProblemFor(structureFor: (docId: string) => Y.Doc | null, verify: Verify): (value: unknown, docId: string) => string | null {
  return (value, docId) => {
    const doc = parseDocId(docId);
    if (doc?.kind !== 'section') return null;
    const parsed = Position.safeParse(value);
    if (!parsed.success) return 'en stillingtagen har ikke den forventede form.';
    const structure = structureFor(docId);
    if (!structure) return null; // no agreement here yet: nothing to verify against
    const verdict = positionVerdict(parsed.data, { agreementId: doc.agreementId, sectionId: doc.sectionId, directory: directoryOf(structure, verify) });
    switch (verdict.status) {
      case 'verified':
      case 'local':
        return null;
      case 'legacy':
        return 'en stillingtagen uden underskrift tæller ikke i en aftale med deltagerliste; tag stilling igen i den nye version af Enighed.';
      case 'unverified':
        return verdict.revoked || verdict.pending ? null : `stillingtagen kan ikke verificeres: ${verdict.reason}`;
    }
  };
}

/**
 * A directoryProblem hook (checkWrite): the update applied to a copy of the structure, every
 * participant entry it changes must be valid in the copy's directory (signed by the root key or a
 * valid secretariat device, as readDirectory checks) and the root key unchanged. `pinnedRootKey`:
 * the root key this host trusts for the agreement, if it pins one.
 */
const entryVerdicts = new VerdictCache(20_000);

export function directoryProblemFor(verify: Verify, pinnedRootKey: string | null = null): (current: Y.Doc, update: Uint8Array) => string | null {
  return (current, update) => {
    const copy = new YRuntime.Doc({ gc: false });
    YRuntime.applyUpdate(copy, YRuntime.encodeStateAsUpdate(current));
    YRuntime.applyUpdate(copy, update);
    const rootBefore = current.getMap(STRUCTURE_KEYS.meta).get('rootKey');
    if (copy.getMap(STRUCTURE_KEYS.meta).get('rootKey') !== rootBefore || typeof rootBefore !== 'string') return 'aftalens rodnøgle må ikke ændres.';
    const before = current.getMap(STRUCTURE_KEYS.participants);
    const after = copy.getMap(STRUCTURE_KEYS.participants);
    const directory = readDirectory(copy, verify, pinnedRootKey ?? rootBefore, entryVerdicts);
    const same = (a: unknown, b: unknown) => a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b);
    for (const [id, value] of after.entries()) {
      if (same(before.get(id), value)) continue;
      if (!same(directory.participants.get(id), value)) return `deltagerposten ${id.slice(0, 60)} er ikke underskrevet af sekretariatet: ${directory.rejected.get(id) ?? 'ugyldig'}.`;
    }
    for (const id of before.keys()) if (!after.has(id)) return 'en deltagerpost kan ikke slettes.';
    return null;
  };
}
