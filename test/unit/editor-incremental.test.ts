// The editor plugins that update incrementally (status chips, comment anchors) must end where a fresh
// computation ends: seeded random edits on two replicas (local edits on one, arriving from Yjs on the
// other), new positions and new clauses, compared after every step. ENIGHED_TEST_SEED repeats a run.
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { clauseStatusEntries, clauseStatusKey, refreshClauseStatus } from '../../shared/editor/clauseStatus.ts';
import { commentPlaces, createAnchor, refreshCommentAnchors, resolveAnchor } from '../../shared/editor/commentAnchors.ts';
import { insertClause } from '../../shared/editor/commands.ts';
import { readThreads, startThread, type CommentThread } from '../../shared/negotiation/comments.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { currentPositions, recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { linkedReplica, seededSection } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const words = ['borgeren', 'kommunen', 'regionen', 'sikrer', 'genoptræning', 'inden', 'for', 'syv', 'dage', 'aftale'];
const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

function seeded(gen: prng.PRNG): Y.Doc {
  const clauses: Node[] = [];
  for (let i = 0; i < 12; i++) {
    const text = Array.from({ length: 8 }, () => prng.oneOf(gen, words)).join(' ');
    clauses.push(n.clause.create({ id: `k${i}` }, [n.paragraph.create(null, schema.text(text))]));
  }
  return seededSection(n.paragraph.create(null, schema.text('Formål')), ...clauses);
}

function editor(ydoc: Y.Doc, threads: () => CommentThread[]): HeadlessView {
  const view = new HeadlessView(
    EditorState.create({
      schema,
      plugins: sectionEditorPlugins({
        fragment: ydoc.getXmlFragment(SECTION_FRAGMENT),
        sectionNumber: 2,
        clauseStatus: { positionsOf: (id) => currentPositions(ydoc, id) },
        comments: { threads },
      }),
    }),
  );
  views.push(view);
  return view;
}

function textPositions(doc: Node): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isText) for (let i = 0; i <= node.nodeSize; i++) out.push(pos + i);
    return true;
  });
  return out;
}

function expectFresh(view: HeadlessView, threads: CommentThread[]): void {
  const chipKeys = clauseStatusKey.getState(view.state)!.chipKeys;
  for (const entry of clauseStatusEntries(view.state)) {
    expect(chipKeys.get(entry.clauseId), `chip of ${entry.clauseId}`).toBe(`${entry.status}:${entry.staleSides.join(',')}`);
  }
  const places = commentPlaces(view.state);
  for (const thread of threads) {
    const fresh = resolveAnchor(view.state, thread.anchor);
    const kept = places.get(thread.id);
    const text = (p: typeof fresh | undefined) => (p?.kind === 'text' ? view.state.doc.textBetween(p.from, p.to) : p?.kind);
    expect(text(kept), `anchor of "${thread.anchor.quote}"`).toBe(text(fresh));
  }
}

describe('incremental editor plugins', () => {
  const seed = Number(process.env.ENIGHED_TEST_SEED ?? 20261123);

  it(`match a fresh computation after random edits on two replicas (seed ${seed})`, () => {
    const gen = prng.create(seed);
    const a = seeded(gen);
    const b = linkedReplica(a);
    let threads: CommentThread[] = [];
    const va = editor(a, () => threads);
    const vb = editor(b, () => threads);
    const by = { name: 'Rikke', organisation: 'Region Midtjylland', side: 'region' as const };

    for (let step = 0; step < 300; step++) {
      const view = prng.bool(gen) ? va : vb;
      const ydoc = view === va ? a : b;
      const positions = textPositions(view.state.doc);
      const at = prng.oneOf(gen, positions);
      const op = prng.uint32(gen, 0, 99);
      if (op < 45) {
        // Typing where the cursor is, after moving it there half of the time.
        if (prng.bool(gen)) view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at)));
        view.dispatch(view.state.tr.insertText(prng.oneOf(gen, [' ', 'x', ` ${prng.oneOf(gen, words)}`]), at));
      } else if (op < 70) {
        const to = Math.min(at + prng.uint32(gen, 1, 12), view.state.doc.content.size);
        const $a = view.state.doc.resolve(at);
        if ($a.sameParent(view.state.doc.resolve(to))) view.dispatch(view.state.tr.delete(at, to));
      } else if (op < 82) {
        // A side agrees to (or disputes) a clause's current text.
        const entry = prng.oneOf(gen, clauseStatusEntries(view.state));
        recordPosition(ydoc, {
          clauseId: entry.clauseId,
          side: prng.bool(gen) ? 'region' : 'kommune',
          stance: prng.uint32(gen, 0, 4) === 0 ? 'uenig' : 'enig',
          reason: 'for lang ventetid',
          textHash: clauseHash(entry.node),
          text: normaliseContent(entry.node),
          by,
          at: new Date(step * 1000).toISOString(),
        });
        for (const v of [va, vb]) v.dispatch(refreshClauseStatus(v.state));
      } else if (op < 92) {
        const to = Math.min(at + prng.uint32(gen, 2, 15), view.state.doc.content.size);
        const anchor = view.state.doc.resolve(at).sameParent(view.state.doc.resolve(to)) ? createAnchor(view.state, at, to) : null;
        if (anchor) {
          startThread(a, { anchor, text: `tråd ${step}`, by });
          threads = readThreads(a, 'shared');
          for (const v of [va, vb]) v.dispatch(refreshCommentAnchors(v.state));
        }
      } else {
        const sel = view.state.tr.setSelection(TextSelection.create(view.state.doc, at));
        view.dispatch(sel);
        insertClause()(view.state, view.dispatch);
      }
      expect(va.state.doc.toJSON()).toEqual(vb.state.doc.toJSON());
      expectFresh(va, threads);
      expectFresh(vb, threads);
    }
    expect(threads.length).toBeGreaterThan(5);
  });
});
