// Reading a position stored in a section document (its positions map or its decision log): the
// value validated against `Position` (position.ts, the definition), once per stored object.
//
// A Y.Map or Y.Array hands out the same object for a value until it is replaced, so a value is
// validated once, not on every keystroke's status recomputation. Verifying an agreement from cold
// reads every position once (6,000 for 3,000 clauses), and zod took about a quarter of that time, so
// a value that has exactly the shape of a well-formed position — every field of the type and pattern
// the schema asks for, nothing that zod would transform (an untrimmed reason) — is read by
// `wellFormedPosition` below without zod. Anything else, however slightly off, goes to zod, which decides:
// `wellFormedPosition` only ever accepts, with the same result zod gives (test/unit/stored-position.test.ts
// compares the two over valid and broken values), so the schema stays the one definition.
import { Position } from './position.ts';

const parsed = new WeakMap<object, Position | null>();

/** The stored value as a Position, or null when it is not one (the schema decides). Remembered per
 *  stored object. */
export function storedPosition(raw: unknown): Position | null {
  if (typeof raw !== 'object' || raw === null) return null;
  let known = parsed.get(raw);
  if (known === undefined) {
    known = wellFormedPosition(raw);
    if (known === undefined) {
      const result = Position.safeParse(raw);
      known = result.success ? result.data : null;
    }
    parsed.set(raw, known);
  }
  return known;
}

type Fields = Record<string, unknown>;

/** shapes.ts: PublicKey and Digest (32 bytes), SignatureB64 (64 bytes), base64url without padding. */
const BYTES_32 = /^[A-Za-z0-9_-]{43}$/;
const BYTES_64 = /^[A-Za-z0-9_-]{86}$/;
const SIDES: ReadonlySet<unknown> = new Set(['region', 'kommune']);
const STANCES: ReadonlySet<unknown> = new Set(['enig', 'uenig', 'trukket', 'forslag-accepteret', 'forslag-afvist']);

const isRecord = (value: unknown): value is Fields => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};
const isString = (value: unknown): value is string => typeof value === 'string';
/** position.ts: `z.string().trim().max(max).optional()`, where trimming changes nothing. */
const isTrimmedText = (value: unknown, max: number): value is string | undefined =>
  value === undefined || (typeof value === 'string' && value.length <= max && value.trim() === value);
/** shapes.ts: Id, `z.string().min(1).max(120)`. */
const isId = (value: unknown): value is string => typeof value === 'string' && value.length >= 1 && value.length <= 120;
/** shapes.ts: Timestamp, `z.string().min(1).max(40)`. */
const isTimestamp = (value: unknown): value is string => typeof value === 'string' && value.length >= 1 && value.length <= 40;

/**
 * The value as zod would give it when it is plainly well formed; undefined when zod must decide
 * (not well formed, or anything unusual: an optional field present as undefined, an object that is
 * not a plain one). Builds the result as zod does: the schema's fields in the schema's order, others
 * left out.
 */
export function wellFormedPosition(raw: object): Position | undefined {
  if (!isRecord(raw)) return undefined;
  const { clauseId, side, stance, reason, alternative, textHash, text, by, at, sig } = raw;
  if (!isString(clauseId) || clauseId.length < 1 || !SIDES.has(side) || !STANCES.has(stance)) return undefined;
  if (('reason' in raw && reason === undefined) || !isTrimmedText(reason, 4000)) return undefined;
  if (('alternative' in raw && alternative === undefined) || !isTrimmedText(alternative, 20000)) return undefined;
  if (!isString(textHash) || textHash.length < 1 || !isString(text) || !isString(at)) return undefined;
  if (!isRecord(by) || !isString(by.name) || !isString(by.organisation)) return undefined;
  // The schema's refinement: a dispute needs a reason.
  if (stance === 'uenig' && !(reason !== undefined && reason.length > 0)) return undefined;
  let signature: Position['sig'];
  if (sig !== undefined) {
    signature = wellFormedSignature(sig);
    if (signature === undefined) return undefined;
  } else if ('sig' in raw) {
    return undefined;
  }
  const position: Fields = { clauseId, side, stance };
  if (reason !== undefined) position.reason = reason;
  if (alternative !== undefined) position.alternative = alternative;
  position.textHash = textHash;
  position.text = text;
  position.by = { name: by.name, organisation: by.organisation };
  position.at = at;
  if (signature !== undefined) position.sig = signature;
  return position as Position;
}

/** shapes.ts: PositionSignature, when plainly well formed (else undefined: zod decides). */
function wellFormedSignature(sig: unknown): Position['sig'] {
  if (!isRecord(sig)) return undefined;
  const { v, agreementId, sectionId, participantId, deviceCert, prev, prevOwn, signature } = sig;
  if (v !== 1 || !isId(agreementId) || !isId(sectionId) || !isId(participantId)) return undefined;
  if (!(prev === null || (isString(prev) && BYTES_32.test(prev)))) return undefined;
  if (!(prevOwn === null || (isString(prevOwn) && BYTES_32.test(prevOwn)) || (prevOwn === undefined && !('prevOwn' in sig)))) return undefined;
  if (!isString(signature) || !BYTES_64.test(signature)) return undefined;
  if (!isRecord(deviceCert)) return undefined;
  const { participantId: certParticipant, deviceKey, at, inviteSignature } = deviceCert;
  if (!isId(certParticipant) || !isString(deviceKey) || !BYTES_32.test(deviceKey) || !isTimestamp(at)) return undefined;
  if (!(inviteSignature === null || (isString(inviteSignature) && BYTES_64.test(inviteSignature)))) return undefined;
  const out: Fields = {
    v,
    agreementId,
    sectionId,
    participantId,
    deviceCert: { participantId: certParticipant, deviceKey, at, inviteSignature },
    prev,
  };
  if (prevOwn !== undefined) out.prevOwn = prevOwn;
  out.signature = signature;
  return out as Position['sig'];
}
