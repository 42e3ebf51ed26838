// Change bundles (ændringspakker): the changes of one agreement in a file, for negotiators who meet
// without a network and pass changes on by email or USB stick. See "Change bundles" below for the
// format and for how a sender knows what the recipient lacks.
//
// ## Format (version 1)
//
//   "ENIGHED-BUNDLE\n"            15 bytes, magic line: tells our files from anything else
//   version                       uint16, big-endian (1)
//   header length                 uint32, big-endian
//   header                        UTF-8 JSON, see BundleHeader
//   payloads                      one Yjs update (v1 encoding) per header.docs entry, in that order
//   trailer                       SHA-256 of every byte before it (32 bytes)
//
// The magic, the version's place and the trailer (SHA-256 over everything before the last 32 bytes)
// are fixed for all versions, so a later version can still be told apart from a damaged file.
// Each doc entry in the header also carries its payload's length and SHA-256: redundant with the
// trailer, but it lets a reader name the damaged document.
//
// Integrity, not authentication: the trailer and payload hashes detect truncated, bit-flipped or
// edited files (headers included), and import also checks the content (every document belongs to
// the agreement, every payload is a Yjs update that fits the recipient's documents, the structure
// still names the same agreement). We deliberately do not authenticate (HMAC): a per-agreement key
// would have to be handed out through the very email and USB channels it would protect, and stored
// and rotated on every machine; whoever may write an agreement's text in the app may also send its
// changes. When the sync server hands out per-agreement secrets, an HMAC can replace the trailer in
// format version 2.
//
// ## What the recipient lacks
//
// Every bundle carries, per document, the sender's state vector at export time (what the sender
// has). So the last bundle received *from* someone tells what they had at least — their state only
// grows — and `stateVectorsFromBundle` turns it into the `since` map for the next export to them:
// the export then holds only what they lack. Without such a bundle, export everything (`since` null);
// Yjs updates are idempotent, so sending too much is harmless, only larger. A recipient who has
// nothing new to send can still send a bundle: it is then just a "request" carrying their state.
// If a `since` was wrong (they restored an old backup), the recipient's import refuses the bundle
// because it builds on changes they lack, and they ask for a full one.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { z } from 'zod';
import { DocId } from '../../shared/api/contract.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import type { Store } from '../store/store.ts';

export const BUNDLE_MAGIC = 'ENIGHED-BUNDLE\n';
export const BUNDLE_VERSION = 1;
/** The usual file name extension. */
export const BUNDLE_EXTENSION = '.enighed';

const MAGIC_BYTES = new TextEncoder().encode(BUNDLE_MAGIC);
const HASH_BYTES = 32;
const FIXED_BYTES = MAGIC_BYTES.length + 2 + 4; // magic, version, header length
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** The state vector of an empty document: "send me everything". */
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

export const MSG_NOT_A_BUNDLE = 'Filen er ikke en Enighed-ændringspakke.';
export const MSG_DAMAGED = 'Ændringspakken er beskadiget eller ufuldstændig. Bed afsenderen om at sende den igen.';

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
            stateVector: z.string().max(16 * 1024 * 1024),
          })
          .strict(),
      )
      .max(100_000),
  })
  .strict();
export type BundleHeader = z.infer<typeof BundleHeader>;

/** One document's part of a bundle. */
export interface BundleDoc {
  docId: string;
  /** What the recipient lacks of the document (a Yjs update). */
  update: Uint8Array;
  /** What the sender had of it when exporting. */
  stateVector: Uint8Array;
}

/** A bundle whose format and checksums have been verified (not yet its fit with a workspace). */
export interface ParsedBundle {
  version: number;
  agreementId: string;
  title: string | null;
  createdAt: string;
  createdBy: string;
  docs: BundleDoc[];
}

export interface DocUpdate {
  docId: string;
  update: Uint8Array;
}

