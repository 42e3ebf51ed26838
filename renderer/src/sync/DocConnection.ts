// One collaborative document (one Y.Doc) kept in sync with the Node side, which stores it.
//
// Protocol (see openDoc/pushUpdate in shared/api/contract.ts):
//   1. openDoc with our state vector → we get what we lack plus the Node side's state vector, and are
//      subscribed to docUpdate events for the document.
//   2. We answer with what the Node side lacks (pushUpdate), if anything.
//   3. Every local change is queued and pushed; at most one push is in flight, and whatever queued
//      up meanwhile is merged into the next one. A push resolves only once the change is durable, so
//      "pending" here means "not yet safe on disk".
//   4. A failed push is kept and retried with backoff: a keystroke is never dropped.
//   5. What arrives is checked against the document rules (shared/documents/check.ts): the initial
//      state as a whole once applied (nothing is bound to the document before `synced`), and every
//      later change before it is applied — a refused change is not applied, so an editor bound to
//      the document never sees it. Either marks the connection `damaged` (with the reason) for good;
//      whoever shows the document shows the reason instead. Changes that arrive before the initial
//      state are held until it is applied: they may build on it, and a change is checked against
//      the document it will be applied to.
import * as Y from 'yjs';
import type { Api } from '../../../shared/api/contract.ts';
import { checkDoc, checkUpdate } from '../../../shared/documents/check.ts';
import { DisposableStore, Emitter, type Disposer } from '../lib/disposables.ts';

/** Origin of transactions that apply changes received from the Node side. Anything else is local. */
export const REMOTE_ORIGIN: unique symbol = Symbol('enighed:remote');

export type ConnectionApi = Pick<Api, 'openDoc' | 'pushUpdate' | 'closeDoc' | 'onEvent'>;

export interface ConnectionState {
  /** The initial exchange with the Node side has completed. */
  synced: boolean;
  /** Local updates not yet durable (queued or being pushed). */
  pending: number;
  /** When the last push became durable (ISO), or null. */
  lastSavedAt: string | null;
  /** The last failure (Danish), cleared by the next success; the failed work is being retried. */
  error: string | null;
  /** Why the document breaks the document rules (Danish), or null; once set it stays. */
  damaged: string | null;
}

export const initialConnectionState: ConnectionState = { synced: false, pending: 0, lastSavedAt: null, error: null, damaged: null };

export interface DocConnectionOptions {
  /** Open only after this settles: a previous connection to the same document is still closing. */
  after?: Promise<unknown>;
  /** Delay before retry number `attempt` (1, 2, …), in ms. */
  retryDelay?: (attempt: number) => number;
  /** A call not answered within this many ms counts as failed and is retried (Yjs updates are
   *  idempotent, so a late success of the first attempt does no harm). */
  callTimeoutMs?: number;
}

const defaultRetryDelay = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));

/** An update with no structs and no deletions (`Y.encodeStateAsUpdate` of nothing new). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength <= 2;
}

/** The contract types bytes as `Uint8Array<ArrayBuffer>`; Yjs returns `Uint8Array<ArrayBufferLike>`. */
function bytes(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return update as Uint8Array<ArrayBuffer>;
}

