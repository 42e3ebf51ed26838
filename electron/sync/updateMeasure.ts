// Reads a Yjs (v1) update struct by struct, the way Y.decodeUpdate does, and counts what applying
// it would have to integrate: its structs (items, GCs, skips), its delete-set ranges and the JSON /
// "any" values inside its items — without building a single Item. A malformed update throws here
// just as it would in Yjs (and a few shapes Yjs would let pass, such as trailing bytes, throw too);
// the read stops at the first count over the caller's bound, so a 16 MiB update of 1.5 million
// one-character items costs a bounded read instead of seconds of integration and hundreds of
// megabytes of objects. Used by the sync server (its per-update item bound) and the change bundle
// reader (bounds per document and per bundle, before any Y.Doc holds a payload).
import { isUtf8 } from 'node:buffer';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

export class UpdateFormatError extends Error {
  override name = 'UpdateFormatError';
}

/** What an update holds, counted without building it. */
export interface UpdateMeasure {
  structs: number;
  deleteRanges: number;
  /** Elements of JSON and "any" content, nested values included. */
  values: number;
}

const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;
/** Yjs type refs that carry a node name (YXmlElement, YXmlHook), and the largest known one. */
const NAMED_TYPE_REFS = new Set([3, 5]);
const MAX_TYPE_REF = 6;

/**
 * Measures `update`, stopping as soon as `over(measure)` is true (checked after every struct and
 * delete range); `stopped` says whether it did. Throws UpdateFormatError when `update` is not a
 * well-formed v1 update.
 */
export function measureUpdate(update: Uint8Array, over: (m: UpdateMeasure) => boolean = () => false): UpdateMeasure & { stopped: boolean } {
  const decoder = new Y.UpdateDecoderV1(decoding.createDecoder(update));
  const rest = decoder.restDecoder;
  const m: UpdateMeasure = { structs: 0, deleteRanges: 0, values: 0 };
  try {
    const clients = decoding.readVarUint(rest);
    for (let c = 0; c < clients; c++) {
      const structs = decoding.readVarUint(rest);
      // Checked before the loop too: a forged count must not make us spin on nothing.
      if (structs > rest.arr.length - rest.pos) throw new UpdateFormatError('struct count beyond the update');
      decoder.readClient();
      decoding.readVarUint(rest); // clock
      for (let s = 0; s < structs; s++) {
        m.structs++;
        readStruct(decoder, m);
        if (over(m)) return { ...m, stopped: true };
      }
    }
    const dsClients = decoding.readVarUint(rest);
    for (let c = 0; c < dsClients; c++) {
      decoding.readVarUint(rest); // client
      const ranges = decoding.readVarUint(rest);
      if (ranges > rest.arr.length - rest.pos) throw new UpdateFormatError('delete count beyond the update');
      for (let d = 0; d < ranges; d++) {
        decoder.readDsClock();
        decoder.readDsLen();
        m.deleteRanges++;
        if (over(m)) return { ...m, stopped: true };
      }
    }
    if (decoding.hasContent(rest)) throw new UpdateFormatError('trailing bytes after the update');
  } catch (error) {
    if (error instanceof UpdateFormatError) throw error;
    throw new UpdateFormatError((error as Error)?.message ?? String(error), { cause: error });
  }
  return { ...m, stopped: false };
}

/** Structs plus delete ranges in `update` (what the server bounds per update), or the first count
 *  above `bound` (the read stops there). */
export function countUpdateItems(update: Uint8Array, bound = Number.POSITIVE_INFINITY): number {
  const m = measureUpdate(update, (n) => n.structs + n.deleteRanges > bound);
  return m.structs + m.deleteRanges;
}

/** A v1 string is a varUint8Array of UTF-8 (Yjs decodes it with a fatal TextDecoder): checked in
 *  place, without making the string. */
function skipString(decoder: Y.UpdateDecoderV1): void {
  if (!isUtf8(decoding.readVarUint8Array(decoder.restDecoder))) throw new UpdateFormatError('a string that is not UTF-8');
}

function readStruct(decoder: Y.UpdateDecoderV1, m: UpdateMeasure): void {
  const info = decoder.readInfo();
  const ref = info & BITS5;
  if (ref === 10) {
    decoding.readVarUint(decoder.restDecoder); // Skip: length
    return;
  }
  if (ref === 0) {
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
  readContent(decoder, ref, m);
}

/** Reads one item's content the way Yjs' contentRefs do (Item.js), keeping only counts. */
function readContent(decoder: Y.UpdateDecoderV1, ref: number, m: UpdateMeasure): void {
  switch (ref) {
    case 1: // ContentDeleted
      decoder.readLen();
      return;
    case 2: {
      // ContentJSON: a count, then one JSON string each
      const n = decoder.readLen();
      for (let i = 0; i < n; i++) {
        const s = decoder.readString();
        if (s !== 'undefined') JSON.parse(s);
      }
      m.values += n;
      return;
    }
    case 3: // ContentBinary
      decoding.readVarUint8Array(decoder.restDecoder);
      return;
    case 4: // ContentString
      skipString(decoder);
      return;
    case 5: // ContentEmbed
      m.values += countValues(decoder.readJSON());
      return;
    case 6: // ContentFormat
      skipString(decoder);
      m.values += countValues(decoder.readJSON());
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
      for (let i = 0; i < n; i++) m.values += countValues(decoder.readAny());
      return;
    }
    case 9: // ContentDoc: guid and options
      skipString(decoder);
      m.values += countValues(decoder.readAny());
      return;
    default:
      throw new UpdateFormatError(`unknown content ref ${ref}`);
  }
}

/** Nodes of a decoded JSON value (1 for a scalar). Iterative: a deeply nested value must not
 *  overflow the stack here. */
function countValues(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    n++;
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      for (const child of Array.isArray(v) ? v : Object.values(v as object)) stack.push(child);
    }
  }
  return n;
}
