// Clause numbering: "3.1", "3.2", … for the clauses of section 3. The numbers are not stored in the
// document (they change whenever a clause is inserted or the sections are reordered). The editor
// shows them with a CSS counter (styles.css: `section.clause::before`); this plugin gives the editor
// the section's prefix as the custom property `--clause-prefix`, and marks the clause holding the
// cursor with the class `is-current`. A counter costs nothing per keystroke, where one decoration per
// clause made prosemirror-view compare hundreds of them on every change.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { clausesOf } from '../schema/clauseIds.ts';
import { docChange } from './changes.ts';

interface NumberingState {
  /** The section's number within its part, or null while unknown. */
  sectionNumber: number | null;
  /** The `is-current` decoration on the clause holding the cursor (empty when none does). It is
   *  mapped from transaction to transaction and made again only when the cursor changes clause:
   *  making a decoration set walks the whole document. */
  current: DecorationSet;
}

export const clauseNumbersKey = new PluginKey<NumberingState>('clauseNumbers');

/** The display number of each clause of `doc`, in document order. */
export function clauseNumbers(doc: Node, sectionNumber: number | null): { id: string | null; pos: number; number: string }[] {
  const prefix = clausePrefix(sectionNumber);
  return clausesOf(doc).map((c, i) => ({ id: c.id, pos: c.pos, number: `${prefix}${i + 1}` }));
}

/** "3." for section 3; nothing while the section's number is unknown. */
export function clausePrefix(sectionNumber: number | null): string {
  return sectionNumber === null ? '' : `${sectionNumber}.`;
}

/** Where the top-level clause holding the cursor is, or null. */
function currentClause(state: EditorState): { from: number; to: number } | null {
  const { $from } = state.selection;
  if ($from.depth < 1 || $from.node(1).type.name !== 'clause') return null;
  const from = $from.before(1);
  return { from, to: from + $from.node(1).nodeSize };
}

function currentDecoration(state: EditorState, previous: DecorationSet | null, tr: Transaction | null): DecorationSet {
  const target = currentClause(state);
  if (!target) return DecorationSet.empty;
  if (previous && tr) {
    const change = docChange(tr);
    const mapped = change ? previous.map(change.mapping, state.doc) : previous;
    const [found] = mapped.find();
    if (found && found.from === target.from && found.to === target.to) return mapped;
  }
  // The clause holding the cursor is marked, so the reader sees which unit they edit.
  return DecorationSet.create(state.doc, [Decoration.node(target.from, target.to, { class: 'is-current' })]);
}

export function clauseNumbersPlugin(sectionNumber: number | null): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: clauseNumbersKey,
    state: {
      init: (_config, state) => ({ sectionNumber, current: currentDecoration(state, null, null) }),
      apply(tr, value, _old, state) {
        const next = tr.getMeta(clauseNumbersKey) as number | null | undefined;
        const number = next !== undefined ? next : value.sectionNumber;
        const current = tr.docChanged || tr.selectionSet ? currentDecoration(state, value.current, tr) : value.current;
        return number === value.sectionNumber && current === value.current ? value : { sectionNumber: number, current };
      },
    },
    props: {
      attributes: (state) => ({ style: `--clause-prefix: ${JSON.stringify(clausePrefix(clauseNumbersKey.getState(state)?.sectionNumber ?? null))}` }),
      decorations: (state) => clauseNumbersKey.getState(state)?.current ?? null,
    },
  });
}

/** A transaction that changes the section number (e.g. after the sections were reordered). */
export function setSectionNumber(state: EditorState, sectionNumber: number | null): Transaction {
  return state.tr.setMeta(clauseNumbersKey, sectionNumber);
}
