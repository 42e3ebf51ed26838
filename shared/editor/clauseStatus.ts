// Status chips: each clause shows its derived negotiation status (colour and text) in its margin.
// The plugin keeps, per clause id, the key of the status last derived; a change of text re-derives
// only the clauses it touched (hashes are cached per node, positions per stored value; once the text
// an Enig position was taken on has been seen, an edited clause is compared with it rather than
// hashed: clauseHasHash), and a change of positions (the owner dispatches refreshClauseStatus)
// re-derives all of them.
//
// The chips are drawn by a node view for clauses, not by widget decorations: prosemirror-view looks
// up a document's decorations child by child, so hundreds of per-clause widgets made every keystroke
// in a long section several times slower. The same node view marks the clause holding the cursor
// with the class `is-current` (a node decoration there made prosemirror-view take its slower path
// through every top-level block on each change). The chip's element comes from the caller
// (renderChip); this file reaches the DOM only through the EditorView it is given.
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView, NodeView, ViewMutationRecord } from 'prosemirror-view';
import { clauseHasHash, clauseStatuses, clauseStatusOf, type ClauseStatusEntry, type PositionsOf } from '../negotiation/clauseStatuses.ts';
import { deriveStatus, NegotiationSide, type ClauseStatus } from '../negotiation/position.ts';
import { clauseAround } from '../schema/clauseIds.ts';
import { docChange } from './changes.ts';

/** What a chip shows. */
export interface ChipStatus {
  clauseId: string;
  status: ClauseStatus;
  staleSides: NegotiationSide[];
  /** Why a position on the clause does not count (Danish, e.g. *ikke verificeret*), if one does not. */
  flag?: string;
}

export interface ClauseStatusState {
  /** The chip key of every clause, as last derived; a new map whenever one changed. */
  chipKeys: ReadonlyMap<string, string>;
  positionsOf: PositionsOf;
  flagOf?: (clauseId: string) => string | null;
  /** Counts the refreshes of positions: a status derived in an earlier epoch may be out of date. */
  epoch: number;
}

export const clauseStatusKey = new PluginKey<ClauseStatusState>('clauseStatus');

export interface ClauseStatusOptions {
  /** The positions that count (shared/identity/counted.ts). */
  positionsOf: PositionsOf;
  /** Says when a clause has a position that does not count, so its chip can show it. */
  flagOf?: (clauseId: string) => string | null;
  /** Makes the chip element for a clause, or updates `chip` (the one it made for this clause before)
   *  and returns it; called only when the status changes. Without it, statuses are derived but not
   *  drawn. */
  renderChip?: (status: ChipStatus, view: EditorView, chip?: HTMLElement) => HTMLElement;
}

/** Stands for the hash of a text no Enig position on the clause was taken on (a position's textHash
 *  is never empty). */
const NOT_AGREED = '';

function chipStatus(node: Node, value: ClauseStatusState): ChipStatus | null {
  const clauseId = node.attrs.id as string | null;
  if (!clauseId) return null;
  const positions = value.positionsOf(clauseId);
  // The text only matters to an Enig position (deriveStatus: stale once the text changed): the hash
  // passed on is the one of those it matches, or one that matches none of them.
  let hash = NOT_AGREED;
  for (const side of NegotiationSide.options) {
    const position = positions[side];
    if (position?.stance === 'enig' && clauseHasHash(node, position.textHash)) {
      hash = position.textHash;
      break;
    }
  }
  const flag = value.flagOf?.(clauseId);
  return flag ? { clauseId, ...deriveStatus(positions, hash), flag } : { clauseId, ...deriveStatus(positions, hash) };
}

/** The chip status of each clause node, derived once per node and epoch: the plugin's state and the
 *  clause's node view both ask for it after every change of the clause. */
class ChipStatusCache {
  private readonly byNode = new WeakMap<Node, { epoch: number; status: ChipStatus | null }>();

  of(node: Node, value: ClauseStatusState): ChipStatus | null {
    const cached = this.byNode.get(node);
    if (cached?.epoch === value.epoch) return cached.status;
    const status = chipStatus(node, value);
    this.byNode.set(node, { epoch: value.epoch, status });
    return status;
  }
}

/** Same key, same chip: a chip is redrawn only when its clause's status or stale sides change. */
function chipKey(status: ChipStatus): string {
  const key = `${status.status}:${status.staleSides.join(',')}`;
  return status.flag ? `${key}:${status.flag}` : key;
}

/** The chip keys after a change, re-derived for the top-level nodes in [from, to] (all: whole doc). */
function rederive(doc: Node, value: ClauseStatusState, range: { from: number; to: number } | null, statuses: ChipStatusCache): ClauseStatusState {
  let chipKeys: Map<string, string> | null = null;
  const changed: string[] = [];
  const visit = (node: Node) => {
    if (node.type.name !== 'clause') return false;
    const status = statuses.of(node, value);
    if (!status) return false;
    const key = chipKey(status);
    if ((chipKeys ?? value.chipKeys).get(status.clauseId) !== key) {
      chipKeys ??= new Map(value.chipKeys);
      chipKeys.set(status.clauseId, key);
      changed.push(status.clauseId);
    }
    return false;
  };
  if (range) doc.nodesBetween(range.from, range.to, visit);
  else doc.forEach(visit);
  if (!chipKeys) return value;
  changedKeys.set(chipKeys, { from: value.chipKeys, ids: changed });
  return { ...value, chipKeys };
}

