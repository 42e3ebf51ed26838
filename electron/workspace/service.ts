// The Node side of the app: serves the API contract over one workspace file. Electron's main
// process and the browser test host both run exactly this; they differ only in transport.
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import {
  SyncSettings,
  type EventName,
  type EventPayload,
  type MeetingInfo,
  type SyncStatus,
  type WorkspaceStatus,
} from '../../shared/api/contract.ts';
import { UserFacingError, type Handlers } from '../../shared/api/dispatch.ts';
import { AgreementMeta, Profile, type Agreement } from '../../shared/domain/agreement.ts';
import { randomId } from '../../shared/domain/ids.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement, writeAgreement } from '../../shared/structure/structureDoc.ts';
import { DamagedDocError } from '../store/damagedDoc.ts';
import { WorkspaceOpenError } from '../store/database.ts';
import { BackgroundCompaction } from '../store/backgroundCompaction.ts';
import { Store, agreementOfDoc } from '../store/store.ts';
import { backupToBytes } from './backup.ts';
import { withDanishStoreErrors } from './storeErrors.ts';
import { findTemplate, initialContent, instantiate, loadTemplates, type LoadedTemplate } from './templates.ts';
import { SyncClient, type SyncedWorkspace } from '../sync/syncClient.ts';
import { meetingInterfaces, startMeeting, type Meeting } from '../sync/meeting.ts';
import {
  BUNDLE_EXTENSION,
  docIdsOfAgreement,
  exportBundle,
  importBundle,
  stateVectorsFromBundle,
  type BundleTarget,
  type DocUpdate,
} from '../sync/bundle.ts';

/** One connected renderer (an Electron window, or a page of the test host). */
export interface Client {
  readonly id: string;
  send<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export interface ServiceOptions {
  workspacePath: string;
  templatesDir: string;
  /** Create the demo agreement when the workspace has no agreement yet. */
  seedDemo?: boolean;
  /** Fold a document's log into its snapshot after this many updates (default 1000)… */
  compactEvery?: number;
  /** …or once its log holds this many bytes (default 1 MiB), whichever comes first. */
  compactAfterBytes?: number;
  /** Path of a better-sqlite3 binary built for this runtime (Electron in development). */
  nativeBinding?: string;
}

interface OpenDoc {
  doc: Y.Doc;
  subscribers: Set<Client>;
  /** Updates and bytes appended to the log since the last compaction. */
  logCount: number;
  logBytes: number;
}

const PROFILE_KEY = 'profile';
const SYNC_KEY = 'sync';
const SYNC_OFF: SyncStatus = { state: 'off', url: null, lastSyncedAt: null, unsyncedChanges: 0, error: null };

export class WorkspaceService {
  readonly handlers: Handlers<Client>;
  private readonly docs = new Map<string, OpenDoc>();
  private readonly templates: LoadedTemplate[];
  private readonly compactEvery: number;
  private readonly compactAfterBytes: number;
  private readonly clients = new Set<Client>();
  private sync: SyncClient | null = null;
  private meeting: { info: MeetingInfo; server: Meeting | null } | null = null;
  private readonly docsChanged = new Set<() => void>();
  /** True while applyUpdate applies an update it has already persisted. */
  private applying = false;
  /** Started on the first compaction; its fold runs on a worker thread. */
  private compaction: BackgroundCompaction | null = null;

  private constructor(
    private readonly store: Store | null,
    readonly status: WorkspaceStatus,
    options: ServiceOptions,
  ) {
    this.templates = loadTemplates(options.templatesDir);
    this.compactEvery = options.compactEvery ?? 1000;
    this.compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024;
    this.handlers = withDanishStoreErrors(this.createHandlers());
  }

