// Presence on the Node side: the bridge between the renderer's awareness (y-prosemirror's cursor
// plugin) and the awareness of the sync client's Hocuspocus providers (server or meeting host).
//
// - The renderer sends its own awareness entry for a section (setPresence, an encoded awareness
//   update, bounded): only where its cursor is counts (shared/presence/presenceState.ts); who it is
//   comes from the profile here, and the server overwrites that with the connection's participant.
//   The person is present on a section while a window has it open and has said so; closing it, the
//   window going away, or a null state removes them at once (the provider sends a null state).
// - What the providers' awareness learns about others (added, updated, removed — including the
//   provider clearing everyone when the connection drops) goes to every window as an encoded update
//   (the `presence` event). When a sync client is replaced, its providers' remote states are
//   removed for the windows first.
// - Liveness: y-protocols renews a state every 15 s and drops one not renewed for 30 s, so someone
//   whose machine went silent (network lost, no goodbye, the server not yet aware of it) would
//   linger for half a minute. Here the own state on each section is renewed every
//   PRESENCE_RENEW_MS while its connection is open (the provider queues what it sends while
//   offline) and another's state not renewed for PRESENCE_STALE_MS is removed (for the windows
//   too), checked every PRESENCE_SWEEP_MS while any provider is attached. A renewal is the
//   same state with the next clock: the windows' awareness applies it as an 'update', not a
//   'change', so nothing is redrawn.
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Side } from '../../shared/domain/agreement.ts';
import { readAwarenessEntries } from '../../shared/presence/awarenessEntries.ts';
import { announcedState, LocalPresence, MAX_PRESENCE_UPDATE_BYTES } from '../../shared/presence/presenceState.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';

/** How often the own state is sent again while unchanged. */
export const PRESENCE_RENEW_MS = 1000;
/** How long another's state lives without being renewed (a few renewals may be late or lost). */
export const PRESENCE_STALE_MS = 3500;
/** How often renewals and stale states are looked for. */
export const PRESENCE_SWEEP_MS = 500;
/** The origin of the removal of states that were not renewed. */
export const STALE_ORIGIN = 'enighed:stale';

export interface PresenceClient {
  readonly id: string;
}

interface Attached {
  awareness: Awareness;
  off: () => void;
  /** Whether the provider's connection is open (while it is not, what it sends is queued). */
  connected: () => boolean;
}

