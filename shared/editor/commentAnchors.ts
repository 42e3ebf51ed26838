// Where comment threads sit in the editor: anchors are made from a selection as Yjs relative positions
// (so they follow everyone's edits) and resolved back to ProseMirror positions for highlighting.
// - A local edit maps the resolved ranges through the transaction (cheap, no Yjs lookups).
// - A change from Yjs (another replica, undo/redo) replaces the editor's whole document; ranges in
//   the part that really changed are resolved again from the relative positions, the rest mapped.
// - Text that was deleted leaves its thread "on deleted text" (kind 'deleted'); a range whose Yjs items
//   this replica does not know (e.g. an internal thread synced before the text it points at) falls
//   back to finding the quoted text.
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { absolutePositionToRelativePosition, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { clauseAround, clausesOf } from '../schema/clauseIds.ts';
import { isResolved, type CommentAnchor, type CommentThread } from '../negotiation/comments.ts';
import { docChange, stepRanges, type DocChange } from './changes.ts';
import { relativeToPosition, yBinding, type YBinding } from './yPositions.ts';

export type AnchorPlace = { kind: 'text'; from: number; to: number } | { kind: 'deleted' };

/** A thread whose text is gone (one object for all of them; places are never changed in place). */
const DELETED: AnchorPlace = Object.freeze({ kind: 'deleted' });

/** The first and last text position in [from, to) that has a character after it, or null. */
function textBounds(doc: Node, from: number, to: number): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    const start = Math.max(from, pos);
    const end = Math.min(to, pos + node.nodeSize);
    if (end > start) {
      if (first < 0) first = start;
      last = end - 1;
    }
    return false;
  });
  return first < 0 ? null : { first, last };
}

/** An anchor for the text in [from, to), or null when the range holds no text or the editor is not bound. */
export function createAnchor(state: EditorState, from: number, to: number): CommentAnchor | null {
  const binding = yBinding(state);
  const bounds = textBounds(state.doc, from, to);
  if (!binding || !bounds) return null;
  // The end is anchored to the range's last character rather than to the position after it, so text
  // typed right after the range does not join it.
  const start = absolutePositionToRelativePosition(bounds.first, binding.type, binding.mapping);
  const end = absolutePositionToRelativePosition(bounds.last, binding.type, binding.mapping);
  return {
    start: toBase64(Y.encodeRelativePosition(start)),
    end: toBase64(Y.encodeRelativePosition(end)),
    quote: state.doc.textBetween(bounds.first, bounds.last + 1, ' '),
    clauseId: clauseAround(state.doc.resolve(bounds.first))?.id ?? null,
  };
}

type Point = { kind: 'unknown' } | { kind: 'gone' } | { kind: 'at'; pos: number; deleted: boolean };

function isGone(item: Y.Item | null): boolean {
  for (let it = item; it; it = (it.parent as Y.AbstractType<unknown>)._item) if (it.deleted && it !== item) return true;
  return false;
}

/** Where one encoded relative position is now in `doc` (the editor's document). */
function resolvePoint(binding: YBinding, doc: Node, encoded: string): Point {
  let rel: Y.RelativePosition;
  try {
    rel = Y.decodeRelativePosition(fromBase64(encoded));
  } catch {
    return { kind: 'unknown' };
  }
  const id = rel.item;
  if (!id) return { kind: 'unknown' };
  if (Y.getState(binding.doc.store, id.client) <= id.clock) return { kind: 'unknown' };
  const struct = Y.getItem(binding.doc.store, id);
  // Garbage-collected, or inside a deleted paragraph or clause: the text is gone with its block.
  if (!(struct instanceof Y.Item) || isGone(struct)) return { kind: 'gone' };
  try {
    const pos = relativeToPosition(binding, doc, rel);
    return pos === null ? { kind: 'gone' } : { kind: 'at', pos, deleted: struct.deleted };
  } catch {
    // The mapping lacks a node (the editor has not rendered this part yet).
    return { kind: 'unknown' };
  }
}

/** The first range in `node` (at `offset`) holding `quote` within one textblock, or null. */
function quoteIn(node: Node, offset: number, quote: string): AnchorPlace | null {
  let found = null as AnchorPlace | null;
  node.descendants((child, pos) => {
    if (found || !child.isTextblock) return !found;
    const i = child.textContent.indexOf(quote);
    if (i >= 0) found = { kind: 'text', from: offset + pos + 1 + i, to: offset + pos + 1 + i + quote.length };
    return false;
  });
  return found;
}

