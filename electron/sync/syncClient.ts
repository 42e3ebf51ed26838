// The app's connection to a sync server (the secretariat's, or a meeting host). Every document the
// workspace holds is attached to one shared WebSocket through a Hocuspocus provider. Local changes
// are durable in the workspace before they are sent (the service persists first); changes from the
// server are persisted by the service as they arrive. Offline, nothing is lost: on reconnect the
// providers exchange state vectors and send what the other side lacks.
// The status carries why the connection fails, in Danish (an untrusted certificate, a refused
// port, a meeting host whose certificate does not match its fingerprint: see pinnedSocket.ts and
// connectionError.ts), or why the server refused a document. The token is presented for one
// document first; a refused token stops the reconnects (see tokenRefusal). Every update the server
// sends is checked before the provider applies it (incomingCheck.ts).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { SyncStatus } from '../../shared/api/contract.ts';
import { socketClass } from './pinnedSocket.ts';
import { parseDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { screenIncoming } from './incomingCheck.ts';
import { UNKNOWN_TOKEN_REASON } from '../server/authenticate.ts';
import { BACKOFF_REASON } from '../server/closeCodes.ts';
import { THROTTLED_REASON, WRONG_CODE_REASON } from './meeting/host.ts';

/**
 * What to tell the user when the server refused the token itself (or this address must wait), and
 * null for a refusal of one document. Trying again with the same token only earns this computer's
 * address a longer back-off (the server closes a socket after three wrong tokens and backs an
 * address off after ten), so on these the client stops reconnecting.
 */
export function tokenRefusal(reason: string): string | null {
  if (reason === UNKNOWN_TOKEN_REASON) return 'Serveren kender ikke adgangskoden. Ret den under Synkronisering, og forbind igen.';
  if (reason === WRONG_CODE_REASON) return 'Forkert mødekode.';
  if (reason.startsWith(BACKOFF_REASON) || reason.startsWith(THROTTLED_REASON)) return `Serveren afviser forsøg lige nu (${reason}). Forbind igen om lidt.`;
  return null;
}

export interface SyncTarget {
  url: string;
  token: string;
  /** A meeting host's short certificate fingerprint: the connection is pinned to it (wss:// only). */
  fingerprint?: string;
}

/** Close code a server sends when it shuts down ("going away"): a meeting host ending the meeting. */
export const CLOSE_GOING_AWAY = 1001;

/** What the client needs from the workspace: its documents, loaded and kept persistent. */
export interface SyncedWorkspace {
  /** Every document id the workspace holds. */
  docIds(): string[];
  /** The live document for an id (the same Y.Doc the editors use). */
  doc(docId: string): Y.Doc;
  /** Called when the set of documents may have changed (e.g. a section was added). */
  onDocsChanged(listener: () => void): () => void;
  /** Presence (electron/sync/presence.ts): the awareness a document's provider shares (null: none;
   *  `connected`: whether the connection is open now, what is sent meanwhile waits in a queue), and
   *  the notice before that provider is destroyed. Absent: no presence at all. */
  awareness?(docId: string, doc: Y.Doc, connected: () => boolean): Awareness | null;
  awarenessGone?(docId: string): void;
  /** The document is synced with the server with nothing unsent (electron/workspace/awayChanges.ts). */
  inSync?(docId: string): void;
}

export class SyncClient {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly providers = new Map<string, HocuspocusProvider>();
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private connected = false;
  private lastSyncedAt: string | null = null;
  private disposeDocsListener: () => void;
  /** Why the server refused the token itself (no document is asked for again). */
  private authError: string | null = null;
  /**
   * Documents the server refused, with why and how many changes their agreement's structure had
   * then. Who may open what follows from the structure (a participant's entry, the sections it
   * lists), so a refused document is asked for again once the structure has changed and is synced:
   * the secretariat's own side's internal documents are refused until her signed entry reaches the
   * server, a new section's until the structure that lists it does.
   */
  private readonly refused = new Map<string, { reason: string; structureChanges: number }>();
  /** How many changes each agreement's structure has had (local or from the server). */
  private readonly structureChanges = new Map<string, number>();
  private readonly structureListeners: Array<() => void> = [];
  private reconnecting = false;
  /** Why the last connection attempt failed (cleared once connected). */
  private connectionError: string | null = null;
  private readonly admission = new Set<(outcome: { ok: true } | { ok: false; reason: string }) => void>();
  private readonly goingAway = new Set<() => void>();
  /**
   * The token is presented for one document first and for the rest only once the server has
   * answered without refusing the token itself: a wrong token then costs one failed attempt, not
   * one per document (the server backs an address off after ten).
   */
  private probeAnswered = false;
  private destroyed = false;

  constructor(
    private readonly workspace: SyncedWorkspace,
    private readonly target: SyncTarget,
  ) {
    if (target.fingerprint && !target.url.startsWith('wss://')) {
      throw new Error('SyncClient: a pinned fingerprint needs a wss:// address');
    }
    this.socket = new HocuspocusProviderWebsocket({
      url: target.url,
      WebSocketPolyfill: socketClass({
        fingerprint: target.fingerprint,
        onError: (reason) => {
          this.connectionError = reason;
          this.settleAdmission({ ok: false, reason });
          this.emit();
        },
        // Nothing the server sends reaches a document unchecked (electron/sync/incomingCheck.ts).
        screen: (data) => {
          const refusal = screenIncoming(data, (docId) => (this.providers.has(docId) ? this.workspace.doc(docId) : null));
          return refusal && `Serveren sendte en ændring til ${refusal.docId}, som er afvist: ${refusal.reason}. Den er hverken vist eller gemt.`;
        },
      }),
      // Reconnect with backoff, forever: a laptop on a train comes back online eventually.
      delay: 500,
      minDelay: 500,
      factor: 2,
      maxDelay: 30_000,
      maxAttempts: 0,
      jitter: true,
    });
    this.socket.on('status', ({ status }: { status: string }) => {
      this.connected = status === 'connected';
      if (this.connected) this.connectionError = null;
      this.emit();
    });
    this.socket.on('close', ({ event }: { event: { code?: number } }) => {
      if (event?.code !== CLOSE_GOING_AWAY) return;
      this.connectionError = 'Serveren lukkede forbindelsen.';
      for (const listener of [...this.goingAway]) listener();
      this.emit();
    });
    this.attachAll();
    this.disposeDocsListener = workspace.onDocsChanged(() => this.attachAll());
  }

  /**
   * Attaches every document not yet attached (only the first, while the probe is unanswered). A
   * side's internal documents wait until their agreement's structure is synced with nothing unsent:
   * the server gives internal data only for sections its structure has, so for an agreement just
   * created here it would refuse them (a refused document is asked for again only after the
   * structure changes: see structureSettled).
   */
  private attachAll(): void {
    const docIds = this.workspace.docIds().filter((docId) => this.mayAttach(docId));
    for (const docId of this.probeAnswered ? docIds : docIds.slice(0, 1)) {
      if (this.providers.has(docId)) continue;
      const parsed = parseDocId(docId);
      if (parsed?.kind === 'structure') this.countStructureChanges(parsed.agreementId, this.workspace.doc(docId));
      const doc = this.workspace.doc(docId);
      const provider = new HocuspocusProvider({
        name: docId,
        document: doc,
        websocketProvider: this.socket,
        token: this.target.token,
        // Presence on sections (who is there, their cursor); none on the other documents.
        awareness: (this.workspace.awareness?.(docId, doc, () => this.connected) ?? null) as never,
        onSynced: () => {
          // The structure is on the server now: its internal documents may follow (attached first,
          // so that the status never reads synced without them).
          if (parsed?.kind === 'structure') this.structureSettled(parsed.agreementId);
          this.synced();
          this.reportInSync(docId);
        },
        onUnsyncedChanges: () => {
          if (parsed?.kind === 'structure') this.structureSettled(parsed.agreementId);
          this.synced();
          this.reportInSync(docId);
        },
        onAuthenticated: () => {
          if (this.refused.delete(docId)) this.emit();
          this.settleAdmission({ ok: true });
          this.probeDone();
        },
        onAuthenticationFailed: ({ reason }) => {
          const refusedToken = tokenRefusal(reason);
          if (refusedToken) {
            this.socket.disconnect();
            this.authError = refusedToken;
          } else if (parsed) {
            this.refused.set(docId, { reason, structureChanges: this.structureChanges.get(parsed.agreementId) ?? 0 });
          }
          this.settleAdmission({ ok: false, reason });
          // Refused this document only: the others may well be open to this token.
          if (!refusedToken && !this.destroyed) this.probeDone();
          this.emit();
        },
      });
      provider.attach();
      this.providers.set(docId, provider);
    }
    this.emit();
  }

  private reportInSync(docId: string): void {
    const provider = this.providers.get(docId);
    if (this.connected && provider?.isSynced && provider.unsyncedChanges === 0) this.workspace.inSync?.(docId);
  }

  /** Whether the document is connected and synced with the server right now (edits made now are
   *  not made "apart"). */
  isLive(docId: string): boolean {
    return this.connected && this.providers.get(docId)?.isSynced === true;
  }

  private countStructureChanges(agreementId: string, doc: Y.Doc): void {
    if (this.structureChanges.has(agreementId)) return;
    this.structureChanges.set(agreementId, 0);
    const count = () => {
      this.structureChanges.set(agreementId, (this.structureChanges.get(agreementId) ?? 0) + 1);
      // A change from the server settles at once (a local one once it is acknowledged).
      queueMicrotask(() => this.structureSettled(agreementId));
    };
    doc.on('update', count);
    this.structureListeners.push(() => doc.off('update', count));
  }

  /**
   * When an agreement's structure is synced with nothing unsent: attaches what may now follow, and
   * if the server refused a document of it before the structure's latest change, reconnects so that
   * every document is asked for again. (A Hocuspocus server ignores a second authentication for a
   * document name it refused on the same socket, so asking again needs a fresh connection.)
   */
  private structureSettled(agreementId: string): void {
    const structure = this.providers.get(structureDocId(agreementId));
    if (!structure?.isSynced || structure.unsyncedChanges > 0 || this.destroyed) return;
    this.attachAll();
    const changes = this.structureChanges.get(agreementId) ?? 0;
    const stale = [...this.refused].filter(([docId, r]) => parseDocId(docId)?.agreementId === agreementId && r.structureChanges < changes);
    if (stale.length === 0 || this.reconnecting) return;
    for (const [docId] of stale) this.refused.set(docId, { ...this.refused.get(docId)!, structureChanges: changes });
    this.reconnecting = true;
    const again = () => {
      this.socket.off('disconnect', again);
      this.reconnecting = false;
      if (!this.destroyed) void this.socket.connect();
    };
    this.socket.on('disconnect', again);
    this.socket.disconnect();
  }

  private mayAttach(docId: string): boolean {
    const parsed = parseDocId(docId);
    if (parsed?.kind !== 'internal') return true;
    const structure = this.providers.get(structureDocId(parsed.agreementId));
    return structure?.isSynced === true && structure.unsyncedChanges === 0;
  }

  private probeDone(): void {
    if (this.probeAnswered) return;
    this.probeAnswered = true;
    this.attachAll();
  }

  private synced(): void {
    if (this.unsynced() === 0 && this.allSynced()) this.lastSyncedAt = new Date().toISOString();
    this.emit();
  }

  private unsynced(): number {
    let n = 0;
    for (const p of this.providers.values()) n += p.unsyncedChanges;
    return n;
  }

  private allSynced(): boolean {
    for (const p of this.providers.values()) if (!p.isSynced) return false;
    return true;
  }

  status(): SyncStatus {
    const unsynced = this.unsynced();
    const state = !this.connected ? 'offline' : unsynced > 0 || !this.allSynced() ? 'syncing' : 'synced';
    const [firstRefused] = this.refused;
    const documentError = firstRefused ? `Serveren afviste adgang til ${firstRefused[0]}: ${firstRefused[1].reason}` : null;
    const refusal = this.authError ?? documentError;
    const error = this.connected ? refusal : (this.connectionError ?? refusal);
    return { state, url: this.target.url, lastSyncedAt: this.lastSyncedAt, unsyncedChanges: unsynced, error };
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  /**
   * The outcome of the first answer: admitted to a document, or refused with the server's reason or
   * the connection's (Danish; a wrong meeting code, an unreachable host, a certificate that does not
   * match). Resolves with "Ingen svar fra serveren." when no answer came within `ms`; never rejects.
   */
  whenAdmitted(ms = 15_000): Promise<{ ok: true } | { ok: false; reason: string }> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done({ ok: false, reason: 'Ingen svar fra serveren.' }), ms);
      const done = (outcome: { ok: true } | { ok: false; reason: string }) => {
        clearTimeout(timer);
        this.admission.delete(done);
        resolve(outcome);
      };
      this.admission.add(done);
    });
  }

  private settleAdmission(outcome: { ok: true } | { ok: false; reason: string }): void {
    for (const listener of [...this.admission]) listener(outcome);
  }

  /** Called when the server closes the connection because it is shutting down (code 1001). */
  onGoingAway(listener: () => void): () => void {
    this.goingAway.add(listener);
    return () => this.goingAway.delete(listener);
  }

  /** Resolves once every document is synced with no unsynced change (or rejects after `ms`). */
  whenSynced(ms = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.status().state === 'synced') {
          clearTimeout(timer);
          off();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        off();
        reject(new Error(`ikke synkroniseret efter ${ms} ms: ${JSON.stringify(this.status())}`));
      }, ms);
      const off = this.onStatus(check);
      check();
    });
  }

  destroy(): void {
    this.destroyed = true;
    this.disposeDocsListener();
    for (const off of this.structureListeners.splice(0)) off();
    for (const [docId, provider] of this.providers) {
      this.workspace.awarenessGone?.(docId);
      provider.destroy();
    }
    this.providers.clear();
    this.socket.destroy();
    this.listeners.clear();
    this.goingAway.clear();
    this.settleAdmission({ ok: false, reason: 'Forbindelsen blev lukket.' });
  }
}

/** A plain `ws` socket whose errors are only absorbed (for tools and tests that watch 'close'). */
export const NodeWebSocket = socketClass({ onError: () => {} });