export class PresenceHub<C extends PresenceClient> {
  /** Per section: what the local person shows there, and which window said it. */
  private readonly local = new Map<string, { client: C; state: LocalPresence }>();
  /** Per section: the awareness of the provider syncing it now. */
  private readonly attached = new Map<string, Attached>();
  /** Renews and sweeps while any provider is attached. */
  private sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly who: () => { name: string; side: Side | null } | null,
    private readonly broadcast: (docId: string, update: Uint8Array) => void,
  ) {}

  /** Whether a document carries presence (sections only). */
  static carries(docId: string): boolean {
    return parseDocId(docId)?.kind === 'section';
  }

  /** The awareness a new provider for `docId` should use (null: no presence on this document);
   *  `connected` says whether its connection is open (renewals are not queued while it is not). */
  awarenessFor(docId: string, doc: Y.Doc, connected: () => boolean = () => true): Awareness | null {
    if (!PresenceHub.carries(docId)) return null;
    this.detach(docId);
    const awareness = new Awareness(doc);
    awareness.setLocalState(this.stateFor(docId));
    const onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const others = [...added, ...updated, ...removed].filter((id) => id !== awareness.clientID);
      if (others.length > 0) this.broadcast(docId, encodeAwarenessUpdate(awareness, others));
    };
    awareness.on('update', onUpdate);
    this.attached.set(docId, { awareness, off: () => awareness.off('update', onUpdate), connected });
    if (!this.sweeper) {
      let last = Date.now();
      this.sweeper = setInterval(() => {
        // After the event loop was blocked, the renewals that came meanwhile still wait to be read
        // (timers run before I/O): this round is skipped rather than drop everyone for a moment.
        const now = Date.now();
        const late = now - last > 2 * PRESENCE_SWEEP_MS;
        last = now;
        if (!late) this.sweep(now);
      }, PRESENCE_SWEEP_MS);
      this.sweeper.unref?.();
    }
    return awareness;
  }

  /** Renews the own state where it is due and removes the others' states that were not renewed
   *  (see the top of this file); `now` as y-protocols stamps states (Date.now()). */
  sweep(now = Date.now()): void {
    for (const { awareness, connected } of this.attached.values()) {
      const own = awareness.getLocalState();
      const ownMeta = awareness.meta.get(awareness.clientID);
      if (own !== null && connected() && (!ownMeta || now - ownMeta.lastUpdated >= PRESENCE_RENEW_MS)) awareness.setLocalState(own);
      const stale: number[] = [];
      awareness.meta.forEach((meta, clientID) => {
        if (clientID !== awareness.clientID && awareness.states.has(clientID) && now - meta.lastUpdated > PRESENCE_STALE_MS) stale.push(clientID);
      });
      if (stale.length > 0) removeAwarenessStates(awareness, stale, STALE_ORIGIN);
    }
  }

  /** Before a provider is destroyed: the others it knew of are gone for the windows. */
  detach(docId: string): void {
    const attached = this.attached.get(docId);
    if (!attached) return;
    this.attached.delete(docId);
    if (this.attached.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
    attached.off();
    const others = [...attached.awareness.getStates().keys()].filter((id) => id !== attached.awareness.clientID);
    if (others.length > 0) this.broadcast(docId, encodeAwarenessUpdate(attached.awareness, others, new Map()));
  }

  /** The renderer's own entry for a section (setPresence). */
  set(client: C, docId: string, update: Uint8Array): void {
    if (update.byteLength > MAX_PRESENCE_UPDATE_BYTES) throw new UserFacingError('Tilstedeværelsen fylder for meget.');
    let entries;
    try {
      entries = readAwarenessEntries(update, 1);
    } catch {
      throw new UserFacingError('Tilstedeværelsen kunne ikke læses.');
    }
    if (!entries || entries.length !== 1) throw new UserFacingError('Tilstedeværelsen skal være én tilstand.');
    const { state } = entries[0];
    if (state === null) return this.clear(client, docId);
    const parsed = LocalPresence.safeParse(state);
    if (!parsed.success) throw new UserFacingError('Tilstedeværelsen har en ugyldig form.');
    this.local.set(docId, { client, state: { cursor: parsed.data.cursor ?? null } });
    this.apply(docId);
  }

  /** The window closed the section, or said it is no longer there. */
  clear(client: C, docId: string): void {
    if (this.local.get(docId)?.client !== client) return;
    this.local.delete(docId);
    this.apply(docId);
  }

  /** A window went away: it is present nowhere. */
  forget(client: C): void {
    for (const [docId, entry] of [...this.local]) if (entry.client === client) this.clear(client, docId);
  }

  /** The others on a section, as one encoded update (what a window applies when it opens it). */
  snapshot(docId: string): Uint8Array {
    const attached = this.attached.get(docId);
    if (!attached) return new Uint8Array([0]); // an update of no entries
    const others = [...attached.awareness.getStates().keys()].filter((id) => id !== attached.awareness.clientID);
    return encodeAwarenessUpdate(attached.awareness, others);
  }

  /** Every section with someone else on it now. */
  sectionsWithOthers(): string[] {
    return [...this.attached].filter(([, a]) => [...a.awareness.getStates().keys()].some((id) => id !== a.awareness.clientID)).map(([docId]) => docId);
  }

  /** The profile changed: announce the new name and side. */
  refresh(): void {
    for (const docId of this.local.keys()) this.apply(docId);
  }

  private stateFor(docId: string): Record<string, unknown> | null {
    const local = this.local.get(docId);
    const who = this.who();
    return local && who ? announcedState(who, local.state) : null;
  }

  private apply(docId: string): void {
    this.attached.get(docId)?.awareness.setLocalState(this.stateFor(docId));
  }
}