/** The range the quote occupies, searched in its clause first and then in the whole document. */
function findQuote(doc: Node, anchor: CommentAnchor): AnchorPlace {
  if (anchor.quote.trim() === '') return DELETED;
  const clause = anchor.clauseId ? clausesOf(doc).find((c) => c.id === anchor.clauseId) : undefined;
  return (clause && quoteIn(clause.node, clause.pos + 1, anchor.quote)) ?? quoteIn(doc, 0, anchor.quote) ?? DELETED;
}

/** Where `anchor` is in the editor's current document. */
export function resolveAnchor(state: EditorState, anchor: CommentAnchor): AnchorPlace {
  const binding = yBinding(state);
  if (!binding) return findQuote(state.doc, anchor);
  const start = resolvePoint(binding, state.doc, anchor.start);
  const end = resolvePoint(binding, state.doc, anchor.end);
  if (start.kind === 'unknown' || end.kind === 'unknown') return findQuote(state.doc, anchor);
  if (start.kind === 'gone' && end.kind === 'gone') return DELETED;
  if (start.kind === 'at' && end.kind === 'at' && start.deleted && end.deleted) {
    // Both ends deleted: anything left in between is what remains of the range.
    return start.pos < end.pos ? { kind: 'text', from: start.pos, to: end.pos } : DELETED;
  }
  const size = state.doc.content.size;
  const to = end.kind === 'at' ? end.pos + (end.deleted ? 0 : 1) : null;
  const from = start.kind === 'at' ? start.pos : to === null ? null : state.doc.resolve(Math.min(to, size)).start();
  const until = to ?? (from === null ? null : state.doc.resolve(Math.min(from, size)).end());
  if (from === null || until === null || until <= from || until > size) return DELETED;
  return { kind: 'text', from, to: until };
}

// --- the plugin -------------------------------------------------------------------------------------

export interface CommentAnchorsState {
  places: Map<string, AnchorPlace>;
  decorations: DecorationSet;
  /** Threads a local edit touched, to resolve again once the edit is in Yjs (see the plugin view). */
  pending: readonly string[];
}

export const commentAnchorsKey = new PluginKey<CommentAnchorsState>('commentAnchors');

export interface CommentAnchorsOptions {
  /** The threads to anchor (shared and internal); read again after refreshCommentAnchors. */
  threads: () => readonly CommentThread[];
  /** The thread to highlight as selected, if any. */
  activeThreadId?: () => string | null;
}

function decorate(doc: Node, threads: readonly CommentThread[], places: Map<string, AnchorPlace>, active: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    const place = places.get(thread.id);
    if (!place || place.kind !== 'text' || isResolved(thread)) continue;
    const classes = ['comment-anchor', thread.visibility === 'internal' ? 'comment-internal' : '', thread.id === active ? 'comment-active' : ''];
    decorations.push(
      Decoration.inline(place.from, place.to, { class: classes.filter(Boolean).join(' '), 'data-thread-id': thread.id }, { threadId: thread.id }),
    );
  }
  return DecorationSet.create(doc, decorations);
}

function compute(state: EditorState, options: CommentAnchorsOptions): CommentAnchorsState {
  const threads = options.threads();
  const places = new Map<string, AnchorPlace>();
  for (const thread of threads) places.set(thread.id, resolveAnchor(state, thread.anchor));
  return { places, decorations: decorate(state.doc, threads, places, options.activeThreadId?.() ?? null), pending: [] };
}

/** Whether one of `ranges` touches [from, to]. */
function touches(ranges: readonly (readonly [number, number])[], from: number, to: number): boolean {
  // Indexed, without destructuring: this runs for every thread on every keystroke, and an array
  // pattern goes through the iterator protocol (an object per range).
  for (let i = 0; i < ranges.length; i++) if (ranges[i][0] <= to && ranges[i][1] >= from) return true;
  return false;
}

/**
 * Places after a change. A local edit is mapped by its own steps; the anchors it touched are resolved
 * again from Yjs right after (pending), because where ProseMirror and Yjs place an edit among equal
 * characters can differ ("sikrer sikrer"), and every replica must show what Yjs says. A change from
 * Yjs is mapped by the document diff (docChange); anchors in or touching the changed range, and
 * threads on deleted text (an undo elsewhere may have brought it back), are resolved again at once.
 */
