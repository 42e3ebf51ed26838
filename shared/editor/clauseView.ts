// The clause's element in the section editor, drawn by a node view: a <section class="clause"> with
// the clause's status chip in its margin (clauseStatus.ts) and its content in a body element. The
// same element carries the clause's marks that are not in its text: the class `is-current` on the
// clause holding the cursor, and the mark of *Nyt siden sidst* / *Samtidige ændringer*
// (awayHighlights.ts: classes, data-away and a title). These are drawn here, not by decorations:
// prosemirror-view looks up and compares every top-level block's decorations on each change, so
// hundreds of per-clause widgets, or a node decoration per marked clause, made every keystroke in a
// long section slower (test/bench/editor-bench.ts). The chip's element comes from the caller
// (ClauseLook.render); this file reaches the DOM only through the EditorView it is given.
import type { Node } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { EditorView, NodeView, ViewMutationRecord } from 'prosemirror-view';
import type { ChipStatus } from './clauseStatus.ts';
import type { AwayMark } from './awayHighlights.ts';

/** The class of the clause's element drawn here. With it, the stylesheet (styles.css) has the
 *  browser skip laying out and painting the contents of clauses off screen (content-visibility):
 *  a clause's chip and away mark are a few more boxes per clause, and the layout of one keystroke
 *  grew with their number in a long section (test/bench/editor-bench.ts). */
export const CLAUSE_VIEW_CLASS = 'clause-view';

/** What a clause's element shows, asked for whenever the clause or its status may have changed. */
export interface ClauseLook {
  /** The clause's chip status and a key that changes whenever the chip must be drawn again. */
  chip(node: Node, state: EditorState): { status: ChipStatus; key: string } | null;
  /** Makes the chip element, or updates `chip` (the one made for this clause before) and returns it. */
  render(status: ChipStatus, view: EditorView, chip?: HTMLElement): HTMLElement;
  /** The clause's away mark in `state`, if it has one. */
  away(clauseId: string, state: EditorState): AwayMark | null;
}

/** A clause with its chip in the margin; the clause's content goes into a body element. */
export class ClauseView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private chip: HTMLElement | null = null;
  private chipKey: string | null = null;
  private clauseId: string | null = null;
  private awayMark: AwayMark | null = null;

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly look: ClauseLook,
    private readonly live: LiveClauses,
  ) {
    const doc = view.dom.ownerDocument;
    this.dom = doc.createElement('section');
    this.dom.className = `clause ${CLAUSE_VIEW_CLASS}`;
    this.contentDOM = doc.createElement('div');
    this.contentDOM.className = 'clause-body';
    this.dom.append(this.contentDOM);
    this.redraw();
  }

  /** Draws the chip and the away mark again where they changed (or the clause's id did). */
  redraw(): void {
    const id = this.node.attrs.id as string | null;
    if (id !== this.clauseId) {
      if (this.clauseId) this.live.delete(this.clauseId, this);
      if (id) this.live.add(id, this);
      this.clauseId = id;
      if (id) this.dom.setAttribute('data-clause-id', id);
      else this.dom.removeAttribute('data-clause-id');
      this.markCurrent(id !== null && this.live.current === id);
    }
    const state = this.view.state;
    this.showAway(id ? this.look.away(id, state) : null);
    const chip = this.look.chip(this.node, state);
    const key = chip ? `${chip.status.clauseId}:${chip.key}` : null;
    if (key === this.chipKey) return;
    this.chipKey = key;
    const element = chip ? this.look.render(chip.status, this.view, this.chip ?? undefined) : null;
    if (this.chip && element) {
      if (element !== this.chip) this.chip.replaceWith(element);
    } else if (this.chip) this.chip.remove();
    else if (element) this.dom.prepend(element);
    this.chip = element;
  }

  private showAway(mark: AwayMark | null): void {
    const before = this.awayMark;
    if (mark === before || (mark && before && mark.classes === before.classes && mark.away === before.away && mark.title === before.title)) return;
    this.awayMark = mark;
    if (before) this.dom.classList.remove(...before.classes.split(' '));
    if (mark) {
      this.dom.classList.add(...mark.classes.split(' '));
      this.dom.setAttribute('data-away', mark.away);
      this.dom.title = mark.title;
    } else {
      this.dom.removeAttribute('data-away');
      this.dom.removeAttribute('title');
    }
  }

  /** Marks the clause as the one holding the cursor, or not. */
  markCurrent(current: boolean): void {
    if (this.dom.classList.contains('is-current') !== current) this.dom.classList.toggle('is-current', current);
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.redraw();
    return true;
  }

  stopEvent(event: Event): boolean {
    return this.chip !== null && event.target instanceof globalThis.Node && this.chip.contains(event.target);
  }

  ignoreMutation(mutation: ViewMutationRecord): boolean {
    if (mutation.type === 'selection') return false;
    // The section itself (its attributes, the chip going in and out) and the chip are ours; the
    // body and what is in it are ProseMirror's.
    return mutation.target === this.dom || (this.chip !== null && this.chip.contains(mutation.target));
  }

  destroy(): void {
    if (this.clauseId) this.live.delete(this.clauseId, this);
  }
}

/** The clause node views on screen, by clause id (an id can be on two clauses for a moment), and
 *  which clause holds the cursor. */
export class LiveClauses {
  private readonly byId = new Map<string, Set<ClauseView>>();
  /** The id of the clause holding the cursor, or null. */
  current: string | null = null;

  setCurrent(id: string | null): void {
    if (id === this.current) return;
    const before = this.current;
    this.current = id;
    if (before) for (const view of this.byId.get(before) ?? []) view.markCurrent(false);
    if (id) for (const view of this.byId.get(id) ?? []) view.markCurrent(true);
  }

  add(id: string, view: ClauseView): void {
    let views = this.byId.get(id);
    if (!views) this.byId.set(id, (views = new Set()));
    views.add(view);
  }

  delete(id: string, view: ClauseView): void {
    const views = this.byId.get(id);
    views?.delete(view);
    if (views?.size === 0) this.byId.delete(id);
  }

  /** Redraws the clauses with these ids. */
  redraw(ids: Iterable<string>): void {
    for (const id of ids) for (const view of this.byId.get(id) ?? []) view.redraw();
  }
}
