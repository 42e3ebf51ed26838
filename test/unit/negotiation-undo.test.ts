// Who takes positions, and what Ctrl-Z may touch: undo in the text (y-prosemirror's undo manager,
// with the real editor plugins on a real Y.Doc) never undoes a position, the decision log or a comment.
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { redo, undo, yUndoPluginKey } from 'y-prosemirror';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { clauseStatusEntries, refreshClauseStatus } from '../../shared/editor/clauseStatus.ts';
import { createAnchor } from '../../shared/editor/commentAnchors.ts';
import { readThreads, startThread } from '../../shared/negotiation/comments.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { negotiatingSide } from '../../shared/negotiation/position.ts';
import { currentPositions, decisionLog, recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { posOf, seededSection } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

describe('who takes positions', () => {
  const profile = (side: 'region' | 'kommune' | 'praksis', role: 'formand' | 'medlem' | 'observatoer') => ({
    name: 'N',
    organisation: 'O',
    side,
    role,
  });

  it('gives co-chairs and members of the two sides their side', () => {
    expect(negotiatingSide(profile('region', 'formand'))).toEqual({ side: 'region' });
    expect(negotiatingSide(profile('kommune', 'medlem'))).toEqual({ side: 'kommune' });
  });

  it('lets observers, almen praksis and people without a profile comment only, and says why in Danish', () => {
    expect(negotiatingSide(profile('region', 'observatoer'))).toEqual({ reason: expect.stringMatching(/observatør .* ikke tage stilling/) });
    expect(negotiatingSide(profile('praksis', 'medlem'))).toEqual({ reason: expect.stringMatching(/Almen praksis .* tager ikke stilling/) });
    expect(negotiatingSide(null)).toEqual({ reason: expect.stringMatching(/Opret en profil/) });
  });
});

describe('undo in the text', () => {
  it('never undoes a position, the decision log or a comment', () => {
    const ydoc = seededSection(n.clause.create({ id: 'k1' }, [n.paragraph.create(null, schema.text('Kommunen tilbyder genoptræning.'))]));
    const view = new HeadlessView(
      EditorState.create({
        schema,
        plugins: sectionEditorPlugins({
          fragment: ydoc.getXmlFragment(SECTION_FRAGMENT),
          sectionNumber: 1,
          clauseStatus: { positionsOf: (id) => currentPositions(ydoc, id) },
        }),
      }),
    );
    views.push(view);
    const undoManager = yUndoPluginKey.getState(view.state)!.undoManager;
    const text = () => view.state.doc.textContent;

    view.dispatch(view.state.tr.insertText(' hurtigt', posOf(view.state.doc, '.')));
    undoManager.stopCapturing();
    const [entry] = clauseStatusEntries(view.state);
    recordPosition(ydoc, {
      clauseId: 'k1',
      side: 'region',
      stance: 'enig',
      textHash: clauseHash(entry.node),
      text: normaliseContent(entry.node),
      by: { name: 'Rikke', organisation: 'Region Midtjylland' },
      at: '2026-11-23T10:00:00.000Z',
    });
    const from = posOf(view.state.doc, 'genoptræning');
    startThread(ydoc, { anchor: createAnchor(view.state, from, from + 'genoptræning'.length)!, text: 'Hvor hurtigt?', by: { name: 'Karl', organisation: 'Aarhus Kommune', side: 'kommune' } });
    view.dispatch(refreshClauseStatus(view.state));
    expect(clauseStatusEntries(view.state)[0].status).toBe('afventer');

    expect(undo(view.state)).toBe(true);
    expect(text()).toBe('Kommunen tilbyder genoptræning.');
    expect(currentPositions(ydoc, 'k1').region?.stance).toBe('enig');
    expect(decisionLog(ydoc, 'k1')).toHaveLength(1);
    expect(readThreads(ydoc, 'shared').map((t) => t.text)).toEqual(['Hvor hurtigt?']);
    // The agreement was on the text with "hurtigt": undoing that edit leaves it stale, not undone.
    expect(clauseStatusEntries(view.state)[0].status).toBe('aendret');

    expect(redo(view.state)).toBe(true);
    expect(text()).toBe('Kommunen tilbyder genoptræning hurtigt.');
    expect(clauseStatusEntries(view.state)[0].status).toBe('afventer');
    // Nothing left to undo but the text edit: a second undo takes it again, the decision stays.
    expect(undo(view.state)).toBe(true);
    expect(undo(view.state)).toBe(false);
    expect(decisionLog(ydoc, 'k1')).toHaveLength(1);
  });
});
