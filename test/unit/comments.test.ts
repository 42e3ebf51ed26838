// Comment threads: their data in real Y.Docs, and their anchors in the real editor plugin set bound to
// real Y.Docs (headless), following edits made locally and on other replicas.
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import * as Y from 'yjs';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { commentPlaces, createAnchor, refreshCommentAnchors, resolveAnchor, type AnchorPlace } from '../../shared/editor/commentAnchors.ts';
import {
  authorOf,
  readThreads,
  replyToThread,
  setThreadResolved,
  startThread,
  type CommentAnchor,
  type CommentThread,
} from '../../shared/negotiation/comments.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { linkedReplica, posOf, seededSection as seeded } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const p = (text: string) => n.paragraph.create(null, schema.text(text));
const clause = (id: string, ...content: Node[]) => n.clause.create({ id }, content);

const region = authorOf({ name: 'Rikke Region', organisation: 'Region Midtjylland', side: 'region', role: 'medlem' });
const kommune = authorOf({ name: 'Karl Kommune', organisation: 'Aarhus Kommune', side: 'kommune', role: 'medlem' });

const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

/** An editor on `ydoc` anchoring the threads `threads()` returns. */
function editor(ydoc: Y.Doc, threads: () => CommentThread[] = () => []): HeadlessView {
  const fragment = ydoc.getXmlFragment(SECTION_FRAGMENT);
  const view = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment, sectionNumber: 1, comments: { threads } }) }));
  views.push(view);
  return view;
}

function anchorOn(view: HeadlessView, text: string): CommentAnchor {
  const from = posOf(view.state.doc, text);
  const anchor = createAnchor(view.state, from, from + text.length);
  if (!anchor) throw new Error('no anchor');
  return anchor;
}

function textAt(view: HeadlessView, place: AnchorPlace): string | null {
  return place.kind === 'text' ? view.state.doc.textBetween(place.from, place.to, ' ') : null;
}

function typeAt(view: HeadlessView, pos: number, text: string): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)).insertText(text));
}

const sample = () =>
  seeded(
    clause('c1', p('Regionen og kommunerne sikrer en sammenhængende indsats for borgeren.')),
    clause('c2', p('Kommunen tilbyder genoptræning inden for syv dage.'), p('Opfølgning sker årligt.')),
  );

describe('comment threads in a Y.Doc', () => {
  it('keeps a thread with replies, and its resolved state with who and when', () => {
    const doc = sample();
    const view = editor(doc);
    const threadId = startThread(doc, { anchor: anchorOn(view, 'syv dage'), text: 'Er syv dage realistisk?', by: kommune });
    replyToThread(doc, { threadId, text: 'Ja, med den nye aftale.', by: region });
    setThreadResolved(doc, threadId, true, region, '2026-11-23T10:00:00.000Z');
    let [thread] = readThreads(doc, 'shared');
    expect(thread).toMatchObject({ id: threadId, text: 'Er syv dage realistisk?', by: kommune, visibility: 'shared' });
    expect(thread.anchor).toMatchObject({ quote: 'syv dage', clauseId: 'c2' });
    expect(thread.replies.map((r) => r.text)).toEqual(['Ja, med den nye aftale.']);
    expect(thread.state).toEqual({ resolved: true, by: region, at: '2026-11-23T10:00:00.000Z' });
    setThreadResolved(doc, threadId, false, kommune);
    [thread] = readThreads(doc, 'shared');
    expect(thread.state).toMatchObject({ resolved: false, by: kommune });
  });

  it('refuses empty comments and replies to unknown threads with Danish messages', () => {
    const doc = sample();
    const anchor = anchorOn(editor(doc), 'syv dage');
    expect(() => startThread(doc, { anchor, text: '   ', by: region })).toThrow(/Skriv en kommentar/);
    expect(() => replyToThread(doc, { threadId: 'nope', text: 'Hej', by: region })).toThrow(/Tråden findes ikke/);
  });

  it('merges threads and replies made concurrently on two replicas', () => {
    const a = sample();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const anchor = anchorOn(editor(a), 'syv dage');
    const t1 = startThread(a, { anchor, text: 'Fra regionen', by: region });
    const t2 = startThread(b, { anchor, text: 'Fra kommunen', by: kommune });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    replyToThread(a, { threadId: t2, text: 'Svar 1', by: region });
    replyToThread(b, { threadId: t2, text: 'Svar 2', by: kommune });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readThreads(a, 'shared')).toEqual(readThreads(b, 'shared'));
    expect(readThreads(a, 'shared').map((t) => t.id).sort()).toEqual([t1, t2].sort());
    expect(readThreads(a, 'shared').find((t) => t.id === t2)!.replies).toHaveLength(2);
  });

  it('keeps internal threads out of the section document', () => {
    const section = sample();
    const internal = new Y.Doc();
    const anchor = anchorOn(editor(section), 'syv dage');
    startThread(internal, { anchor, text: 'INTERNT: vi kan gå til ti dage', by: kommune });
    expect(readThreads(section, 'shared')).toEqual([]);
    expect(Buffer.from(Y.encodeStateAsUpdate(section)).includes('INTERNT')).toBe(false);
    expect(readThreads(internal, 'internal')).toHaveLength(1);
  });
});

