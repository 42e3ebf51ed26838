// The change bundle file format (version 1) and its verification: magic, version, bounds, header,
// lengths, checksums, and that every payload is a well-formed Yjs update within the limits.
// Nothing here builds a Y.Doc; see ARCHITECTURE.md beside this file for the format and the rest.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { z } from 'zod';
import { DocId } from '../../../shared/api/contract.ts';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import { structureDocId } from '../../../shared/structure/docIds.ts';
import { BundleAuthor, contentHash } from './author.ts';
import { LIMITS, LimitExceeded, measureUpdate, partsOf, type Limits } from './limits.ts';

export const BUNDLE_MAGIC = 'ENIGHED-BUNDLE\n';
export const BUNDLE_VERSION = 1;
/** The usual file name extension. */
export const BUNDLE_EXTENSION = '.enighed';

const MAGIC_BYTES = new TextEncoder().encode(BUNDLE_MAGIC);
const HASH_BYTES = 32;
const FIXED_BYTES = MAGIC_BYTES.length + 2 + 4; // magic, version, header length

export const MSG_NOT_A_BUNDLE = 'Filen er ikke en Enighed-ændringspakke.';
export const MSG_DAMAGED = 'Ændringspakken er beskadiget eller ufuldstændig. Bed afsenderen om at sende den igen.';
export const MSG_NOT_IMPORTED = 'Pakken er ikke indlæst.';

const AgreementIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

const BundleHeader = z
  .object({
    agreementId: z.string(),
    /** The agreement's title when exported, for showing before import; informative only. */
    title: z.string().max(1000).nullable(),
    createdAt: z.string().max(64),
    /** Name of the person who exported it (their profile), informative only. */
    createdBy: z.string().max(1000),
    docs: z
      .array(
        z
          .object({
            docId: z.string().max(200),
            bytes: z.number().int().nonnegative(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/),
            /** The sender's state vector of this document at export, base64. */
            stateVector: z.string().max(LIMITS.stateVectorChars),
          })
          .strict(),
      )
      .max(LIMITS.docs),
    /** Who made the bundle, signed (author.ts); absent in bundles made before signatures. */
    author: BundleAuthor.optional(),
  })
  .strict();
export type BundleHeader = z.infer<typeof BundleHeader>;

/** One document's part of a bundle. */
export interface BundleDoc {
  docId: string;
  /** What the recipient lacks of the document (a Yjs update); a view into the bundle's bytes. */
  update: Uint8Array;
  /** What the sender had of it when exporting. */
  stateVector: Uint8Array;
}

/** A bundle whose format, bounds and checksums have been verified (not yet its fit with a workspace). */
export interface ParsedBundle {
  version: number;
  agreementId: string;
  title: string | null;
  createdAt: string;
  createdBy: string;
  docs: BundleDoc[];
  /** The signed author block, or null for an unsigned bundle. */
  author: BundleAuthor | null;
  /** What the author's signature covers (author.ts, contentHash). */
  contentHash: Uint8Array;
}

/** How exportBundle signs: the author's participant id, device certificate and key. */
export interface BundleSigner {
  participantId: string;
  deviceCert: BundleAuthor['deviceCert'];
  sign(hash: Uint8Array): string;
}

