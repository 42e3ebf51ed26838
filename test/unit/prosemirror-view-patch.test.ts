// What our patch of prosemirror-view (patches/prosemirror-view+1.42.9.patch) changes, and what it
// must not: DecorationSet.forChild finds a child's set by a binary search of the children and skips
// the local decorations when none is inline. It must answer exactly what the unpatched linear scan
// answers, for sets made, mapped through edits, added to and removed from, at every node of the
// document (top-level blocks and the blocks inside them). DecorationGroup.forChild (several
// plugins' decorations) makes no array unless two members answer, and must answer with the same
// sets, in the same order, as the unpatched one. Checked on both of the package's entry points (ES
// module and CommonJS): both files are patched. (The patch's third change, the view passing its
// shared empty array as a child's outer decorations where none is active rather than a new empty
// one, is behind the view: the browser tests render through it.)
import { createRequire } from 'node:module';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, type Transaction } from 'prosemirror-state';
import * as esm from 'prosemirror-view';
import type { Decoration, DecorationSet } from 'prosemirror-view';
import { schema } from '../../shared/schema/schema.ts';

type ViewModule = typeof esm;
const cjs = createRequire(import.meta.url)('prosemirror-view') as ViewModule;

/** The internals forChild reads (prosemirror-view's DecorationSet fields). */
interface SetInternals {
  local: Decoration[];
  children: (number | DecorationSet)[];
}

/**
 * The unpatched forChild (prosemirror-view 1.42.9), as a function of a set's internals: the
 * reference the patched one is compared with.
 */
function referenceForChild(mod: ViewModule, set: DecorationSet, offset: number, node: PMNode): DecorationSet {
  const { local: locals, children } = set as unknown as SetInternals;
  if (set === mod.DecorationSet.empty) return set;
  if (node.isLeaf) return mod.DecorationSet.empty;
  let child: DecorationSet | undefined;
  let local: Decoration[] | undefined;
  for (let i = 0; i < children.length; i += 3) {
    if ((children[i] as number) >= offset) {
      if (children[i] === offset) child = children[i + 2] as DecorationSet;
      break;
    }
  }
  const start = offset + 1;
  const end = start + node.content.size;
  for (const dec of locals) {
    if (dec.from < end && dec.to > start && (dec as unknown as { type: object }).type instanceof inlineType(mod)) {
      const from = Math.max(start, dec.from) - start;
      const to = Math.min(end, dec.to) - start;
      if (from < to) (local ??= []).push({ from, to, spec: dec.spec } as unknown as Decoration);
    }
  }
  if (local) return { reference: true, local, child } as unknown as DecorationSet;
  return child ?? mod.DecorationSet.empty;
}

/** The class of inline decorations' types (not exported by prosemirror-view). */
const inlineType = (mod: ViewModule) => (mod.Decoration.inline(0, 1, {}) as unknown as { type: object }).type.constructor as new () => object;

/** What a set holds, as plain data: every decoration's range and spec id, in order. */
function contents(set: DecorationSet): string[] {
  return set
    .find()
    .map((d) => `${d.from}-${d.to}:${(d.spec as { id: string }).id}`)
    .sort();
}

/** The patched answer equals the reference: the same object when the reference returns one of the
 *  set's own (or the empty set), else the same decorations. */
function expectSame(mod: ViewModule, set: DecorationSet, offset: number, node: PMNode): void {
  const got = set.forChild(offset, node) as DecorationSet & { members?: DecorationSet[] };
  const want = referenceForChild(mod, set, offset, node) as DecorationSet & { reference?: true; local?: Decoration[]; child?: DecorationSet };
  if (!want.reference) {
    expect(got).toBe(want);
    return;
  }
  const expected = [
    ...want.local!.map((d) => `${d.from}-${d.to}:${(d.spec as { id: string }).id}`),
    ...(want.child ? contents(want.child) : []),
  ].sort();
  const members = got.members ?? [got];
  expect(members.flatMap((m) => contents(m)).sort()).toEqual(expected);
}

/** A document of `blocks` top-level blocks: clauses holding paragraphs, and free paragraphs. */
function document(gen: prng.PRNG, blocks: number): PMNode {
  const n = schema.nodes;
  const para = () => n.paragraph.create(null, schema.text(`Tekst ${prng.word(gen, 3, 12)} ${prng.word(gen, 1, 8)}`));
  const children: PMNode[] = [];
  for (let i = 0; i < blocks; i++) {
    children.push(prng.bool(gen) ? n.clause.create({ id: `k${i}` }, Array.from({ length: prng.int32(gen, 1, 3) }, para)) : para());
  }
  return n.doc.create(null, children);
}

/** Random decorations of every kind over `doc`. */
function decorations(mod: ViewModule, gen: prng.PRNG, doc: PMNode, count: number, tag: string): Decoration[] {
  const out: Decoration[] = [];
  const nodes: { pos: number; node: PMNode }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) nodes.push({ pos, node });
    return true;
  });
  for (let i = 0; i < count; i++) {
    const id = `${tag}${i}`;
    const kind = prng.int32(gen, 0, 2);
    if (kind === 0) {
      const { pos, node } = prng.oneOf(gen, nodes);
      out.push(mod.Decoration.node(pos, pos + node.nodeSize, { class: 'x' }, { id, kind: 'node' }));
    } else if (kind === 1) {
      const from = prng.int32(gen, 0, doc.content.size - 1);
      const to = Math.min(doc.content.size, from + prng.int32(gen, 1, 40));
      out.push(mod.Decoration.inline(from, to, { class: 'y' }, { id }));
    } else {
      out.push(mod.Decoration.widget(prng.int32(gen, 0, doc.content.size), () => ({}) as never, { id, kind: 'widget' }));
    }
  }
  return out;
}

