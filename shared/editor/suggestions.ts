// Suggestion mode (track changes): while it is on, the person's edits become suggestions — inserted
// text carries an `insertion` mark, deleted text stays with a `deletion` mark — that anyone can
// accept or reject. Built on @handlewithcare/prosemirror-suggest-changes (marks, transformation of
// transactions, apply/revert); this file adds what a negotiation between several people needs:
//
// - Attribution. Each suggestion id is random ("kommune-…", see newSuggestionId) so two offline
//   replicas never collide, and who made it is recorded beside the text (suggestionsDoc.ts).
// - The library gives new text the id of an adjacent suggestion (markBefore/markAfter in its
//   replaceStep.js) and re-marks the suggestion after the cursor with that id. With several authors
//   that would attribute one person's typing to another, and "reject all from the region" would
//   remove the municipality's text. reattribute() undoes that after each transformation.
// - Storage. y-prosemirror 1.x cannot store node marks (yjs/y-prosemirror#47); the library uses them
//   for wholly inserted or deleted blocks and for changed block attributes. inlineBlockSuggestions()
//   turns block insertions and deletions into inline marks on the block's text (each textblock
//   starting with a zero-width anchor, so an empty one has something to mark) and drops modification
//   marks, so a block's attribute change (a heading's level) is made directly, not suggested.
//   Resolving such a suggestion removes the blocks it emptied (removeEmptied).
// - The library's apply/revert of one id also takes the text of a directly following suggestion of
//   the same type with another id; resolveOne guards against that.
//
// The library inserts U+200B zero-width spaces as anchors at block boundaries; they are left out of
// listed text and of the clause hash (clauseText.ts) and removed once their suggestion is resolved.
import { EditorState, Plugin, Selection, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import type { DecorationSet, EditorProps, EditorView } from 'prosemirror-view';
import type { Mark, MarkType, Node, Schema } from 'prosemirror-model';
import { AddMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Mapping } from 'prosemirror-transform';
import {
  applySuggestion,
  isSuggestChangesEnabled,
  revertSuggestion,
  selectSuggestion,
  suggestChanges,
  suggestChangesKey,
  toggleSuggestChanges,
  transformToSuggestionTransaction,
} from '@handlewithcare/prosemirror-suggest-changes';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import type { Side } from '../domain/agreement.ts';
import { randomId } from '../domain/ids.ts';
import { docChange } from './changes.ts';
import { suggestionIdSide } from '../schema/schema.ts';
import {
  isAuthoredBy,
  recordSuggestionAuthors,
  suggestionAuthor,
  type SuggestionAuthor,
  type SuggestionAuthorship,
} from '../negotiation/suggestionsDoc.ts';
import { holdsSuggestions } from '../negotiation/clauseText.ts';

/** Whether any top-level block in `doc` between `from` and `to` holds suggestion marks. */
function anyHoldSuggestions(doc: Node, from = 0, to = doc.content.size): boolean {
  let any = false;
  doc.nodesBetween(from, to, (child) => {
    any ||= holdsSuggestions(child);
    return false;
  });
  return any;
}

/**
 * The library's plugin (mode on/off, arrow keys over anchors), with its decorations (pilcrows at
 * block boundaries of suggestions) computed only while the document holds suggestions: the library
 * walks the whole document on every update, which costs every keystroke in a long section. Whether
 * it does is kept in the plugin's state, looked up only for the blocks a change touched.
 */
export function suggestChangesPlugin(): Plugin {
  const library = suggestChanges();
  const libraryState = library.spec.state!;
  const decorations = library.spec.props?.decorations?.bind(library);
  let last: { doc: Node; set: DecorationSet | null } | null = null;
  type State = ReturnType<typeof libraryState.init> & { holdsSuggestions: boolean };
  return new Plugin<State>({
    ...library.spec,
    state: {
      init: (config, state) => ({ ...libraryState.init(config, state), holdsSuggestions: anyHoldSuggestions(state.doc) }),
      apply(tr, value, oldState, newState) {
        const base = libraryState.apply(tr, value, oldState, newState);
        let holds = value.holdsSuggestions;
        if (tr.docChanged) {
          // While some exist, any change may have removed the last one: look again everywhere.
          const change = holds ? null : docChange(tr);
          holds = holds ? anyHoldSuggestions(newState.doc) : change !== null && anyHoldSuggestions(newState.doc, change.from, change.to);
        }
        return base === value && holds === value.holdsSuggestions ? value : { ...base, holdsSuggestions: holds };
      },
    },
    props: {
      // The library's props only read its own `enabled`, which this state keeps.
      ...(library.spec.props as unknown as EditorProps<Plugin<State>>),
      decorations(state) {
        if (last?.doc === state.doc) return last.set;
        const holds = (suggestChangesKey.getState(state) as State | undefined)?.holdsSuggestions ?? false;
        const set = holds && decorations ? ((decorations(state) as DecorationSet | null | undefined) ?? null) : null;
        last = { doc: state.doc, set };
        return set;
      },
    },
  });
}

/** Whether the editor's document holds any suggestion (cheap: kept by the plugin's state). */
export function hasSuggestions(state: EditorState): boolean {
  return (suggestChangesKey.getState(state) as { holdsSuggestions?: boolean } | undefined)?.holdsSuggestions === true;
}

/** The anchor character the library inserts at block boundaries. */
export const ZERO_WIDTH_SPACE = '\u200B';

/** Turns suggestion mode on or off. Its state is the editor's own (not shared with others). */
export const toggleSuggesting: Command = toggleSuggestChanges;

/** Whether the person's edits are currently made as suggestions. */
export function isSuggesting(state: EditorState): boolean {
  return isSuggestChangesEnabled(state);
}

/** A transaction that sets suggestion mode; for restoring a remembered choice in a new editor. */
export function setSuggesting(state: EditorState, enabled: boolean): Transaction {
  return state.tr.setMeta(suggestChangesKey, { skip: true, enabled }).setMeta('addToHistory', false);
}

/** A random suggestion id naming the side, e.g. "kommune-k3j9x0q2m1ab". */
export function newSuggestionId(side: Side | null): string {
  return randomId(side ? `${side}-` : 's-');
}

function suggestionTypes(schema: Schema): { insertion: MarkType; deletion: MarkType; modification: MarkType } {
  const { insertion, deletion, modification } = schema.marks;
  if (!insertion || !deletion || !modification) throw new Error('The schema has no suggestion marks.');
  return { insertion, deletion, modification };
}

/** The insertion or deletion mark of an inline node, if any. */
function suggestionMark(node: Node | null | undefined): Mark | null {
  if (!node) return null;
  const { insertion, deletion } = suggestionTypes(node.type.schema);
  return node.marks.find((m) => m.type === insertion || m.type === deletion) ?? null;
}

/** Whether a transaction is the person's own edit that suggestion mode must turn into suggestions. */
export function shouldTrack(state: EditorState, tr: Transaction): boolean {
  if (!isSuggestChangesEnabled(state) || !tr.docChanged) return false;
  // Anything from y-prosemirror (another replica's change, undo/redo, the first render) is a replay.
  if (tr.getMeta(ySyncPluginKey) !== undefined) return false;
  const meta = tr.getMeta(suggestChangesKey) as object | undefined;
  return !(meta && 'skip' in meta);
}

/**
 * Block insertions and deletions as inline marks; modification marks dropped (see the file comment).
 * Blocks are handled from the end of the document, so the positions of those before stay valid.
 */
function inlineBlockSuggestions(tr: Transaction): void {
  const { insertion, deletion, modification } = suggestionTypes(tr.doc.type.schema);
  const marked: { pos: number; mark: Mark }[] = [];
  tr.doc.descendants((node, pos) => {
    if (node.isInline) return false;
    for (const mark of node.marks) if (mark.type === insertion || mark.type === deletion || mark.type === modification) marked.push({ pos, mark });
    return true;
  });
  for (const { pos, mark } of marked.reverse()) {
    tr.removeNodeMark(pos, mark);
    if (mark.type === modification) continue;
    // Each textblock of the block starts with an anchor: it gives an empty block something to mark,
    // and tells resolveOne which blocks the suggestion made (or wholly deleted).
    const block = tr.doc.nodeAt(pos)!;
    const starts: number[] = [];
    if (block.isTextblock) starts.push(pos + 1);
    block.descendants((child, at) => {
      if (child.isTextblock) starts.push(pos + 1 + at + 1);
      return !child.isTextblock;
    });
    for (const at of starts.reverse()) tr.insertText(ZERO_WIDTH_SPACE, at);
    const size = tr.doc.nodeAt(pos)!.nodeSize;
    tr.addMark(pos + 1, pos + size - 1, mark);
  }
}

/**
 * The library maps the original selection back through the original steps and forward through the
 * tracked ones, which loses a cursor placed inside inserted content (a new clause, table or
 * sub-goal): it lands before the insertion. For a single inserted slice, put it at the same offset
 * in the slice the library inserted.
 */
function keepCursorInInsertion(original: Transaction, tracked: Transaction): void {
  const step = original.steps.length === 1 ? original.steps[0] : null;
  if (!original.selectionSet || !(step instanceof ReplaceStep) || step.slice.size === 0) return;
  const { anchor, head } = original.selection;
  const end = step.from + step.slice.size;
  if (anchor < step.from || anchor > end || head < step.from || head > end) return;
  const index = tracked.steps.findIndex((s) => s instanceof ReplaceStep && s.slice.eq(step.slice));
  if (index < 0) return;
  const inserted = tracked.steps[index] as ReplaceStep;
  const later = tracked.mapping.slice(index + 1);
  const place = (pos: number) => later.map(inserted.from + (pos - step.from));
  const $head = tracked.doc.resolve(place(head));
  const $anchor = tracked.doc.resolve(place(anchor));
  tracked.setSelection($head.parent.inlineContent && $anchor.parent.inlineContent ? new TextSelection($anchor, $head) : Selection.near($head));
}

/** Ranges of the transaction's final document that its steps inserted or re-marked. */
function touchedRanges(tr: Transaction): [number, number][] {
  const ranges: [number, number][] = [];
  tr.steps.forEach((step, i) => {
    const later = tr.mapping.slice(i + 1);
    const add = (from: number, to: number) => {
      const a = later.map(from, -1);
      const b = later.map(to, 1);
      if (b > a) ranges.push([a, b]);
    };
    if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) step.getMap().forEach((_a, _b, from, to) => add(from, to));
    else if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) add(step.from, step.to);
  });
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/**
 * Gives every character the transaction inserted or newly marked a suggestion of the person making
 * it. The rules, per character whose suggestion mark the transformation set:
 * - it existed before with someone else's suggestion: it keeps that suggestion as it was;
 * - otherwise, if its id is not the person's (the library reused an adjacent suggestion's id), it
 *   gets `freshId()`, one new id of the person's for the whole transaction.
 */
