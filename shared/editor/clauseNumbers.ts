// Clause numbering: "3.1", "3.2", … for the clauses of section 3. The numbers are not stored in the
// document (they change whenever a clause is inserted or the sections are reordered); they are node
// decorations giving each clause a `data-number` attribute that CSS shows in the margin. The clause
// holding the cursor also gets the class `is-current`.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { clausesOf } from '../schema/clauseIds.ts';

interface NumberingState {
  /** The section's number within its part, or null while unknown. */
  sectionNumber: number | null;
  decorations: DecorationSet;
}

export const clauseNumbersKey = new PluginKey<NumberingState>('clauseNumbers');

/** The display number of each clause of `doc`, in document order. */
export function clauseNumbers(doc: Node, sectionNumber: number | null): { id: string | null; pos: number; number: string }[] {
  const prefix = sectionNumber === null ? '' : `${sectionNumber}.`;
  return clausesOf(doc).map((c, i) => ({ id: c.id, pos: c.pos, number: `${prefix}${i + 1}` }));
}

function decorate(doc: Node, sectionNumber: number | null): DecorationSet {
  return DecorationSet.create(
    doc,
    clauseNumbers(doc, sectionNumber).map(({ pos, number }, i) => {
      const node = doc.nodeAt(pos)!;
      return Decoration.node(pos, pos + node.nodeSize, { 'data-number': number }, { index: i });
    }),
  );
}

export function clauseNumbersPlugin(sectionNumber: number | null): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: clauseNumbersKey,
    state: {
      init: (_config, state) => ({ sectionNumber, decorations: decorate(state.doc, sectionNumber) }),
      apply(tr, value, _old, state) {
        const next = tr.getMeta(clauseNumbersKey) as number | null | undefined;
        if (next !== undefined && next !== value.sectionNumber) {
          return { sectionNumber: next, decorations: decorate(state.doc, next) };
        }
        if (!tr.docChanged) return value;
        return { sectionNumber: value.sectionNumber, decorations: decorate(state.doc, value.sectionNumber) };
      },
    },
    props: {
      decorations(state) {
        const numbers = clauseNumbersKey.getState(state)?.decorations;
        if (!numbers) return null;
        // The clause holding the cursor is marked too, so the reader sees which unit they edit.
        const { $from } = state.selection;
        if ($from.depth < 1 || $from.node(1).type.name !== 'clause') return numbers;
        const pos = $from.before(1);
        return numbers.add(state.doc, [Decoration.node(pos, pos + $from.node(1).nodeSize, { class: 'is-current' })]);
      },
    },
  });
}

/** A transaction that changes the section number (e.g. after the sections were reordered). */
export function setSectionNumber(state: EditorState, sectionNumber: number | null): Transaction {
  return state.tr.setMeta(clauseNumbersKey, sectionNumber);
}
