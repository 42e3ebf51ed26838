// Compaction for a process with a window: prepare (read the parts) and commit (write the snapshot,
// delete the folded rows) on the calling thread, the fold in between on the fold thread
// (foldThread.ts). Appends go on meanwhile; they have higher seqs than the plan and stay in the log
// (see Store.commitCompaction). At most one compaction per document runs at a time.
import { DamagedDocError } from './damagedDoc.ts';
import { FoldError, FoldThread } from './foldThread.ts';
import type { Store } from './store.ts';

/** What a committed compaction removed from the log. */
export interface Folded {
  rows: number;
  bytes: number;
}

export class BackgroundCompaction {
  private readonly running = new Map<string, Promise<Folded | null>>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly thread: FoldThread = new FoldThread(),
  ) {}

  /**
   * Starts compacting `docId`, or returns null when a compaction of it is already running (or
   * cannot start now, inside a transaction). Resolves with what was folded once committed, or null
   * when there was nothing to fold, another compaction committed first, or this was closed
   * meanwhile. Rejects with DamagedDocError when the stored parts do not decode (nothing is written
   * then).
   */
  compact(docId: string): Promise<Folded | null> | null {
    // Inside a transaction the rows read could still be rolled back (creating an agreement writes
    // all its documents in one): the next append after it starts the compaction instead.
    if (this.closed || this.running.has(docId) || this.store.db.inTransaction) return null;
    const plan = this.store.prepareCompaction(docId);
    if (!plan) return Promise.resolve(null);
    const logParts = plan.baseSeq ? plan.parts.slice(1) : plan.parts;
    const folded: Folded = { rows: logParts.length, bytes: logParts.reduce((sum, part) => sum + part.byteLength, 0) };
    const job = this.thread
      .fold(plan.parts)
      .then(
        (snapshot) => {
          if (this.closed || !this.store.commitCompaction(plan, snapshot, { checkpoint: false })) return null;
          // The checkpoint (a copy of the snapshot into the main file, and an fsync) on a tick of its
          // own, so that writing and checkpointing a large snapshot are two short pauses, not one.
          setImmediate(() => {
            if (!this.closed) this.store.checkpoint();
          });
          return folded;
        },
        (error: unknown) => {
          if (this.closed) return null;
          if (error instanceof FoldError && error.damaged) throw new DamagedDocError(docId, error.message, { cause: error });
          throw error;
        },
      )
      .finally(() => this.running.delete(docId));
    this.running.set(docId, job);
    return job;
  }

  /** Resolves once no compaction is running (failures included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Stops the fold thread; compactions still folding do not commit (their rows stay in the log). */
  close(): void {
    this.closed = true;
    this.thread.close();
  }
}
