// Replicas for sync tests: each is a set of bare Y.Docs (one agreement's structure and sections),
// attached like the app's SyncClient to one shared Hocuspocus socket, and usable as a change-bundle
// source and target. Also the canonical description of a document's content that convergence tests
// compare.
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { digest } from 'lib0/hash/sha256';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { SECTION_KEYS, STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement, writeAgreement } from '../../shared/structure/structureDoc.ts';
import { currentPositions } from '../../shared/negotiation/positionsDoc.ts';
import { deriveStatus, type DerivedStatus } from '../../shared/negotiation/position.ts';
import { checkBundle, type CheckOptions } from '../../electron/sync/bundle/check.ts';
import { docIdsOfAgreement, type BundleSource } from '../../electron/sync/bundle/export.ts';
import { parseBundle } from '../../electron/sync/bundle/format.ts';
import { instantiate, loadTemplates } from '../../electron/workspace/templates.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import type { Section } from '../../shared/domain/agreement.ts';
import type { ReconnectOptions } from '../../electron/server/replayTrace.ts';
import { NodeWebSocket } from '../../electron/sync/syncClient.ts';

/** Origin of updates applied from a change bundle (the provider forwards them like local edits). */
export const BUNDLE_ORIGIN = 'bundle';

// --- the agreement every replica starts from -------------------------------------------------------

export interface Fixture {
  agreementId: string;
  structureId: string;
  /** Section document ids, in the structure's order. */
  sectionIds: string[];
  /** Creates the structure (metadata and exactly these sections). */
  structureSeed: Uint8Array;
  /** Creates a section's paragraph with an empty XmlText (the same update for every section). */
  sectionSeed: Uint8Array;
}

/**
 * Agreement `agreementId` from the first template, cut down to `sections` sections so that a bundle
 * (which carries every section the structure lists) stays small. Seeds are written by client id 1
 * so that every replica that applies them holds identical items, as if it had synced them. `pick`
 * chooses which of the template's sections are candidates (e.g. only those with a theme group).
 */
export function makeFixture(agreementId = 'a1', sections = 2, pick: (section: Section) => boolean = () => true): Fixture {
  const template = loadTemplates(path.join(repoRoot, 'resources/templates'))[0];
  const full = instantiate(template, agreementId, undefined, new Date(0));
  const agreement = { ...full, sections: full.sections.filter(pick).slice(0, sections) };

  const structure = new Y.Doc();
  structure.clientID = 1;
  writeAgreement(structure, agreement);
  const structureSeed = Y.encodeStateAsUpdate(structure);
  structure.destroy();

  const section = new Y.Doc();
  section.clientID = 1;
  section.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText()]);
    section.getXmlFragment(SECTION_FRAGMENT).insert(0, [paragraph]);
  });
  const sectionSeed = Y.encodeStateAsUpdate(section);
  section.destroy();

  return {
    agreementId,
    structureId: structureDocId(agreementId),
    sectionIds: agreement.sections.map((s) => sectionDocId(agreementId, s.id)),
    structureSeed,
    sectionSeed,
  };
}

// --- a replica ---------------------------------------------------------------------------------------

export class Replica {
  readonly docs = new Map<string, Y.Doc>();
  readonly providers = new Map<string, HocuspocusProvider>();
  private socket: HocuspocusProviderWebsocket | null = null;
  /** Whether the replica wants to be online (its socket reconnects by itself while it does). */
  online = false;

  /**
   * @param clientIds one distinct Yjs client id per document, in `docIds` order (tests pick them
   *   from their seeded generator so that runs do not depend on Yjs' own random ids).
   */
  constructor(
    readonly name: string,
    readonly docIds: readonly string[],
    clientIds: readonly number[],
  ) {
    docIds.forEach((docId, i) => {
      const doc = new Y.Doc();
      doc.clientID = clientIds[i];
      this.docs.set(docId, doc);
    });
  }

  doc(docId: string): Y.Doc {
    const doc = this.docs.get(docId);
    if (!doc) throw new Error(`${this.name} has no document ${docId}`);
    return doc;
  }

  /** Applies the fixture's seeds, as a replica that already had the agreement. */
  seed(fixture: Fixture): void {
    Y.applyUpdate(this.doc(fixture.structureId), fixture.structureSeed, 'seed');
    for (const id of fixture.sectionIds) Y.applyUpdate(this.doc(id), fixture.sectionSeed, 'seed');
  }

