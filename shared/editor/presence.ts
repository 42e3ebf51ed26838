// Others' cursors and selections in the section editor: y-prosemirror's cursor plugin on a section's
// awareness (renderer/src/presence/PresenceStore.ts), each labelled with the person's name and side
// in their side's colour. These changes to how the plugin is driven keep typing, and others' cursors
// moving, fast:
// - it sees only the others' changes: the plugin asks for a redraw on each awareness 'change',
//   and without this its own cursor moving (every keystroke) would cost a second transaction;
// - it reads the local selection after the keystroke's frame, not inside its dispatch (the relative
//   positions walk the document), at most once per turn of the event loop;
// - a change from Yjs (another replica, undo) makes it resolve every cursor's relative positions
//   again, walking the document for each: only when a cursor or selection lies in the changed range
//   (y-prosemirror replaces the blocks a change touched, so mapping a cursor inside them would lose
//   its place); one elsewhere is mapped like any decoration;
// - an awareness change redraws only the people whose state changed (remoteCursors.ts), not every
//   cursor and a new set for the whole document.
// Nothing here touches the DOM until the view calls the builders.
import { Plugin, type EditorState, type Transaction } from 'prosemirror-state';
import type { DecorationSet, EditorView } from 'prosemirror-view';
import { yCursorPlugin, yCursorPluginKey, ySyncPluginKey } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import { sideLabel } from '../domain/labels.ts';
import { RemotePresence, sideColour, type PresenceUser } from '../presence/presenceState.ts';
import { Side } from '../domain/agreement.ts';
import { drawAllCursors, mapCursors, redrawChangedCursors, type CursorDrawing } from './remoteCursors.ts';

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

/** Another person's caret: a bar (the span's border) with the label floating above it. The span
 *  holds no text in the line (y-prosemirror's default puts a word joiner on each side of the label):
 *  Chromium placed the own caret inside such text when one clicked or pressed End at the other's
 *  caret, text that is not editable (contenteditable=false), and dropped the keystrokes typed until
 *  ProseMirror moved the caret out (test/browser/typing-at-remote-cursor.test.ts). The stylesheet
 *  makes it unselectable too (.remote-cursor). */
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

export function presenceCursorPlugin(awareness: PresenceAwareness): Plugin {
  // Whether a state is readable, once per state object (Awareness replaces it when it changes).
  const readable = new WeakMap<object, boolean>();
  const isReadable = (state: unknown): boolean => {
    if (typeof state !== 'object' || state === null) return false;
    let ok = readable.get(state);
    if (ok === undefined) readable.set(state, (ok = RemotePresence.safeParse(state).success));
    return ok;
  };
  const drawing: CursorDrawing = {
    states: () => awareness.getStates(),
    // Others with a readable state only (the own entry is this awareness' client id).
    shows: (_docClient: number, clientID: number, state: unknown) => clientID !== awareness.clientID && isReadable(state),
    cursor: (user: unknown) => cursorElement(user as PresenceUser),
    selection: (user: unknown) => ({
      class: 'remote-selection',
      style: `background-color: ${sideColour((user as PresenceUser).side)}33`,
    }),
  };
  // y-prosemirror's plugin for its key, props, and view (which shares the own cursor and asks for a
  // redraw when the others' awareness changes); the decorations are drawn by remoteCursors.ts.
  const inner = yCursorPlugin(awareness as unknown as Awareness, {
    awarenessStateFilter: drawing.shows,
    cursorBuilder: drawing.cursor,
    selectionBuilder: drawing.selection,
  }) as Plugin;
  const innerView = inner.spec.view!;
  return new Plugin({
    ...inner.spec,
    state: {
      init: (_config, state: EditorState) => drawAllCursors(state, drawing),
      apply(tr: Transaction, decorations: DecorationSet, _oldState: EditorState, newState: EditorState) {
        const fromYjs = (ySyncPluginKey.getState(newState) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        const awarenessChanged = (tr.getMeta(yCursorPluginKey) as { awarenessUpdated?: boolean } | undefined)?.awarenessUpdated === true;
        if (awarenessChanged && !tr.docChanged) return redrawChangedCursors(newState, decorations, drawing);
        if (awarenessChanged) return drawAllCursors(newState, drawing);
        if (fromYjs) {
          const range = changedRange(tr);
          return !range || decorations.find(range.from, range.to).length === 0 ? mapCursors(decorations, tr) : drawAllCursors(newState, drawing);
        }
        return mapCursors(decorations, tr);
      },
    },
    view: (view: EditorView) => {
      const pluginView = innerView(view);
      let scheduled: ReturnType<typeof setTimeout> | null = null;
      return {
        update: () => {
          scheduled ??= setTimeout(() => {
            scheduled = null;
            if (!view.isDestroyed) pluginView.update?.(view, view.state);
          }, 0);
        },
        destroy: () => {
          if (scheduled) clearTimeout(scheduled);
          pluginView.destroy?.();
        },
      };
    },
  });
}

/** The range a transaction changed, in the coordinates of the document before it (null: none). */
function changedRange(tr: Transaction): { from: number; to: number } | null {
  let from = Infinity;
  let to = -Infinity;
  tr.mapping.maps.forEach((map, i) => {
    const back = i === 0 ? null : tr.mapping.slice(0, i).invert();
    map.forEach((start, end) => {
      from = Math.min(from, back ? back.map(start, -1) : start);
      to = Math.max(to, back ? back.map(end, 1) : end);
    });
  });
  return from <= to ? { from, to } : null;
}
