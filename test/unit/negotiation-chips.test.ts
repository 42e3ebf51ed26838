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
  it('hashes no clause on a keystroke when the agreed text is known, and only the edited clause otherwise', () => {
    const ydoc = new Y.Doc();
    let state = EditorState.create({ doc: docOf(200), plugins: [clauseStatusPlugin({ positionsOf: (id) => currentPositions(ydoc, id) })] });
    expect(clauseStatusEntries(state)).toHaveLength(200);
    const id57 = clauseStatusEntries(state)[57].clauseId;
    agree(ydoc, state, id57, 'region');
    state = state.apply(refreshClauseStatus(state));
    const chipKey = (id: string) => clauseStatusKey.getState(state)!.chipKeys.get(id);
    expect(chipKey(id57)).toBe('afventer:');
    const before = hashesComputed();
    // The text the position was taken on was seen here: the new text is compared with it, not hashed.
    const at = clauseStatusEntries(state)[57].pos + 3;
    const at58 = clauseStatusEntries(state)[58].pos + 3;
    state = state.apply(state.tr.insertText('x', at));
    expect(hashesComputed() - before).toBe(0);
    expect(chipKey(id57)).toBe('aendret:region');
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 5)));
    // Typed back to the agreed text: agreed again, still without a hash.
    state = state.apply(state.tr.delete(at, at + 1));
    expect(chipKey(id57)).toBe('afventer:');
    expect(hashesComputed() - before).toBe(0);
    // A clause no side has a position on is Åben whatever its text: nothing to hash.
    state = state.apply(state.tr.insertText('x', at58));
    expect(chipKey('k58')).toBe('aaben:');
    expect(hashesComputed() - before).toBe(0);
  });

  it('hashes the edited clause when the text a position was taken on was never seen here', () => {
    const ydoc = new Y.Doc();
    let state = EditorState.create({ doc: docOf(20), plugins: [clauseStatusPlugin({ positionsOf: (id) => currentPositions(ydoc, id) })] });
    const entry = clauseStatusEntries(state)[7];
    // Agreed on another text (as by someone else, before this text was written).
    const other = schema.node('clause', { id: entry.clauseId }, [schema.node('paragraph', null, [schema.text('En tekst, der aldrig har stået her.')])]);
    recordPosition(ydoc, {
      clauseId: entry.clauseId,
      side: 'kommune',
      stance: 'enig',
      textHash: clauseHash(other),
      text: normaliseContent(other),
      by: { name: 'kommune', organisation: 'kommune' },
      at: new Date(0).toISOString(),
    });
    state = state.apply(refreshClauseStatus(state));
    expect(clauseStatusKey.getState(state)!.chipKeys.get(entry.clauseId)).toBe('aendret:kommune');
    const before = hashesComputed();
    state = state.apply(state.tr.insertText('x', clauseStatusEntries(state)[7].pos + 3));
    expect(hashesComputed() - before).toBe(1);
    expect(clauseStatusKey.getState(state)!.chipKeys.get(entry.clauseId)).toBe('aendret:kommune');
    // Typed into the text that was agreed on: Enighed is found by its hash.
    const pos = clauseStatusEntries(state)[7].pos;
    state = state.apply(state.tr.replaceWith(pos + 1, pos + state.doc.nodeAt(pos)!.nodeSize - 1, other.content));
    expect(clauseStatusKey.getState(state)!.chipKeys.get(entry.clauseId)).toBe('afventer:');
  });

  it('reads a clause\'s positions and flag once per refresh, not on every keystroke in it', () => {
    const ydoc = new Y.Doc();
    const asked: string[] = [];
    const flagged: string[] = [];
    let state = EditorState.create({
      doc: docOf(10),
      plugins: [
        clauseStatusPlugin({
          positionsOf: (id) => (asked.push(id), currentPositions(ydoc, id)),
          flagOf: (id) => (flagged.push(id), null),
        }),
      ],
    });
    expect(asked).toHaveLength(10);
    expect(flagged).toHaveLength(10);
    const at = clauseStatusEntries(state)[4].pos + 2;
    agree(ydoc, state, 'k4', 'region');
    asked.length = 0;
    flagged.length = 0;
    state = state.apply(refreshClauseStatus(state));
    expect(asked).toHaveLength(10);
    const chipKey = () => clauseStatusKey.getState(state)!.chipKeys.get('k4');
    expect(chipKey()).toBe('afventer:');
    for (const ch of 'ny tekst ') state = state.apply(state.tr.insertText(ch, at));
    // The text changed nine times; the positions were not read again, and still decide the chip.
    expect(asked).toHaveLength(10);
    expect(flagged).toHaveLength(10);
    expect(chipKey()).toBe('aendret:region');
    // New positions arrive: after the refresh they are read again, once per clause.
    agree(ydoc, state, 'k4', 'kommune', 'uenig');
    asked.length = 0;
    state = state.apply(refreshClauseStatus(state));
    expect(asked).toHaveLength(10);
    expect(chipKey()).toBe('uenighed:region');
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
