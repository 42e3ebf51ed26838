// Presence in the window: one y-protocols Awareness per section, holding the others on it (applied
// from the Node side's `presence` events) and, for the section being edited, this window's own
// state — its cursor, written by y-prosemirror's cursor plugin (shared/editor/presence.ts). The own
// state goes to the Node side as an encoded awareness update (setPresence), at most every
// SEND_INTERVAL_MS while the cursor moves; opening a section announces the person there (no cursor
// yet), closing it removes them at once.
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Api } from '../../../shared/api/contract.ts';
import { RemotePresence, type PresenceUser } from '../../../shared/presence/presenceState.ts';
import { parseDocId } from '../../../shared/structure/docIds.ts';
import { othersOnly, type PresenceAwareness } from '../../../shared/editor/presence.ts';

/** The origin of states applied from the Node side. */
const RELAYED = Symbol('enighed:presence');
const SEND_INTERVAL_MS = 50;

export interface PresentPerson {
  clientID: number;
  user: PresenceUser;
  /** Their cursor is in the text. */
  editing: boolean;
}

type PresenceApi = Pick<Api, 'setPresence' | 'presenceSnapshot' | 'onEvent'>;

export class PresenceStore {
  private readonly sections = new Map<string, Awareness>();
  private readonly listeners = new Set<() => void>();
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly stopEvents: () => void;

  constructor(private readonly api: PresenceApi) {
    this.stopEvents = api.onEvent('presence', ({ docId, update }) => this.applyRelayed(docId, update));
  }

  /** Fetches who is on the agreement's sections now (call when it is opened). */
  async load(agreementId: string): Promise<void> {
    for (const { docId, update } of await this.api.presenceSnapshot({ agreementId })) this.applyRelayed(docId, update);
  }

  /** The section's awareness, made on first use. */
  awareness(docId: string): Awareness {
    let awareness = this.sections.get(docId);
    if (!awareness) {
      awareness = new Awareness(new Y.Doc());
      awareness.setLocalState(null);
      const own = awareness;
      own.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        if (origin !== RELAYED && [...added, ...updated, ...removed].includes(own.clientID)) this.queue(docId);
      });
      own.on('change', () => this.emit());
      this.sections.set(docId, awareness);
    }
    return awareness;
  }

  /** The section's awareness for the editor's cursor plugin: it hears of the others' changes only. */
  forEditor(docId: string): PresenceAwareness {
    return othersOnly(this.awareness(docId), (origin) => origin !== 'local');
  }

  /** This window shows the section: the person is there (their cursor follows from the editor). */
  enter(docId: string): () => void {
    const awareness = this.awareness(docId);
    if (awareness.getLocalState() === null) awareness.setLocalState({ cursor: null });
    return () => awareness.setLocalState(null);
  }

  /** The others on a section, in a stable order (by name). */
  peopleOn(docId: string): PresentPerson[] {
    const awareness = this.sections.get(docId);
    if (!awareness) return [];
    const people: PresentPerson[] = [];
    awareness.getStates().forEach((state, clientID) => {
      if (clientID === awareness.clientID) return;
      const parsed = RemotePresence.safeParse(state);
      if (parsed.success) people.push({ clientID, user: parsed.data.user, editing: parsed.data.cursor != null });
    });
    return people.sort((a, b) => a.user.name.localeCompare(b.user.name, 'da') || a.clientID - b.clientID);
  }

  /** The others anywhere in the agreement, each once (by name and side). */
  peopleIn(agreementId: string): PresentPerson[] {
    const seen = new Map<string, PresentPerson>();
    for (const docId of this.sections.keys()) {
      if (parseDocId(docId)?.agreementId !== agreementId) continue;
      for (const person of this.peopleOn(docId)) seen.set(`${person.user.name}\u0000${person.user.side ?? ''}`, person);
    }
    return [...seen.values()].sort((a, b) => a.user.name.localeCompare(b.user.name, 'da'));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.stopEvents();
    if (this.timer) clearTimeout(this.timer);
    for (const awareness of this.sections.values()) awareness.destroy();
    this.sections.clear();
  }

  private applyRelayed(docId: string, update: Uint8Array): void {
    try {
      applyAwarenessUpdate(this.awareness(docId), update, RELAYED);
    } catch (error) {
      console.warn(`presence ${docId}: ${(error as Error).message}`);
    }
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private queue(docId: string): void {
    this.pending.add(docId);
    this.timer ??= setTimeout(() => this.flush(), SEND_INTERVAL_MS);
  }

  private flush(): void {
    this.timer = null;
    for (const docId of [...this.pending]) {
      this.pending.delete(docId);
      const awareness = this.sections.get(docId);
      if (!awareness) continue;
      const update = encodeAwarenessUpdate(awareness, [awareness.clientID]) as Uint8Array<ArrayBuffer>;
      this.api.setPresence({ docId, update }).catch((error: unknown) => console.warn(`setPresence ${docId}: ${(error as Error).message}`));
    }
  }
}