describe('comment anchors', () => {
  it('follow edits made before, inside and after the range on another replica', () => {
    const a = sample();
    const b = linkedReplica(a);
    const va = editor(a);
    const vb = editor(b);
    const anchor = anchorOn(va, 'genoptræning inden for');
    typeAt(vb, posOf(vb.state.doc, 'Kommunen'), 'Hver ');
    typeAt(vb, posOf(vb.state.doc, 'inden'), 'altid ');
    typeAt(vb, posOf(vb.state.doc, ' syv'), ' senest');
    expect(va.state.doc.textContent).toBe(vb.state.doc.textContent);
    expect(textAt(va, resolveAnchor(va.state, anchor))).toBe('genoptræning altid inden for');
    expect(textAt(vb, resolveAnchor(vb.state, anchor))).toBe('genoptræning altid inden for');
  });

  it('leave a thread "on deleted text" when its text is deleted, and keep the thread', () => {
    const a = sample();
    const b = linkedReplica(a);
    const va = editor(a);
    const vb = editor(b);
    const anchor = anchorOn(va, 'syv dage');
    const from = posOf(vb.state.doc, 'inden for syv dage');
    vb.dispatch(vb.state.tr.delete(from, from + 'inden for syv dage'.length));
    expect(resolveAnchor(va.state, anchor)).toEqual({ kind: 'deleted' });
    expect(resolveAnchor(vb.state, anchor)).toEqual({ kind: 'deleted' });
  });

  it('leave a thread "on deleted text" when its whole clause is deleted', () => {
    const a = sample();
    const va = editor(a);
    const anchor = anchorOn(va, 'Opfølgning');
    const b = linkedReplica(a);
    const vb = editor(b);
    let start = -1;
    vb.state.doc.forEach((node, pos) => {
      if (node.attrs.id === 'c2') start = pos;
    });
    vb.dispatch(vb.state.tr.delete(start, start + vb.state.doc.child(1).nodeSize));
    expect(a.getXmlFragment(SECTION_FRAGMENT).length).toBe(1);
    expect(resolveAnchor(va.state, anchor)).toEqual({ kind: 'deleted' });
  });

  it('keep what remains when part of the range is deleted', () => {
    const a = sample();
    const va = editor(a);
    const anchor = anchorOn(va, 'inden for syv dage');
    const from = posOf(va.state.doc, 'inden for ');
    va.dispatch(va.state.tr.delete(from, from + 'inden for '.length));
    expect(textAt(va, resolveAnchor(va.state, anchor))).toBe('syv dage');
  });

  it('fall back to the quoted text when the Yjs items are unknown to this replica', () => {
    const anchor = anchorOn(editor(sample()), 'syv dage');
    const other = editor(sample()); // same text, made independently: other Yjs items
    expect(textAt(other, resolveAnchor(other.state, anchor))).toBe('syv dage');
  });

  it('in the plugin: local edits map the ranges, remote ones resolve them again, alike', () => {
    const a = sample();
    const b = linkedReplica(a);
    let threads: CommentThread[] = [];
    const va = editor(a, () => threads);
    const vb = editor(b, () => threads);
    const anchor = anchorOn(va, 'sammenhængende indsats');
    const id = startThread(a, { anchor, text: 'Hvad betyder det?', by: kommune });
    threads = readThreads(a, 'shared');
    va.dispatch(refreshCommentAnchors(va.state));
    vb.dispatch(refreshCommentAnchors(vb.state));
    // A types inside the range (mapped locally on A, resolved from Yjs on B).
    typeAt(va, posOf(va.state.doc, 'indsats'), 'tværgående ');
    expect(textAt(va, commentPlaces(va.state).get(id)!)).toBe('sammenhængende tværgående indsats');
    expect(textAt(vb, commentPlaces(vb.state).get(id)!)).toBe('sammenhængende tværgående indsats');
    // B deletes the whole range: both now see the thread on deleted text.
    const from = posOf(vb.state.doc, 'sammenhængende');
    vb.dispatch(vb.state.tr.delete(from, from + 'sammenhængende tværgående indsats'.length));
    expect(commentPlaces(vb.state).get(id)).toEqual({ kind: 'deleted' });
    expect(commentPlaces(va.state).get(id)).toEqual({ kind: 'deleted' });
    expect(readThreads(a, 'shared')).toHaveLength(1);
  });
});