  /** Attaches every document to one new socket to `url` (the app's SyncClient does the same),
   *  authenticating with `token` when given (e.g. `device:<token>`; else the open server's way). */
  connect(url: string, reconnect: ReconnectOptions, token?: string): void {
    this.online = true;
    if (this.socket) {
      void this.socket.connect().catch(() => {});
      return;
    }
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: NodeWebSocket, maxAttempts: 0, jitter: true, ...reconnect });
    this.socket = socket;
    // HocuspocusProviderWebsocket.connect() returns early while its status is still "connected",
    // which it is between disconnect() and the close event; it then never sets shouldConnect, and
    // the socket stays offline for good once the close arrives. Connect again at that point.
    socket.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected' && this.online && !socket.shouldConnect) void socket.connect().catch(() => {});
    });
    for (const [docId, doc] of this.docs) {
      // No awareness: presence is not under test, and the app does not share it yet either.
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: docId, document: doc, awareness: null, ...(token ? { token } : {}) });
      provider.attach();
      this.providers.set(docId, provider);
    }
  }

  /** Goes offline; the documents stay editable and the providers count what is not yet sent. */
  disconnect(): void {
    this.online = false;
    this.socket?.disconnect();
  }

  /** Every provider has done its handshake and has nothing unacknowledged. */
  synced(): boolean {
    if (!this.online || this.providers.size !== this.docs.size) return false;
    for (const p of this.providers.values()) if (!p.isSynced || p.unsyncedChanges > 0) return false;
    return true;
  }

  syncState(): string {
    if (!this.socket) return `${this.name}: never connected`;
    const parts = [...this.providers].map(([id, p]) => `${id.slice(id.lastIndexOf('/') + 1)} synced=${p.isSynced} unsynced=${p.unsyncedChanges}`);
    return `${this.name}: ${this.online ? 'online' : 'offline'} socket=${this.socket.status}; ${parts.join(', ')}`;
  }

  destroy(): void {
    for (const p of this.providers.values()) p.destroy();
    this.providers.clear();
    this.socket?.destroy();
    this.socket = null;
    for (const doc of this.docs.values()) doc.destroy();
  }

  /** The replica as a bundle source (see replicaEndpoint). */
  endpoint(): BundleSource {
    return replicaEndpoint(this.docs);
  }

  /** Imports a change bundle into the replica's documents (see importIntoDocs). */
  importBundle(bytes: Uint8Array, options?: CheckOptions): { changed: number } {
    return importIntoDocs(this.docs, bytes, options);
  }
}

/** Bare Y.Docs as a change-bundle source, the way the workspace service is one: the agreement
 *  exists when its structure document names it. */
export function replicaEndpoint(docs: Map<string, Y.Doc>): BundleSource {
  const docOf = (docId: string) => {
    let doc = docs.get(docId);
    if (!doc) {
      doc = new Y.Doc();
      docs.set(docId, doc);
    }
    return doc;
  };
  const hasAgreement = (agreementId: string) => {
    const structure = docs.get(structureDocId(agreementId));
    return structure !== undefined && readAgreement(structure)?.id === agreementId;
  };
  return {
    hasAgreement,
    listDocs: (agreementId) => docIdsOfAgreement(agreementId, docOf(structureDocId(agreementId))),
    stateVector: (docId) => Y.encodeStateVector(docOf(docId)),
    encodeDiff: (docId, stateVector) => Y.encodeStateAsUpdate(docOf(docId), stateVector),
  };
}

/**
 * Imports a bundle into bare Y.Docs with the app's own checks (format, bounds, structure, content,
 * fit: electron/sync/bundle/check.ts), in this thread; every change is applied with BUNDLE_ORIGIN,
 * so an attached provider sends it on.
 */
export function importIntoDocs(docs: Map<string, Y.Doc>, bytes: Uint8Array, options?: CheckOptions): { changed: number } {
  const bundle = parseBundle(bytes);
  const known = replicaEndpoint(docs).hasAgreement(bundle.agreementId);
  const checked = checkBundle(bundle, { known, parts: (docId) => (docs.has(docId) ? [Y.encodeStateAsUpdate(docs.get(docId)!)] : []) }, options);
  for (const { docId, index } of checked.changes) {
    if (!docs.has(docId)) docs.set(docId, new Y.Doc());
    Y.applyUpdate(docs.get(docId)!, bundle.docs[index].update, BUNDLE_ORIGIN);
  }
  return { changed: checked.changes.length };
}

// --- what is compared ----------------------------------------------------------------------------

/** The section text's paragraph's XmlText, or null while the section has not been seeded. */
export function sectionText(doc: Y.Doc): Y.XmlText | null {
  const paragraph = doc.getXmlFragment(SECTION_FRAGMENT).get(0);
  if (!(paragraph instanceof Y.XmlElement)) return null;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : null;
}

/**
 * The hash positions in these tests bind to: SHA-256 of the fragment's XML (marks included). The
 * real clauseHash works on ProseMirror clause nodes, which these bare documents do not have.
 */
export function textHash(doc: Y.Doc): string {
  return toBase64(digest(new TextEncoder().encode(doc.getXmlFragment(SECTION_FRAGMENT).toString())));
}

export interface DocContent {
  /** Yjs state vector, decoded, sorted by client. */
  stateVector: [number, number][];
  /** Every root type these tests write, as JSON. */
  content: Record<string, unknown>;
  /** deriveStatus per clause id (section documents only). */
  statuses: Record<string, DerivedStatus>;
}

/** What must be equal between two copies of a document. */
export function describeDoc(doc: Y.Doc, isSection: boolean, clauseIds: readonly string[]): DocContent {
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]);
  const content: Record<string, unknown> = {};
  const statuses: Record<string, DerivedStatus> = {};
  if (isSection) {
    content.prosemirror = doc.getXmlFragment(SECTION_FRAGMENT).toString();
    content.positions = doc.getMap(SECTION_KEYS.positions).toJSON();
    content.decisionLog = doc.getArray(SECTION_KEYS.decisionLog).toJSON();
    // Comments as shared/negotiation/comments.ts writes them.
    content.commentThreads = doc.getMap(SECTION_KEYS.commentThreads).toJSON();
    content.commentReplies = doc.getArray(SECTION_KEYS.commentReplies).toJSON();
    content.commentStates = doc.getMap(SECTION_KEYS.commentStates).toJSON();
    const hash = textHash(doc);
    for (const k of clauseIds) statuses[k] = deriveStatus(currentPositions(doc, k), hash);
  } else {
    for (const name of Object.values(STRUCTURE_KEYS)) content[name] = doc.getMap(name).toJSON();
  }
  return { stateVector, content, statuses };
}

/** State vectors and delete sets equal (Yjs' own notion of "the same state"). */
export function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}
