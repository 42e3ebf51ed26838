// The Node side of the app: serves the API contract over one workspace file. Electron's main
// process and the browser test host both run exactly this; they differ only in transport.
import { exportHandlers } from './exports.ts';
import type { SavePathChooser } from './exportFile.ts';
import type { PdfPrinter } from '../export/exportAgreement.ts';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import {
  SyncSettings,
  type EventName,
  type EventPayload,
  type SyncStatus,
  type WorkspaceStatus,
} from '../../shared/api/contract.ts';
import { UserFacingError, type Handlers } from '../../shared/api/dispatch.ts';
import { AgreementMeta, Profile, type Agreement, type Side } from '../../shared/domain/agreement.ts';
import { randomId } from '../../shared/domain/ids.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { checkUpdate } from '../../shared/documents/check.ts';
import { localActorIn, localWriteRefusal, type LocalContext } from './localWrites.ts';
import { mayTravel, type Path } from '../../shared/documents/routes.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement, writeAgreement } from '../../shared/structure/structureDoc.ts';
import { WorkspaceOpenError } from '../store/database.ts';
import { BackgroundCompaction } from '../store/backgroundCompaction.ts';
import { Store, agreementOfDoc } from '../store/store.ts';
import { DamagedDocs, type DamagedDoc } from './damagedDocs.ts';
import { backupToBytes } from './backup.ts';
import { storeErrorMessage, toUserFacing, withDanishStoreErrors } from './storeErrors.ts';
import { findTemplate, initialContent, instantiate, loadTemplates, type LoadedTemplate } from './templates.ts';
import { SyncClient, type SyncedWorkspace, type SyncTarget } from '../sync/syncClient.ts';
import { MeetingControl } from '../sync/meeting/control.ts';
import { meetingInterfaces } from '../sync/meeting/interfaces.ts';
import { BundleImports } from '../store/bundleImports.ts';
import { BUNDLE_EXTENSION } from '../sync/bundle/format.ts';
import { docIdsOfAgreement, exportBundle, stateVectorsFromBundle, type BundleSource } from '../sync/bundle/export.ts';
import { importBundle, type DocUpdate, type ImportHost } from '../sync/bundle/import.ts';
import { undoImport } from '../sync/bundle/undo.ts';
import { Membership, type WorkspacePort } from './membership.ts';
import { deviceTokens } from './deviceTokens.ts';
import { DeviceKeyStore, type SecretBox } from '../identity/deviceKeyStore.ts';
import { bundleSigner, identityHandlers, meetingClaim, WorkspaceIdentity } from './identity.ts';
import { verifiedSignatureHandlers } from './verifiedSignatures.ts';
import { PresenceHub } from '../sync/presence.ts';
import { presenceHandlers } from './presence.ts';
import { wordImportHandlers } from '../word/handlers.ts';
import { AwayWatch, BUNDLE_ORIGIN } from './awayChanges.ts';
import type { WordImportPort } from '../word/apply.ts';

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
  /** The built change bundle worker (dist/electron/bundle-worker.cjs); absent when run from source. */
  bundleWorker?: string;
  /** Seals the device key (Electron's safeStorage); without it the key file is readable only by its owner. */
  secretBox?: SecretBox;
  /** Prints exports as PDF (electron/export/pdf); without it only Word exports are offered. */
  pdfPrinter?: PdfPrinter;
  /** Asks where an export is saved (Electron's save dialog); without it the window downloads it. */
  chooseSavePath?: SavePathChooser;
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
  /** Who this workspace is in each agreement, and its device key (identity.ts). */
  readonly identity: WorkspaceIdentity;
  private readonly docs = new Map<string, OpenDoc>();
  private readonly templates: LoadedTemplate[];
  private readonly compactEvery: number;
  private readonly compactAfterBytes: number;
  private readonly bundleWorker: string | undefined;
  private readonly pdfPrinter: PdfPrinter | null;
  private readonly chooseSavePath: SavePathChooser | null;
  private readonly clients = new Set<Client>();
  private sync: SyncClient | null = null;
  private readonly meeting = new MeetingControl({
    hasDocuments: () => this.syncedDocIds('meeting').length > 0,
    connectMeeting: (target) => this.setSync(target, true)!,
    resumeSync: () => this.setSync(this.storedSyncSettings()),
    broadcast: (state) => this.broadcast('meeting', state),
  });
  private readonly docsChanged = new Set<() => void>();
  /** True while applyUpdate applies an update it has already persisted. */
  private applying = false;
  /** Documents found damaged when loaded (damagedDocs.ts). */
  private readonly damaged = new DamagedDocs();
  /** Started on the first compaction; its fold runs on a worker thread. */
  private compaction: BackgroundCompaction | null = null;
  /** Participants, invitations and who this workspace is in each agreement (membership.ts). */
  private readonly membership: Membership<Client>;
  /** Who is on which section, relayed between the windows and the sync client (sync/presence.ts). */
  /** Nyt siden sidst and Samtidige ændringer (awayChanges.ts). */
  private readonly away = new AwayWatch({
    store: () => this.requireStore(),
    profile: () => this.profile(),
    isFromElsewhere: (origin) => origin === BUNDLE_ORIGIN || (typeof origin === 'object' && origin !== null && !this.clients.has(origin as Client)),
    isLive: (docId) => this.sync?.isLive(docId) ?? false,
    changed: (docId) => this.broadcast('awayChanged', { docId }),
  });
  private readonly presence = new PresenceHub<Client>(
    () => this.profile(),
    (docId, update) => this.broadcast('presence', { docId, update: update as Uint8Array<ArrayBuffer> }),
  );

  private constructor(
    private readonly store: Store | null,
    readonly status: WorkspaceStatus,
    options: ServiceOptions,
  ) {
    this.templates = loadTemplates(options.templatesDir);
    this.compactEvery = options.compactEvery ?? 1000;
    this.compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024;
    this.bundleWorker = options.bundleWorker;
    this.pdfPrinter = options.pdfPrinter ?? null;
    this.chooseSavePath = options.chooseSavePath ?? null;
    const keys = new DeviceKeyStore(options.workspacePath, options.secretBox ?? null);
    this.identity = new WorkspaceIdentity(() => this.requireStore(), keys);
    this.membership = new Membership(this.membershipPort(), this.identity, keys, deviceTokens(options.workspacePath, options.secretBox ?? null));
    this.handlers = withDanishStoreErrors(this.createHandlers());
  }

  /** Opens the workspace. A file that cannot be opened does not throw: the service starts in an
   *  error state that the UI shows, and the file is left as it is. */
  static open(options: ServiceOptions): WorkspaceService {
    let store: Store | null = null;
    let status: WorkspaceStatus;
    try {
      store = Store.open(options.workspacePath, { nativeBinding: options.nativeBinding });
      // A bundle import interrupted by a crash or quit is finished or forgotten, never left half.
      new BundleImports(store).recover();
      status = { state: 'ready', path: options.workspacePath };
    } catch (error) {
      if (!(error instanceof WorkspaceOpenError)) throw error;
      status = { state: 'error', path: options.workspacePath, message: error.message };
    }
    const service = new WorkspaceService(store, status, options);
    if (store && options.seedDemo && store.agreementIds().length === 0) {
      service.createAgreement(service.templates[0].info.id, undefined, true);
    }
    if (store) {
      // Every stored document is checked once: a damaged one is reported, the rest opens. Sync
      // opens every document anyway, so then they stay loaded; without it each is checked and let
      // go, and a section is loaded again only when someone opens it.
      const sync = service.storedSyncSettings();
      for (const docId of service.docIdsOf(null)) {
        if (sync) service.loads(docId);
        else service.checkStored(docId);
      }
      service.setSync(sync);
    }
    return service;
  }

  /** Records who this workspace is in `agreementId` once it joined (the invitation flow); see identity.ts. */
  setAgreementIdentity(agreementId: string, identity: Parameters<WorkspaceIdentity['setAgreementIdentity']>[1]): void {
    this.identity.setAgreementIdentity(agreementId, identity);
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
      ...identityHandlers<Client>(this.identity),
      ...verifiedSignatureHandlers<Client>(() => this.requireStore()),
      getProfile: () => this.profile(),
      myActor: ({ agreementId }) => {
        const actor = localActorIn(this.localContext(), agreementId);
        return actor && { ...actor, themeGroupIds: [...actor.themeGroupIds], agreementIds: actor.agreementIds && [...actor.agreementIds] };
      },
      setProfile: (profile) => {
        const before = this.profile();
        this.requireStore().setSetting(PROFILE_KEY, profile);
        this.presence.refresh();
        // Another side's internal documents must stop syncing: reconnect with the new side's.
        if (!this.meeting.active && this.sync && (before?.side !== profile.side || before.role !== profile.role)) this.setSync(this.storedSyncSettings());
        return profile;
      },
      getSyncSettings: () => {
        const settings = this.storedSyncSettings();
        return settings ? { url: settings.url } : null;
      },
      setSyncSettings: ({ settings }) => {
        this.requireStore().setSetting(SYNC_KEY, settings ?? undefined);
        if (!this.meeting.active) this.setSync(settings); // else it takes effect when the meeting ends
        return this.syncStatus();
      },
      meetingInterfaces: () => meetingInterfaces(),
      hostMeeting: ({ address }) => {
        this.requireStore();
        return this.meeting.hostOn(address);
      },
      joinMeeting: (target) => {
        this.requireStore();
        // The first agreement this workspace joined a server in proves who it is (meeting/joiner.ts).
        const joined = this.listAgreements().find((a) => this.identity.get(a.id).participantId);
        return this.meeting.join(target, this.profile(), joined && ((fingerprint) => meetingClaim(this.identity, joined.id, fingerprint)));
      },
      getMeeting: () => this.meeting.state(),
      endMeeting: () => this.endMeeting(),
      exportBundle: ({ agreementId, lastFromRecipient }) => {
        const endpoint = this.bundleEndpoint();
        const since = lastFromRecipient ? stateVectorsFromBundle(lastFromRecipient, agreementId) : null;
        const now = new Date();
        const bytes = exportBundle(endpoint, {
          agreementId,
          since,
          createdBy: this.profile()?.name ?? 'ukendt',
          signer: bundleSigner(this.identity, agreementId),
          now,
        });
        const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
        return { bytes, fileName: `aendringer-${agreementId}-${stamp}${BUNDLE_EXTENSION}` };
      },
      importBundle: ({ bytes, expectedAgreementId }, client) =>
        importBundle(this.importHost(), bytes, {
          expectedAgreementId,
          handOver: true,
          onProgress: (progress) => client.send('bundleImportProgress', progress),
        }),
      undoBundleImport: ({ importId }, client) =>
        undoImport(this.importHost(), importId, (progress) => client.send('bundleImportProgress', progress)),
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
        this.presence.clear(client, docId);
        return {};
      },
      ...presenceHandlers(this.presence),
      ...this.away.handlers<Client>(),
      // Sikkerhedskopi (backup): electron/workspace/backup.ts
      backupWorkspace: () => backupToBytes(this.requireStore(), new Date()),
      ...this.membership.handlers(),
      // Word and PDF export: electron/workspace/exports.ts
      ...exportHandlers<Client>({
        docOf: (docId) => this.openDoc(docId).doc,
        pinnedRootKey: (agreementId) => this.identity.get(agreementId).pinnedRootKey,
        hasAgreement: (agreementId) => this.requireStore().agreementIds().includes(agreementId),
        ownSide: () => this.profile()?.side ?? null,
        send: (client, progress) => client.send('exportProgress', progress),
        printer: this.pdfPrinter,
        chooseSavePath: this.chooseSavePath,
      }),
      // Word import (electron/word): *Importér fra Word …*
      ...wordImportHandlers<Client>(() => this.wordImportPort()),
    };
  }

  /** This workspace as the Word import writes to it (electron/word/apply.ts). */
  wordImportPort(): WordImportPort {
    return {
      templateStructure: (templateId) => instantiate(findTemplate(this.templates, templateId), 'ny-aftale', undefined, new Date()),
      createAgreement: (templateId, title) => this.createAgreement(templateId, title, false),
      doc: (docId) => this.openDoc(docId).doc,
      refusal: (docId, doc, update, rights) => {
        const check = checkUpdate(docId, doc, update);
        if (!check.ok) return check.reason;
        return rights ? localWriteRefusal(this.localContext(), docId, doc, update) : null;
      },
      apply: (docId, update) => this.applyUpdate(docId, update, null),
      transaction: (write) => {
        const store = this.requireStore();
        try {
          return store.transaction(write);
        } catch (error) {
          // An agreement created inside is rolled back on disk: forget what memory already holds of it.
          const kept = new Set(store.agreementIds());
          for (const [docId, open] of this.docs) {
            if (kept.has(agreementOfDoc(docId))) continue;
            this.away.detach(docId);
            open.doc.destroy();
            this.docs.delete(docId);
          }
          throw error;
        }
      },
      author: () => {
        const profile = this.profile();
        return {
          change: { by: { name: profile?.name ?? 'Word-import', organisation: profile?.organisation ?? 'Enighed' }, at: new Date().toISOString() },
          side: profile?.side ?? 'region',
        };
      },
    };
  }

  listAgreements(): AgreementMeta[] {
    return this.readableAgreements().flatMap(({ agreement }) => (agreement ? [AgreementMeta.parse(agreement)] : []));
  }

  /** Every agreement whose structure document can be read (its agreement is null while the structure
   *  is still empty); one that cannot be read is left out, and listed in damagedDocs. */
  private readableAgreements(): { id: string; agreement: Agreement | null }[] {
    return this.requireStore()
      .agreementIds()
      .flatMap((id) => (this.loads(structureDocId(id)) ? [{ id, agreement: readAgreement(this.openDoc(structureDocId(id)).doc) }] : []));
  }

  /** Whether `docId` can be loaded (a document that cannot be read is recorded in damagedDocs). */
  private loads(docId: string): boolean {
    try {
      this.openDoc(docId);
      return true;
    } catch (error) {
      if (error instanceof UserFacingError && this.damaged.has(docId)) return false;
      throw error;
    }
  }

  /** Checks a stored document without keeping it loaded (a damaged one is recorded in damagedDocs). */
  private checkStored(docId: string): void {
    if (this.docs.has(docId)) return;
    try {
      this.damaged.load(this.requireStore(), docId).destroy();
    } catch (error) {
      if (!(error instanceof UserFacingError && this.damaged.has(docId))) throw error;
    }
  }

  /** Documents found damaged since the workspace opened, each with a Danish reason. */
  damagedDocs(): DamagedDoc[] {
    return this.damaged.list();
  }

  /** Creates an agreement and all its documents in one SQLite transaction. */
  createAgreement(templateId: string, title: string | undefined, demo: boolean): string {
    const store = this.requireStore();
    const template = findTemplate(this.templates, templateId);
    const id = randomId('a');
    const now = new Date();
    const agreement = this.membership.asFounded(instantiate(template, id, title, now));
    try {
      store.transaction(() => {
        this.writeNewAgreement(store, template, agreement, demo);
        this.membership.afterFounded(agreement, this.profile(), now);
      });
    } catch (error) {
      // Rolled back on disk, so forget what was already applied in memory.
      for (const [docId, open] of this.docs) {
        if (agreementOfDoc(docId) !== id) continue;
        this.away.detach(docId);
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

  private openDoc(docId: string): OpenDoc {
    const existing = this.docs.get(docId);
    if (existing) return existing;
    const store = this.requireStore();
    if (!store.agreementIds().includes(agreementOfDoc(docId))) {
      throw new UserFacingError(`Dokumentet "${docId}" findes ikke i dette arbejdsområde.`);
    }
    const { count, bytes } = store.logStats(docId);
    const open: OpenDoc = { doc: this.damaged.load(store, docId), subscribers: new Set(), logCount: count, logBytes: bytes };
    open.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // A change that did not come through applyUpdate (one from the sync server) is persisted here,
      // as it arrives.
      if (!this.applying) this.persistIncoming(docId, open, update);
      // Tell every other subscriber what changed; Yjs emits only the part that was new to this doc.
      for (const client of open.subscribers) if (client !== origin) client.send('docUpdate', { docId, update });
      if (docId.endsWith('/structure')) for (const listener of this.docsChanged) listener();
    });
    this.docs.set(docId, open);
    this.away.attach(docId, open.doc);
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
    // A renderer (or anything else writing here) cannot store what a document may not contain.
    const check = checkUpdate(docId, open.doc, update);
    if (!check.ok) throw new UserFacingError(check.reason);
    // Nor what the local person may not write (shared/access, the rule every path applies).
    const refused = origin && localWriteRefusal(this.localContext(), docId, open.doc, update);
    if (refused) throw new UserFacingError(refused);
    if (origin) this.away.beforeOwnEdit(docId, open.doc);
    store.appendUpdate(docId, update);
    this.applying = true;
    try {
      Y.applyUpdate(open.doc, update, origin);
    } finally {
      this.applying = false;
    }
    this.afterAppend(docId, open, update.byteLength);
  }

  /**
   * Saves a change that arrived from the sync server or a meeting. Nobody waits for it, so a store
   * error (a full disk) must not escape into the sync connection: it is logged and every window is
   * told in Danish. The change stays in memory, and since the file lacks it, the server sends it
   * again on the next sync with this file (at the latest after a restart).
   */
  private persistIncoming(docId: string, open: OpenDoc, update: Uint8Array): void {
    try {
      this.requireStore().appendUpdate(docId, update);
    } catch (error) {
      const message = storeErrorMessage(error);
      if (message === null) throw error;
      console.error(`En ændring fra serveren til ${docId} kunne ikke gemmes`, error);
      this.broadcast('storeError', { message: `En ændring fra serveren kunne ikke gemmes på denne computer. ${message}` });
      return;
    }
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

  /**
   * Writes a backup of the workspace straight to `dest`, a new file (electron/store/backup.ts), for
   * a shell that asks for the place itself (a native save dialog) instead of the renderer's
   * download of `backupWorkspace`'s bytes. Throws a UserFacingError (Danish) when it cannot.
   */
  async backupTo(dest: string): Promise<void> {
    try {
      await this.requireStore().backup(dest);
    } catch (error) {
      throw toUserFacing(error);
    }
  }

  /** Resolves once no background compaction is running (for tests). */
  whenCompacted(): Promise<void> {
    return this.compaction?.idle() ?? Promise.resolve();
  }

  /**
   * Updates a change bundle import (or its undo) has just committed to the file
   * (electron/sync/bundle/import.ts): applied to the documents held in memory, which passes them on
   * to open editors and the sync server. A document not in memory is loaded from the file later.
   */
  private applyImported(updates: readonly DocUpdate[]): void {
    const applied: [string, OpenDoc, number][] = [];
    this.applying = true;
    try {
      for (const { docId, update } of updates) {
        const open = this.docs.get(docId);
        if (!open) continue;
        // From elsewhere (awayChanges.ts), an undo of an import included: it takes others' changes back.
        Y.applyUpdate(open.doc, update, BUNDLE_ORIGIN);
        applied.push([docId, open, update.byteLength]);
      }
    } finally {
      this.applying = false;
    }
    // Counted towards compaction once every update is in memory (the fold reads the log, which
    // already holds them all).
    for (const [docId, open, bytes] of applied) this.afterAppend(docId, open, bytes);
  }

  /** This workspace as the target of change bundle imports. */
  private importHost(): ImportHost {
    return {
      store: this.requireStore(),
      applied: (updates) => this.applyImported(updates),
      agreementsChanged: () => {
        for (const listener of this.docsChanged) listener();
      },
      workerEntry: this.bundleWorker,
    };
  }

  /** This workspace as the source of change bundles (electron/sync/bundle/export.ts). */
  bundleEndpoint(): BundleSource {
    return {
      hasAgreement: (id) => this.requireStore().agreementIds().includes(id),
      listDocs: (id) => docIdsOfAgreement(id, this.openDoc(structureDocId(id)).doc),
      stateVector: (docId) => Y.encodeStateVector(this.openDoc(docId).doc),
      encodeDiff: (docId, stateVector) => Y.encodeStateAsUpdate(this.openDoc(docId).doc, stateVector),
    };
  }

  // --- sync ---------------------------------------------------------------------------------------

  /**
   * Every document of every agreement that may travel by `path` (shared/documents/routes.ts):
   * structures and their sections, and the profile's own side's internal documents (comment threads
   * only that side sees), which go to the secretariat's server only — never to a meeting.
   */
  private syncedDocIds(path: Path): string[] {
    const profile = this.profile();
    const side = profile && profile.role !== 'observatoer' ? profile.side : null;
    // A damaged document stays local: the server would refuse it, and its refusal must not stop
    // the others on the same connection.
    return this.docIdsOf(side).filter((docId) => mayTravel(docId, path) && this.loads(docId) && !this.damaged.has(docId));
  }

  /** The structure and section documents of every readable agreement, with `side`'s internal ones. */
  private docIdsOf(side: Side | null): string[] {
    return this.readableAgreements().flatMap(({ id, agreement }) => {
      const sections = agreement?.sections ?? [];
      return [
        structureDocId(id),
        ...sections.map((s) => sectionDocId(id, s.id)),
        ...(side ? sections.map((s) => internalDocId(id, side, s.id)) : []),
      ];
    });
  }

  /**
   * Connects to `settings` (or disconnects, for null) and tells every client the new status. A
   * meeting connection carries no internal documents.
   */
  private setSync(settings: SyncTarget | null, meeting = false): SyncClient | null {
    this.sync?.destroy();
    this.sync = null;
    if (settings) {
      const path: Path = meeting ? 'meeting' : 'server';
      const workspace: SyncedWorkspace = {
        docIds: () => this.syncedDocIds(path),
        doc: (docId) => this.openDoc(docId).doc,
        onDocsChanged: (listener) => {
          this.docsChanged.add(listener);
          return () => this.docsChanged.delete(listener);
        },
        awareness: (docId, doc, connected) => this.presence.awarenessFor(docId, doc, connected),
        awarenessGone: (docId) => this.presence.detach(docId),
        inSync: (docId) => this.away.inSync(docId),
      };
      this.sync = new SyncClient(workspace, settings);
      this.sync.onStatus((status) => this.broadcast('syncStatus', status));
    }
    this.broadcast('syncStatus', this.syncStatus());
    return this.sync;
  }

  private storedSyncSettings(): SyncSettings | null {
    const settings = SyncSettings.safeParse(this.requireStore().getSetting(SYNC_KEY));
    return settings.success ? settings.data : this.membership.deviceSync();
  }

  /** The workspace as membership.ts sees it. */
  private membershipPort(): WorkspacePort {
    return {
      getSetting: (key) => this.requireStore().getSetting(key),
      setSetting: (key, value) => this.requireStore().setSetting(key, value),
      agreementIds: () => this.requireStore().agreementIds(),
      agreement: (id) => (this.loads(structureDocId(id)) ? readAgreement(this.openDoc(structureDocId(id)).doc) : null),
      structure: (id) => this.openDoc(structureDocId(id)).doc,
      sections: (id) => (readAgreement(this.openDoc(structureDocId(id)).doc)?.sections ?? []).flatMap((s) => (this.loads(sectionDocId(id, s.id)) ? [this.openDoc(sectionDocId(id, s.id)).doc] : [])),
      apply: (docId, update) => this.applyUpdate(docId, update, null),
      insertAgreement: (id) => {
        this.requireStore().insertAgreement(id, new Date().toISOString());
        for (const listener of this.docsChanged) listener();
      },
      reconnect: () => this.meeting.active || this.setSync(this.storedSyncSettings()),
      onStructureChanged: (listener) => {
        this.docsChanged.add(listener);
        return () => this.docsChanged.delete(listener);
      },
      setProfile: (profile) => {
        this.requireStore().setSetting(PROFILE_KEY, profile);
        for (const listener of this.docsChanged) listener(); // the side's internal documents sync now
      },
      progress: (progress) => this.broadcast('invitationProgress', progress),
    };
  }

  private localContext(): LocalContext {
    return { structure: (id) => this.openDoc(structureDocId(id)).doc, setting: (key) => this.requireStore().getSetting(key), profile: () => this.profile() };
  }

  private profile(): Profile | null {
    const profile = Profile.safeParse(this.requireStore().getSetting(PROFILE_KEY));
    return profile.success ? profile.data : null;
  }

  /** Ends or leaves the meeting, then returns to the configured server, if any. */
  async endMeeting(): Promise<SyncStatus> {
    await this.meeting.end();
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
    this.presence.forget(client);
  }

  /** Compacts and closes the workspace file. A background compaction still folding is abandoned
   *  (its rows stay in the log), and the store folds what is left on this thread as it closes; if
   *  that fails on a store error (a full disk), the file is closed all the same. */
  close(): void {
    this.meeting.abandon();
    this.setSync(null);
    this.away.dispose();
    for (const open of this.docs.values()) open.doc.destroy();
    this.docs.clear();
    this.compaction?.close();
    try {
      this.store?.close();
    } catch (error) {
      // Closed all the same, with every update still in the log (say the disk is full): quitting
      // must not fail on it.
      const message = storeErrorMessage(error);
      if (message === null) throw error;
      console.error(`Arbejdsområdet blev lukket uden at blive komprimeret. ${message}`, error);
    }
  }
}

function encodeNewDoc(fill: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  fill(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
