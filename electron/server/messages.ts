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
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

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

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export interface CheckedMessage {
  documentName: string;
  type: number;
}

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

/**
 * Reads `data` completely as a client → server message; throws MalformedMessageError when it is not
 * one. Yjs payloads are decoded in full (Y.decodeUpdate / decodeStateVector), which reads every
 * struct and the delete set the way applying them would, without touching a document.
 */
export function checkClientMessage(data: Uint8Array): CheckedMessage {
  const decoder = decoding.createDecoder(data);
  try {
    const documentName = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync:
      case MessageType.SyncReply: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SYNC_STEP_1) Y.decodeStateVector(payload);
        else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) Y.decodeUpdate(payload);
        else throw new MalformedMessageError(`unknown sync step ${step}`);
        break;
      }
      case MessageType.Awareness:
        checkAwarenessUpdate(decoding.readVarUint8Array(decoder));
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
        decoding.readVarString(decoder);
        break;
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the message');
    return { documentName, type };
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError((error as Error).message ?? String(error), { cause: error });
  }
}

/** y-protocols/awareness: varUint n, then n × (varUint clientID, varUint clock, varString JSON state). */
function checkAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const n = decoding.readVarUint(decoder);
  for (let i = 0; i < n; i++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    JSON.parse(decoding.readVarString(decoder));
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the awareness update');
}

/** Whether a client message is a Yjs sync update (sync step 2 or update), i.e. a write. */
export function isSyncUpdate(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  try {
    decoding.readVarString(decoder); // document name
    if (decoding.readVarUint(decoder) !== 0) return false; // not a sync message
    const syncType = decoding.readVarUint(decoder);
    return syncType === 2; // an update (step 2 is also sent, empty, by a client just catching up)
  } catch {
    return false;
  }
}