function reattribute(before: Node, tr: Transaction, isMine: (id: string) => boolean, freshId: () => string): void {
  const inverse = tr.mapping.invert();
  const fixes: { from: number; to: number; mark: Mark }[] = [];
  const fix = (from: number, mark: Mark) => {
    const last = fixes[fixes.length - 1];
    if (last && last.to === from && last.mark.eq(mark)) last.to = from + 1;
    else fixes.push({ from, to: from + 1, mark });
  };
  for (const [a, b] of touchedRanges(tr)) {
    tr.doc.nodesBetween(a, b, (node, pos) => {
      if (!node.isInline) return true;
      const mark = suggestionMark(node);
      if (!mark) return false;
      const id = String(mark.attrs.id);
      for (let p = Math.max(pos, a); p < Math.min(pos + node.nodeSize, b); p++) {
        const start = inverse.mapResult(p, 1).pos;
        const existed = inverse.mapResult(p + 1, -1).pos - start === 1;
        const old = existed ? suggestionMark(before.nodeAt(start)) : null;
        if (old && old.eq(mark)) continue;
        if (old && !isMine(String(old.attrs.id))) fix(p, old);
        else if (!isMine(id)) fix(p, mark.type.create({ id: freshId() }));
      }
      return false;
    });
  }
  const { insertion, deletion } = suggestionTypes(tr.doc.type.schema);
  for (const { from, to, mark } of fixes) {
    tr.removeMark(from, to, insertion);
    tr.removeMark(from, to, deletion);
    tr.addMark(from, to, mark);
  }
}

