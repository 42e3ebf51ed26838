// What the sync client lets through from a server (the secretariat's, or a meeting host that may be
// the other side's laptop): every Yjs update it sends is checked against the document as this
// workspace holds it (checkUpdate) before the provider applies it. A refused one is never applied
// or stored; the connection is dropped and the reason shown. A message the client cannot read at
// all is refused the same way (applying it would throw inside the provider).
import * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import { checkUpdate } from './documentCheck.ts';
import { DEFAULT_LIMITS } from '../server/limits.ts';
import { countUpdateItems } from './updateMeasure.ts';

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

/** Null if `data` may go on to the provider; else which document and why not. */
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
    return check.ok ? null : { docId, reason: check.reason };
  } catch {
    return { docId: docId || '?', reason: 'beskeden kan ikke læses' };
  }
}

/** The bytes of a `ws` message event as the provider receives it (binaryType 'arraybuffer'). */
export function messageBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return null;
}
