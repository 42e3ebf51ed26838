// How big a change bundle and each of its documents may be, and the streaming measurement that
// enforces it before any Y.Doc holds a payload. Yjs turns a few bytes of update into a few hundred
// bytes of objects per struct (a 15.7 MiB update grew a process by 278 MB), so declared sizes alone
// do not bound memory: the number of structs, delete ranges and JSON values is counted while reading
// the update, one struct at a time, and reading stops at the first limit crossed.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MAX_BUNDLE_BYTES } from '../../../shared/api/contract.ts';

export interface Limits {
  bundleBytes: number;
  headerBytes: number;
  docBytes: number;
  stateVectorChars: number;
  docs: number;
  docParts: number;
  bundleParts: number;
}

export const LIMITS: Readonly<Limits> = {
  /** The whole file (the contract refuses larger payloads too). */
  bundleBytes: MAX_BUNDLE_BYTES,
  /** The JSON header. */
  headerBytes: 16 * 1024 * 1024,
  /** One document's update, as declared in the header (the same bound as a pushed update). */
  docBytes: 16 * 1024 * 1024,
  /** One document's state vector in the header (base64): thousands of editing sessions. */
  stateVectorChars: 1024 * 1024,
  /** Documents in one bundle. */
  docs: 100_000,
  /** Structs + delete ranges + JSON values in one document's update (≈ 100 MB of Yjs objects). */
  docParts: 500_000,
  /** The same, summed over the bundle. */
  bundleParts: 5_000_000,
};

/** An update over a limit; `message` is Danish, without the document's name. */
export class LimitExceeded extends Error {
  override name = 'LimitExceeded';
}

/** What an update holds, counted without building it. */
export interface UpdateMeasure {
  structs: number;
  deleteRanges: number;
  /** Elements of JSON and "any" content, nested values included. */
  values: number;
}

export const partsOf = (m: UpdateMeasure): number => m.structs + m.deleteRanges + m.values;

const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;
const XML_ELEMENT = 3;
const XML_HOOK = 5;

/**
 * Reads a v1 update struct by struct (as Yjs' readClientsStructRefs does, without keeping any)
 * and counts what it holds. Throws LimitExceeded as soon as `maxParts` is passed, and any other
 * error when the bytes are not a well-formed update (truncated, unknown content, trailing bytes).
 */
export function measureUpdate(update: Uint8Array, maxParts: number): UpdateMeasure {
  const decoder = new Y.UpdateDecoderV1(decoding.createDecoder(update));
  const rest = decoder.restDecoder;
  const m: UpdateMeasure = { structs: 0, deleteRanges: 0, values: 0 };
  const over = () => {
    if (partsOf(m) > maxParts) throw new LimitExceeded(`over ${maxParts.toLocaleString('da-DK')} dele`);
  };
  const clients = decoding.readVarUint(rest);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(rest);
    // Checked before the loop too: a forged count must not make us spin on nothing.
    if (structs > rest.arr.length - rest.pos) throw new Error('struct count beyond the update');
    decoder.readClient();
    decoding.readVarUint(rest); // clock
    for (let s = 0; s < structs; s++) {
      m.structs++;
      readStruct(decoder, m);
      if ((m.structs & 1023) === 0) over();
    }
    over();
  }
  const dsClients = decoding.readVarUint(rest);
  for (let c = 0; c < dsClients; c++) {
    decoder.resetDsCurVal();
    decoding.readVarUint(rest); // client
    const deletes = decoding.readVarUint(rest);
    if (deletes > rest.arr.length - rest.pos) throw new Error('delete count beyond the update');
    for (let d = 0; d < deletes; d++) {
      decoder.readDsClock();
      decoder.readDsLen();
      m.deleteRanges++;
    }
    over();
  }
  if (decoding.hasContent(rest)) throw new Error('trailing bytes after the update');
  return m;
}

/** Steps over a v1 string (byte length, UTF-8) without decoding it: counting needs no text. */
const skipString = (decoder: Y.UpdateDecoderV1) => void decoding.readVarUint8Array(decoder.restDecoder);

function readStruct(decoder: Y.UpdateDecoderV1, m: UpdateMeasure): void {
  const info = decoder.readInfo();
  const ref = info & BITS5;
  if (ref === 0) {
    decoder.readLen(); // GC
    return;
  }
  if (ref === 10) {
    decoding.readVarUint(decoder.restDecoder); // Skip
    return;
  }
  const cantCopyParentInfo = (info & (BIT7 | BIT8)) === 0;
  if (info & BIT8) decoder.readLeftID();
  if (info & BIT7) decoder.readRightID();
  if (cantCopyParentInfo) {
    if (decoder.readParentInfo()) skipString(decoder);
    else decoder.readLeftID();
    if (info & BIT6) skipString(decoder);
  }
  switch (ref) {
    case 1: // deleted
      decoder.readLen();
      return;
    case 2: {
      // JSON: a count, then one string each
      const len = decoder.readLen();
      for (let i = 0; i < len; i++) skipString(decoder);
      m.values += len;
      return;
    }
    case 3:
      decoder.readBuf();
      return;
    case 4:
      skipString(decoder);
      return;
    case 5:
      m.values += countValues(decoder.readJSON());
      return;
    case 6:
      decoder.readKey();
      m.values += countValues(decoder.readJSON());
      return;
    case 7: {
      const typeRef = decoder.readTypeRef();
      if (typeRef > 6) throw new Error(`unknown type ${typeRef}`);
      if (typeRef === XML_ELEMENT || typeRef === XML_HOOK) skipString(decoder);
      return;
    }
    case 8: {
      const len = decoder.readLen();
      for (let i = 0; i < len; i++) m.values += countValues(decoder.readAny());
      return;
    }
    case 9: // a subdocument: guid and options
      skipString(decoder);
      m.values += countValues(decoder.readAny());
      return;
    default:
      throw new Error(`unknown content ${ref}`);
  }
}

/** Nodes of a decoded JSON value (1 for a scalar). */
function countValues(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  if (value instanceof Uint8Array) return 1;
  let n = 1;
  for (const v of Array.isArray(value) ? value : Object.values(value)) n += countValues(v);
  return n;
}
