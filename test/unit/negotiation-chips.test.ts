// Status chips' pure part: statuses per clause in the editor state, recomputed on text and position
// changes, with a clause hashed again only when its node changed.
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import { schema } from '../../shared/schema/schema.ts';
import { clauseStatusEntries, clauseStatusKey, clauseStatusPlugin, refreshClauseStatus } from '../../shared/editor/clauseStatus.ts';
import { hashesComputed, nextAttention } from '../../shared/negotiation/clauseStatuses.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { currentPositions, recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import type { NegotiationSide } from '../../shared/negotiation/position.ts';

function docOf(count: number) {
  return schema.node(
    'doc',
    null,
    Array.from({ length: count }, (_, i) => schema.node('clause', { id: `k${i}` }, [schema.node('paragraph', null, [schema.text(`Klausul nummer ${i} om udskrivning.`)])])),
  );
}

function agree(ydoc: Y.Doc, state: EditorState, clauseId: string, side: NegotiationSide, stance: 'enig' | 'uenig' = 'enig') {
  const entry = clauseStatusEntries(state).find((e) => e.clauseId === clauseId)!;
  recordPosition(ydoc, {
    clauseId,
    side,
    stance,
    ...(stance === 'uenig' ? { reason: 'Nej' } : {}),
    textHash: clauseHash(entry.node),
    text: normaliseContent(entry.node),
    by: { name: side, organisation: side },
    at: new Date(0).toISOString(),
  });
}

describe('clause status plugin', () => {
  it('hashes only the edited clause after a keystroke, and only once a side has taken a position on it', () => {
    const ydoc = new Y.Doc();
    let state = EditorState.create({ doc: docOf(200), plugins: [clauseStatusPlugin({ positionsOf: (id) => currentPositions(ydoc, id) })] });
    expect(clauseStatusEntries(state)).toHaveLength(200);
    agree(ydoc, state, clauseStatusEntries(state)[57].clauseId, 'region');
    state = state.apply(refreshClauseStatus(state));
    expect(clauseStatusKey.getState(state)!.chipKeys.get(clauseStatusEntries(state)[57].clauseId)).toBe('afventer:');
    const before = hashesComputed();
    state = state.apply(state.tr.insertText('x', clauseStatusEntries(state)[57].pos + 3));
    expect(hashesComputed() - before).toBe(1);
    expect(clauseStatusKey.getState(state)!.chipKeys.get(clauseStatusEntries(state)[57].clauseId)).toBe('aendret:region');
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 5)));
    expect(hashesComputed() - before).toBe(1);
    // A clause no side has a position on is Åben whatever its text: nothing to hash.
    state = state.apply(state.tr.insertText('x', clauseStatusEntries(state)[58].pos + 3));
    expect(hashesComputed() - before).toBe(1);
  });

  it('follows positions (after a refresh) and text edits to every status', () => {
    const ydoc = new Y.Doc();
    let state = EditorState.create({ doc: docOf(3), plugins: [clauseStatusPlugin({ positionsOf: (id) => currentPositions(ydoc, id) })] });
    const status = (id: string) => clauseStatusEntries(state).find((e) => e.clauseId === id)!.status;
    expect(status('k1')).toBe('aaben');
    agree(ydoc, state, 'k1', 'region');
    expect(status('k1')).toBe('aaben'); // not yet refreshed
    state = state.apply(refreshClauseStatus(state));
    expect(status('k1')).toBe('afventer');
    agree(ydoc, state, 'k1', 'kommune');
    state = state.apply(refreshClauseStatus(state));
    expect(status('k1')).toBe('enighed');

    // Whitespace-only change keeps agreement; a word change makes it stale.
    const k1 = () => clauseStatusEntries(state).find((e) => e.clauseId === 'k1')!;
    state = state.apply(state.tr.insertText('  ', k1().pos + 2 + 'Klausul'.length));
    expect(status('k1')).toBe('enighed');
    state = state.apply(state.tr.insertText('ny ', k1().pos + 2));
    expect(status('k1')).toBe('aendret');
    expect(k1().staleSides).toEqual(['region', 'kommune']);

    agree(ydoc, state, 'k2', 'kommune', 'uenig');
    state = state.apply(refreshClauseStatus(state));
    expect(status('k2')).toBe('uenighed');
    const entries = clauseStatusEntries(state);
    expect(nextAttention(entries, 0)?.clauseId).toBe('k1');
    expect(nextAttention(entries, k1().pos)?.clauseId).toBe('k2');
    expect(nextAttention(entries, entries[2].pos)?.clauseId).toBe('k1');
  });
});
