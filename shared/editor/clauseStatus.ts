// Status chips: each clause shows its derived negotiation status (colour and text) in its margin.
// The plugin keeps, per clause id, the key of the status last derived; a change of text re-derives
// only the clauses it touched (hashes are cached per node, positions per stored value; once the text
// an Enig position was taken on has been seen, an edited clause is compared with it rather than
// hashed: clauseHasHash), and a change of positions (the owner dispatches refreshClauseStatus)
// re-derives all of them.
//
// The chips are drawn by the clause node view (clauseView.ts), not by widget decorations:
// prosemirror-view looks up a document's decorations child by child, so hundreds of per-clause
// widgets made every keystroke in a long section several times slower. With chips, this plugin
// installs that node view, which also marks the clause holding the cursor (`is-current`) and shows
// the clauses' away marks (awayHighlights.ts). The chip's element comes from the caller
// (renderChip); this file reaches the DOM only through the EditorView it is given.
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { clauseHasHash, clauseStatuses, clauseStatusOf, type ClauseStatusEntry, type PositionsOf } from '../negotiation/clauseStatuses.ts';
import { deriveStatus, NegotiationSide, type ClauseStatus } from '../negotiation/position.ts';
import { clauseAround } from '../schema/clauseIds.ts';
import { docChange } from './changes.ts';
import { awayMarks, type AwayMark } from './awayHighlights.ts';
import { ClauseView, LiveClauses, type ClauseLook } from './clauseView.ts';

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

/** What a clause's chip depends on besides its text: the positions that count and the flag. */
interface Standing {
  positions: ReturnType<PositionsOf>;
  flag: string | null;
}

function chipStatus(node: Node, clauseId: string, standing: Standing): ChipStatus {
  const { positions, flag } = standing;
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
  return flag ? { clauseId, ...deriveStatus(positions, hash), flag } : { clauseId, ...deriveStatus(positions, hash) };
}

/** The chip status of each clause node, derived once per node and epoch: the plugin's state and the
 *  clause's node view both ask for it after every change of the clause. A clause's positions and
 *  flag are read once per epoch (they change only with a refresh of the positions, never with the
 *  text), so a keystroke only compares the text. */
class ChipStatusCache {
  private readonly byNode = new WeakMap<Node, { epoch: number; status: ChipStatus | null }>();
  private standing = new Map<string, Standing>();
  private standingEpoch = -1;

  of(node: Node, value: ClauseStatusState): ChipStatus | null {
    const cached = this.byNode.get(node);
    if (cached?.epoch === value.epoch) return cached.status;
    const clauseId = node.attrs.id as string | null;
    const status = clauseId ? chipStatus(node, clauseId, this.standingOf(clauseId, value)) : null;
    this.byNode.set(node, { epoch: value.epoch, status });
    return status;
  }

  private standingOf(clauseId: string, value: ClauseStatusState): Standing {
    if (this.standingEpoch !== value.epoch) {
      this.standing = new Map();
      this.standingEpoch = value.epoch;
    }
    let standing = this.standing.get(clauseId);
    if (!standing) this.standing.set(clauseId, (standing = { positions: value.positionsOf(clauseId), flag: value.flagOf?.(clauseId) ?? null }));
    return standing;
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

/** The clauses whose chip keys differ between the two maps (known without comparing them when
 *  `after` was derived from `before`). */
function changedChips(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): readonly string[] {
  const derived = changedKeys.get(after);
  return derived?.from === before ? derived.ids : [...after.keys()].filter((id) => before.get(id) !== after.get(id));
}

/** The clauses whose away marks differ between the two maps. */
function changedAway(before: ReadonlyMap<string, AwayMark>, after: ReadonlyMap<string, AwayMark>): string[] {
  const ids = new Set([...before.keys(), ...after.keys()]);
  return [...ids].filter((id) => before.get(id) !== after.get(id));
}

/** The id of the clause holding the cursor, or null. */
const clauseIdAtCursor = (state: EditorState) => clauseAround(state.selection.$from)?.id ?? null;

export function clauseStatusPlugin(options: ClauseStatusOptions): Plugin<ClauseStatusState> {
  const live = new LiveClauses();
  const statuses = new ChipStatusCache();
  const render = options.renderChip;
  const look: ClauseLook | null = render
    ? {
        chip: (node, state) => {
          const value = clauseStatusKey.getState(state);
          const status = value ? statuses.of(node, value) : null;
          return status ? { status, key: chipKey(status) } : null;
        },
        render,
        away: (clauseId, state) => awayMarks(state).get(clauseId) ?? null,
      }
    : null;
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
    props: look ? { nodeViews: { clause: (node, view) => new ClauseView(node, view, look, live) } } : {},
    view: (view) => {
      live.setCurrent(clauseIdAtCursor(view.state));
      return {
        // A status or an away mark can change without its clause changing (new positions, a clause
        // elsewhere with the same id, the marks set): then the node views are told here.
        update(view, previous) {
          const before = clauseStatusKey.getState(previous)?.chipKeys;
          const after = clauseStatusKey.getState(view.state)?.chipKeys;
          if (before && after && before !== after) live.redraw(changedChips(before, after));
          const awayBefore = awayMarks(previous);
          const awayAfter = awayMarks(view.state);
          if (awayBefore !== awayAfter) live.redraw(changedAway(awayBefore, awayAfter));
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
