// The canonical encoding of identity data: the exact bytes that are signed and hashed. Two replicas
// (Node in the main process, Chromium in the renderer) must produce the same bytes for the same
// value whatever order its keys were written in, so the encoding is JSON with object keys sorted
// (UTF-16 code-unit order, what Array.prototype.sort gives), no whitespace, `undefined` properties
// left out, and only plain JSON values accepted. Pure: no Node or DOM APIs.

/** The domains a signature can belong to; each is a distinct prefix, so a signature made for one
 *  kind of message never verifies as another. */
export type SigningDomain = 'participant' | 'device' | 'position';

const MAX_DEPTH = 64;

function encode(value: unknown, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) throw new Error('canonicalJson: value nested too deeply');
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
      // JSON.stringify writes -0 as 0 and is the same in every JavaScript engine (ECMA-262 Number::toString).
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      throw new Error(`canonicalJson: cannot encode a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      if (value[i] === undefined) throw new Error('canonicalJson: undefined in an array');
      encode(value[i], depth + 1, out);
    }
    out.push(']');
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error('canonicalJson: only plain objects can be encoded');
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  out.push('{');
  keys.forEach((k, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(k), ':');
    encode(record[k], depth + 1, out);
  });
  out.push('}');
}

/** JSON with object keys sorted, no whitespace, `undefined` properties omitted. Throws on values
 *  JSON cannot carry faithfully (non-finite numbers, functions, class instances, undefined in arrays). */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  encode(value, 0, out);
  return out.join('');
}

const encoder = new TextEncoder();

/** The bytes signed for a message of `domain`: UTF-8 of `enighed/<domain>/v1\n` + canonicalJson(fields). */
export function signingBytes(domain: SigningDomain, fields: unknown): Uint8Array {
  return encoder.encode(signingText(domain, canonicalJson(fields)));
}

/** The text whose UTF-8 is signed for fields already written as canonical JSON (a specialised
 *  encoder, messages.ts): hashed as it is, encoded only where a signature is checked. */
export function signingText(domain: SigningDomain, json: string): string {
  return `enighed/${domain}/v1\n${json}`;
}

/** UTF-8 of a signing text: the bytes a signature covers. */
export function signingTextBytes(text: string): Uint8Array {
  return encoder.encode(text);
}
