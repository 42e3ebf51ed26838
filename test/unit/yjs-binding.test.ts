// What our patch of y-prosemirror (patches/y-prosemirror+1.3.7.patch) changes, and what it must not
// change, with the real plugins on real Y.Docs: a cursor move writes nothing to Yjs; a change from
// another replica replaces only the blocks it changed and keeps the local cursor (or selected node)
// on its text; relative positions are the ones the unpatched walk makes; undo still undoes the local
// typing, and only it.
// (That a remote change no longer scrolls the view needs a browser; the editor bench runs it.)
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, NodeSelection, TextSelection, type Transaction } from 'prosemirror-state';
import { ReplaceStep } from 'prosemirror-transform';
import { absolutePositionToRelativePosition, getRelativeSelection, undo, ySyncPluginKey } from 'y-prosemirror';
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

  it('replaces only the blocks another replica changed, and keeps a cursor in the changed block on its text', () => {
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
    expect([(one[0] as ReplaceStep).from, (one[0] as ReplaceStep).to]).toEqual([0, first]);
    expect([(two[0] as ReplaceStep).from, (two[0] as ReplaceStep).to]).toEqual([first + 'i dag '.length, view.state.doc.content.size - 'altid '.length]);
    const { from } = view.state.selection;
    expect(view.state.doc.textBetween(from, from + 5)).toBe('samme');
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
