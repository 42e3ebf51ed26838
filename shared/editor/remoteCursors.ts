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
// under a cursor moves with edits, wrapping and resizing), or the page scrolled.
//
// Only what is on screen is measured. A clause off screen has its contents skipped by the browser
// (content-visibility: auto on the clause view, styles.css), and measuring a place in it would lay
// it out there and then: ~0.3 ms per caret. A caret whose top-level block is off screen is
// parked (hidden) and the parts of a selection in such blocks are not drawn; they are placed when
// a scroll brings them on screen.
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { relativeToPosition, yBinding, type YBinding } from './yPositions.ts';

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
  /** Whether a part of the person's caret or selection was left out for being off screen. */
  parked: boolean;
}

/** Where a person is on screen now: the caret's place (null: not shown) and the selection's boxes. */
interface Measured {
  head: number;
  caret: { left: number; top: number; height: number } | null;
  boxes: Box[];
  /** A part was left out for being off screen (placed again after a scroll). */
  parked: boolean;
}

/** Says whether a node of the editor's DOM is in a top-level block on screen. */
type OnScreen = (node: Node) => boolean;

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** At most this many boxes are drawn for one person's selection; a selection of a whole long
 *  section (Ctrl+A) shows its first this-many line pieces rather than costing every frame. */
export const MAX_SELECTION_BOXES = 400;

/** Highlight pieces kept (hidden) for a person whose selection needs fewer now. */
const KEPT_PIECES = 8;

/** The boxes of the text in `range`, one per line piece of each text node (the text's own rects, so
 *  no box holds another and none is tinted twice), in document order, at most MAX_SELECTION_BOXES.
 *  `piece` is the range each text is measured with (left where the walk ends). */
function boxesOf(range: Range, piece: Range, origin: DOMRect, onScreen: OnScreen): { boxes: Box[]; parked: boolean } {
  const doc = range.startContainer.ownerDocument!;
  const root = range.commonAncestorContainer;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  // The walk starts where the range does, not at the top of their common ancestor (the whole
  // editor, for a selection over two clauses): the text before the selection is never visited.
  const start = range.startContainer;
  const first = start.nodeType === Node.TEXT_NODE ? start : (start.childNodes[range.startOffset] ?? null);
  let node: Node | null = first;
  if (first?.nodeType !== Node.TEXT_NODE) {
    // An element: its first text; the range's start after the last child: the first text after it.
    walker.currentNode = first ?? start;
    do node = walker.nextNode();
    while (node && first === null && start.contains(node));
  }
  const boxes: Box[] = [];
  let parked = false;
  for (; node && boxes.length < MAX_SELECTION_BOXES; node = walker.nextNode()) {
    if (!range.intersectsNode(node)) break;
    if (!onScreen(node)) {
      parked = true;
      continue;
    }
    const text = node as Text;
    piece.setStart(text, node === range.startContainer ? range.startOffset : 0);
    piece.setEnd(text, node === range.endContainer ? range.endOffset : text.length);
    for (const r of piece.getClientRects()) {
      if (r.width > 0.5 && r.height > 0.5 && boxes.length < MAX_SELECTION_BOXES) boxes.push({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height });
    }
  }
  return { boxes, parked };
}

/**
 * Where a person's cursor is in `state`'s document, from the relative positions of their
 * awareness state, clamped into it; null when the editor is not bound or either position does not
 * resolve. Never throws: the positions come from another machine, and one that names an item this
 * replica does not have, or something that is not text, must not break the drawing of the others.
 */
export function cursorPositions(state: EditorState, cursor: { anchor: unknown; head: unknown }): { anchor: number; head: number } | null {
  const binding = drawable(state);
  if (!binding) return null;
  const max = Math.max(state.doc.content.size - 1, 0);
  const resolve = (json: unknown): number | null => {
    try {
      const pos = relativeToPosition(binding, state.doc, Y.createRelativePositionFromJSON(json));
      return pos === null || !Number.isInteger(pos) || pos < 0 ? null : Math.min(pos, max);
    } catch {
      return null;
    }
  };
  const head = resolve(cursor.head);
  const anchor = head === null ? null : resolve(cursor.anchor);
  return head === null || anchor === null ? null : { anchor, head };
}

/** The sync state when cursors can be drawn (bound, with nodes, no snapshot shown), else null. */
function drawable(state: EditorState): YBinding | null {
  const sync = ySyncPluginKey.getState(state) as { snapshot?: unknown; prevSnapshot?: unknown } | undefined;
  if (sync?.snapshot != null || sync?.prevSnapshot != null) return null;
  const binding = yBinding(state);
  return binding && binding.mapping.size > 0 ? binding : null;
}

export class RemoteCursors {
  private readonly layer: HTMLElement;
  private readonly drawn = new Map<number, Drawn>();
  private frame: number | null = null;
  private readonly resized: ResizeObserver | null;
  /** The ranges a selection's boxes are measured with, made once: every live range of a document
   *  is kept up to date by the browser on each change of its text, until it is collected. */
  private readonly ranges: { range: Range; piece: Range };

  constructor(
    private readonly view: EditorView,
    private readonly drawing: CursorDrawing,
  ) {
    const doc = view.dom.ownerDocument;
    this.layer = doc.createElement('div');
    this.layer.className = 'remote-cursors';
    this.layer.setAttribute('aria-hidden', 'true');
    view.dom.after(this.layer);
    this.ranges = { range: doc.createRange(), piece: doc.createRange() };
    const win = doc.defaultView;
    this.resized = win && 'ResizeObserver' in win ? new win.ResizeObserver(() => this.schedule()) : null;
    this.resized?.observe(view.dom);
    doc.addEventListener('scroll', this.scrolled, { capture: true, passive: true });
    this.update();
  }

