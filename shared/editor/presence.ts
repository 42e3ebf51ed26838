// Others' cursors and selections in the section editor, from a section's awareness
// (renderer/src/presence/PresenceStore.ts): each caret labelled with the person's name and side, in
// their side's colour. y-prosemirror's cursor plugin keeps its key and the view that shares the own
// cursor; the others are drawn over the text (remoteCursors.ts), not in it, so that their moving
// makes no transaction and no layout of the text. Also:
// - only the others' changes are heard (othersOnly): the own cursor moves with every keystroke;
// - the local selection is read after the keystroke's frame, not inside its dispatch (the relative
//   positions walk the document), at most once per turn of the event loop.
import { Plugin, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { yCursorPlugin, yCursorPluginKey } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import { sideLabel } from '../domain/labels.ts';
import { RemotePresence, sideColour, type PresenceUser } from '../presence/presenceState.ts';
import { Side } from '../domain/agreement.ts';
import { RemoteCursors, type CursorDrawing } from './remoteCursors.ts';

/** An awareness as the cursor plugin uses it: only the others' changes are announced. */
export interface PresenceAwareness {
  readonly clientID: number;
  getStates(): Map<number, Record<string, unknown>>;
  getLocalState(): Record<string, unknown> | null;
  setLocalStateField(field: string, value: unknown): void;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
}

/** Wraps `awareness` so that 'change' fires only for states changed with `origin` (the relay's). */
export function othersOnly(awareness: Awareness, isRelayed: (origin: unknown) => boolean): PresenceAwareness {
  const listeners = new Map<() => void, (changes: unknown, origin: unknown) => void>();
  return {
    get clientID() {
      return awareness.clientID;
    },
    getStates: () => awareness.getStates() as Map<number, Record<string, unknown>>,
    getLocalState: () => awareness.getLocalState() as Record<string, unknown> | null,
    setLocalStateField: (field, value) => awareness.setLocalStateField(field, value),
    on: (_event, listener) => {
      const wrapped = (_changes: unknown, origin: unknown) => {
        if (isRelayed(origin)) listener();
      };
      listeners.set(listener, wrapped);
      awareness.on('change', wrapped);
    },
    off: (_event, listener) => {
      const wrapped = listeners.get(listener);
      if (wrapped) awareness.off('change', wrapped);
      listeners.delete(listener);
    },
  };
}

/** "Åse Øster (Kommune)"; a name the server could not vouch for says so: "(Kommune, ubekræftet)". */
export function presenceLabel(user: PresenceUser): string {
  const side = Side.safeParse(user.side);
  const details = [side.success ? sideLabel[side.data] : null, user.verified === false ? 'ubekræftet' : null].filter(Boolean);
  return details.length > 0 ? `${user.name} (${details.join(', ')})` : user.name;
}

/** Another person's caret: a bar (the span's border) with the label floating above it, drawn over
 *  the text (remoteCursors.ts), never in it: a caret element in the line once took Chromium's own
 *  caret when one clicked or pressed End there, in text that is not editable, and dropped the
 *  keystrokes typed until ProseMirror moved it out (test/browser/typing-at-remote-cursor.test.ts). */
function cursorElement(user: PresenceUser): HTMLElement {
  const colour = sideColour(user.side);
  const cursor = document.createElement('span');
  cursor.className = 'remote-cursor';
  cursor.style.borderColor = colour;
  cursor.dataset.testid = 'remote-cursor';
  const label = document.createElement('span');
  label.className = 'remote-cursor-label';
  label.style.backgroundColor = colour;
  label.textContent = presenceLabel(user);
  cursor.append(label);
  return cursor;
}

/** `awareness` without its 'change' event, for y-prosemirror's view: this file draws the others. */
function muted(awareness: PresenceAwareness): PresenceAwareness {
  return {
    get clientID() {
      return awareness.clientID;
    },
    getStates: () => awareness.getStates(),
    getLocalState: () => awareness.getLocalState(),
    setLocalStateField: (field, value) => awareness.setLocalStateField(field, value),
    on: () => {},
    off: () => {},
  };
}

export function presenceCursorPlugin(awareness: PresenceAwareness): Plugin {
  // Whether a state is readable, once per state object (Awareness replaces it when it changes).
  const readable = new WeakMap<object, boolean>();
  const isReadable = (state: unknown): boolean => {
    if (typeof state !== 'object' || state === null) return false;
    let ok = readable.get(state);
    if (ok === undefined) readable.set(state, (ok = RemotePresence.safeParse(state).success));
    return ok;
  };
  // Others with a readable state only (the own entry is this awareness' client id).
  const shows = (_docClient: number, clientID: number, state: unknown) => clientID !== awareness.clientID && isReadable(state);
  const drawing: CursorDrawing = {
    states: () => awareness.getStates(),
    shows,
    caret: (user: unknown) => cursorElement(user as PresenceUser),
    selectionColour: (user: unknown) => `${sideColour((user as PresenceUser).side)}33`,
  };
  // y-prosemirror's plugin for its key and its view, which shares the own cursor (on focus changes
  // and after each update); it hears none of the others' changes and draws nothing in the text.
  const inner = yCursorPlugin(muted(awareness) as unknown as Awareness, { awarenessStateFilter: shows }) as Plugin;
  const innerView = inner.spec.view!;
  return new Plugin({
    key: yCursorPluginKey,
    view: (view: EditorView) => {
      const pluginView = innerView(view);
      const cursors = new RemoteCursors(view, drawing);
      // Another person's state changed: they are drawn again now, with no transaction.
      const othersChanged = () => {
        if (!view.isDestroyed) cursors.update();
      };
      awareness.on('change', othersChanged);
      let scheduled: ReturnType<typeof setTimeout> | null = null;
      return {
        update: (_view: EditorView, previous: EditorState) => {
          // The text may have moved under the others unless only the own selection changed.
          if (view.state.doc !== previous.doc || view.state.selection.eq(previous.selection)) cursors.schedule();
          scheduled ??= setTimeout(() => {
            scheduled = null;
            if (!view.isDestroyed) pluginView.update?.(view, view.state);
          }, 0);
        },
        destroy: () => {
          awareness.off('change', othersChanged);
          if (scheduled) clearTimeout(scheduled);
          cursors.destroy();
          pluginView.destroy?.();
        },
      };
    },
  });
}
