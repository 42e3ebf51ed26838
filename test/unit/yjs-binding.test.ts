// What our patch of y-prosemirror (patches/y-prosemirror+1.3.7.patch) changes, and what it must not
// change, with the real plugins on real Y.Docs: a cursor move writes nothing to Yjs; a change from
// another replica keeps the local cursor on its text; undo still undoes the local typing, and only it.
// (That a remote change no longer scrolls the view needs a browser; the editor bench runs it.)
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { undo, ySyncPluginKey } from 'y-prosemirror';
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
