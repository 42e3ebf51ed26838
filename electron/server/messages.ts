// Checks a message from a sync client against the Hocuspocus wire format before the server acts on it.
// Hocuspocus itself parses only as far as it needs: a message whose body is broken after a valid
// document name is queued, logged and ignored, or it closes that one document's link while the
// WebSocket stays open; a broken Yjs update may even be half-applied. We read every message to the
// end instead, so that the server can close a connection that sends anything malformed.
//
// Client → server messages: varString documentName, varUint type, then by type
//   Sync (0) / SyncReply (4): varUint step, varUint8Array payload (step 0: state vector; 1, 2: update)
//   Awareness (1):            varUint8Array awareness update
//   Auth (2):                 varUint auth type, varString token
//   QueryAwareness (3), Close (7): nothing
//   Stateless (5), BroadcastStateless (6): varString
import { AwarenessFormatError, readAwarenessEntries, type AwarenessEntry } from '../../shared/presence/awarenessEntries.ts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { countUpdateItems, UpdateFormatError } from '../sync/updateMeasure.ts';

export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  SyncReply: 4,
  Stateless: 5,
  BroadcastStateless: 6,
  Close: 7,
} as const;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** A sync step 2 for `documentName` carrying `update` (what a client sends when it answers). */
export function syncStep2Message(documentName: string, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, SYNC_STEP_2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export type { AwarenessEntry };

export interface CheckedMessage {
  documentName: string;
  type: number;
  /** Sync / SyncReply: the step (0: state vector; 1, 2: an update) and its payload. */
  step?: number;
  payload?: Uint8Array;
  /** Steps 1 and 2: structs + delete ranges, or the first count above the bound the read stopped at. */
  items?: number;
  /** Awareness: every entry; null when there were more than `maxAwarenessEntries` (not read further). */
  awareness?: AwarenessEntry[] | null;
  /** Stateless / BroadcastStateless: the payload's length in characters. */
  statelessLength?: number;
}

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

/**
 * Reads `data` completely as a client → server message; throws MalformedMessageError when it is not
 * one. Yjs payloads are read in full (decodeStateVector; updates by countUpdateItems, which reads
 * every struct and the delete set the way applying them would, without touching a document) —
 * except that an update's read stops once it has more than `maxUpdateItems` structs and delete
 * ranges: the caller refuses it by `items`; and an awareness update with more than
 * `maxAwarenessEntries` entries is not parsed (`awareness` is null; the caller drops it).
 */
export function checkClientMessage(
  data: Uint8Array,
  maxUpdateItems = Number.POSITIVE_INFINITY,
  maxAwarenessEntries = Number.POSITIVE_INFINITY,
): CheckedMessage {
  const decoder = decoding.createDecoder(data);
  try {
    const documentName = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    const checked: CheckedMessage = { documentName, type };
    switch (type) {
      case MessageType.Sync:
      case MessageType.SyncReply: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        checked.step = step;
        checked.payload = payload;
        if (step === SYNC_STEP_1) Y.decodeStateVector(payload);
        else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) {
          checked.items = countUpdateItems(payload, maxUpdateItems);
          // A read stopped early has not seen the end of the message.
          if (checked.items > maxUpdateItems) return checked;
        } else throw new MalformedMessageError(`unknown sync step ${step}`);
        break;
      }
      case MessageType.Awareness:
        checked.awareness = readAwarenessUpdate(decoding.readVarUint8Array(decoder), maxAwarenessEntries);
        break;
      case MessageType.Auth:
        decoding.readVarUint(decoder);
        decoding.readVarString(decoder);
        break;
      case MessageType.QueryAwareness:
      case MessageType.Close:
        break;
      case MessageType.Stateless:
      case MessageType.BroadcastStateless:
        checked.statelessLength = decoding.readVarString(decoder).length;
        break;
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the message');
    return checked;
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    if (error instanceof UpdateFormatError) throw new MalformedMessageError(error.message, { cause: error });
    throw new MalformedMessageError((error as Error).message ?? String(error), { cause: error });
  }
}

/** y-protocols/awareness (shared/presence/awarenessEntries.ts). */
function readAwarenessUpdate(update: Uint8Array, maxEntries: number): AwarenessEntry[] | null {
  try {
    return readAwarenessEntries(update, maxEntries);
  } catch (error) {
    if (error instanceof AwarenessFormatError) throw new MalformedMessageError(error.message, { cause: error });
    throw error;
  }
}

