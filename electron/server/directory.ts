// The participant directory of an agreement as the server holds it: the structure document's
// `participants` map, each entry checked by the chain of shared/identity/ARCHITECTURE.md — its
// signature (domain enighed/participant/v1) verifies with the structure meta's root key (signedBy
// null), or with a device key of a secretariat participant whose own entry is valid (bounded depth,
// no cycles), who is not removed, and whose signing device is not revoked. Which device keys belong
// to a participant the server knows from the devices that redeemed its invitations (`isDeviceOf`);
// the root key is the founding secretariat's device.
import * as Y from 'yjs';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { participantMessage } from '../../shared/identity/messages.ts';
import { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { verifyBytes } from '../identity/ed25519.ts';

export interface Directory {
  agreementId: string;
  /** The structure meta's root key; null when the agreement has none (no directory). */
  rootKey: string | null;
  /** Valid entries by participant id (invalid ones are left out). */
  valid: Map<string, ParticipantEntry>;
}

/** How deep a chain of secretariats signing each other's entries may go. */
const MAX_CHAIN = 8;

// Verifying is what costs (0.3–0.6 ms per entry on the shared 2-core machine: 60–125 ms for 200
// entries, and the directory is re-read on every structure update). An entry's signature is checked
// once per (signature, key, signed bytes); later reads compare the bytes. Bounded.
const verified = new Map<string, { key: string; message: string; ok: boolean }>();
const MAX_VERIFIED = 50_000;
const decoder = new TextDecoder();

function verifyCached(key: string, bytes: Uint8Array, signature: string): boolean {
  const message = decoder.decode(bytes);
  const hit = verified.get(signature);
  if (hit && hit.key === key && hit.message === message) return hit.ok;
  const ok = verifyBytes(key, bytes, signature);
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(signature, { key, message, ok });
  return ok;
}

export function readRootKey(doc: Y.Doc): string | null {
  const key = doc.getMap(STRUCTURE_KEYS.meta).get('rootKey');
  return typeof key === 'string' && /^[A-Za-z0-9_-]{43}$/.test(key) ? key : null;
}

/** The directory's well-formed entries, by id (an entry stored under another key is left out). */
export function readEntries(doc: Y.Doc): Map<string, ParticipantEntry> {
  const out = new Map<string, ParticipantEntry>();
  doc.getMap(STRUCTURE_KEYS.participants).forEach((value, key) => {
    if (value instanceof Y.AbstractType) return;
    const parsed = ParticipantEntry.safeParse(value);
    if (parsed.success && parsed.data.id === key) out.set(key, parsed.data);
  });
  return out;
}

/**
 * Checks every entry of the structure document `doc` of `agreementId`. `isDeviceOf(participantId,
 * key)` says whether a device key is one of that participant's (the server's device rows).
 */
export function readDirectory(agreementId: string, doc: Y.Doc, isDeviceOf: (participantId: string, key: string) => boolean): Directory {
  const rootKey = readRootKey(doc);
  const entries = readEntries(doc);
  const valid = new Map<string, ParticipantEntry>();
  if (!rootKey) return { agreementId, rootKey, valid };
  const verdict = new Map<string, boolean>();

  const check = (id: string, depth: number, path: Set<string>): boolean => {
    const known = verdict.get(id);
    if (known !== undefined) return known;
    const entry = entries.get(id);
    if (!entry || depth > MAX_CHAIN || path.has(id)) return false;
    let ok = verifyCached(entry.signerKey, participantMessage(agreementId, entry), entry.signature);
    if (ok) {
      if (entry.signedBy === null) ok = entry.signerKey === rootKey;
      else {
        const signer = entries.get(entry.signedBy);
        path.add(id);
        ok =
          !!signer &&
          signer.role === 'sekretariat' &&
          signer.removed === null &&
          !signer.revokedDevices.some((r) => r.deviceKey === entry.signerKey) &&
          (entry.signerKey === rootKey ? signer.invitePublicKey === null : isDeviceOf(signer.id, entry.signerKey)) &&
          check(signer.id, depth + 1, path);
        path.delete(id);
      }
    }
    verdict.set(id, ok);
    return ok;
  };

  for (const [id, entry] of entries) if (check(id, 0, new Set())) valid.set(id, entry);
  return { agreementId, rootKey, valid };
}
