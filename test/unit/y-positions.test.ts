// shared/editor/yPositions.ts' relativeToPosition resolves every relative position where
// y-prosemirror's relativePositionToAbsolutePosition does: positions taken at every place of a
// section, before and after seeded random edits of two replicas (typing, deleting across blocks,
// splitting and joining blocks, new and removed clauses, undone by nothing), positions in text that
// was deleted since, and a mapping that belongs to another document than the one asked about.
import { afterEach, describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import type { Node } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { relativeToPosition, yBinding, type YBinding } from '../../shared/editor/yPositions.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { seededSection } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

function section(blocks: number): Y.Doc {
  const content: Node[] = [];
  for (let i = 0; i < blocks; i++) {
    content.push(
      i % 5 === 0
        ? n.heading.create({ level: 2 }, schema.text(`Overskrift ${i}`))
        : n.clause.create({ id: `k${i}` }, [n.paragraph.create(null, schema.text(`Kommunen og regionen aftaler punkt ${i}.`)), ...(i % 3 === 0 ? [n.paragraph.create(null, schema.text('Stk. 2.'))] : [])]),
    );
  }
  return seededSection(...content);
}

function editor(ydoc: Y.Doc): HeadlessView {
  const view = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment: ydoc.getXmlFragment(SECTION_FRAGMENT), sectionNumber: 1 }) }));
  views.push(view);
  return view;
}

/** Every position with a character or block boundary, as relative positions of `view`'s binding. */
function relativesOf(view: HeadlessView): Y.RelativePosition[] {
  const binding = yBinding(view.state)!;
  const out: Y.RelativePosition[] = [];
  for (let pos = 0; pos <= view.state.doc.content.size; pos++) out.push(absolutePositionToRelativePosition(pos, binding.type, binding.mapping as never));
  return out;
}

/** Both resolutions agree on every one of `relatives` (a throw counts as an answer too). */
function expectSame(binding: YBinding, doc: Node, relatives: readonly Y.RelativePosition[]): number {
  let resolved = 0;
  for (const rel of relatives) {
    const answer = (f: () => number | null) => {
      try {
        return f();
      } catch {
        return 'throws';
      }
    };
    const ours = answer(() => relativeToPosition(binding, doc, rel));
    const theirs = answer(() => relativePositionToAbsolutePosition(binding.doc, binding.type, rel, binding.mapping as never));
    expect(ours, JSON.stringify(Y.relativePositionToJSON(rel))).toBe(theirs);
    if (typeof ours === 'number') resolved++;
  }
  return resolved;
}

/** One random edit at a random place. */
function edit(view: HeadlessView, gen: prng.PRNG): void {
  const { doc } = view.state;
  const size = doc.content.size;
  const at = prng.int32(gen, 1, Math.max(1, size - 1));
  const $at = doc.resolve(at);
  const tr = view.state.tr;
  switch (prng.int32(gen, 0, 4)) {
    case 0:
      if ($at.parent.isTextblock) tr.insertText(prng.oneOf(gen, ['a', 'og ', 'kommunen ']), at);
      break;
    case 1: {
      const to = Math.min(size - 1, at + prng.int32(gen, 1, 80));
      tr.delete(at, to);
      break;
    }
    case 2:
      if ($at.parent.isTextblock) tr.setSelection(TextSelection.create(doc, at)).split(at, $at.depth >= 2 ? 2 : 1);
      break;
    case 3: {
      const index = prng.int32(gen, 0, doc.childCount - 1);
      let pos = 0;
      for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
      tr.insert(pos, n.clause.create({ id: null }, [n.paragraph.create(null, schema.text('Ny bestemmelse.'))]));
      break;
    }
    default: {
      const index = prng.int32(gen, 0, doc.childCount - 2);
      let pos = 0;
      for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
      tr.delete(pos, pos + doc.child(index).nodeSize);
    }
  }
  if (tr.docChanged) view.dispatch(tr);
}

describe('relative positions resolved in the editor’s document', () => {
  it('land where y-prosemirror puts them, before and after random edits on two replicas', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const gen = prng.create(seed);
      const a = section(40);
      const b = new Y.Doc();
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'b' && Y.applyUpdate(b, u, 'a'));
      b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'a' && Y.applyUpdate(a, u, 'b'));
      const viewA = editor(a);
      const viewB = editor(b);
      const before = relativesOf(viewA);
      expect(expectSame(yBinding(viewA.state)!, viewA.state.doc, before)).toBe(before.length);
      for (let step = 0; step < 60; step++) {
        edit(prng.bool(gen) ? viewA : viewB, gen);
        if (step % 10 === 9) {
          for (const view of [viewA, viewB]) {
            const binding = yBinding(view.state)!;
            // Positions taken before every edit (many in text deleted since), and fresh ones.
            expectSame(binding, view.state.doc, before);
            const now = relativesOf(view);
            expect(expectSame(binding, view.state.doc, now)).toBe(now.length);
          }
        }
      }
      expect(viewA.state.doc.eq(viewB.state.doc)).toBe(true);
    }
  });

  it('fall back to y-prosemirror’s walk when asked about another document than the mapping’s', () => {
    const ydoc = section(12);
    const view = editor(ydoc);
    const binding = yBinding(view.state)!;
    const relatives = relativesOf(view);
    // A copy of the document (no node of it is in the mapping), and one whose blocks are repeated.
    const copy = schema.nodeFromJSON(view.state.doc.toJSON());
    const doubled = n.doc.create(null, [...view.state.doc.content.content, ...view.state.doc.content.content]);
    expect(expectSame(binding, copy, relatives)).toBe(relatives.length);
    expect(expectSame(binding, doubled, relatives)).toBe(relatives.length);
  });
});