/** A workspace as seen by export: the documents of its agreements. */
export interface BundleSource {
  hasAgreement(agreementId: string): boolean;
  /** Ids of the agreement's documents: its structure and every section it lists. */
  listDocs(agreementId: string): string[];
  /** Y.encodeStateVector of the document (of an empty one when it does not exist yet). */
  stateVector(docId: string): Uint8Array;
  /** Y.encodeStateAsUpdate(doc, stateVector): what a peer with that state vector lacks. */
  encodeDiff(docId: string, stateVector: Uint8Array): Uint8Array;
}

/** A workspace as seen by import. */
export interface BundleTarget extends BundleSource {
  /**
   * Applies verified updates all-or-nothing through the workspace's write path: durable in one
   * transaction (which first creates the agreement when the workspace does not have it), then
   * applied to documents held in memory. Throws, having changed nothing, when the write fails.
   */
  apply(agreement: { id: string; createdAt: string }, updates: readonly DocUpdate[]): void;
}

export interface ExportOptions {
  agreementId: string;
  /** What the recipient has, per document (see stateVectorsFromBundle); null or absent: everything. */
  since?: ReadonlyMap<string, Uint8Array> | null;
  /** Name of the person exporting. */
  createdBy: string;
  now?: Date;
}

export interface ImportOptions {
  /** Refuse a bundle of any other agreement (e.g. when importing from within an open agreement). */
  expectedAgreementId?: string;
}

export interface ImportSummary {
  agreementId: string;
  title: string | null;
  createdBy: string;
  createdAt: string;
  /** Documents in the bundle. */
  docs: number;
  /** Documents that had changes the workspace lacked. */
  changed: number;
  /** True when the bundle brought the agreement into the workspace. */
  newAgreement: boolean;
}

// --- export ---------------------------------------------------------------------------------------

/** Each document's state vector: what the source has of the agreement. */
export function stateVectorsOf(source: BundleSource, agreementId: string): Map<string, Uint8Array> {
  return new Map(source.listDocs(agreementId).map((docId) => [docId, source.stateVector(docId)]));
}

/** Writes a bundle of the agreement's changes that the recipient lacks (everything without `since`). */
export function exportBundle(source: BundleSource, options: ExportOptions): Uint8Array {
  const { agreementId, since = null } = options;
  if (!source.hasAgreement(agreementId)) {
    throw new UserFacingError(`Aftalen "${agreementId}" findes ikke i dette arbejdsområde.`);
  }
  const structureId = structureDocId(agreementId);
  const docIds = [structureId, ...source.listDocs(agreementId).filter((id) => id !== structureId)];
  const docs: BundleDoc[] = docIds.map((docId) => {
    // State vector before the diff: the diff then holds at least what the vector claims.
    const stateVector = source.stateVector(docId);
    const update = source.encodeDiff(docId, since?.get(docId) ?? EMPTY_STATE_VECTOR);
    return { docId, update, stateVector };
  });
  const title = withDoc(source.encodeDiff(structureId, EMPTY_STATE_VECTOR), (doc) => readAgreement(doc)?.title ?? null);
  return encodeBundle({
    agreementId,
    title,
    createdAt: (options.now ?? new Date()).toISOString(),
    createdBy: options.createdBy,
    docs,
  });
}

