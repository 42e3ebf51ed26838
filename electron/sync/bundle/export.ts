// Writing change bundles: the changes of one agreement that a recipient lacks (everything without
// `since`), and reading back from a bundle what its sender had. See ARCHITECTURE.md beside this file.
import { mayTravel } from '../../../shared/documents/routes.ts';
import * as Y from 'yjs';
import { UserFacingError } from '../../../shared/api/dispatch.ts';
import { sectionDocId, structureDocId } from '../../../shared/structure/docIds.ts';
import { readAgreement } from '../../../shared/structure/structureDoc.ts';
import type { Store } from '../../store/store.ts';
import { encodeBundle, otherAgreement, parseBundle, type BundleDoc, type BundleSigner } from './format.ts';

/** The state vector of an empty document: "send me everything". */
export const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

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

export interface ExportOptions {
  agreementId: string;
  /** What the recipient has, per document (see stateVectorsFromBundle); null or absent: everything. */
  since?: ReadonlyMap<string, Uint8Array> | null;
  /** Name of the person exporting. */
  createdBy: string;
  /** Signs the bundle as its author (format.ts, author.ts); unsigned without it. */
  signer?: BundleSigner;
  now?: Date;
}

/** Each document's state vector: what the source has of the agreement. */
export function stateVectorsOf(source: BundleSource, agreementId: string): Map<string, Uint8Array> {
  return new Map(source.listDocs(agreementId).map((docId) => [docId, source.stateVector(docId)]));
}

/** Writes a bundle of the agreement's changes that the recipient lacks (everything without `since`).
 *  Internal documents of a side are never part of it: listDocs names the structure and sections. */
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
  const structure = new Y.Doc();
  Y.applyUpdate(structure, source.encodeDiff(structureId, EMPTY_STATE_VECTOR));
  const title = readAgreement(structure)?.title ?? null;
  structure.destroy();
  return encodeBundle({
    agreementId,
    title,
    createdAt: (options.now ?? new Date()).toISOString(),
    createdBy: options.createdBy,
    docs,
  }, options.signer);
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

/** The documents of an agreement according to its structure document. */
export function docIdsOfAgreement(agreementId: string, structure: Y.Doc): string[] {
  const sections = readAgreement(structure)?.sections ?? [];
  return [structureDocId(agreementId), ...sections.map((s) => sectionDocId(agreementId, s.id))].filter((id) => mayTravel(id, 'bundle'));
}

/** A Store as bundle source, for the command line and tests, when no WorkspaceService holds the
 *  file. Loads documents afresh on each call. */
export function storeSource(store: Store): BundleSource {
  const withStored = <T>(docId: string, fn: (doc: Y.Doc) => T): T => {
    const doc = store.loadYDoc(docId);
    try {
      return fn(doc);
    } finally {
      doc.destroy();
    }
  };
  return {
    hasAgreement: (id) => store.agreementIds().includes(id),
    listDocs: (id) => withStored(structureDocId(id), (doc) => docIdsOfAgreement(id, doc)),
    stateVector: (docId) => withStored(docId, (doc) => Y.encodeStateVector(doc)),
    encodeDiff: (docId, sv) => withStored(docId, (doc) => Y.encodeStateAsUpdate(doc, sv)),
  };
}
