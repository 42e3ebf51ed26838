// Stable clause ids. A clause keeps its id through edits and undo because the id is an attribute
// stored in Yjs; what can break uniqueness is a split or a paste, which copies the attribute. The
// plugin below repairs that in the same dispatch: the clause that was there before keeps the id, the
// new one gets a fresh id.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { Node, ResolvedPos } from 'prosemirror-model';
import { Mapping } from 'prosemirror-transform';
import { randomId } from '../domain/ids.ts';
import { diffRange, docChange } from '../editor/changes.ts';

/** A random clause id such as "k7f3q9x2m1a0b". */
export function newClauseId(): string {
  return randomId('k');
}

export interface ClauseRef {
  id: string | null;
  pos: number;
  node: Node;
}

/** The clause holding `$pos` (a top-level one: clauses sit at the top level only), or null. */
export function clauseAround($pos: ResolvedPos): ClauseRef | null {
  if ($pos.depth < 1) return null;
  const node = $pos.node(1);
  return node.type.name === 'clause' ? { id: (node.attrs.id as string | null) ?? null, pos: $pos.before(1), node } : null;
}

/** Every clause in document order, with its position. Clauses sit at the top level only. */
export function clausesOf(doc: Node): ClauseRef[] {
  const out: ClauseRef[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name === 'clause') out.push({ id: node.attrs.id as string | null, pos: offset, node });
  });
  return out;
}

/**
 * Returns a transaction that gives every clause in `state` a unique id, or null when all are fine.
 * `previous` (the state before the change) decides which of two clauses sharing an id keeps it: the
 * one whose position the old clause maps to.
 */
export function repairClauseIds(
  state: EditorState,
  previous?: { doc: Node; mapping: { map(pos: number, assoc?: number): number } },
): Transaction | null {
  const clauses = clausesOf(state.doc);
  const byId = new Map<string, ClauseRef[]>();
  const needsId: ClauseRef[] = [];
  for (const c of clauses) {
    if (!c.id) needsId.push(c);
    else byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  }
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    let keeper = group[0];
    if (previous) {
      const old = clausesOf(previous.doc).find((c) => c.id === id);
      if (old) {
        // assoc 1: content pasted right before the old clause pushes it forward, and it keeps its id.
        const mapped = previous.mapping.map(old.pos, 1);
        keeper = group.find((c) => c.pos === mapped) ?? keeper;
      }
    }
    for (const c of group) if (c !== keeper) needsId.push(c);
  }
  if (needsId.length === 0) return null;
  const taken = new Set(byId.keys());
  const tr = state.tr;
  for (const c of needsId) {
    let id = newClauseId();
    while (taken.has(id)) id = newClauseId();
    taken.add(id);
    tr.setNodeAttribute(c.pos, 'id', id);
  }
  // Part of the user's edit, so it is undone with it: y-prosemirror writes a whole dispatch to Yjs as
  // one transaction and takes the history flag from its last step.
  return tr;
}

export const clauseIdsKey = new PluginKey('clauseIds');

/**
 * Whether everything that changed lies inside one top-level block: a clause that kept its id, or a
 * block of another kind that stayed that kind. Then no clause came or went and ids stay unique, and
 * the full check (every clause, on every keystroke) can be skipped.
 */
function editedInsideOneBlock(before: Node, after: Node, changed: { from: number; to: number } | null): boolean {
  if (before.childCount !== after.childCount) return false;
  if (!changed) return true;
  const $start = after.resolve(changed.from);
  const $end = after.resolve(changed.to);
  if ($start.depth < 1 || $end.depth < 1 || $start.index(0) !== $end.index(0)) return false;
  const index = $start.index(0);
  const now = after.child(index);
  const was = before.child(index);
  // Clauses are top-level blocks only: an edit inside another kind of block changes no clause.
  if (now.type === was.type && now.type.name !== 'clause') return true;
  return now.type.name === 'clause' && was.type.name === 'clause' && now.attrs.id !== null && now.attrs.id === was.attrs.id;
}

/** Where `after` differs from `before`, in `after`, or null when they are equal. */
function changedRange(before: Node, after: Node): { from: number; to: number } | null {
  const range = diffRange(before, after);
  return range && { from: range.start, to: range.endB };
}

/**
 * Keeps clause ids present and unique after every change. `isRemote` tells which transactions
 * replay another replica's change: that replica already repaired them, and repairing them here too
 * would give the same clause two different new ids on two machines.
 */
export function clauseIdsPlugin(isRemote: (tr: Transaction) => boolean = () => false): Plugin {
  return new Plugin({
    key: clauseIdsKey,
    appendTransaction(trs, oldState, newState) {
      if (!trs.some((tr) => tr.docChanged && !isRemote(tr))) return null;
      // One transaction (a keystroke): its change, which the other plugins have already asked for.
      const changed = trs.length === 1 ? docChange(trs[0]) : changedRange(oldState.doc, newState.doc);
      if (editedInsideOneBlock(oldState.doc, newState.doc, changed)) return null;
      const mapping = new Mapping();
      for (const tr of trs) mapping.appendMapping(tr.mapping);
      return repairClauseIds(newState, { doc: oldState.doc, mapping });
    },
  });
}
