// Reading a y-protocols awareness update (varUint n, then n × (varUint clientID, varUint clock,
// varString JSON state)) completely and within bounds, without applying it: the sync server reads
// every awareness message so (electron/server/messages.ts), and the app's Node side reads what its
// renderer sends (electron/sync/presence.ts).
import * as decoding from 'lib0/decoding';

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  /** The parsed state; null when the client removes its state. */
  state: unknown;
  /** Its JSON text as sent (what the byte bound is measured on). */
  json: string;
}

export class AwarenessFormatError extends Error {
  override name = 'AwarenessFormatError';
}

/** Every entry of `update`, or null when it announces more than `maxEntries` (not read further).
 *  Throws AwarenessFormatError (or lib0's own error) on anything malformed. */
export function readAwarenessEntries(update: Uint8Array, maxEntries: number): AwarenessEntry[] | null {
  const decoder = decoding.createDecoder(update);
  const n = decoding.readVarUint(decoder);
  if (n > maxEntries) return null;
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    entries.push({ clientID, clock, state: JSON.parse(json) as unknown, json });
  }
  if (decoding.hasContent(decoder)) throw new AwarenessFormatError('trailing bytes after the awareness update');
  return entries;
}