  /** Opens the workspace. A file that cannot be opened does not throw: the service starts in an
   *  error state that the UI shows, and the file is left as it is. */
  static open(options: ServiceOptions): WorkspaceService {
    let store: Store | null = null;
    let status: WorkspaceStatus;
    try {
      store = Store.open(options.workspacePath, { nativeBinding: options.nativeBinding });
      status = { state: 'ready', path: options.workspacePath };
    } catch (error) {
      if (!(error instanceof WorkspaceOpenError)) throw error;
      status = { state: 'error', path: options.workspacePath, message: error.message };
    }
    const service = new WorkspaceService(store, status, options);
    if (store && options.seedDemo && store.agreementIds().length === 0) {
      service.createAgreement(service.templates[0].info.id, undefined, true);
    }
    if (store) service.setSync(service.storedSyncSettings());
    return service;
  }

  private requireStore(): Store {
    if (!this.store) throw new UserFacingError((this.status as { message: string }).message);
    return this.store;
  }

  private createHandlers(): Handlers<Client> {
    return {
      workspaceStatus: () => this.status,
      listTemplates: () => this.templates.map((t) => t.info),
      listAgreements: () => this.listAgreements(),
      createAgreement: ({ templateId, title, demo }) => ({ agreementId: this.createAgreement(templateId, title, demo) }),
      getProfile: () => this.profile(),
      setProfile: (profile) => {
        const before = this.profile();
        this.requireStore().setSetting(PROFILE_KEY, profile);
        // Another side's internal documents must stop syncing: reconnect with the new side's.
        if (!this.meeting && this.sync && (before?.side !== profile.side || before.role !== profile.role)) this.setSync(this.storedSyncSettings());
        return profile;
      },
      getSyncSettings: () => {
        const settings = this.storedSyncSettings();
        return settings ? { url: settings.url } : null;
      },
      setSyncSettings: ({ settings }) => {
        this.requireStore().setSetting(SYNC_KEY, settings ?? undefined);
        if (!this.meeting) this.setSync(settings); // else it takes effect when the meeting ends
        return this.syncStatus();
      },
      meetingInterfaces: () => meetingInterfaces(),
      hostMeeting: async ({ address }) => {
        this.requireNoMeeting();
        if (!meetingInterfaces().some((i) => i.address === address)) {
          throw new UserFacingError(`Adressen ${address} hører ikke til denne computer.`);
        }
        const server = await startMeeting({ address });
        return this.enterMeeting({ url: server.url, code: server.code, role: 'host' }, server);
      },
      joinMeeting: ({ url, code }) => {
        this.requireNoMeeting();
        return this.enterMeeting({ url, code, role: 'guest' }, null);
      },
      getMeeting: () => this.meeting?.info ?? null,
      endMeeting: () => this.endMeeting(),
      exportBundle: ({ agreementId, lastFromRecipient }) => {
        const endpoint = this.bundleEndpoint();
        const since = lastFromRecipient ? stateVectorsFromBundle(lastFromRecipient, agreementId) : null;
        const now = new Date();
        const bytes = exportBundle(endpoint, {
          agreementId,
          since,
          createdBy: this.profile()?.name ?? 'ukendt',
          now,
        });
        const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
        return { bytes, fileName: `aendringer-${agreementId}-${stamp}${BUNDLE_EXTENSION}` };
      },
      importBundle: ({ bytes, expectedAgreementId }) =>
        importBundle(this.bundleEndpoint(), bytes, { expectedAgreementId }),
      syncStatus: () => this.syncStatus(),
      openDoc: ({ docId, stateVector }, client) => {
        const open = this.openDoc(docId);
        open.subscribers.add(client);
        return { update: Y.encodeStateAsUpdate(open.doc, stateVector), stateVector: Y.encodeStateVector(open.doc) };
      },
      pushUpdate: ({ docId, update }, client) => {
        this.applyUpdate(docId, update, client);
        return { savedAt: new Date().toISOString() };
      },
      closeDoc: ({ docId }, client) => {
        this.docs.get(docId)?.subscribers.delete(client);
        return {};
      },
      // Sikkerhedskopi (backup): electron/workspace/backup.ts
      backupWorkspace: () => backupToBytes(this.requireStore(), new Date()),
    };
  }

