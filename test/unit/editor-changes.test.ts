// docChange (shared/editor/changes.ts) tells the editor's plugins which part of the document a
// transaction changed, from the two documents' diff. For a transaction of one replace step (a
// keystroke, a paste, a change from Yjs) the diff is looked for only among the top-level blocks the
// step touched (stepDiffRange); it must be the whole documents' diff, for every kind of replace
// (typing, deleting across blocks, splitting, pasting blocks, a block replaced as y-prosemirror
// does) and among repeated words and blocks, where diffs are ambiguous. ENIGHED_TEST_SEED repeats a run.
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { Fragment, Slice, type Node } from 'prosemirror-model';
import { ReplaceStep } from 'prosemirror-transform';
import * as prng from 'lib0/prng';
import { schema } from '../../shared/schema/schema.ts';
import { diffRange, stepDiffRange } from '../../shared/editor/changes.ts';

const n = schema.nodes;
// Few words, short texts: repeated content at the edges of blocks is common.
const words = ['dage', 'syv', 'dage syv', 'borgeren'];
const seed = Number(process.env.ENIGHED_TEST_SEED ?? 20261203);

const paragraph = (gen: prng.PRNG) => n.paragraph.create(null, schema.text(Array.from({ length: prng.int32(gen, 1, 3) }, () => prng.oneOf(gen, words)).join(' ')));
const clause = (gen: prng.PRNG, id: string) => n.clause.create({ id }, Array.from({ length: prng.int32(gen, 1, 2) }, () => paragraph(gen)));

function documentOf(gen: prng.PRNG): Node {
  return n.doc.create(null, [n.paragraph.create(null, schema.text('Formål')), ...Array.from({ length: 8 }, (_, i) => clause(gen, `k${i}`))]);
}

/** Text positions of `doc` (inside textblocks). */
function textPositions(doc: Node): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i);
    return !node.isTextblock;
  });
  return out;
}

/** A random edit of `state`: typing, replacing, deleting (within or across blocks), splitting,
 *  pasting two paragraphs, or a top-level block replaced by a changed copy (as from Yjs). */
function randomEdit(state: EditorState, gen: prng.PRNG): Transaction {
  const places = textPositions(state.doc);
  const a = prng.oneOf(gen, places);
  const b = prng.oneOf(gen, places);
  const [from, to] = a <= b ? [a, b] : [b, a];
  const tr = state.tr;
  switch (prng.int32(gen, 0, 5)) {
    case 0:
      return tr.insertText(prng.oneOf(gen, words), from);
    case 1:
      return tr.insertText(prng.oneOf(gen, ['d', 'e', ' ']), from, Math.min(to, from + 2));
    case 2:
      return tr.setSelection(TextSelection.create(state.doc, from, to)).deleteSelection();
    case 3:
      return tr.split(from);
    case 4: {
      const pasted = Fragment.from([paragraph(gen), paragraph(gen)]);
      return tr.setSelection(TextSelection.create(state.doc, from, to)).replaceSelection(new Slice(pasted, 1, 1));
    }
    default: {
      // y-prosemirror replaces the top-level blocks a change touched by their new versions.
      const index = prng.int32(gen, 0, state.doc.childCount - 1);
      let pos = 0;
      for (let i = 0; i < index; i++) pos += state.doc.child(i).nodeSize;
      const old = state.doc.child(index);
      const changed = old.type === n.clause ? clause(gen, old.attrs.id as string) : paragraph(gen);
      return tr.replaceWith(pos, pos + old.nodeSize, changed);
    }
  }
}

describe('the diff of a transaction of one replace step', () => {
  it(`found among the blocks the step touched is the whole documents' diff (seed ${seed})`, () => {
    const gen = prng.create(seed);
    let state = EditorState.create({ schema, doc: documentOf(gen) });
    let compared = 0;
    let differing = 0;
    for (let i = 0; i < 1500; i++) {
      const tr = randomEdit(state, gen);
      if (tr.steps.length === 1 && tr.steps[0] instanceof ReplaceStep) {
        const step = tr.steps[0] as ReplaceStep;
        const expected = diffRange(tr.before, tr.doc);
        expect(stepDiffRange(tr.before, tr.doc, step.from, step.to), `edit ${i}: ${JSON.stringify(step.toJSON())}`).toEqual(expected);
        compared++;
        if (expected) differing++;
      }
      state = state.apply(tr);
      if (state.doc.childCount > 30 || state.doc.content.size > 1500) state = EditorState.create({ schema, doc: documentOf(gen) });
    }
    expect(compared).toBeGreaterThan(1000);
    expect(differing).toBeGreaterThan(900);
  });
});