/** Serialises a bundle (no checks on content: exportBundle is the way to make one). */
export function encodeBundle(bundle: Omit<ParsedBundle, 'version' | 'author' | 'contentHash'>, signer?: BundleSigner): Uint8Array {
  const header: BundleHeader = {
    agreementId: bundle.agreementId,
    title: bundle.title,
    createdAt: bundle.createdAt,
    createdBy: bundle.createdBy,
    docs: bundle.docs.map((d) => ({
      docId: d.docId,
      bytes: d.update.byteLength,
      sha256: sha256Hex(d.update),
      stateVector: Buffer.from(d.stateVector).toString('base64'),
    })),
  };
  if (signer) {
    const hash = contentHash(header);
    header.author = { participantId: signer.participantId, deviceCert: signer.deviceCert, signature: signer.sign(hash) };
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const payloadBytes = bundle.docs.reduce((n, d) => n + d.update.byteLength, 0);
  const out = new Uint8Array(FIXED_BYTES + headerBytes.byteLength + payloadBytes + HASH_BYTES);
  const view = new DataView(out.buffer);
  out.set(MAGIC_BYTES, 0);
  view.setUint16(MAGIC_BYTES.length, BUNDLE_VERSION);
  view.setUint32(MAGIC_BYTES.length + 2, headerBytes.byteLength);
  let at = FIXED_BYTES;
  out.set(headerBytes, at);
  at += headerBytes.byteLength;
  for (const d of bundle.docs) {
    out.set(d.update, at);
    at += d.update.byteLength;
  }
  out.set(sha256(out.subarray(0, at)), at);
  return out;
}

export interface ParseOptions {
  limits?: Limits;
  /** Called now and then with the bytes verified so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads and verifies a bundle's format: size, magic, checksum, version, header, lengths, payload
 * hashes, document ids, and that every payload is a Yjs update within the limits — counted while
 * reading it, so an inflating payload is refused before anything holds it. Throws UserFacingError.
 * The payloads are views into `bytes`, not copies.
 */
export function parseBundle(bytes: Uint8Array, options: ParseOptions = {}): ParsedBundle {
  const limits = options.limits ?? LIMITS;
  const progress = options.onProgress ?? (() => {});
  if (bytes.byteLength === 0) throw new UserFacingError(`${MSG_NOT_A_BUNDLE} Filen er tom.`);
  const magicLength = Math.min(bytes.byteLength, MAGIC_BYTES.length);
  if (!equalBytes(bytes.subarray(0, magicLength), MAGIC_BYTES.subarray(0, magicLength))) {
    throw new UserFacingError(MSG_NOT_A_BUNDLE);
  }
  if (bytes.byteLength > limits.bundleBytes) throw tooLarge(`filen er over ${mb(limits.bundleBytes)}`);
  // Starts like a bundle, so from here on anything wrong means damaged or cut off.
  if (bytes.byteLength < FIXED_BYTES + HASH_BYTES) throw damaged();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(MAGIC_BYTES.length);
  const headerLength = view.getUint32(MAGIC_BYTES.length + 2);
  const bodyEnd = bytes.byteLength - HASH_BYTES;
  // The trailer covers everything, so it is checked first; hashing is the one pass over all bytes.
  if (!equalBytes(sha256Chunked(bytes.subarray(0, bodyEnd), progress), bytes.subarray(bodyEnd))) throw damaged();

  if (version > BUNDLE_VERSION) {
    throw new UserFacingError('Ændringspakken er lavet af en nyere version af Enighed. Opdater programmet, og prøv igen.');
  }
  if (version < 1) throw damaged();
  if (headerLength > limits.headerBytes) throw tooLarge(`pakkens indholdsfortegnelse er over ${mb(limits.headerBytes)}`);
  if (FIXED_BYTES + headerLength > bodyEnd) throw damaged();

  let header: BundleHeader;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FIXED_BYTES, FIXED_BYTES + headerLength));
    const parsed = BundleHeader.safeParse(JSON.parse(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue?.code === 'too_big' && issue.path.length === 1 && issue.path[0] === 'docs') {
        throw tooLarge(`over ${limits.docs.toLocaleString('da-DK')} dokumenter`);
      }
      throw damaged();
    }
    header = parsed.data;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw damaged();
  }
  if (!AgreementIdPattern.test(header.agreementId)) throw damaged();
  if (header.docs.length > limits.docs) throw tooLarge(`over ${limits.docs.toLocaleString('da-DK')} dokumenter`);

  // Declared sizes, before any payload is read.
  const seen = new Set<string>();
  let total = 0;
  for (const entry of header.docs) {
    if (!DocId.safeParse(entry.docId).success) throw damaged(`Ugyldigt dokument-id: "${entry.docId.slice(0, 80)}".`);
    if (!entry.docId.startsWith(`${header.agreementId}/`)) {
      throw damaged(`Dokumentet "${entry.docId}" hører ikke til aftalen i pakken.`);
    }
    if (seen.has(entry.docId)) throw damaged(`Dokumentet "${entry.docId}" findes to gange.`);
    seen.add(entry.docId);
    if (entry.bytes > limits.docBytes) throw tooLarge(`dokumentet "${entry.docId}" er over ${mb(limits.docBytes)}`);
    total += entry.bytes;
  }
  if (FIXED_BYTES + headerLength + total !== bodyEnd) throw damaged();
  if (!seen.has(structureDocId(header.agreementId))) throw damaged('Aftalens struktur mangler.');

  // Each payload: its hash, then its decoded size, counted without building it.
  let at = FIXED_BYTES + headerLength;
  let parts = 0;
  const docs = header.docs.map((entry): BundleDoc => {
    const update = bytes.subarray(at, at + entry.bytes);
    at += entry.bytes;
    if (sha256Hex(update) !== entry.sha256) throw damaged(`Dokumentet "${entry.docId}" er beskadiget.`);
    let stateVector: Uint8Array;
    const totalLeft = limits.bundleParts - parts;
    try {
      stateVector = new Uint8Array(Buffer.from(entry.stateVector, 'base64'));
      Y.decodeStateVector(stateVector);
      parts += partsOf(measureUpdate(update, Math.min(limits.docParts, totalLeft)));
    } catch (error) {
      if (error instanceof LimitExceeded) {
        throw tooLarge(
          totalLeft < limits.docParts
            ? `dokumenterne fylder tilsammen for meget udpakket (over ${limits.bundleParts.toLocaleString('da-DK')} dele)`
            : `dokumentet "${entry.docId}" fylder for meget udpakket (${error.message})`,
        );
      }
      throw damaged(`Dokumentet "${entry.docId}" kan ikke læses.`);
    }
    return { docId: entry.docId, update, stateVector };
  });

  return {
    version,
    agreementId: header.agreementId,
    title: header.title,
    createdAt: header.createdAt,
    createdBy: header.createdBy,
    docs,
    author: header.author ?? null,
    contentHash: contentHash(header),
  };
}

export function damaged(detail?: string): UserFacingError {
  return new UserFacingError(detail ? `${MSG_DAMAGED} (${detail})` : MSG_DAMAGED);
}

function tooLarge(detail: string): UserFacingError {
  return new UserFacingError(`Ændringspakken er for stor til at blive indlæst: ${detail}. ${MSG_NOT_IMPORTED}`);
}

export function otherAgreement(bundle: Pick<ParsedBundle, 'title' | 'agreementId'>): UserFacingError {
  const name = bundle.title ? `"${bundle.title}"` : `"${bundle.agreementId}"`;
  return new UserFacingError(`Ændringspakken hører til en anden aftale (${name}) og er ikke indlæst.`);
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

const HASH_CHUNK = 8 * 1024 * 1024;

function sha256Chunked(bytes: Uint8Array, progress: (done: number, total: number) => void): Uint8Array {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.byteLength; at += HASH_CHUNK) {
    hash.update(bytes.subarray(at, Math.min(at + HASH_CHUNK, bytes.byteLength)));
    progress(Math.min(at + HASH_CHUNK, bytes.byteLength), bytes.byteLength);
  }
  return new Uint8Array(hash.digest());
}

function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}
