// Others' carets and selections, drawn over the text rather than in it: per person, a caret element
// and the highlight boxes of their selection (`.remote-selection`), in a layer beside the editor's
// DOM (`.remote-cursors`, a sibling of view.dom in its mount, whose size and layout are contained).
// Drawn in the text (y-prosemirror's widget and inline decorations), anyone's cursor moving cost a
// transaction, a redraw of every top-level block's decorations and a layout of the whole flow: 5 ms
// at p95 in a 600-block section (npm run bench -- --only editor). Here it repositions a few
// elements and the text is not laid out again; and the text's own DOM never holds another person's
// caret, where the browser's caret once landed, in text that is not editable, and dropped what was
// typed.
//
// A person is drawn where their relative positions resolve now: right away when their state
// changes, and before the next paint after the document or the editor's size changed (the text
// under a cursor moves with edits, wrapping and resizing).
import type { EditorView } from 'prosemirror-view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

/** The name of the User Timing measure of each placing of everyone after a change. */
export const PLACE_MEASURE = 'enighed:remote-cursors-placed';

export interface CursorDrawing {
  /** The states of everyone in the section (the local one among them). */
  states: () => ReadonlyMap<number, unknown>;
  /** Whether the state of `clientID` is drawn (not the own, and readable). */
  shows: (docClientID: number, clientID: number, state: unknown) => boolean;
  /** The caret's element for a person (class `remote-cursor`, with its label). */
  caret: (user: unknown, clientID: number) => HTMLElement;
  /** The colour of a person's selection highlight (a CSS colour). */
  selectionColour: (user: unknown, clientID: number) => string;
}

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } | null;
  snapshot?: unknown;
  prevSnapshot?: unknown;
}

interface CursorState {
  user?: unknown;
  cursor?: { anchor: unknown; head: unknown } | null;
}

interface Drawn {
  state: CursorState;
  caret: HTMLElement;
  /** The person's selection highlight (boxes, one per line piece); empty without a selection. */
  selection: HTMLElement;
  /** The boxes drawn in `selection`, as text (unchanged boxes are not drawn again). */
  boxes: string;
}

/** Where a person is on screen now: the caret's place (null: not shown) and the selection's boxes. */
interface Measured {
  head: number;
  caret: { left: number; top: number; height: number } | null;
  boxes: Box[];
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The boxes of a range's client rects, without those inside another (a mark's element holds its
 *  text's box), so that no piece of the selection is tinted twice. */
function boxesOf(rects: DOMRectList, origin: DOMRect): Box[] {
  const all = [...rects].filter((r) => r.width > 0.5 && r.height > 0.5);
  const inside = (a: DOMRect, b: DOMRect) => a !== b && a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  return all
    .filter((r, i) => !all.some((o, j) => inside(r, o) && !(inside(o, r) && j > i)))
    .map((r) => ({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height }));
}

export class RemoteCursors {
  private readonly layer: HTMLElement;
  private readonly drawn = new Map<number, Drawn>();
  private frame: number | null = null;
  private readonly resized: ResizeObserver | null;

  constructor(
    private readonly view: EditorView,
    private readonly drawing: CursorDrawing,
  ) {
    const doc = view.dom.ownerDocument;
    this.layer = doc.createElement('div');
    this.layer.className = 'remote-cursors';
    this.layer.setAttribute('aria-hidden', 'true');
    view.dom.after(this.layer);
    const win = doc.defaultView;
    this.resized = win && 'ResizeObserver' in win ? new win.ResizeObserver(() => this.schedule()) : null;
    this.resized?.observe(view.dom);
    this.update();
  }

  /** After an awareness change: the people whose state changed are drawn, moved or removed now. */
  update(): void {
    const ystate = this.drawable();
    const states = this.drawing.states();
    const shown = (clientID: number, state: unknown): state is CursorState =>
      ystate !== null && state !== undefined && this.drawing.shows(ystate.doc.clientID, clientID, state) && (state as CursorState).cursor != null;
    const moved: Drawn[] = [];
    for (const [clientID, drawn] of this.drawn) {
      const state = states.get(clientID);
      if (state === drawn.state) continue;
      if (!shown(clientID, state)) {
        this.remove(clientID);
        continue;
      }
      // The same person elsewhere: the elements move; with another name or side they are made again.
      if (JSON.stringify(state.user) !== JSON.stringify(drawn.state.user)) {
        const fresh = this.make(clientID, state);
        drawn.caret.replaceWith(fresh.caret);
        drawn.selection.replaceWith(fresh.selection);
        Object.assign(drawn, { caret: fresh.caret, selection: fresh.selection, boxes: '' });
      }
      drawn.state = state;
      moved.push(drawn);
    }
    for (const [clientID, state] of states) {
      if (this.drawn.has(clientID) || !shown(clientID, state)) continue;
      const drawn = this.make(clientID, state);
      this.layer.append(drawn.selection, drawn.caret);
      this.drawn.set(clientID, drawn);
      moved.push(drawn);
    }
    if (moved.length > 0) this.placeEach(ystate!, moved);
  }

