// What our patch of y-prosemirror (patches/y-prosemirror+1.3.7.patch) changes, and what it must not
// change, with the real plugins on real Y.Docs: a cursor move writes nothing to Yjs; a local change
// written block by block leaves Yjs holding the editor's document; a change from another replica
// replaces only what it changed and keeps the local cursor (or selected node) on its text; relative
// positions are the ones the unpatched walk makes; undo still undoes the local typing, and only it.
// (That a remote change no longer scrolls the view needs a browser; the editor bench runs it.)
import crypto from 'node:crypto';
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, NodeSelection, Plugin, TextSelection, type Transaction } from 'prosemirror-state';
import { ReplaceStep } from 'prosemirror-transform';
import { absolutePositionToRelativePosition, getRelativeSelection, undo, yXmlFragmentToProseMirrorRootNode, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { linkedReplica, posOf, seededSection } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

function section(): Y.Doc {
  return seededSection(
    n.clause.create({ id: 'k1' }, [n.paragraph.create(null, schema.text('Regionen sender genoptræningsplanen samme dag.'))]),
    n.clause.create({ id: 'k2' }, [n.paragraph.create(null, schema.text('Kommunen tilbyder træning inden syv dage.'))]),
  );
}

/** An editor on `ydoc` that records the transactions it dispatches. */
function editor(ydoc: Y.Doc): { view: HeadlessView; dispatched: Transaction[] } {
  const view = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment: ydoc.getXmlFragment(SECTION_FRAGMENT), sectionNumber: 1 }) }));
  views.push(view);
  const dispatched: Transaction[] = [];
  const dispatch = view.dispatch;
  view.dispatch = (tr) => {
    dispatched.push(tr);
    dispatch(tr);
  };
  return { view, dispatched };
}

