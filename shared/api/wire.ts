// The WebSocket framing of the contract, used by the browser test host (and any future non-Electron
// host). JSON, with binary values tagged as base64 so Yjs updates survive the trip.
import { z } from 'zod';
import { fromBase64, toBase64 } from 'lib0/buffer';
import type { Outcome } from './contract.ts';

const BYTES_TAG = '$bytes';

export function encodeFrame(frame: Frame): string {
  return JSON.stringify(frame, (_key, value) =>
    value instanceof Uint8Array ? { [BYTES_TAG]: toBase64(value) } : value,
  );
}

/** Parses a frame; throws on anything that is not a well-formed frame. */
export function decodeFrame(text: string): Frame {
  const raw = JSON.parse(text, (_key, value) =>
    value && typeof value === 'object' && typeof value[BYTES_TAG] === 'string' && Object.keys(value).length === 1
      ? fromBase64(value[BYTES_TAG])
      : value,
  );
  return Frame.parse(raw);
}

const Outcome = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.enum(['invalid', 'failed', 'unknown-method']), message: z.string() }),
  }),
]);

export const Frame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int(), method: z.string().max(100), params: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number().int(), outcome: Outcome }),
  z.object({ type: z.literal('event'), name: z.string().max(100), payload: z.unknown() }),
]);
export type Frame =
  | { type: 'call'; id: number; method: string; params: unknown }
  | { type: 'result'; id: number; outcome: Outcome<unknown> }
  | { type: 'event'; name: string; payload: unknown };
