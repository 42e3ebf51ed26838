// Clause ids stay unique and stable with the real editor plugin set (y-prosemirror's ySyncPlugin and
// yUndoPlugin on a real Y.Doc). ySyncPlugin needs a view, but only its `state`, `dispatch` and
// `hasFocus`: HeadlessView (test/helpers) provides those and runs the plugins' view hooks the way
// prosemirror-view's EditorView does, so no DOM is needed.
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import { HeadlessView } from '../helpers/headlessView.ts';
import type { Node } from 'prosemirror-model';
import { redo, undo, yUndoPluginKey, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { insertClause } from '../../shared/editor/commands.ts';
import { posOf, seededSection as seeded } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const p = (text: string) => n.paragraph.create(null, schema.text(text));
const clause = (id: string, ...content: Node[]) => n.clause.create({ id }, content);

const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

/** An editor bound to `ydoc`'s section fragment, like the renderer's, but headless. */
function editor(ydoc: Y.Doc): HeadlessView {
  const fragment = ydoc.getXmlFragment(SECTION_FRAGMENT);
  const state = EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment, sectionNumber: 1 }) });
  const view = new HeadlessView(state);
  views.push(view);
  return view;
}

const ids = (doc: Node) => clausesOf(doc).map((c) => c.id);
const yIds = (ydoc: Y.Doc) => ids(yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(SECTION_FRAGMENT), schema));

/** Ends the undo manager's current capture group, as a pause in typing would. */
function pause(view: HeadlessView): void {
  yUndoPluginKey.getState(view.state)!.undoManager.stopCapturing();
}

describe('clause ids with y-prosemirror', () => {
  it('renders the seeded clauses with their ids', () => {
    const view = editor(seeded(clause('ka', p('Første klausul')), clause('kb', p('Anden klausul'))));
    expect(ids(view.state.doc)).toEqual(['ka', 'kb']);
  });

  it('splitting a clause: the original keeps its id, the new half gets a fresh one, in Yjs too', () => {
    const ydoc = seeded(clause('ka', p('Første halvdel. Anden halvdel.')), clause('kb', p('Næste')));
    const view = editor(ydoc);
    const at = posOf(view.state.doc, 'Anden halvdel');
    view.dispatch(view.state.tr.split(at, 2)); // split the paragraph and the clause around it
    const after = ids(view.state.doc);
    expect(after).toHaveLength(3);
    expect(after[0]).toBe('ka');
    expect(after[2]).toBe('kb');
    expect(after[1]).toMatch(/^k[0-9a-z]{12}$/);
    expect(new Set(after).size).toBe(3);
    expect(yIds(ydoc)).toEqual(after);
    expect(view.state.doc.child(0).textContent).toBe('Første halvdel. ');
  });

  it('a pasted copy of a clause gets a new id, before or after the original', () => {
    const view = editor(seeded(clause('ka', p('Original')), clause('kb', p('Anden'))));
    const original = view.state.doc.child(0);
    view.dispatch(view.state.tr.insert(original.nodeSize, original.copy(original.content))); // after
    expect(ids(view.state.doc)[0]).toBe('ka');
    expect(new Set(ids(view.state.doc)).size).toBe(3);
    view.dispatch(view.state.tr.insert(0, original.copy(original.content))); // before
    const all = ids(view.state.doc);
    expect(new Set(all).size).toBe(4);
    // The clause that was there keeps its id: it is now the second one.
    expect(all[1]).toBe('ka');
  });

  it('an id survives undo: a deleted clause comes back with its id', () => {
    const ydoc = seeded(clause('ka', p('Bliver')), clause('kb', p('Slettes')), clause('kc', p('Bliver også')));
    const view = editor(ydoc);
    const doc = view.state.doc;
    const from = doc.child(0).nodeSize;
    view.dispatch(view.state.tr.delete(from, from + doc.child(1).nodeSize));
    expect(ids(view.state.doc)).toEqual(['ka', 'kc']);
    pause(view);
    expect(undo(view.state)).toBe(true);
    expect(ids(view.state.doc)).toEqual(['ka', 'kb', 'kc']);
    expect(yIds(ydoc)).toEqual(['ka', 'kb', 'kc']);
    expect(redo(view.state)).toBe(true);
    expect(ids(view.state.doc)).toEqual(['ka', 'kc']);
  });

  it('undoing a split joins the clause back under its original id; redo keeps ids unique', () => {
    const ydoc = seeded(clause('ka', p('Første halvdel. Anden halvdel.')));
    const view = editor(ydoc);
    view.dispatch(view.state.tr.insertText('Ny start. ', posOf(view.state.doc, 'Første')));
    pause(view);
    view.dispatch(view.state.tr.split(posOf(view.state.doc, 'Anden halvdel'), 2));
    expect(ids(view.state.doc)).toHaveLength(2);
    pause(view);
    expect(undo(view.state)).toBe(true);
    // The split is undone, not the typing before it.
    expect(ids(view.state.doc)).toEqual(['ka']);
    expect(view.state.doc.textContent).toBe('Ny start. Første halvdel. Anden halvdel.');
    expect(redo(view.state)).toBe(true);
    const redone = ids(view.state.doc);
    expect(redone).toHaveLength(2);
    expect(redone[0]).toBe('ka');
    expect(new Set(redone).size).toBe(2);
  });

  it('a new clause from the toolbar command is undone as one step', () => {
    const view = editor(seeded(clause('ka', p('Tekst'))));
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, 'Tekst'))));
    pause(view);
    insertClause()(view.state, view.dispatch);
    expect(ids(view.state.doc)).toHaveLength(2);
    pause(view);
    expect(undo(view.state)).toBe(true);
    expect(ids(view.state.doc)).toEqual(['ka']);
  });

  it('typing in a block outside the clauses leaves the ids; wrapping that block in a clause gives it one', () => {
    const ydoc = seeded(p('Indledning'), clause('ka', p('Tekst')));
    const view = editor(ydoc);
    view.dispatch(view.state.tr.insertText('Kort ', posOf(view.state.doc, 'Indledning')));
    expect(view.state.doc.child(0).textContent).toBe('Kort Indledning');
    expect(ids(view.state.doc)).toEqual(['ka']);
    // The paragraph becomes a clause (a change of the block's kind): the full check runs and names it.
    const first = view.state.doc.child(0);
    view.dispatch(view.state.tr.replaceWith(0, first.nodeSize, n.clause.create({ id: null }, first)));
    const after = ids(view.state.doc);
    expect(after).toHaveLength(2);
    expect(after[0]).toMatch(/^k[0-9a-z]{12}$/);
    expect(after[1]).toBe('ka');
    expect(yIds(ydoc)).toEqual(after);
  });

  it('two replicas agree on the ids: a remote split is not repaired a second time', () => {
    const a = seeded(clause('ka', p('Første halvdel. Anden halvdel.')));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(b, update, 'sync'));
    b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(a, update, 'sync'));
    const viewA = editor(a);
    const viewB = editor(b);
    viewA.dispatch(viewA.state.tr.split(posOf(viewA.state.doc, 'Anden halvdel'), 2));
    expect(ids(viewA.state.doc)).toHaveLength(2);
    expect(ids(viewB.state.doc)).toEqual(ids(viewA.state.doc));
    expect(yIds(a)).toEqual(yIds(b));
  });
});
