// What a transaction changed, for plugins that keep per-clause decorations and want to redo only the
// clauses that changed. The changed range comes from diffing the two documents, which is cheap
// because unchanged nodes are the same objects (ProseMirror and y-prosemirror both reuse them), and
// catches every kind of step (text, marks, attributes); for a transaction of one replace step (a
// keystroke, a change from Yjs) it is looked for only in the top-level blocks that step touched
// (stepDiffRange). A change from Yjs arrives as one step replacing the top-level blocks it touched,
// or the children it touched within one block (y-prosemirror, patched), whose mapping would move
// everything in them to their edges; it is mapped by the diff, which is exact within them.
import { Mapping, StepMap, ReplaceStep } from 'prosemirror-transform';
import type { Node } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';

export interface DocChange {
  /** Maps positions of the old document to the new one. */
  mapping: Mapping;
  /** The changed range in the new document (from ≤ to); text around it is as it was. */
  from: number;
  to: number;
}

/** Whether `tr` is y-prosemirror's replacement of whole nodes by their new versions. */
function replacesBlocksFromYjs(tr: Transaction): boolean {
  if (tr.steps.length !== 1 || tr.getMeta(ySyncPluginKey) === undefined) return false;
  const step = tr.steps[0];
  return step instanceof ReplaceStep && step.slice.openStart === 0 && step.slice.openEnd === 0;
}

// Several plugins ask about the same transaction; the diff is made once.
const changes = new WeakMap<Transaction, DocChange | null>();

/** The change `tr` made to the document, or null when it made none. */
export function docChange(tr: Transaction): DocChange | null {
  if (!tr.docChanged) return null;
  let change = changes.get(tr);
  if (change === undefined) {
    change = diffChange(tr);
    changes.set(tr, change);
  }
  return change;
}

/**
 * Where two documents differ: from `start` to `endA` in `before` and to `endB` in `after`, or null
 * when they are equal.
 */
export function diffRange(before: Node, after: Node): { start: number; endA: number; endB: number } | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  return uncrossed(start, before.content.findDiffEnd(after.content)!);
}

/** The diff's range from its start and end. Repeated content can make the two ends cross; they
 *  are moved forward as prosemirror-view does. */
function uncrossed(start: number, end: { a: number; b: number }): { start: number; endA: number; endB: number } {
  const overlap = start - Math.min(end.a, end.b);
  return overlap > 0 ? { start, endA: end.a + overlap, endB: end.b + overlap } : { start, endA: end.a, endB: end.b };
}

/**
 * diffRange(before, after) for documents that one replace step of `before` from `from` to `to` made
 * `after`: the top-level blocks outside the ones holding the step are the same objects in both, so
 * the diff is looked for among the blocks that hold it rather than by walking past all the others
 * (hundreds in a long section, on every keystroke and every change from Yjs). Where the diff
 * would run out of those blocks (repeated content at their edges), the whole documents are diffed.
 */
export function stepDiffRange(before: Node, after: Node, from: number, to: number): { start: number; endA: number; endB: number } | null {
  const $from = before.resolve(from);
  const $to = before.resolve(to);
  const a = $from.depth === 0 ? from : $from.before(1);
  const endA = $to.depth === 0 ? to : $to.after(1);
  const endB = endA + after.content.size - before.content.size;
  if (endB < a) return diffRange(before, after);
  const windowA = before.content.cut(a, endA);
  const windowB = after.content.cut(a, endB);
  const start = windowA.findDiffStart(windowB, a);
  if (start === null) return null;
  const end = windowA.findDiffEnd(windowB, endA, endB);
  if (start >= Math.min(endA, endB) || !end || Math.min(end.a, end.b) <= a) return diffRange(before, after);
  return uncrossed(start, end);
}

function diffChange(tr: Transaction): DocChange | null {
  const step = tr.steps.length === 1 ? tr.steps[0] : null;
  const range = step instanceof ReplaceStep ? stepDiffRange(tr.before, tr.doc, step.from, step.to) : diffRange(tr.before, tr.doc);
  if (!range) return null;
  const { start, endA, endB } = range;
  const mapping = replacesBlocksFromYjs(tr) ? new Mapping([new StepMap([start, endA - start, endB - start])]) : tr.mapping;
  return { mapping, from: start, to: endB };
}

/**
 * The ranges the steps of `tr` touched, in the new document. Unlike the diff in docChange, these say
 * where the edit was made, which matters among equal characters ("nn": which n was deleted).
 */
export function stepRanges(tr: Transaction): [number, number][] {
  let ranges: [number, number][] = [];
  for (const map of tr.mapping.maps) {
    ranges = ranges.map(([from, to]) => [map.map(from, -1), map.map(to, 1)]);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      ranges.push([newStart, newEnd]);
    });
  }
  return ranges;
}