/** Rejects when `promise` has not settled after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Enighed svarer ikke.')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Ukendt fejl';
}

export class DocConnection {
  readonly doc = new Y.Doc();
  /** Resolves after the initial exchange (retrying until it succeeds); resolves early if destroyed. */
  readonly ready: Promise<void>;

  private readonly disposables = new DisposableStore();
  private readonly changes = new Emitter<ConnectionState>();
  private readonly retryDelay: (attempt: number) => number;
  private readonly callTimeoutMs: number;

  private state: ConnectionState = initialConnectionState;
  private queue: Uint8Array[] = [];
  private queuedCount = 0;
  private inFlightCount = 0;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private closedPromise: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  /** Changes from the Node side that arrived before the initial state. */
  private early: Uint8Array[] | null = [];

  constructor(
    private readonly api: ConnectionApi,
    readonly docId: string,
    options: DocConnectionOptions = {},
  ) {
    this.retryDelay = options.retryDelay ?? defaultRetryDelay;
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.disposables.add(
      api.onEvent('docUpdate', ({ docId, update }) => {
        if (docId === this.docId && !this.destroyed) this.applyRemote(update);
      }),
    );
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE_ORIGIN) this.enqueue(update, 1);
    };
    this.doc.on('update', onUpdate);
    this.disposables.add(() => this.doc.off('update', onUpdate));
    this.ready = this.open(options.after);
  }

  get current(): ConnectionState {
    return this.state;
  }

  /** Calls `listener` on every change of the connection state. */
  subscribe(listener: (state: ConnectionState) => void): Disposer {
    return this.changes.subscribe(listener);
  }

  /**
   * Stops receiving changes, pushes whatever is still pending (retrying as long as it takes), then
   * closes the document on the Node side. Resolves when closed. Idempotent.
   */
  destroy(): Promise<void> {
    if (this.closedPromise) return this.closedPromise;
    this.destroyed = true;
    this.closedPromise = (async () => {
      await this.ready;
      await this.whenDrained();
      this.disposables.dispose();
      try {
        await within(this.api.closeDoc({ docId: this.docId }), this.callTimeoutMs);
      } catch (error) {
        // The Node side keeps the subscription; harmless, and nothing to retry for the user.
        console.warn(`closeDoc ${this.docId}: ${messageOf(error)}`);
      }
      this.doc.destroy();
    })();
    return this.closedPromise;
  }

  private update(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch, pending: this.queuedCount + this.inFlightCount };
    this.changes.emit(this.state);
    if (this.state.pending === 0 && this.drained) {
      const resolve = this.drained;
      this.drained = null;
      resolve();
    }
  }

  private whenDrained(): Promise<void> {
    if (this.queuedCount + this.inFlightCount === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  private async open(after: Promise<unknown> | undefined): Promise<void> {
    await after?.catch(() => undefined);
    // A connection destroyed before it opened has nothing to save unless it changed locally.
    while (!this.destroyed || this.queuedCount > 0) {
      try {
        const result = await within(
          this.api.openDoc({ docId: this.docId, stateVector: bytes(Y.encodeStateVector(this.doc)) }),
          this.callTimeoutMs,
        );
        Y.applyUpdate(this.doc, result.update, REMOTE_ORIGIN);
        const check = checkDoc(this.docId, this.doc);
        if (!check.ok) this.update({ damaged: check.reason });
        const early = this.early ?? [];
        this.early = null;
        for (const update of early) this.applyRemote(update);
        // What the Node side lacks subsumes everything queued so far: push that instead.
        const missing = Y.encodeStateAsUpdate(this.doc, result.stateVector);
        const count = this.queuedCount;
        this.queue = isEmptyUpdate(missing) ? [] : [missing];
        this.queuedCount = isEmptyUpdate(missing) ? 0 : Math.max(1, count);
        this.attempts = 0;
        this.update({ synced: true, error: null });
        void this.flush();
        return;
      } catch (error) {
        this.attempts += 1;
        this.update({ error: messageOf(error) });
        await new Promise((resolve) => setTimeout(resolve, this.retryDelay(this.attempts)));
      }
    }
  }

  /** A change from the Node side: applied only if it keeps the document within the rules (also
   *  when the document is already damaged: what passes cannot make it worse). */
  private applyRemote(update: Uint8Array): void {
    if (this.early) {
      this.early.push(update);
      return;
    }
    const check = checkUpdate(this.docId, this.doc, update);
    if (!check.ok) {
      this.update({ damaged: check.reason });
      return;
    }
    Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
  }

  private enqueue(update: Uint8Array, count: number): void {
    this.queue.push(update);
    this.queuedCount += count;
    this.update({});
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.state.synced || this.inFlightCount > 0 || this.retryTimer || this.queue.length === 0) return;
    const batch = this.queue;
    const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
    this.queue = [];
    this.inFlightCount = this.queuedCount;
    this.queuedCount = 0;
    this.update({});
    try {
      const { savedAt } = await within(this.api.pushUpdate({ docId: this.docId, update: bytes(update) }), this.callTimeoutMs);
      this.inFlightCount = 0;
      this.attempts = 0;
      this.update({ lastSavedAt: savedAt, error: null });
    } catch (error) {
      // Keep the update, first in line, and try again later.
      this.queue.unshift(update);
      this.queuedCount += this.inFlightCount;
      this.inFlightCount = 0;
      this.attempts += 1;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.flush();
      }, this.retryDelay(this.attempts));
      this.update({ error: messageOf(error) });
      return;
    }
    void this.flush();
  }
}