/** A random edit: text typed, a range deleted, or a block inserted. */
function edit(gen: prng.PRNG, state: EditorState): Transaction {
  const size = state.doc.content.size;
  const pos = prng.int32(gen, 1, size - 1);
  const tr = state.tr;
  const $pos = state.doc.resolve(pos);
  const choice = prng.int32(gen, 0, 2);
  if (choice === 0 && $pos.parent.isTextblock) tr.insertText(prng.word(gen, 1, 6), pos);
  else if (choice === 1 && $pos.parent.isTextblock) tr.delete(pos, Math.min($pos.end(), pos + prng.int32(gen, 1, 8)));
  else tr.insert(state.doc.resolve(pos).before(1), schema.nodes.paragraph.create(null, schema.text('Ny')));
  return tr;
}

/** Every node with content, and its offset as forChild is asked for it within its parent's set. */
function checkEverywhere(mod: ViewModule, set: DecorationSet, node: PMNode): number {
  let checked = 0;
  node.forEach((child, offset) => {
    expectSame(mod, set, offset, child);
    checked++;
    if (child.isLeaf || child.isTextblock) return;
    // A child's decorations may come as a group (its inline part and its own set): each is a set.
    const inner = set.forChild(offset, child) as DecorationSet & { members?: DecorationSet[] };
    for (const member of inner.members ?? [inner]) checked += checkEverywhere(mod, member, child);
  });
  return checked;
}

/** The unpatched DecorationGroup.forChild: the members' answers, groups flattened; as the list of
 *  sets it is made of (empty: the empty set). */
function referenceGroupForChild(members: readonly DecorationSet[], offset: number, node: PMNode, empty: DecorationSet): DecorationSet[] {
  if (node.isLeaf) return [];
  const found: DecorationSet[] = [];
  for (const member of members) {
    const result = member.forChild(offset, node) as DecorationSet & { members?: DecorationSet[] };
    if (result === empty) continue;
    found.push(...(result.members ?? [result]));
  }
  return found;
}

describe.each([
  ['ES module', esm],
  ['CommonJS', cjs],
] as const)('prosemirror-view patch: DecorationSet.forChild (%s entry point)', (_name, mod) => {
  it('is patched (a set knows whether it has an inline local decoration)', () => {
    expect(Object.prototype.hasOwnProperty.call(mod.DecorationSet.create(schema.nodes.doc.createAndFill()!, []), 'inlineLocal')).toBe(true);
  });

  it('answers as the unpatched scan does, for made, mapped, added-to and removed-from sets', () => {
    let checked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const gen = prng.create(seed);
      let state = EditorState.create({ schema, doc: document(gen, prng.int32(gen, 5, 60)) });
      let set = mod.DecorationSet.create(state.doc, decorations(mod, gen, state.doc, prng.int32(gen, 0, 80), 'a'));
      checked += checkEverywhere(mod, set, state.doc);
      for (let step = 0; step < 15; step++) {
        const tr = edit(gen, state);
        state = state.apply(tr);
        set = set.map(tr.mapping, state.doc);
        if (step % 5 === 0) set = set.add(state.doc, decorations(mod, gen, state.doc, 10, `s${step}-`));
        if (step % 7 === 3) set = set.remove(set.find().filter(() => prng.bool(gen)));
        checked += checkEverywhere(mod, set, state.doc);
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('a group answers with the sets the unpatched group gives, one member answering or several', () => {
    // DecorationGroup is not exported: its class is taken from a child's answer that is one (the
    // inline decorations over the child and the child's own set).
    const gen = prng.create(99);
    const doc = document(gen, 40);
    const probe = mod.DecorationSet.create(doc, [
      mod.Decoration.inline(1, doc.content.size - 1, {}, { id: 'over-all' }),
      ...decorations(mod, gen, doc, 60, 'p'),
    ]);
    let Group: (new (members: DecorationSet[]) => DecorationSet) | null = null;
    doc.forEach((child, offset) => {
      const answer = probe.forChild(offset, child) as DecorationSet & { members?: DecorationSet[] };
      if (answer.members) Group = answer.constructor as new (members: DecorationSet[]) => DecorationSet;
    });
    expect(Group).not.toBeNull();
    const empty = mod.DecorationSet.empty;
    let checked = 0;
    let several = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const g = prng.create(seed);
      const d = document(g, prng.int32(g, 5, 50));
      // Sparse members (most blocks have none of their decorations), and a group among them.
      const sets = Array.from({ length: prng.int32(g, 1, 4) }, (_, i) => mod.DecorationSet.create(d, decorations(mod, g, d, prng.int32(g, 0, 12), `m${i}-`)));
      if (sets.length > 2 && prng.bool(g)) sets.splice(0, 2, new Group!([sets[0], sets[1]]));
      const group = new Group!(sets);
      d.forEach((child, offset) => {
        const got = group.forChild(offset, child) as DecorationSet & { members?: DecorationSet[] };
        const want = referenceGroupForChild(sets, offset, child, empty);
        // A member's answer may be a set made for the call (its inline decorations over the
        // child): the sets are compared by what they hold.
        if (want.length === 0) expect(got).toBe(empty);
        else if (want.length === 1) {
          expect(got.members).toBeUndefined();
          expect(contents(got)).toEqual(contents(want[0]));
        } else {
          several++;
          expect(got.members!.map(contents)).toEqual(want.map(contents));
        }
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(300);
    expect(several).toBeGreaterThan(5);
  });
});