describe('the Yjs binding (y-prosemirror, patched)', () => {
  it('writes nothing to Yjs when only the cursor moves, and each edit once', () => {
    const ydoc = section();
    const { view } = editor(ydoc);
    const local: Y.Transaction[] = [];
    ydoc.on('afterTransaction', (t: Y.Transaction) => t.origin === ySyncPluginKey && local.push(t));
    for (const word of ['sender', 'samme', 'Kommunen', 'syv']) {
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, word))));
    }
    expect(local).toHaveLength(0);
    view.dispatch(view.state.tr.insertText('ti'));
    expect(local).toHaveLength(1);
    expect(ydoc.getXmlFragment(SECTION_FRAGMENT).toString()).toContain('tisyv dage');
  });

  it('keeps the cursor on its text through a change from another replica', () => {
    const a = section();
    const b = linkedReplica(a);
    const { view, dispatched } = editor(a);
    const other = editor(b).view;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, 'syv'))));
    dispatched.length = 0;
    // The other side types at the start of the first clause, before this cursor.
    other.dispatch(other.state.tr.insertText('Straks: ', posOf(other.state.doc, 'Regionen')));
    expect(view.state.doc.textContent).toContain('Straks: Regionen');
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0].getMeta(ySyncPluginKey)?.isChangeOrigin).toBe(true);
    const { from } = view.state.selection;
    expect(view.state.doc.textBetween(from, from + 3)).toBe('syv');
  });

  it('replaces only what another replica changed, and keeps a cursor in the changed block on its text', () => {
    const a = section();
    const b = linkedReplica(a);
    const { view, dispatched } = editor(a);
    const other = editor(b).view;
    const first = view.state.doc.child(0).nodeSize;
    // The cursor in the first clause, after the place the other side types at.
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, 'samme'))));
    dispatched.length = 0;
    other.dispatch(other.state.tr.insertText('i dag ', posOf(other.state.doc, 'genoptræningsplanen')));
    other.dispatch(other.state.tr.insertText('altid ', posOf(other.state.doc, 'tilbyder')));
    expect(dispatched).toHaveLength(2);
    const [one, two] = dispatched.map((tr) => tr.steps);
    expect(one).toHaveLength(1);
    expect(one[0]).toBeInstanceOf(ReplaceStep);
    // Each replaces the changed paragraph inside its clause (the clause keeps its place and kind).
    expect([(one[0] as ReplaceStep).from, (one[0] as ReplaceStep).to]).toEqual([1, first - 1]);
    expect([(two[0] as ReplaceStep).from, (two[0] as ReplaceStep).to]).toEqual([first + 'i dag '.length + 1, view.state.doc.content.size - 'altid '.length - 1]);
    const { from } = view.state.selection;
    expect(view.state.doc.textBetween(from, from + 5)).toBe('samme');
    expect(other.state.doc.eq(view.state.doc)).toBe(true);
  });

  it('builds only the blocks holding a change when the list of blocks is as it was', () => {
    const a = seededSection(
      n.clause.create({ id: 'k1' }, [n.paragraph.create(null, schema.text('Regionen sender planen.'))]),
      n.clause.create({ id: 'k2' }, [n.paragraph.create(null, schema.text('Kommunen tilbyder træning.'))]),
      n.clause.create({ id: 'k3' }, [
        n.paragraph.create(null, schema.text('Særligt for børn:')),
        n.bullet_list.create(null, [n.list_item.create(null, n.paragraph.create(null, schema.text('inden syv dage')))]),
      ]),
      n.clause.create({ id: 'k4' }, [n.paragraph.create(null, schema.text('Aftalen evalueres årligt.'))]),
    );
    const b = linkedReplica(a);
    const { view, dispatched } = editor(a);
    const other = editor(b).view;
    const blocks = () => Array.from({ length: view.state.doc.childCount }, (_, i) => view.state.doc.child(i));
    const replaced = (tr: Transaction) => tr.steps.map((step) => [(step as ReplaceStep).from, (step as ReplaceStep).to]);
    const starts = () => blocks().map((_, i) => blocks().slice(0, i).reduce((size, node) => size + node.nodeSize, 0));

    // One Yjs transaction changing the first clause and the list deep inside the third.
    let before = blocks();
    let at = starts();
    b.transact(() => {
      const fragment = b.getXmlFragment(SECTION_FRAGMENT);
      (((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Straks: ');
      const list = (fragment.get(2) as Y.XmlElement).get(1) as Y.XmlElement;
      (((list.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'senest ');
    });
    expect(dispatched).toHaveLength(1);
    expect(replaced(dispatched[0])).toEqual([[at[0], at[3]]]);
    let after = blocks();
    expect(after[1]).toBe(before[1]);
    expect(after[3]).toBe(before[3]);
    expect(after[0]).not.toBe(before[0]);
    expect(after[2].textContent).toContain('senest inden syv dage');

    // An attribute of a top-level block (the clause id) rebuilds that block alone.
    dispatched.length = 0;
    before = blocks();
    at = starts();
    (b.getXmlFragment(SECTION_FRAGMENT).get(1) as Y.XmlElement).setAttribute('id', 'k2b');
    expect(replaced(dispatched[0])).toEqual([[at[1], at[2]]]);
    after = blocks();
    expect(after[1].attrs.id).toBe('k2b');
    expect([after[0], after[2], after[3]]).toEqual([before[0], before[2], before[3]]);

    // A new top-level block changes the list itself: every block is looked at, as y-prosemirror does.
    dispatched.length = 0;
    other.dispatch(other.state.tr.insert(other.state.doc.content.size, n.clause.create({ id: 'k5' }, n.paragraph.create(null, schema.text('Ny klausul.')))));
    expect(dispatched).toHaveLength(1);
    expect(view.state.doc.childCount).toBe(5);
    expect(other.state.doc.eq(view.state.doc)).toBe(true);
  });

  it('finds the changed block when the document holds the same node object twice', () => {
    const a = seededSection(
      n.paragraph.create(null, schema.text('Indledning til afsnittet.')),
      n.clause.create({ id: 'k1' }, [n.paragraph.create(null, schema.text('Regionen sender planen.'))]),
    );
    const b = linkedReplica(a);
    const { view } = editor(a);
    const other = editor(b).view;
    // ProseMirror lets one node object stand at two places (here: the first paragraph inserted
    // again, as is, at the end); the binding's map then gives both Yjs blocks that one node.
    const first = view.state.doc.child(0);
    view.dispatch(view.state.tr.insert(view.state.doc.content.size, first));
    expect(view.state.doc.child(2)).toBe(first);
    expect(other.state.doc.eq(view.state.doc)).toBe(true);
    // The other side edits the copy at the end: the end changes here, not the first paragraph.
    other.dispatch(other.state.tr.insertText('Kopi: ', other.state.doc.content.size - first.nodeSize + 1));
    expect(view.state.doc.child(0).textContent).toBe('Indledning til afsnittet.');
    expect(view.state.doc.child(2).textContent).toBe('Kopi: Indledning til afsnittet.');
    expect(other.state.doc.eq(view.state.doc)).toBe(true);
  });

  it('writes every local change to Yjs in full, whatever came before it (seeded random edits on two replicas)', () => {
    const seed = Number(process.env.ENIGHED_TEST_SEED ?? crypto.randomInt(2 ** 31));
    const gen = prng.create(seed);
    const a = section();
    const b = linkedReplica(a);
    // A plugin that changes what arrives from elsewhere (as prosemirror-tables' fixTables does with a
    // broken table): its change is in ProseMirror only until the editor's next local change.
    const fixing = new Plugin({
      appendTransaction(trs, _old, state) {
        if (!trs.some((tr) => tr.getMeta(ySyncPluginKey)?.isChangeOrigin)) return null;
        const tr = state.tr;
        state.doc.descendants((node, pos) => {
          if (node.isText && node.text!.includes('fjern')) tr.insertText('FJERN', pos + node.text!.indexOf('fjern'), pos + node.text!.indexOf('fjern') + 5);
        });
        return tr.docChanged ? tr : null;
      },
    });
    const withFixing = (ydoc: Y.Doc) => {
      const view = new HeadlessView(EditorState.create({ schema, plugins: [...sectionEditorPlugins({ fragment: ydoc.getXmlFragment(SECTION_FRAGMENT), sectionNumber: 1 }), fixing] }));
      views.push(view);
      return { ydoc, view };
    };
    const editors = [withFixing(a), withFixing(b)];
    const words = ['straks ', 'senest ', 'kommunen ', 'æøå ', ''];
    const inYjs = (ydoc: Y.Doc) => yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(SECTION_FRAGMENT), schema);
    const textblocks = (doc: PMNode) => {
      const out: { pos: number; size: number }[] = [];
      doc.descendants((node, pos) => (node.isTextblock ? (out.push({ pos, size: node.content.size }), false) : true));
      return out;
    };
    const topLevelStarts = (doc: PMNode) => {
      const out: number[] = [];
      doc.forEach((_node, offset) => out.push(offset));
      return out;
    };
    for (let step = 0; step < 400; step++) {
      const { ydoc, view } = prng.oneOf(gen, editors);
      const doc = view.state.doc;
      const block = prng.oneOf(gen, textblocks(doc));
      const at = block.pos + 1 + prng.int32(gen, 0, block.size);
      const end = Math.min(block.pos + 1 + block.size, at + prng.int32(gen, 0, 6));
      const tr = view.state.tr;
      const op = prng.int32(gen, 0, 7);
      let local = true;
      if (op <= 2) tr.insertText(prng.oneOf(gen, words) || 'x', at);
      else if (op === 3 && end > at) tr.delete(at, end);
      else if (op === 4 && at > block.pos + 1) tr.split(at);
      else if (op === 5 && end > at) tr.addMark(at, end, schema.marks.strong.create());
      else if (op === 6) {
        const starts = topLevelStarts(doc);
        const i = prng.int32(gen, 0, starts.length - 1);
        if (prng.bool(gen) || doc.childCount < 3) {
          // A new clause (its id from the clause-id plugin) or a copy of one with the same id.
          const clause = prng.bool(gen) && doc.child(i).type === n.clause ? doc.child(i) : n.clause.create(null, n.paragraph.create(null, schema.text('Ny klausul.')));
          tr.insert(starts[i], clause);
        } else tr.delete(starts[i], starts[i] + doc.child(i).nodeSize);
      } else {
        // Straight into Yjs, as an update from elsewhere would arrive.
        local = false;
        const texts: Y.XmlText[] = [];
        const collect = (type: Y.XmlElement | Y.XmlFragment) => type.toArray().forEach((child) => (child instanceof Y.XmlText ? texts.push(child) : collect(child as Y.XmlElement)));
        collect(ydoc.getXmlFragment(SECTION_FRAGMENT));
        const fragment = ydoc.getXmlFragment(SECTION_FRAGMENT);
        const clauses = fragment.toArray().filter((t): t is Y.XmlElement => t instanceof Y.XmlElement && t.nodeName === 'clause');
        if (prng.bool(gen) || clauses.length === 0) {
          const text = prng.oneOf(gen, texts);
          text.insert(prng.int32(gen, 0, text.length), 'fjern ');
        } else {
          // A clause with an id that is already taken: the clause-id plugin of each editor gives
          // one of them a new id in ProseMirror, which Yjs gets with that editor's next change.
          const copy = new Y.XmlElement('clause');
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText('Kopieret klausul.')]);
          copy.insert(0, [paragraph]);
          copy.setAttribute('id', prng.oneOf(gen, clauses).getAttribute('id') as string);
          fragment.insert(prng.int32(gen, 0, fragment.length), [copy]);
        }
      }
      if (local && tr.docChanged) {
        view.dispatch(tr);
        expect(inYjs(ydoc).eq(view.state.doc), `step ${step}, seed ${seed} (ENIGHED_TEST_SEED to rerun)`).toBe(true);
      }
    }
    // One more local change on each side writes what plugins changed after updates from the other.
    for (const { ydoc, view } of editors) {
      view.dispatch(view.state.tr.insertText('.', view.state.doc.content.size - 2));
      expect(inYjs(ydoc).eq(view.state.doc), `seed ${seed}`).toBe(true);
    }
    expect(editors[0].view.state.doc.eq(editors[1].view.state.doc), `seed ${seed}`).toBe(true);
  });

  it('replaces only the changed paragraph of a clause: a cursor in its other paragraph and the selected clause itself stay', () => {
    const a = seededSection(
      n.clause.create({ id: 'k1' }, [
        n.paragraph.create(null, schema.text('Regionen sender planen.')),
        n.paragraph.create(null, schema.text('Kommunen svarer inden syv dage.')),
      ]),
    );
    const b = linkedReplica(a);
    const { view, dispatched } = editor(a);
    const other = editor(b).view;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, 'syv'))));
    const second = view.state.doc.child(0).child(1);
    dispatched.length = 0;
    other.dispatch(other.state.tr.insertText('straks ', posOf(other.state.doc, 'sender')));
    expect(dispatched).toHaveLength(1);
    const step = dispatched[0].steps[0] as ReplaceStep;
    expect([step.from, step.to]).toEqual([1, 1 + 'Regionen sender planen.'.length + 2]);
    expect(view.state.doc.child(0).child(1)).toBe(second);
    const { from } = view.state.selection;
    expect(view.state.doc.textBetween(from, from + 3)).toBe('syv');

    view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, 0)));
    other.dispatch(other.state.tr.insertText('altid ', posOf(other.state.doc, 'svarer')));
    expect(view.state.selection).toBeInstanceOf(NodeSelection);
    expect((view.state.selection as NodeSelection).node.textContent).toContain('altid svarer');
    expect(other.state.doc.eq(view.state.doc)).toBe(true);
  });

  it('keeps a selected clause selected through a change in another clause', () => {
    const a = section();
    const b = linkedReplica(a);
    const { view } = editor(a);
    const other = editor(b).view;
    const second = view.state.doc.child(0).nodeSize;
    view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, second)));
    other.dispatch(other.state.tr.insertText('Straks: ', posOf(other.state.doc, 'Regionen')));
    expect(view.state.selection).toBeInstanceOf(NodeSelection);
    expect((view.state.selection as NodeSelection).node.attrs.id).toBe('k2');
  });

  it('makes the same relative positions as the walk from the document’s start', () => {
    const ydoc = seededSection(
      n.heading.create({ level: 2 }, schema.text('Genoptræning')),
      n.clause.create({ id: 'k1' }, [
        n.paragraph.create(null, schema.text('Regionen sender ')),
        n.bullet_list.create(null, [
          n.list_item.create(null, n.paragraph.create(null, [schema.text('planen '), schema.text('samme', [schema.marks.strong.create()]), schema.text(' dag')])),
          n.list_item.create(null, n.paragraph.create(null, [schema.text('før'), n.hard_break.create(), schema.text('udskrivning')])),
        ]),
      ]),
      n.paragraph.create(),
      n.clause.create({ id: 'k2' }, [n.paragraph.create(null, schema.text('Kommunen tilbyder træning.'))]),
    );
    const { view } = editor(ydoc);
    const binding = ySyncPluginKey.getState(view.state).binding;
    const type = ydoc.getXmlFragment(SECTION_FRAGMENT);
    const resolved = (r: Y.RelativePosition) => {
      const abs = Y.createAbsolutePositionFromRelativePosition(r, ydoc)!;
      return [abs.type, abs.index, abs.assoc];
    };
    const doc = view.state.doc;
    for (let pos = 0; pos <= doc.content.size; pos++) {
      const state = { doc, selection: { anchor: pos, head: pos, jsonID: 'text' } } as unknown as EditorState;
      const fast = getRelativeSelection(binding, state).anchor as Y.RelativePosition;
      const walked = absolutePositionToRelativePosition(pos, type, binding.mapping) as Y.RelativePosition;
      expect(resolved(fast), `position ${pos}`).toEqual(resolved(walked));
    }
  });

  it('undoes the local typing and leaves the other replica’s text', () => {
    const a = section();
    const b = linkedReplica(a);
    const { view } = editor(a);
    const other = editor(b).view;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, 'syv'))));
    view.dispatch(view.state.tr.insertText('senest '));
    other.dispatch(other.state.tr.insertText('Straks: ', posOf(other.state.doc, 'Regionen')));
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, 'Regionen'))));
    expect(view.state.doc.textContent).toContain('inden senest syv dage');
    expect(undo(view.state)).toBe(true);
    expect(view.state.doc.textContent).toContain('inden syv dage');
    expect(view.state.doc.textContent).toContain('Straks: Regionen');
    expect(other.state.doc.eq(view.state.doc)).toBe(true);
  });
});