  /** Places everyone again before the next paint (the text moved under them). */
  schedule(): void {
    const win = this.view.dom.ownerDocument.defaultView;
    if (this.frame !== null || !win) return;
    this.frame = win.requestAnimationFrame(() => {
      this.frame = null;
      this.placeAll();
    });
  }

  /** Everyone placed where their relative positions resolve now (timed as the User Timing measure
   *  PLACE_MEASURE, for the editor bench and the browser's profiler). */
  placeAll(): void {
    if (this.view.isDestroyed) return;
    const start = performance.now();
    const ystate = this.drawable();
    if (!ystate) {
      for (const clientID of [...this.drawn.keys()]) this.remove(clientID);
      return;
    }
    // Someone not drawn yet (the binding had no nodes when their state came) is drawn now.
    this.update();
    if (this.drawn.size === 0) return;
    this.placeEach(ystate, [...this.drawn.values()]);
    performance.measure(PLACE_MEASURE, { start });
  }

  destroy(): void {
    const win = this.view.dom.ownerDocument.defaultView;
    if (this.frame !== null) win?.cancelAnimationFrame(this.frame);
    this.resized?.disconnect();
    this.layer.remove();
    this.drawn.clear();
  }

  private make(clientID: number, state: CursorState): Drawn {
    const user = state.user ?? {};
    const caret = this.drawing.caret(user, clientID);
    caret.dataset.client = String(clientID);
    const selection = this.view.dom.ownerDocument.createElement('div');
    selection.className = 'remote-selection-boxes';
    selection.dataset.client = String(clientID);
    selection.style.setProperty('--selection-colour', this.drawing.selectionColour(user, clientID));
    return { state, caret, selection, boxes: '' };
  }

  private remove(clientID: number): void {
    const drawn = this.drawn.get(clientID);
    drawn?.caret.remove();
    drawn?.selection.remove();
    this.drawn.delete(clientID);
  }

  /** The sync state when cursors can be drawn (bound, with nodes, no snapshot shown), else null. */
  private drawable(): SyncState | null {
    const ystate = ySyncPluginKey.getState(this.view.state) as SyncState | undefined;
    if (!ystate?.binding || ystate.snapshot != null || ystate.prevSnapshot != null || ystate.binding.mapping.size === 0) return null;
    return ystate;
  }

  private resolve(ystate: SyncState, json: unknown): number | null {
    const pos = relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.createRelativePositionFromJSON(json), ystate.binding!.mapping as never);
    return pos === null ? null : Math.min(pos, Math.max(this.view.state.doc.content.size - 1, 0));
  }

  /** Places each of `people`: everything is read from the laid-out text first, then written, so
   *  that the browser lays out once, not once per person. */
  private placeEach(ystate: SyncState, people: readonly Drawn[]): void {
    const origin = this.layer.getBoundingClientRect();
    const measured = people.map((drawn) => this.measure(ystate, drawn.state, origin));
    people.forEach((drawn, i) => this.draw(drawn, measured[i]));
  }

  private measure(ystate: SyncState, state: CursorState, origin: DOMRect): Measured {
    const head = state.cursor ? this.resolve(ystate, state.cursor.head) : null;
    const anchor = state.cursor && head !== null ? this.resolve(ystate, state.cursor.anchor) : null;
    if (head === null) return { head: -1, caret: null, boxes: [] };
    try {
      const coords = this.view.coordsAtPos(head);
      let boxes: Box[] = [];
      if (anchor !== null && anchor !== head) {
        const from = this.view.domAtPos(Math.min(anchor, head), 1);
        const to = this.view.domAtPos(Math.max(anchor, head), -1);
        const range = this.view.dom.ownerDocument.createRange();
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        boxes = boxesOf(range.getClientRects(), origin);
      }
      return { head, caret: { left: coords.left - origin.left, top: coords.top - origin.top, height: Math.max(coords.bottom - coords.top, 1) }, boxes };
    } catch {
      // Not laid out (the editor is hidden): placed again when it is.
      return { head, caret: null, boxes: [] };
    }
  }

  private draw(drawn: Drawn, { head, caret, boxes }: Measured): void {
    const element = drawn.caret;
    element.hidden = caret === null;
    if (caret) {
      element.dataset.pos = String(head);
      element.style.height = `${caret.height}px`;
      element.style.transform = `translate(${caret.left}px, ${caret.top}px)`;
    }
    const key = JSON.stringify(boxes);
    if (key === drawn.boxes) return;
    drawn.boxes = key;
    drawn.selection.replaceChildren(
      ...boxes.map((box) => {
        const piece = this.view.dom.ownerDocument.createElement('div');
        piece.className = 'remote-selection';
        piece.style.transform = `translate(${box.left}px, ${box.top}px)`;
        piece.style.width = `${box.width}px`;
        piece.style.height = `${box.height}px`;
        return piece;
      }),
    );
  }
}