/** The ids of suggestion marks within the transaction's touched ranges. */
function idsTouched(tr: Transaction): Set<string> {
  const ids = new Set<string>();
  for (const [a, b] of touchedRanges(tr)) {
    tr.doc.nodesBetween(a, b, (node) => {
      const mark = suggestionMark(node);
      if (mark) ids.add(String(mark.attrs.id));
      return !node.isInline;
    });
  }
  return ids;
}

export interface TrackOptions {
  /** The person suggesting; null records no authorship (ids still name no side). */
  author: SuggestionAuthor | null;
  /** Authorship of existing suggestions, to tell the person's own from others'. */
  authorOf: (id: string) => SuggestionAuthorship | undefined;
}

export interface TrackedChange {
  tr: Transaction;
  /** New suggestion ids the transaction uses; their authorship is to be recorded. */
  newIds: string[];
}

/** The person's transaction turned into suggestions attributed to them. Pure: records nothing. */
export function trackChange(state: EditorState, tr: Transaction, { author, authorOf }: TrackOptions): TrackedChange {
  const generated = new Set<string>();
  const generate = () => {
    const id = newSuggestionId(author?.side ?? null);
    generated.add(id);
    return id;
  };
  const tracked = transformToSuggestionTransaction(tr, state, generate);
  keepCursorInInsertion(tr, tracked);
  inlineBlockSuggestions(tracked);
  let fresh: string | null = null;
  const isMine = (id: string) => generated.has(id) || (author !== null && isAuthoredBy(authorOf(id), author));
  reattribute(state.doc, tracked, isMine, () => (fresh ??= generate()));
  const newIds = [...idsTouched(tracked)].filter((id) => generated.has(id));
  return { tr: tracked, newIds };
}