/** Serialises a bundle (no checks on content: exportBundle is the way to make one). */
export function encodeBundle(bundle: Omit<ParsedBundle, 'version'>): Uint8Array {
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

// --- reading ----------------------------------------------------------------------------------------

/**
 * Reads and verifies a bundle's format: magic, checksum, version, header, lengths, payload hashes,
 * document ids, and that every payload decodes as a Yjs update. Throws UserFacingError otherwise.
 */
export function parseBundle(bytes: Uint8Array): ParsedBundle {
  if (bytes.byteLength === 0) throw new UserFacingError(`${MSG_NOT_A_BUNDLE} Filen er tom.`);
  const magicLength = Math.min(bytes.byteLength, MAGIC_BYTES.length);
  if (!equalBytes(bytes.subarray(0, magicLength), MAGIC_BYTES.subarray(0, magicLength))) {
    throw new UserFacingError(MSG_NOT_A_BUNDLE);
  }
  // Starts like a bundle, so from here on anything wrong means damaged or cut off.
  if (bytes.byteLength < FIXED_BYTES + HASH_BYTES) throw damaged();
  const bodyEnd = bytes.byteLength - HASH_BYTES;
  if (!equalBytes(sha256(bytes.subarray(0, bodyEnd)), bytes.subarray(bodyEnd))) throw damaged();

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(MAGIC_BYTES.length);
  if (version > BUNDLE_VERSION) {
    throw new UserFacingError('Ændringspakken er lavet af en nyere version af Enighed. Opdater programmet, og prøv igen.');
  }
  if (version < 1) throw damaged();
  const headerLength = view.getUint32(MAGIC_BYTES.length + 2);
  if (headerLength > MAX_HEADER_BYTES || FIXED_BYTES + headerLength > bodyEnd) throw damaged();

  let header: BundleHeader;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FIXED_BYTES, FIXED_BYTES + headerLength));
    header = BundleHeader.parse(JSON.parse(text));
  } catch {
    throw damaged();
  }
  if (!AgreementIdPattern.test(header.agreementId)) throw damaged();

  let at = FIXED_BYTES + headerLength;
  const total = header.docs.reduce((n, d) => n + d.bytes, 0);
  if (at + total !== bodyEnd) throw damaged();

  const seen = new Set<string>();
  const docs = header.docs.map((entry): BundleDoc => {
    const update = bytes.slice(at, at + entry.bytes);
    at += entry.bytes;
    if (sha256Hex(update) !== entry.sha256) throw damaged(`Dokumentet "${entry.docId}" er beskadiget.`);
    if (!DocId.safeParse(entry.docId).success) throw damaged(`Ugyldigt dokument-id: "${entry.docId.slice(0, 80)}".`);
    if (!entry.docId.startsWith(`${header.agreementId}/`)) {
      throw damaged(`Dokumentet "${entry.docId}" hører ikke til aftalen i pakken.`);
    }
    if (seen.has(entry.docId)) throw damaged(`Dokumentet "${entry.docId}" findes to gange.`);
    seen.add(entry.docId);
    let stateVector: Uint8Array;
    try {
      stateVector = new Uint8Array(Buffer.from(entry.stateVector, 'base64'));
      Y.decodeStateVector(stateVector);
      Y.decodeUpdate(update);
    } catch {
      throw damaged(`Dokumentet "${entry.docId}" kan ikke læses.`);
    }
    return { docId: entry.docId, update, stateVector };
  });
  if (!seen.has(structureDocId(header.agreementId))) throw damaged('Aftalens struktur mangler.');

  return {
    version,
    agreementId: header.agreementId,
    title: header.title,
    createdAt: header.createdAt,
    createdBy: header.createdBy,
    docs,
  };
}

/**
 * What the sender of a bundle had of each document: pass it as `since` when exporting to them.
 * Refuses a bundle of another agreement than `agreementId`.
 */
export function stateVectorsFromBundle(bytes: Uint8Array, agreementId: string): Map<string, Uint8Array> {
  const bundle = parseBundle(bytes);
  if (bundle.agreementId !== agreementId) throw otherAgreement(bundle);
  return new Map(bundle.docs.map((d) => [d.docId, d.stateVector]));
}

// --- import -----------------------------------------------------------------------------------------

/**
 * Imports a bundle: verifies all of it — format, checksums, that it belongs to the expected (or a
 * new, complete) agreement, and that every update fits the workspace's documents — before
 * anything is written, then applies the documents that change in one all-or-nothing write.
 * Importing the same bundle again changes nothing and reports `changed: 0`.
 */
