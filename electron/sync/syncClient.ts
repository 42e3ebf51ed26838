// The app's connection to a sync server (the secretariat's, or a meeting host). Every document the
// workspace holds is attached to one shared WebSocket through a Hocuspocus provider. Local changes
// are durable in the workspace before they are sent (the service persists first); changes from the
// server are persisted by the service as they arrive. Offline, nothing is lost: on reconnect the
// providers exchange state vectors and send what the other side lacks.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import type { SyncStatus } from '../../shared/api/contract.ts';

/**
 * ws emits 'error' when a socket is closed while still connecting (as destroy() does when the
 * server is unreachable), and the provider sets no error listener, so Node would treat it as an
 * unhandled error. Connection failures reach the provider as 'close' anyway, which drives its
 * reconnect; the error event carries nothing more.
 */
export class NodeWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

export interface SyncTarget {
  url: string;
  token: string;
}

/** What the client needs from the workspace: its documents, loaded and kept persistent. */
export interface SyncedWorkspace {
  /** Every document id the workspace holds. */
  docIds(): string[];
  /** The live document for an id (the same Y.Doc the editors use). */
  doc(docId: string): Y.Doc;
  /** Called when the set of documents may have changed (e.g. a section was added). */
  onDocsChanged(listener: () => void): () => void;
}

export class SyncClient {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly providers = new Map<string, HocuspocusProvider>();
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private connected = false;
  private lastSyncedAt: string | null = null;
  private disposeDocsListener: () => void;
  private lastError: string | null = null;

  constructor(
    private readonly workspace: SyncedWorkspace,
    private readonly target: SyncTarget,
  ) {
    this.socket = new HocuspocusProviderWebsocket({
      url: target.url,
      WebSocketPolyfill: NodeWebSocket,
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
      this.emit();
    });
    this.attachAll();
    this.disposeDocsListener = workspace.onDocsChanged(() => this.attachAll());
  }

  /** Attaches every document not yet attached. */
  private attachAll(): void {
    for (const docId of this.workspace.docIds()) {
      if (this.providers.has(docId)) continue;
      const provider = new HocuspocusProvider({
        name: docId,
        document: this.workspace.doc(docId),
        websocketProvider: this.socket,
        token: this.target.token,
        // Presence is not shared yet; without awareness Hocuspocus' ping keeps the socket alive.
        awareness: null,
        onSynced: () => this.synced(),
        onUnsyncedChanges: () => this.synced(),
        onAuthenticationFailed: ({ reason }) => {
          this.lastError = `Serveren afviste adgang til ${docId}: ${reason}`;
          this.emit();
        },
      });
      provider.attach();
      this.providers.set(docId, provider);
    }
    this.emit();
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
    return { state, url: this.target.url, lastSyncedAt: this.lastSyncedAt, unsyncedChanges: unsynced, error: this.lastError };
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
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
    this.disposeDocsListener();
    for (const provider of this.providers.values()) provider.destroy();
    this.providers.clear();
    this.socket.destroy();
    this.listeners.clear();
  }
}