  listAgreements(): AgreementMeta[] {
    const store = this.requireStore();
    return store.agreementIds().flatMap((id) => {
      const structure = this.readableDoc(structureDocId(id));
      const agreement = structure && readAgreement(structure.doc);
      return agreement ? [AgreementMeta.parse(agreement)] : [];
    });
  }

  /** Creates an agreement and all its documents in one SQLite transaction. */
  createAgreement(templateId: string, title: string | undefined, demo: boolean): string {
    const store = this.requireStore();
    const template = findTemplate(this.templates, templateId);
    const id = randomId('a');
    const now = new Date();
    const agreement = instantiate(template, id, title, now);
    try {
      store.transaction(() => this.writeNewAgreement(store, template, agreement, demo));
    } catch (error) {
      // Rolled back on disk, so forget what was already applied in memory.
      for (const [docId, open] of this.docs) {
        if (agreementOfDoc(docId) !== id) continue;
        open.doc.destroy();
        this.docs.delete(docId);
      }
      throw error;
    }
    return id;
  }

  private writeNewAgreement(store: Store, template: LoadedTemplate, agreement: Agreement, demo: boolean): void {
    const id = agreement.id;
    store.insertAgreement(id, agreement.createdAt);
    this.applyUpdate(structureDocId(id), encodeNewDoc((doc) => writeAgreement(doc, agreement)), null);
    for (const section of agreement.sections) {
      const content = initialContent(template, section.id, demo);
      this.applyUpdate(
        sectionDocId(id, section.id),
        encodeNewDoc((doc) => prosemirrorToYXmlFragment(content, doc.getXmlFragment(SECTION_FRAGMENT))),
        null,
      );
    }
  }

  /** The document, or null when its stored data is damaged (it is left out; opening it says why). */
  private readableDoc(docId: string): OpenDoc | null {
    try {
      return this.openDoc(docId);
    } catch (error) {
      if (error instanceof DamagedDocError) return null;
      throw error;
    }
  }