export function importBundle(target: BundleTarget, bytes: Uint8Array, options: ImportOptions = {}): ImportSummary {
  const bundle = parseBundle(bytes);
  if (options.expectedAgreementId !== undefined && bundle.agreementId !== options.expectedAgreementId) {
    throw otherAgreement(bundle);
  }
  const known = target.hasAgreement(bundle.agreementId);
  const changes: DocUpdate[] = [];
  let createdAt: string | null = null;

  for (const { docId, update, stateVector } of bundle.docs) {
    const scratch = new Y.Doc();
    try {
      if (known) Y.applyUpdate(scratch, target.encodeDiff(docId, EMPTY_STATE_VECTOR));
      const before = Y.snapshot(scratch);
      try {
        Y.applyUpdate(scratch, update);
      } catch {
        throw damaged(`Dokumentet "${docId}" kan ikke læses.`);
      }
      if (docId === structureDocId(bundle.agreementId)) {
        const agreement = readAgreement(scratch);
        if (!agreement) {
          throw new UserFacingError(
            'Ændringspakken indeholder ikke hele aftalen, og aftalen findes ikke i dette arbejdsområde. Bed afsenderen om en fuld ændringspakke.',
          );
        }
        // Catches a bundle whose ids were rewritten to another agreement's, checksums and all.
        if (agreement.id !== bundle.agreementId) throw otherAgreement(bundle);
        createdAt = agreement.createdAt;
      }
      // Everything the sender had integrated must now be integrated here too. If not, the update
      // builds on changes this workspace lacks (the sender assumed we had them). Changes the sender
      // itself held as pending may stay pending here: they were never part of its state.
      if (!coversStateVector(scratch, stateVector)) {
        throw new UserFacingError(
          'Ændringspakken bygger på ændringer, som dette arbejdsområde ikke har. Bed afsenderen om en fuld ændringspakke.',
        );
      }
      if (!Y.equalSnapshots(before, Y.snapshot(scratch))) changes.push({ docId, update });
    } finally {
      scratch.destroy();
    }
  }
  if (createdAt === null) throw damaged('Aftalens struktur mangler.');

  if (changes.length > 0) target.apply({ id: bundle.agreementId, createdAt }, changes);
  return {
    agreementId: bundle.agreementId,
    title: bundle.title,
    createdBy: bundle.createdBy,
    createdAt: bundle.createdAt,
    docs: bundle.docs.length,
    changed: changes.length,
    newAgreement: !known,
  };
}

// --- a store as source and target ------------------------------------------------------------------

/** The documents of an agreement according to its structure document. */
export function docIdsOfAgreement(agreementId: string, structure: Y.Doc): string[] {
  const sections = readAgreement(structure)?.sections ?? [];
  return [structureDocId(agreementId), ...sections.map((s) => sectionDocId(agreementId, s.id))];
}

/**
 * A Store as bundle source and target, for the command line and tests, when no WorkspaceService
 * holds the file. Loads documents afresh on each call; `apply` appends in one transaction.
 */
export function storeEndpoint(store: Store): BundleTarget {
  const withStored = <T>(docId: string, fn: (doc: Y.Doc) => T): T => {
    const doc = store.loadYDoc(docId);
    try {
      return fn(doc);
    } finally {
      doc.destroy();
    }
  };
  const hasAgreement = (id: string) => store.agreementIds().includes(id);
  return {
    hasAgreement,
    listDocs: (id) => withStored(structureDocId(id), (doc) => docIdsOfAgreement(id, doc)),
    stateVector: (docId) => withStored(docId, (doc) => Y.encodeStateVector(doc)),
    encodeDiff: (docId, sv) => withStored(docId, (doc) => Y.encodeStateAsUpdate(doc, sv)),
    apply: (agreement, updates) =>
      store.transaction(() => {
        if (!hasAgreement(agreement.id)) store.insertAgreement(agreement.id, agreement.createdAt);
        for (const { docId, update } of updates) store.appendUpdate(docId, update);
      }),
  };
}

// --- helpers ----------------------------------------------------------------------------------------

function damaged(detail?: string): UserFacingError {
  return new UserFacingError(detail ? `${MSG_DAMAGED} (${detail})` : MSG_DAMAGED);
}

function otherAgreement(bundle: ParsedBundle): UserFacingError {
  const name = bundle.title ? `"${bundle.title}"` : `"${bundle.agreementId}"`;
  return new UserFacingError(`Ændringspakken hører til en anden aftale (${name}) og er ikke indlæst.`);
}

function coversStateVector(doc: Y.Doc, stateVector: Uint8Array): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of Y.decodeStateVector(stateVector)) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}

function withDoc<T>(update: Uint8Array, fn: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return fn(doc);
  } finally {
    doc.destroy();
  }
}

function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}