/**
 * A dispatchTransaction for an EditorView on a section: while suggestion mode is on, the person's
 * edits become suggestions attributed to `author()`, whose authorship is written to `ydoc` before
 * the text. Everything else (remote changes, undo/redo, meta-only transactions, accept/reject)
 * passes through unchanged.
 */
export function suggestingDispatch(
  ydoc: Y.Doc,
  author: () => SuggestionAuthor | null,
  dispatch: (this: EditorView, tr: Transaction) => void,
): (this: EditorView, tr: Transaction) => void {
  return function (this: EditorView, tr: Transaction) {
    if (!shouldTrack(this.state, tr)) return dispatch.call(this, tr);
    const who = author();
    const tracked = trackChange(this.state, tr, { author: who, authorOf: (id) => suggestionAuthor(ydoc, id) });
    if (who && tracked.newIds.length > 0) recordSuggestionAuthors(ydoc, tracked.newIds, who);
    dispatch.call(this, tracked.tr);
  };
}

export type SuggestionKind = 'insertion' | 'deletion' | 'replacement';

export interface SuggestionEntry {
  id: string;
  kind: SuggestionKind;
  /** The suggested new text ("" for a pure deletion); "¶" marks a paragraph boundary. */
  inserted: string;
  /** The text suggested for deletion ("" for a pure insertion). */
  deleted: string;
  /** Document range from the first to the last character of the suggestion. */
  from: number;
  to: number;
  /** The clause holding the suggestion's start; null outside clauses (headings). */
  clauseId: string | null;
  /** Who made it; null while unknown (authorship not received, or made without a profile). */
  author: SuggestionAuthorship | null;
  /** The author's side, or the side named in the id when the author is unknown. */
  side: Side | null;
}

/** Every pending suggestion of a section in document order, with its authorship. */
export function listSuggestions(doc: Node, authors: ReadonlyMap<string, SuggestionAuthorship>): SuggestionEntry[] {
  const { insertion } = suggestionTypes(doc.type.schema);
  type Field = 'inserted' | 'deleted';
  /** Per entry and field, the position of the textblock last added to it (-1: none yet). */
  const lastBlock = new Map<string, Record<Field, number>>();
  const byId = new Map<string, SuggestionEntry>();
  const visit = (node: Node, pos: number, blockPos: number, clauseId: string | null) => {
    const mark = suggestionMark(node);
    if (!mark) return;
    const id = String(mark.attrs.id);
    let entry = byId.get(id);
    if (!entry) {
      const author = authors.get(id) ?? null;
      entry = { id, kind: 'insertion', inserted: '', deleted: '', from: pos, to: pos, clauseId, author, side: author?.side ?? suggestionIdSide(id) };
      byId.set(id, entry);
      lastBlock.set(id, { inserted: -1, deleted: -1 });
    }
    const field: Field = mark.type === insertion ? 'inserted' : 'deleted';
    const blocks = lastBlock.get(id)!;
    if (blocks[field] >= 0 && blocks[field] !== blockPos) entry[field] += ' ¶ ';
    blocks[field] = blockPos;
    entry[field] += (node.isText ? node.text! : ' ').split(ZERO_WIDTH_SPACE).join('');
    entry.to = pos + node.nodeSize;
  };
  doc.forEach((top, offset) => {
    const clauseId = top.type.name === 'clause' ? (top.attrs.id as string | null) : null;
    const visitBlock = (block: Node, blockPos: number) => block.forEach((child, at) => visit(child, blockPos + 1 + at, blockPos, clauseId));
    if (top.isTextblock) visitBlock(top, offset);
    top.descendants((node, at) => {
      if (node.isTextblock) visitBlock(node, offset + 1 + at);
      return !node.isTextblock;
    });
  });
  // A suggestion of only block boundaries (a paragraph split) reads as "¶".
  const readable = (text: string, present: boolean) => (present ? text.trim() || '¶' : '');
  return [...byId.values()].map((entry) => {
    const blocks = lastBlock.get(entry.id)!;
    const hasInsertion = blocks.inserted >= 0;
    const hasDeletion = blocks.deleted >= 0;
    return {
      ...entry,
      inserted: readable(entry.inserted, hasInsertion),
      deleted: readable(entry.deleted, hasDeletion),
      kind: hasInsertion && hasDeletion ? 'replacement' : hasDeletion ? 'deletion' : 'insertion',
    };
  });
}

