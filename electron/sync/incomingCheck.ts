// What the sync client lets through from a server (the secretariat's, or a meeting host that may be
// the other side's laptop): every Yjs update it sends is checked against the document as this
// workspace holds it (checkUpdate) before the provider applies it. A refused one is never applied
// or stored; the connection is dropped and the reason shown. A message the client cannot read at
// all is refused the same way (applying it would throw inside the provider). In an agreement with a
// directory (a root key), a section's update must also hold up as a relay's (shared/access/rules.ts,
// RELAY_RIGHTS): a host that forges a position, sends one unsigned, deletes one or rewrites the
// decision log is refused here, not only shown as *ikke verificeret*.
import * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import { checkUpdate } from './documentCheck.ts';
import { DEFAULT_LIMITS } from '../server/limits.ts';
import { countUpdateItems } from './updateMeasure.ts';
import { checkWrite } from '../../shared/access/checkWrite.ts';
import { positionProblemFor } from '../../shared/access/positionCheck.ts';
import { RELAY_RIGHTS } from '../../shared/access/rules.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { parseDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { verifyBytes } from '../identity/ed25519.ts';

// Hocuspocus framing: varString documentName, varUint message type, then (for Sync and SyncReply)
// y-protocols' sync message: varUint step, varUint8Array payload.
const MESSAGE_SYNC = 0;
const MESSAGE_SYNC_REPLY = 4;
const STEP_2 = 1;
const UPDATE = 2;

export interface Refusal {
  docId: string;
  /** Danish. */
  reason: string;
}

/**
 * Null if `data` may go on to the provider; else which document and why not. `docFor` gives the
 * workspace's document for an id it syncs (null: not synced here), the structure included.
 */
export function screenIncoming(data: Uint8Array, docFor: (docId: string) => Y.Doc | null): Refusal | null {
  const decoder = decoding.createDecoder(data);
  let docId = '';
  try {
    docId = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return null;
    const step = decoding.readVarUint(decoder);
    if (step !== STEP_2 && step !== UPDATE) return null;
    const update = decoding.readVarUint8Array(decoder);
    const doc = docFor(docId);
    if (!doc) return null; // no provider for it: the provider ignores it too
    // The server's own bound on one update, counted before anything is built: a hostile host must
    // not stall this window with an update of millions of items.
    if (countUpdateItems(update, DEFAULT_LIMITS.maxUpdateItems) > DEFAULT_LIMITS.maxUpdateItems) {
      return { docId, reason: `en ændring med over ${DEFAULT_LIMITS.maxUpdateItems.toLocaleString('da-DK')} elementer` };
    }
    const check = checkUpdate(docId, doc, update);
    if (!check.ok) return { docId, reason: check.reason };
    const relayed = relayCheck(docId, doc, update, docFor);
    return relayed ? { docId, reason: relayed } : null;
  } catch {
    return { docId: docId || '?', reason: 'beskeden kan ikke læses' };
  }
}

/** Why a section's update does not hold up as a relay's, or null (also for an agreement with no
 *  directory: there every position is the local kind, and nothing is signed to judge). */
function relayCheck(docId: string, doc: Y.Doc, update: Uint8Array, docFor: (docId: string) => Y.Doc | null): string | null {
  const parsed = parseDocId(docId);
  if (parsed?.kind !== 'section') return null;
  const structure = docFor(structureDocId(parsed.agreementId));
  if (typeof structure?.getMap(STRUCTURE_KEYS.meta).get('rootKey') !== 'string') return null;
  const check = checkWrite(docId, doc, update, RELAY_RIGHTS, { positionProblem: positionProblemFor(() => structure, verifyBytes) });
  return check.ok ? null : check.reason;
}

/** The bytes of a `ws` message event as the provider receives it (binaryType 'arraybuffer'). */
export function messageBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return null;
}
