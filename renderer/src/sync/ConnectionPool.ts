// All open documents of this window. Components acquire a document by id and release it when they
// unmount; the pool shares one connection per document, closes it when the last user is gone (after
// its pending changes are saved), and sums up every connection's state for the save indicator.
import type { Api } from '../../../shared/api/contract.ts';
import { Emitter, type Disposer } from '../lib/disposables.ts';
import { DocConnection, type ConnectionApi, type ConnectionState, type DocConnectionOptions } from './DocConnection.ts';

export type SaveState = 'saving' | 'saved' | 'error';

export interface SaveSummary {
  state: SaveState;
  /** Local changes not yet durable, over all documents. */
  pending: number;
  /** The latest moment any document was saved (ISO), or null. */
  lastSavedAt: string | null;
  /** The first error, while some document is retrying. */
  error: string | null;
}

export interface Lease {
  readonly connection: DocConnection;
  /** Gives the document back; call once. */
  release(): void;
}

interface Entry {
  connection: DocConnection;
  users: number;
}

export class ConnectionPool {
  private readonly live = new Map<string, Entry>();
  private readonly closing = new Map<string, Promise<void>>();
  /** Every connection not yet closed, including closing ones that still save. */
  private readonly tracked = new Map<DocConnection, Disposer>();
  private readonly changes = new Emitter<SaveSummary>();
  private summary: SaveSummary = { state: 'saved', pending: 0, lastSavedAt: null, error: null };
  /** The latest save of any connection, kept after the connection is closed. */
  private lastSavedAt: string | null = null;

  constructor(
    private readonly api: ConnectionApi | Api,
    private readonly options: Pick<DocConnectionOptions, 'retryDelay' | 'callTimeoutMs'> = {},
  ) {}

  acquire(docId: string): Lease {
    let entry = this.live.get(docId);
    if (!entry) {
      const connection = new DocConnection(this.api, docId, { ...this.options, after: this.closing.get(docId) });
      entry = { connection, users: 0 };
      this.live.set(docId, entry);
      this.tracked.set(connection, connection.subscribe(() => this.recompute()));
    }
    entry.users += 1;
    const taken = entry;
    let released = false;
    return {
      connection: taken.connection,
      release: () => {
        if (released) return;
        released = true;
        taken.users -= 1;
        if (taken.users > 0) return;
        this.live.delete(docId);
        const closed = taken.connection.destroy();
        this.closing.set(docId, closed);
        void closed.finally(() => {
          if (this.closing.get(docId) === closed) this.closing.delete(docId);
          this.tracked.get(taken.connection)?.();
          this.tracked.delete(taken.connection);
          this.recompute();
        });
      },
    };
  }

  get current(): SaveSummary {
    return this.summary;
  }

  subscribe(listener: (summary: SaveSummary) => void): Disposer {
    return this.changes.subscribe(listener);
  }

  /** Number of connections not yet closed (for tests and leak checks). */
  get openCount(): number {
    return this.tracked.size;
  }

  /** Releases nothing on its own: every lease has an owner that releases it. Waits for closing ones. */
  async whenClosed(): Promise<void> {
    await Promise.all([...this.closing.values()]);
  }

  private recompute(): void {
    const states: ConnectionState[] = [...this.tracked.keys()].map((c) => c.current);
    for (const s of states) if (s.lastSavedAt && (!this.lastSavedAt || s.lastSavedAt > this.lastSavedAt)) this.lastSavedAt = s.lastSavedAt;
    const pending = states.reduce((sum, s) => sum + s.pending, 0);
    const error = states.find((s) => s.error)?.error ?? null;
    const state: SaveState = error ? 'error' : pending > 0 ? 'saving' : 'saved';
    const next: SaveSummary = { state, pending, lastSavedAt: this.lastSavedAt, error };
    const prev = this.summary;
    if (prev.state === next.state && prev.pending === next.pending && prev.lastSavedAt === next.lastSavedAt && prev.error === next.error) return;
    this.summary = next;
    this.changes.emit(next);
  }
}