/** For each chip key map rederive made: the map it was made from and the clauses whose keys differ. */
const changedKeys = new WeakMap<ReadonlyMap<string, string>, { from: ReadonlyMap<string, string>; ids: readonly string[] }>();

/** A clause with its chip in the margin; the clause's content goes into a body element. */
class ClauseView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private chip: HTMLElement | null = null;
  private chipKey: string | null = null;
  private clauseId: string | null = null;

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly render: NonNullable<ClauseStatusOptions['renderChip']>,
    private readonly live: LiveClauses,
    private readonly statuses: ChipStatusCache,
  ) {
    const doc = view.dom.ownerDocument;
    this.dom = doc.createElement('section');
    this.dom.className = 'clause';
    this.contentDOM = doc.createElement('div');
    this.contentDOM.className = 'clause-body';
    this.dom.append(this.contentDOM);
    this.redraw();
  }

  /** Draws the chip again if the clause's status (or id) changed. */
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
    const value = clauseStatusKey.getState(this.view.state);
    const status = value ? this.statuses.of(this.node, value) : null;
    const key = status ? `${status.clauseId}:${chipKey(status)}` : null;
    if (key === this.chipKey) return;
    this.chipKey = key;
    const chip = status ? this.render(status, this.view, this.chip ?? undefined) : null;
    if (this.chip && chip) {
      if (chip !== this.chip) this.chip.replaceWith(chip);
    } else if (this.chip) this.chip.remove();
    else if (chip) this.dom.prepend(chip);
    this.chip = chip;
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
class LiveClauses {
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

  /** Redraws the clauses whose chip key differs between the two maps (known without comparing them
   *  when `after` was derived from `before`). */
  redrawChanged(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): void {
    const derived = changedKeys.get(after);
    const ids = derived?.from === before ? derived.ids : [...after.keys()].filter((id) => before.get(id) !== after.get(id));
    for (const id of ids) for (const view of this.byId.get(id) ?? []) view.redraw();
  }
}

/** The id of the clause holding the cursor, or null. */
const clauseIdAtCursor = (state: EditorState) => clauseAround(state.selection.$from)?.id ?? null;

export function clauseStatusPlugin(options: ClauseStatusOptions): Plugin<ClauseStatusState> {
  const live = new LiveClauses();
  const statuses = new ChipStatusCache();
  const render = options.renderChip;
  return new Plugin<ClauseStatusState>({
    key: clauseStatusKey,
    state: {
      init: (_config, state) => rederive(state.doc, { chipKeys: new Map(), positionsOf: options.positionsOf, flagOf: options.flagOf, epoch: 0 }, null, statuses),
      apply(tr, value, _old, state) {
        if (tr.getMeta(clauseStatusKey)) return rederive(state.doc, { ...value, epoch: value.epoch + 1 }, null, statuses);
        const change = docChange(tr);
        return change ? rederive(state.doc, value, change, statuses) : value;
      },
    },
    props: render ? { nodeViews: { clause: (node, view) => new ClauseView(node, view, render, live, statuses) } } : {},
    view: (view) => {
      live.setCurrent(clauseIdAtCursor(view.state));
      return {
        // A status can change without its clause changing (new positions, or a clause elsewhere with
        // the same id): then the node views are told here.
        update(view, previous) {
          const before = clauseStatusKey.getState(previous)?.chipKeys;
          const after = clauseStatusKey.getState(view.state)?.chipKeys;
          if (before && after && before !== after) live.redrawChanged(before, after);
          if (view.state.selection !== previous.selection) live.setCurrent(clauseIdAtCursor(view.state));
        },
      };
    },
  });
}

/** A transaction that derives the statuses again (after the positions changed). */
export function refreshClauseStatus(state: EditorState): Transaction {
  return state.tr.setMeta(clauseStatusKey, true).setMeta('addToHistory', false);
}

const entriesByState = new WeakMap<ClauseStatusState, { doc: Node; entries: ClauseStatusEntry[] }>();

/** The statuses of all clauses, in document order (empty without the plugin); computed on demand. */
export function clauseStatusEntries(state: EditorState): ClauseStatusEntry[] {
  const value = clauseStatusKey.getState(state);
  if (!value) return [];
  const cached = entriesByState.get(value);
  if (cached?.doc === state.doc) return cached.entries;
  const entries = clauseStatuses(state.doc, value.positionsOf);
  entriesByState.set(value, { doc: state.doc, entries });
  return entries;
}

/** The status of one clause (by position or id), or null; for the UI's every render, where deriving
 *  all statuses would cost each keystroke. */
export function clauseStatusEntry(state: EditorState, which: { pos: number } | { clauseId: string }): ClauseStatusEntry | null {
  const value = clauseStatusKey.getState(state);
  return value ? clauseStatusOf(state.doc, value.positionsOf, which) : null;
}
