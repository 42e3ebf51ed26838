// A bounded zip reader for .docx files: reads the central directory itself (entry count, names,
// declared sizes) and inflates only the parts asked for, in small steps, counting the bytes that
// actually come out. A zip bomb is refused by its declared size before anything is inflated, and by
// its actual size (a lying header) the moment inflating passes the declared size or the limits.
import { Inflate } from 'fflate';
import { DocxReadError } from './readError.ts';
import { INFLATE_STEP, MAX_DOCX_BYTES, MAX_PART_BYTES, MAX_TOTAL_BYTES, MAX_ZIP_ENTRIES } from './limits.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const notZip = 'filen er ikke et Word-dokument (.docx).';
const damaged = 'filen er beskadiget eller ufuldstændig (zip-arkivet er afkortet).';

/** The entries of the zip's central directory, by name. Throws DocxReadError for anything that is
 *  not a whole, plain (non-ZIP64, unencrypted) zip within the limits. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  if (bytes.byteLength > MAX_DOCX_BYTES) throw new DocxReadError(`filen er større end ${MAX_DOCX_BYTES / 1024 / 1024} MB.`);
  if (bytes.byteLength < 22 || view(bytes).getUint32(0, true) !== LOCAL) throw new DocxReadError(notZip);
  const dv = view(bytes);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DocxReadError(damaged);
  const count = dv.getUint16(eocd + 10, true);
  const dirSize = dv.getUint32(eocd + 12, true);
  const dirOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new DocxReadError('zip-arkivet bruger et format (ZIP64), som Enighed ikke læser.');
  if (count > MAX_ZIP_ENTRIES) throw new DocxReadError(`zip-arkivet har ${count} filer; højst ${MAX_ZIP_ENTRIES} læses.`);
  if (dirOffset + dirSize > eocd) throw new DocxReadError(damaged);
  const entries = new Map<string, ZipEntry>();
  let p = dirOffset;
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || dv.getUint32(p, true) !== CENTRAL) throw new DocxReadError(damaged);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    const localOffset = dv.getUint32(p + 42, true);
    if (p + 46 + nameLength > eocd) throw new DocxReadError(damaged);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (flags & 1) throw new DocxReadError('filen er krypteret (beskyttet med adgangskode).');
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new DocxReadError('zip-arkivet bruger et format (ZIP64), som Enighed ikke læser.');
    }
    if (localOffset + 30 > dirOffset || localOffset + compressedSize > dirOffset) throw new DocxReadError(damaged);
    entries.set(name, { name, method, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates entries within one shared budget (MAX_TOTAL_BYTES). */
export class ZipReader {
  private budget = MAX_TOTAL_BYTES;
  readonly entries: Map<string, ZipEntry>;

  constructor(private readonly bytes: Uint8Array) {
    this.entries = zipEntries(bytes);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes, or null when the zip has no such entry. */
  read(name: string): Uint8Array | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const limit = Math.min(MAX_PART_BYTES, this.budget);
    if (entry.size > limit) throw new DocxReadError(`delen ${name} fylder ${mb(entry.size)} udpakket; højst ${mb(limit)} læses (er det en zip-bombe?).`);
    const dv = view(this.bytes);
    const at = entry.localOffset;
    if (dv.getUint32(at, true) !== LOCAL) throw new DocxReadError(damaged);
    const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.byteLength) throw new DocxReadError(damaged);
    const data = this.bytes.subarray(start, end);
    let out: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw new DocxReadError(damaged);
      out = data.slice();
    } else if (entry.method === 8) {
      out = inflateBounded(data, entry, name);
    } else {
      throw new DocxReadError(`delen ${name} er pakket på en måde (metode ${entry.method}), som Enighed ikke læser.`);
    }
    this.budget -= out.byteLength;
    return out;
  }

  /** The entry as UTF-8 text, or null when absent. */
  text(name: string): string | null {
    const bytes = this.read(name);
    if (!bytes) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new DocxReadError(`delen ${name} er ikke gyldig UTF-8-tekst.`);
    }
  }
}

/** Inflates in INFLATE_STEP pieces; stops the moment the output passes the declared size. */
function inflateBounded(data: Uint8Array, entry: ZipEntry, name: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.byteLength;
    if (total > entry.size) throw new DocxReadError(`delen ${name} fylder mere udpakket, end arkivet oplyser (${mb(entry.size)}); filen afvises som en mulig zip-bombe.`);
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    for (let i = 0; i < data.byteLength && !done; i += INFLATE_STEP) {
      const end = Math.min(i + INFLATE_STEP, data.byteLength);
      inflater.push(data.subarray(i, end), end === data.byteLength);
    }
  } catch (error) {
    if (error instanceof DocxReadError) throw error;
    throw new DocxReadError(damaged);
  }
  if (!done || total !== entry.size) throw new DocxReadError(damaged);
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.byteLength;
  }
  return out;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MB`;
}
