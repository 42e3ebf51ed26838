// The status of every clause of a section, from its text and the positions in its Y.Doc. Used by the
// editor's status chips and by the disputes overview, so both show the same thing.
import type { Node } from 'prosemirror-model';
import { clausesOf } from '../schema/clauseIds.ts';
import { clauseHash } from './clauseText.ts';
import { deriveStatus, type DerivedStatus, type NegotiationSide, type Position } from './position.ts';

const hashes = new WeakMap<Node, string>();
let computed = 0;

/**
 * clauseHash() remembered per node. ProseMirror nodes are immutable and an edit replaces only the
 * nodes on the path to the change, so after a keystroke only the edited clause is hashed again.
 */
export function cachedClauseHash(clause: Node): string {
  let hash = hashes.get(clause);
  if (hash === undefined) {
    hash = clauseHash(clause);
    hashes.set(clause, hash);
    computed++;
  }
  return hash;
}

/** How many hashes cachedClauseHash has computed so far (for tests and the benchmark). */
export function hashesComputed(): number {
  return computed;
}

export type PositionsOf = (clauseId: string) => Partial<Record<NegotiationSide, Position>>;

export interface ClauseStatusEntry extends DerivedStatus {
  clauseId: string;
  /** Position of the clause node in the document. */
  pos: number;
  /** 1-based index of the clause in the section (its number after the section number). */
  index: number;
  node: Node;
  hash: string;
  positions: Partial<Record<NegotiationSide, Position>>;
}

/** Every clause (with an id) of `doc` with its derived status, in document order. */
export function clauseStatuses(doc: Node, positionsOf: PositionsOf): ClauseStatusEntry[] {
  return clausesOf(doc).flatMap((c, i) => {
    if (!c.id) return [];
    const hash = cachedClauseHash(c.node);
    const positions = positionsOf(c.id);
    return [{ clauseId: c.id, pos: c.pos, index: i + 1, node: c.node, hash, positions, ...deriveStatus(positions, hash) }];
  });
}

/** The next clause after `fromPos` (wrapping around) whose status needs attention: disputed or stale. */
export function nextAttention(entries: readonly ClauseStatusEntry[], fromPos: number): ClauseStatusEntry | null {
  const needs = entries.filter((e) => e.status === 'uenighed' || e.status === 'aendret');
  return needs.find((e) => e.pos > fromPos) ?? needs[0] ?? null;
}