function updatePlaces(state: EditorState, value: CommentAnchorsState, tr: Transaction, change: DocChange, options: CommentAnchorsOptions): CommentAnchorsState {
  const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined;
  const steps = fromYjs ? [] : stepRanges(tr);
  const threads = options.threads();
  const places = new Map<string, AnchorPlace>();
  const pending: string[] = settled.has(value) ? [] : [...value.pending];
  let changed = false;
  for (const thread of threads) {
    const place = value.places.get(thread.id);
    let next: AnchorPlace;
    if (!place) {
      next = resolveAnchor(state, thread.anchor);
    } else if (place.kind !== 'text') {
      next = fromYjs ? resolveAnchor(state, thread.anchor) : place;
      if (next.kind !== place.kind) changed = true;
    } else {
      const from = change.mapping.map(place.from, 1);
      const to = change.mapping.map(place.to, -1);
      if (fromYjs) {
        const touched = from <= change.to && to >= change.from;
        next = touched ? resolveAnchor(state, thread.anchor) : { kind: 'text', from, to };
        if (next.kind !== 'text' || next.from !== from || next.to !== to) changed = true;
      } else {
        // The place kept when the edit did not move it (most threads of a long section, for a keystroke).
        next = to <= from ? DELETED : from === place.from && to === place.to ? place : { kind: 'text', from, to };
        // Where the edit was made, and where a text diff (as Yjs' is) may put it among equal characters.
        if (touches(steps, from, to) || (from <= change.to && to >= change.from)) pending.push(thread.id);
      }
    }
    if (!place || place.kind !== next.kind) changed = true;
    places.set(thread.id, next);
  }
  const active = options.activeThreadId?.() ?? null;
  // Ranges that only moved keep their decorations (mapped); anything else is drawn again.
  const decorations = changed ? decorate(state.doc, threads, places, active) : value.decorations.map(change.mapping, state.doc);
  return { places, decorations, pending };
}

/**
 * States whose pending threads were resolved again and found where the edit's mapping had put them
 * (the usual case): nothing is left to do for them, and no transaction is made to say so. A memo
 * about the state object, not part of it: the state itself never changes.
 */
const settled = new WeakSet<CommentAnchorsState>();

function samePlace(a: AnchorPlace | undefined, b: AnchorPlace): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind === 'deleted' || (b.kind === 'text' && a.from === b.from && a.to === b.to);
}

/** The pending threads resolved again, now that the local edit is in Yjs: null when each is where
 *  the state has it already. */
function resolvedPending(state: EditorState, value: CommentAnchorsState, options: CommentAnchorsOptions): Map<string, AnchorPlace> | null {
  const resolved = new Map<string, AnchorPlace>();
  let moved = false;
  for (const thread of options.threads()) {
    if (!value.pending.includes(thread.id)) continue;
    const place = resolveAnchor(state, thread.anchor);
    resolved.set(thread.id, place);
    moved ||= !samePlace(value.places.get(thread.id), place);
  }
  return moved ? resolved : null;
}

/** The state with the pending threads at their resolved places. */
function withResolved(state: EditorState, value: CommentAnchorsState, resolved: ReadonlyMap<string, AnchorPlace>, options: CommentAnchorsOptions): CommentAnchorsState {
  const threads = options.threads();
  const places = new Map(value.places);
  for (const [id, place] of resolved) places.set(id, place);
  return { places, decorations: decorate(state.doc, threads, places, options.activeThreadId?.() ?? null), pending: [] };
}

/** The meta of the transaction that moves pending threads to where Yjs has them. */
interface ResolvedMeta {
  resolved: ReadonlyMap<string, AnchorPlace>;
}

export function commentAnchorsPlugin(options: CommentAnchorsOptions): Plugin<CommentAnchorsState> {
  return new Plugin<CommentAnchorsState>({
    key: commentAnchorsKey,
    state: {
      init: (_config, state) => compute(state, options),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(commentAnchorsKey) as true | ResolvedMeta | undefined;
        if (meta === true) return compute(state, options);
        if (meta) return withResolved(state, value, meta.resolved, options);
        const change = docChange(tr);
        if (!change) return value;
        return updatePlaces(state, value, tr, change, options);
      },
    },
    props: {
      decorations: (state) => commentAnchorsKey.getState(state)?.decorations ?? null,
    },
    // Runs after ySyncPlugin's view, which has written the edit to Yjs by then. Only a thread that
    // Yjs places elsewhere than the mapping did costs a transaction.
    view: () => ({
      update(view) {
        const value = commentAnchorsKey.getState(view.state);
        if (!value?.pending.length || settled.has(value)) return;
        const resolved = resolvedPending(view.state, value, options);
        if (resolved) view.dispatch(view.state.tr.setMeta(commentAnchorsKey, { resolved } satisfies ResolvedMeta).setMeta('addToHistory', false));
        else settled.add(value);
      },
    }),
  });
}

/** A transaction that re-reads the threads and resolves their anchors again. */
export function refreshCommentAnchors(state: EditorState): Transaction {
  return state.tr.setMeta(commentAnchorsKey, true).setMeta('addToHistory', false);
}

/** Where each thread is, as last resolved (empty without the plugin). */
export function commentPlaces(state: EditorState): ReadonlyMap<string, AnchorPlace> {
  return commentAnchorsKey.getState(state)?.places ?? new Map();
}
