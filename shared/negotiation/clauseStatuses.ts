// The status of every clause of a section, from its text and the positions in its Y.Doc. Used by the
// editor's status chips and by the disputes overview, so both show the same thing.
import type { Node } from 'prosemirror-model';
import { clausesOf, type ClauseRef } from '../schema/clauseIds.ts';
import { hashOfNormalised, normaliseContent } from './clauseText.ts';
import { deriveStatus, type DerivedStatus, type NegotiationSide, type Position } from './position.ts';

/** A clause's text as positions see it: the normalised content and its hash. */
export interface ClauseText {
  /** normaliseContent(clause). */
  normalised: string;
  /** clauseHash(clause). */
  hash: string;
}

const texts = new WeakMap<Node, ClauseText>();
const normalisedTexts = new WeakMap<Node, string>();
let computed = 0;

/** normaliseContent(clause), remembered per node. */
function cachedNormalised(clause: Node): string {
  let normalised = normalisedTexts.get(clause);
  if (normalised === undefined) {
    normalised = normaliseContent(clause);
    normalisedTexts.set(clause, normalised);
  }
  return normalised;
}

/**
 * The normalised text and hash of a clause, remembered per node. ProseMirror nodes are immutable and
 * an edit replaces only the nodes on the path to the change, so after a keystroke only the edited
 * clause is normalised and hashed again. Both come from one normalisation.
 */
export function cachedClauseText(clause: Node): ClauseText {
  let text = texts.get(clause);
  if (text === undefined) {
    const normalised = cachedNormalised(clause);
    text = { normalised, hash: hashOfNormalised(normalised) };
    texts.set(clause, text);
    computed++;
  }
  return text;
}

/** clauseHash() remembered per node (see cachedClauseText). */
export function cachedClauseHash(clause: Node): string {
  return cachedClauseText(clause).hash;
}

/** The normalised text each position hash seen here was computed from (clauseHasHash), oldest first. */
const textsOfHashes = new Map<string, string>();
const TEXTS_OF_HASHES_KEPT = 10_000;

/**
 * Whether `clause`'s text is the one `hash` (a position's textHash) was computed from. Once a
 * version of the clause has been seen with that hash, later versions are compared with its
 * normalised text instead of being hashed (equal normalised texts, equal hashes): typing in a clause
 * that both sides agreed on then costs no hash per keystroke. Only texts some position's hash was
 * found to match are kept.
 */
export function clauseHasHash(clause: Node, hash: string): boolean {
  const known = texts.get(clause);
  if (known === undefined) {
    const agreed = textsOfHashes.get(hash);
    if (agreed !== undefined) return cachedNormalised(clause) === agreed;
  }
  const text = known ?? cachedClauseText(clause);
  if (text.hash !== hash) return false;
  if (!textsOfHashes.has(hash)) {
    if (textsOfHashes.size >= TEXTS_OF_HASHES_KEPT) textsOfHashes.delete(textsOfHashes.keys().next().value!);
    textsOfHashes.set(hash, text.normalised);
  }
  return true;
}

/** How many hashes cachedClauseText has computed so far (for tests and the benchmark). */
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
  /** normaliseContent(node): what a position taken now records as its text. */
  normalised: string;
  positions: Partial<Record<NegotiationSide, Position>>;
}

function entryOf(c: ClauseRef, index: number, positionsOf: PositionsOf): ClauseStatusEntry | null {
  if (!c.id) return null;
  const { hash, normalised } = cachedClauseText(c.node);
  const positions = positionsOf(c.id);
  return { clauseId: c.id, pos: c.pos, index, node: c.node, hash, normalised, positions, ...deriveStatus(positions, hash) };
}

/** Every clause (with an id) of `doc` with its derived status, in document order. */
export function clauseStatuses(doc: Node, positionsOf: PositionsOf): ClauseStatusEntry[] {
  return clausesOf(doc).flatMap((c, i) => entryOf(c, i + 1, positionsOf) ?? []);
}

/** The status of one clause, found by its position or its id, without deriving the others'. */
export function clauseStatusOf(doc: Node, positionsOf: PositionsOf, which: { pos: number } | { clauseId: string }): ClauseStatusEntry | null {
  const clauses = clausesOf(doc);
  const i = clauses.findIndex((c) => ('pos' in which ? c.pos === which.pos : c.id === which.clauseId));
  return i < 0 ? null : entryOf(clauses[i], i + 1, positionsOf);
}

/** The next clause after `fromPos` (wrapping around) whose status needs attention: disputed or stale. */
export function nextAttention(entries: readonly ClauseStatusEntry[], fromPos: number): ClauseStatusEntry | null {
  const needs = entries.filter((e) => e.status === 'uenighed' || e.status === 'aendret');
  return needs.find((e) => e.pos > fromPos) ?? needs[0] ?? null;
}
