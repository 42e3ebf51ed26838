// Counts what applying a Yjs (v1) update would have to integrate: its structs (items, GCs, skips)
// and its delete-set ranges. It reads the update exactly as Y.decodeUpdate does — so a malformed
// update throws here just as it would there — but builds no Item objects and stops as soon as the
// count passes `bound`: a 16 MiB update of 1.5 million one-character items costs a bounded read
// instead of seconds of integration and hundreds of megabytes of objects.
import { isUtf8 } from 'node:buffer';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;
/** Yjs type refs that carry a node name (YXmlElement, YXmlHook). */
const NAMED_TYPE_REFS = new Set([3, 5]);
const MAX_TYPE_REF = 6;

export class UpdateFormatError extends Error {
  override name = 'UpdateFormatError';
}

/**
 * The number of structs plus delete ranges in `update`, or the first count above `bound` (the read
 * stops there). Throws UpdateFormatError when `update` is not a v1 update.
 */
export function countUpdateItems(update: Uint8Array, bound = Number.POSITIVE_INFINITY): number {
  const decoder = new Y.UpdateDecoderV1(decoding.createDecoder(update));
  const rest = decoder.restDecoder;
  let count = 0;
  try {
    const clients = decoding.readVarUint(rest);
    for (let c = 0; c < clients; c++) {
      const structs = decoding.readVarUint(rest);
      decoder.readClient();
      decoding.readVarUint(rest); // clock
      for (let i = 0; i < structs; i++) {
        if (++count > bound) return count;
        skipStruct(decoder);
      }
    }
    const dsClients = decoding.readVarUint(rest);
    for (let c = 0; c < dsClients; c++) {
      decoding.readVarUint(rest); // client
      const ranges = decoding.readVarUint(rest);
      for (let i = 0; i < ranges; i++) {
        if (++count > bound) return count;
        decoder.readDsClock();
        decoder.readDsLen();
      }
    }
  } catch (error) {
    if (error instanceof UpdateFormatError) throw error;
    throw new UpdateFormatError((error as Error).message ?? String(error), { cause: error });
  }
  return count;
}

/** A v1 string is a varUint8Array of UTF-8 (Yjs decodes it with a fatal TextDecoder): checked in
 *  place, without making the string. */
const skipString = (decoder: Y.UpdateDecoderV1) => {
  if (!isUtf8(decoding.readVarUint8Array(decoder.restDecoder))) throw new UpdateFormatError('a string that is not UTF-8');
};

function skipStruct(decoder: Y.UpdateDecoderV1): void {
  const info = decoder.readInfo();
  if (info === 10) {
    decoding.readVarUint(decoder.restDecoder); // Skip: length
    return;
  }
  if ((info & BITS5) === 0) {
    decoder.readLen(); // GC: length
    return;
  }
  if ((info & BIT8) === BIT8) decoder.readLeftID(); // origin
  if ((info & BIT7) === BIT7) decoder.readRightID(); // right origin
  if ((info & (BIT7 | BIT8)) === 0) {
    // No origins: the parent is written (a root type's name or an item id), then maybe a map key.
    if (decoder.readParentInfo()) skipString(decoder);
    else decoder.readLeftID();
    if ((info & BIT6) === BIT6) skipString(decoder);
  }
  skipContent(decoder, info & BITS5);
}

/** Reads one item's content the way Yjs' contentRefs do (Item.js), keeping nothing. */
function skipContent(decoder: Y.UpdateDecoderV1, ref: number): void {
  switch (ref) {
    case 1: // ContentDeleted
      decoder.readLen();
      return;
    case 2: {
      // ContentJSON
      const n = decoder.readLen();
      for (let i = 0; i < n; i++) {
        const s = decoder.readString();
        if (s !== 'undefined') JSON.parse(s);
      }
      return;
    }
    case 3: // ContentBinary
      decoding.readVarUint8Array(decoder.restDecoder);
      return;
    case 4: // ContentString
      skipString(decoder);
      return;
    case 5: // ContentEmbed
      decoder.readJSON();
      return;
    case 6: // ContentFormat
      skipString(decoder);
      decoder.readJSON();
      return;
    case 7: {
      // ContentType
      const typeRef = decoder.readTypeRef();
      if (typeRef > MAX_TYPE_REF) throw new UpdateFormatError(`unknown type ref ${typeRef}`);
      if (NAMED_TYPE_REFS.has(typeRef)) skipString(decoder);
      return;
    }
    case 8: {
      // ContentAny
      const n = decoder.readLen();
      for (let i = 0; i < n; i++) decoder.readAny();
      return;
    }
    case 9: // ContentDoc
      skipString(decoder);
      decoder.readAny();
      return;
    default:
      throw new UpdateFormatError(`unknown content ref ${ref}`);
  }
}