/** Deletes zero-width spaces that no longer belong to a suggestion (their suggestion was resolved). */
function removeOrphanAnchors(tr: Transaction): void {
  const orphans: number[] = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isText) return true;
    if (suggestionMark(node)) return false;
    for (let i = node.text!.indexOf(ZERO_WIDTH_SPACE); i >= 0; i = node.text!.indexOf(ZERO_WIDTH_SPACE, i + 1)) orphans.push(pos + i);
    return false;
  });
  for (const pos of orphans.reverse()) tr.delete(pos, pos + 1);
}

/** Prefix of the placeholder ids resolveOne gives other suggestions for a moment. */
const HOLD = '\u0000hold:';

function hasSuggestion(doc: Node, id: string): boolean {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    const mark = suggestionMark(node);
    if (mark && String(mark.attrs.id) === id) found = true;
    return !found;
  });
  return found;
}

/**
 * Accepts or rejects one suggestion, adding the steps to `tr`. The library's applySuggestion and
 * revertSuggestion remove a suggestion's text up to the end of the run of marks of its type
 * (findSuggestionMarkEnd checks the id only across blocks): with another person's suggestion
 * directly after, that text would go too. So for the moment of the library's command the other
 * suggestions of that type wear the other type under a placeholder id, which the library leaves
 * alone, and get their marks back afterwards.
 */
function resolveOne(tr: Transaction, id: string, accept: boolean): void {
  const { insertion, deletion } = suggestionTypes(tr.doc.type.schema);
  // Accepting removes the text of deletions; rejecting removes the text of insertions.
  const removed = accept ? deletion : insertion;
  const other = accept ? insertion : deletion;
  // Only others' marks in a run of `removed` marks that holds this id can be overrun.
  const overrun: { from: number; to: number; mark: Mark }[] = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let run: { from: number; to: number; mark: Mark }[] = [];
    let hasId = false;
    const end = () => {
      if (hasId) overrun.push(...run.filter((r) => String(r.mark.attrs.id) !== id));
      run = [];
      hasId = false;
    };
    node.forEach((child, offset) => {
      const mark = removed.isInSet(child.marks);
      if (!mark) return end();
      run.push({ from: pos + 1 + offset, to: pos + 1 + offset + child.nodeSize, mark });
      hasId ||= String(mark.attrs.id) === id;
    });
    end();
    return false;
  });
  for (const { from, to, mark } of overrun) {
    tr.removeMark(from, to, removed);
    tr.addMark(from, to, other.create({ id: HOLD + JSON.stringify(mark.attrs.id) }));
  }
  const made = blocksMadeBy(tr.doc, removed, id);
  const before = tr.steps.length;
  (accept ? applySuggestion(id) : revertSuggestion(id))(EditorState.create({ schema: tr.doc.type.schema, doc: tr.doc }), (sub) => {
    for (const step of sub.steps) tr.step(step);
  });
  removeEmptied(tr, made, tr.mapping.slice(before));
  if (overrun.length === 0) return;
  const held: { from: number; to: number; mark: Mark }[] = [];
  tr.doc.descendants((node, pos) => {
    const mark = node.isInline ? other.isInSet(node.marks) : undefined;
    if (mark && String(mark.attrs.id).startsWith(HOLD)) held.push({ from: pos, to: pos + node.nodeSize, mark });
    return !node.isInline;
  });
  for (const { from, to, mark } of held) {
    tr.removeMark(from, to, other);
    tr.addMark(from, to, removed.create({ id: JSON.parse(String(mark.attrs.id).slice(HOLD.length)) as string | number }));
  }
}