  /** After a scroll: those with a part parked off screen are placed again before the next paint. */
  private readonly scrolled = (): void => {
    for (const drawn of this.drawn.values()) {
      if (drawn.parked) {
        this.schedule();
        return;
      }
    }
  };

  /** After an awareness change: the people whose state changed are drawn, moved or removed now. */
  update(): void {
    const ystate = drawable(this.view.state);
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
    if (moved.length > 0) this.placeEach(moved);
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
    const ystate = drawable(this.view.state);
    if (!ystate) {
      for (const clientID of [...this.drawn.keys()]) this.remove(clientID);
      return;
    }
    // Someone not drawn yet (the binding had no nodes when their state came) is drawn now.
    this.update();
    if (this.drawn.size === 0) return;
    this.placeEach([...this.drawn.values()]);
    performance.measure(PLACE_MEASURE, { start });
  }

  destroy(): void {
    const win = this.view.dom.ownerDocument.defaultView;
    if (this.frame !== null) win?.cancelAnimationFrame(this.frame);
    this.resized?.disconnect();
    this.view.dom.ownerDocument.removeEventListener('scroll', this.scrolled, { capture: true });
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
    return { state, caret, selection, boxes: '', parked: false };
  }

  private remove(clientID: number): void {
    const drawn = this.drawn.get(clientID);
    drawn?.caret.remove();
    drawn?.selection.remove();
    this.drawn.delete(clientID);
  }

  /** Places each of `people`: everything is read from the laid-out text first, then written, so
   *  that the browser lays out once, not once per person. */
  private placeEach(people: readonly Drawn[]): void {
    const origin = this.layer.getBoundingClientRect();
    const onScreen = this.onScreen();
    const measured = people.map((drawn) => this.measure(drawn.state, origin, onScreen));
    people.forEach((drawn, i) => this.draw(drawn, measured[i]));
  }

  /** Whether a node's top-level block is on screen (its box meets the window), each block's box
   *  read once per placing. A block's own box is laid out even while its contents are skipped. */
  private onScreen(): OnScreen {
    const root = this.view.dom;
    const height = root.ownerDocument.defaultView?.innerHeight ?? Infinity;
    const seen = new Map<Element, boolean>();
    return (node) => {
      let block: Element | null = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
      while (block && block.parentElement !== root) block = block.parentElement;
      if (!block) return true;
      let shown = seen.get(block);
      if (shown === undefined) {
        const box = block.getBoundingClientRect();
        seen.set(block, (shown = box.bottom >= 0 && box.top <= height));
      }
      return shown;
    };
  }

  private measure(state: CursorState, origin: DOMRect, onScreen: OnScreen): Measured {
    const at = state.cursor ? cursorPositions(this.view.state, state.cursor) : null;
    if (!at) return { head: -1, caret: null, boxes: [], parked: false };
    const { anchor, head } = at;
    try {
      let parked = !onScreen(this.view.domAtPos(head).node);
      const coords = parked ? null : this.view.coordsAtPos(head);
      let boxes: Box[] = [];
      if (anchor !== head) {
        const from = this.view.domAtPos(Math.min(anchor, head), 1);
        const to = this.view.domAtPos(Math.max(anchor, head), -1);
        const { range, piece } = this.ranges;
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        try {
          const measured = boxesOf(range, piece, origin, onScreen);
          boxes = measured.boxes;
          parked ||= measured.parked;
        } finally {
          // Both collapsed in the layer, out of the text, so that the browser has nothing to
          // keep up to date in them while the text changes.
          range.selectNodeContents(this.layer);
          range.collapse(true);
          piece.selectNodeContents(this.layer);
          piece.collapse(true);
        }
      }
      const caret = coords && { left: coords.left - origin.left, top: coords.top - origin.top, height: Math.max(coords.bottom - coords.top, 1) };
      return { head, caret, boxes, parked };
    } catch {
      // Not laid out (the editor is hidden): placed again when it is.
      return { head, caret: null, boxes: [], parked: false };
    }
  }

  private draw(drawn: Drawn, { head, caret, boxes, parked }: Measured): void {
    drawn.parked = parked;
    const element = drawn.caret;
    element.hidden = caret === null;
    if (caret) {
      if (element.dataset.pos !== String(head)) element.dataset.pos = String(head);
      element.style.height = `${caret.height}px`;
      element.style.transform = `translate(${caret.left}px, ${caret.top}px)`;
    }
    const key = JSON.stringify(boxes);
    if (key === drawn.boxes) return;
    drawn.boxes = key;
    // The pieces already there are moved, and those not needed now are hidden rather than removed
    // (up to KEPT_PIECES): putting elements in and taking them out costs more than their style.
    const pieces = drawn.selection.children as HTMLCollectionOf<HTMLElement>;
    while (pieces.length > Math.max(boxes.length, KEPT_PIECES)) pieces[pieces.length - 1].remove();
    while (pieces.length < boxes.length) {
      const piece = this.view.dom.ownerDocument.createElement('div');
      piece.className = 'remote-selection';
      drawn.selection.append(piece);
    }
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      const box = boxes[i];
      if (piece.hidden !== !box) piece.hidden = !box;
      if (!box) continue;
      piece.style.transform = `translate(${box.left}px, ${box.top}px)`;
      piece.style.width = `${box.width}px`;
      piece.style.height = `${box.height}px`;
    }
  }
}