  private openDoc(docId: string): OpenDoc {
    const existing = this.docs.get(docId);
    if (existing) return existing;
    const store = this.requireStore();
    if (!store.agreementIds().includes(agreementOfDoc(docId))) {
      throw new UserFacingError(`Dokumentet "${docId}" findes ikke i dette arbejdsområde.`);
    }
    const { count, bytes } = store.logStats(docId);
    const open: OpenDoc = { doc: store.loadYDoc(docId), subscribers: new Set(), logCount: count, logBytes: bytes };
    open.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // A change that did not come through applyUpdate (one from the sync server) is persisted here,
      // as it arrives.
      if (!this.applying) this.persist(docId, open, update);
      // Tell every other subscriber what changed; Yjs emits only the part that was new to this doc.
      for (const client of open.subscribers) if (client !== origin) client.send('docUpdate', { docId, update });
      if (docId.endsWith('/structure')) for (const listener of this.docsChanged) listener();
    });
    this.docs.set(docId, open);
    return open;
  }

  /**
   * The one write path: the update is validated, made durable, and only then applied in memory and
   * passed on. Persisting first means a failed write leaves memory unchanged, so a retry by the
   * client is not mistaken for a duplicate.
   */
  private applyUpdate(docId: string, update: Uint8Array, origin: Client | null): void {
    const store = this.requireStore();
    try {
      Y.decodeUpdate(update);
    } catch {
      throw new UserFacingError('Ændringen kunne ikke læses og blev afvist.');
    }
    const open = this.openDoc(docId);
    store.appendUpdate(docId, update);
    this.applying = true;
    try {
      Y.applyUpdate(open.doc, update, origin);
    } finally {
      this.applying = false;
    }
    this.afterAppend(docId, open, update.byteLength);
  }

  private persist(docId: string, open: OpenDoc, update: Uint8Array): void {
    this.requireStore().appendUpdate(docId, update);
    this.afterAppend(docId, open, update.byteLength);
  }

  private afterAppend(docId: string, open: OpenDoc, bytes: number): void {
    open.logCount++;
    open.logBytes += bytes;
    if (open.logCount >= this.compactEvery || open.logBytes >= this.compactAfterBytes) this.compactInBackground(docId, open);
  }

  /** Folds the document's log off the event loop (electron/store/backgroundCompaction.ts); the
   *  counts drop by what was folded once that is committed. */
  private compactInBackground(docId: string, open: OpenDoc): void {
    this.compaction ??= new BackgroundCompaction(this.requireStore());
    this.compaction.compact(docId)?.then(
      (folded) => {
        open.logCount -= folded?.rows ?? 0;
        open.logBytes -= folded?.bytes ?? 0;
      },
      (error: unknown) => {
        console.error(`Komprimering af ${docId} mislykkedes`, error);
        // Try again after as many updates again, not on every one.
        open.logCount = 0;
        open.logBytes = 0;
      },
    );
  }

  /** Resolves once no background compaction is running (for tests and the CLI). */
  whenCompacted(): Promise<void> {
    return this.compaction?.idle() ?? Promise.resolve();
  }

  /**
   * Imports the verified updates of a change bundle (electron/sync/bundle.ts) through the same path
   * as applyUpdate: all of them are committed in one transaction — which first creates the agreement
   * when this workspace lacks it — and only then applied in memory, which passes them on to open
   * editors. A failed write leaves both the file and memory as they were.
   */
  importUpdates(agreement: { id: string; createdAt: string }, updates: readonly DocUpdate[]): void {
    const store = this.requireStore();
    if (new Set(updates.map((u) => u.docId)).size !== updates.length) throw new Error('importUpdates: one update per document');
    for (const { update } of updates) {
      try {
        Y.decodeUpdate(update);
      } catch {
        throw new UserFacingError('Ændringen kunne ikke læses og blev afvist.');
      }
    }
    const isNew = !store.agreementIds().includes(agreement.id);
    store.transaction(() => {
      if (isNew) store.insertAgreement(agreement.id, agreement.createdAt);
      for (const { docId, update } of updates) store.appendUpdate(docId, update);
    });
    const applied: [string, OpenDoc, number][] = [];
    this.applying = true;
    try {
      for (const { docId, update } of updates) {
        const open = this.docs.get(docId);
        // A document not in memory yet is loaded from the file, which already holds the update.
        if (!open) continue;
        Y.applyUpdate(open.doc, update, null);
        applied.push([docId, open, update.byteLength]);
      }
    } finally {
      this.applying = false;
    }
    // Compaction only after every update is in memory: it folds all rows appended so far.
    for (const [docId, open, bytes] of applied) this.afterAppend(docId, open, bytes);
    if (isNew) for (const listener of this.docsChanged) listener();
  }

  /** This workspace as the source and target of change bundles (electron/sync/bundle.ts). */
  bundleEndpoint(): BundleTarget {
    return {
      hasAgreement: (id) => this.requireStore().agreementIds().includes(id),
      listDocs: (id) => docIdsOfAgreement(id, this.openDoc(structureDocId(id)).doc),
      stateVector: (docId) => Y.encodeStateVector(this.openDoc(docId).doc),
      encodeDiff: (docId, stateVector) => Y.encodeStateAsUpdate(this.openDoc(docId).doc, stateVector),
      apply: (agreement, updates) => this.importUpdates(agreement, updates),
    };
  }

  // --- sync ---------------------------------------------------------------------------------------

  /**
   * Every document of every agreement: structures and their sections, and with `internal` the
   * profile's own side's internal documents (comment threads only that side sees). Internal
   * documents go to the secretariat's server, which keeps them from the other side, and never to a
   * meeting, whose other laptop is the other side's.
   */
  private syncedDocIds(internal: boolean): string[] {
    const profile = this.profile();
    const side = internal && profile && profile.role !== 'observatoer' ? profile.side : null;
    return this.requireStore()
      .agreementIds()
      .flatMap((id) => {
        const structure = this.readableDoc(structureDocId(id));
        if (!structure) return [];
        const sections = readAgreement(structure.doc)?.sections ?? [];
        return [
          structureDocId(id),
          ...sections.map((s) => sectionDocId(id, s.id)),
          ...(side ? sections.map((s) => internalDocId(id, side, s.id)) : []),
        ];
      })
      // A damaged document cannot be read, so it is left out of sync (openDoc would throw in SyncClient).
      .filter((docId) => this.readableDoc(docId) !== null);
  }

  /** Connects to `settings` (or disconnects, for null) and tells every client the new status. */
  private setSync(settings: SyncSettings | null): void {
    this.sync?.destroy();
    this.sync = null;
    if (settings) {
      const internal = this.meeting === null;
      const workspace: SyncedWorkspace = {
        docIds: () => this.syncedDocIds(internal),
        doc: (docId) => this.openDoc(docId).doc,
        onDocsChanged: (listener) => {
          this.docsChanged.add(listener);
          return () => this.docsChanged.delete(listener);
        },
      };
      this.sync = new SyncClient(workspace, settings);
      this.sync.onStatus((status) => this.broadcast('syncStatus', status));
    }
    this.broadcast('syncStatus', this.syncStatus());
  }

  private storedSyncSettings(): SyncSettings | null {
    const settings = SyncSettings.safeParse(this.requireStore().getSetting(SYNC_KEY));
    return settings.success ? settings.data : null;
  }

  private profile(): Profile | null {
    const profile = Profile.safeParse(this.requireStore().getSetting(PROFILE_KEY));
    return profile.success ? profile.data : null;
  }

  private requireNoMeeting(): void {
    this.requireStore();
    if (this.meeting) throw new UserFacingError('Der er allerede et møde i gang.');
  }

  private enterMeeting(info: MeetingInfo, server: Meeting | null): MeetingInfo {
    this.meeting = { info, server };
    this.setSync({ url: info.url, token: info.code });
    return info;
  }

  /**
   * Ends or leaves the meeting: waits (up to 10 s) until everything is exchanged, so both laptops
   * leave with the same state, then closes and returns to the configured server, if any.
   */
  async endMeeting(): Promise<SyncStatus> {
    const meeting = this.meeting;
    if (!meeting) return this.syncStatus();
    try {
      await this.sync?.whenSynced(10_000);
    } catch {
      // Offline at the end: every change is saved locally and goes out with the next sync.
    }
    this.setSync(null);
    await meeting.server?.close();
    this.meeting = null;
    this.setSync(this.storedSyncSettings());
    return this.syncStatus();
  }

  syncStatus(): SyncStatus {
    return this.sync?.status() ?? SYNC_OFF;
  }

  /** Resolves once everything is synced with the server (for tests and the CLI). */
  whenSynced(ms?: number): Promise<void> {
    if (!this.sync) return Promise.reject(new Error('ingen synkroniseringsserver er sat op'));
    return this.sync.whenSynced(ms);
  }

  /** How much of a document's history sits in its log rather than its snapshot. */
  docLogStats(docId: string): { count: number; bytes: number } {
    return this.requireStore().logStats(docId);
  }

  private broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const client of this.clients) client.send(name, payload);
  }

  /** A client (window, page) connected; it receives workspace-wide events such as the sync status. */
  connect(client: Client): void {
    this.clients.add(client);
  }

  /** Forgets a client that went away (closed window, dropped socket). */
  disconnect(client: Client): void {
    this.clients.delete(client);
    for (const open of this.docs.values()) open.subscribers.delete(client);
  }

  /** Compacts and closes the workspace file. A background compaction still folding is abandoned
   *  (its rows stay in the log), and the store folds what is left on this thread as it closes. */
  close(): void {
    this.setSync(null);
    void this.meeting?.server?.close();
    this.meeting = null;
    for (const open of this.docs.values()) open.doc.destroy();
    this.docs.clear();
    this.compaction?.close();
    this.store?.close();
  }
}

function encodeNewDoc(fill: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  fill(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