/**
 * The blocks `type` with `id` holds wholly, each textblock starting with its anchor: blocks the
 * suggestion inserted (or, for a deletion, deleted as a whole; see inlineBlockSuggestions). The
 * outermost such nodes (a whole clause, table or sub-goal rather than its paragraphs).
 */
function blocksMadeBy(doc: Node, type: MarkType, id: string): { pos: number; node: Node }[] {
  const held = (node: Node) => String(type.isInSet(node.marks)?.attrs.id) === id;
  const made = (node: Node): boolean => {
    if (node.isTextblock) {
      const first = node.firstChild;
      let all = !!first?.isText && first.text!.startsWith(ZERO_WIDTH_SPACE);
      node.forEach((child) => (all &&= held(child)));
      return all;
    }
    if (node.isInline || node.childCount === 0) return false;
    let all = true;
    node.forEach((child) => (all &&= made(child)));
    return all;
  };
  const out: { pos: number; node: Node }[] = [];
  doc.descendants((node, pos) => {
    if (node.isInline) return false;
    if (!made(node)) return true;
    out.push({ pos, node });
    return false;
  });
  return out;
}

/**
 * Removes the blocks the library's command left without text (its deleteRange stops at a block that
 * may be empty), where the schema allows. `blocks` are from before the command (the library may
 * rebuild them, so a block is found again by its start and type); `mapping` maps past it.
 */
function removeEmptied(tr: Transaction, blocks: { pos: number; node: Node }[], mapping: Mapping): void {
  for (const block of [...blocks].reverse()) {
    const { pos, deletedAfter } = mapping.mapResult(block.pos, -1);
    const node = deletedAfter ? null : tr.doc.nodeAt(pos);
    if (!node || node.type !== block.node.type || node.textContent.split(ZERO_WIDTH_SPACE).join('') !== '') continue;
    const $pos = tr.doc.resolve(pos);
    if ($pos.parent.canReplace($pos.index(), $pos.index() + 1)) tr.delete(pos, pos + node.nodeSize);
  }
}

/**
 * Resolves each id in turn as one transaction (one undo step, one write to Yjs). False when none of
 * the ids is in the document.
 */
function resolveAll(ids: readonly string[], accept: boolean): Command {
  return (state, dispatch) => {
    const present = ids.filter((id) => hasSuggestion(state.doc, id));
    if (present.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const id of present) resolveOne(tr, id, accept);
      removeOrphanAnchors(tr);
      // Resolving a suggestion is never itself a suggestion.
      dispatch(tr.setMeta(suggestChangesKey, { skip: true }));
    }
    return true;
  };
}

/** Accepts one suggestion: its insertions become plain text, its deletions are removed. */
export function acceptSuggestion(id: string): Command {
  return resolveAll([id], true);
}

/** Rejects one suggestion: its insertions are removed, its deletions stay as plain text. */
export function rejectSuggestion(id: string): Command {
  return resolveAll([id], false);
}

/** The ids of the pending suggestions made by `side`. */
export function suggestionIdsFrom(doc: Node, side: Side, authors: ReadonlyMap<string, SuggestionAuthorship>): string[] {
  return listSuggestions(doc, authors)
    .filter((s) => s.side === side)
    .map((s) => s.id);
}

/** Accepts every pending suggestion of one side; the others' stay pending. */
export function acceptAllFrom(side: Side, authors: ReadonlyMap<string, SuggestionAuthorship>): Command {
  return (state, dispatch) => resolveAll(suggestionIdsFrom(state.doc, side, authors), true)(state, dispatch);
}

/** Rejects every pending suggestion of one side; the others' stay pending. */
export function rejectAllFrom(side: Side, authors: ReadonlyMap<string, SuggestionAuthorship>): Command {
  return (state, dispatch) => resolveAll(suggestionIdsFrom(state.doc, side, authors), false)(state, dispatch);
}

/** Selects the text of a suggestion (to show it in the editor). */
export function showSuggestion(id: string): Command {
  return selectSuggestion(id);
}
