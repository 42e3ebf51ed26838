// How big a change bundle and each of its documents may be, enforced by the streaming measurement
// (../updateMeasure.ts) before any Y.Doc holds a payload. Yjs turns a few bytes of update into a few hundred
// bytes of objects per struct (a 15.7 MiB update grew a process by 278 MB), so declared sizes alone
// do not bound memory: the number of structs, delete ranges and JSON values is counted while reading
// the update, one struct at a time, and reading stops at the first limit crossed.
import { measureUpdate as readMeasure, type UpdateMeasure } from '../updateMeasure.ts';
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

export type { UpdateMeasure };

export const partsOf = (m: UpdateMeasure): number => m.structs + m.deleteRanges + m.values;

/**
 * Measures an update (electron/sync/updateMeasure.ts reads it struct by struct, as Yjs would,
 * without keeping any). Throws LimitExceeded as soon as more than `maxParts` structs, delete ranges
 * and values are read, and UpdateFormatError when the bytes are not a well-formed update
 * (truncated, unknown content, trailing bytes).
 */
export function measureUpdate(update: Uint8Array, maxParts: number): UpdateMeasure {
  const m = readMeasure(update, (n) => partsOf(n) > maxParts);
  if (m.stopped) throw new LimitExceeded(`over ${maxParts.toLocaleString('da-DK')} dele`);
  return { structs: m.structs, deleteRanges: m.deleteRanges, values: m.values };
}
