// Clause numbering: "3.1", "3.2", … for the clauses of section 3. The numbers are not stored in the
// document (they change whenever a clause is inserted or the sections are reordered). The editor
// shows them with a CSS counter (styles.css: `section.clause::before`); this plugin gives the editor
// the section's prefix as the custom property `--clause-prefix`. A counter costs nothing per
// keystroke, where one decoration per clause made prosemirror-view compare hundreds of them on every
// change. (The clause holding the cursor is marked by the clause node views, clauseStatus.ts.)
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import { clausesOf } from '../schema/clauseIds.ts';
import type { Part } from '../domain/agreement.ts';
import { partReferenceLabel } from '../domain/labels.ts';

interface NumberingState {
  /** The section's number within its part, or null while unknown. */
  sectionNumber: number | null;
}

export const clauseNumbersKey = new PluginKey<NumberingState>('clauseNumbers');

/** The display number of each clause of `doc`, in document order. */
export function clauseNumbers(doc: Node, sectionNumber: number | null): { id: string | null; pos: number; number: string }[] {
  return clausesOf(doc).map((c, i) => ({ id: c.id, pos: c.pos, number: clauseNumber(sectionNumber, i + 1) }));
}

/**
 * The one clause number: "3.2" for the second clause (1-based `index` among the section's clauses,
 * as ClauseStatusEntry.index counts) of section 3; "2" while the section's number is unknown. The
 * editor's CSS counter shows clausePrefix + the same index; the overview, the clause panel and the
 * exports (shared/print) call this.
 */
export function clauseNumber(sectionNumber: number | null | undefined, index: number): string {
  return `${clausePrefix(sectionNumber ?? null)}${index}`;
}

/** "3." for section 3; nothing while the section's number is unknown. */
export function clausePrefix(sectionNumber: number | null): string {
  return sectionNumber === null ? '' : `${sectionNumber}.`;
}

/**
 * A clause's reference, unique across the agreement: numbering restarts in each part, so the part is
 * named with the number ("Sundhedsfaglig del 1.2", `number` from clauseNumber). What the overview,
 * the decision log and its CSV, the clause panel and the exports show.
 */
export function clauseReference(part: Part, number: string): string {
  return `${partReferenceLabel[part]} ${number}`;
}

/** A section's reference, unique across the agreement ("Politisk del 3"): the part as clauseReference
 *  names it, with the section's number in its part (sectionNumbers). The reading guide shows it. */
export function sectionReference(part: Part, sectionNumber: number): string {
  return clauseReference(part, String(sectionNumber));
}

export function clauseNumbersPlugin(sectionNumber: number | null): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: clauseNumbersKey,
    state: {
      init: () => ({ sectionNumber }),
      apply(tr, value) {
        const next = tr.getMeta(clauseNumbersKey) as number | null | undefined;
        return next === undefined || next === value.sectionNumber ? value : { sectionNumber: next };
      },
    },
    props: {
      attributes: (state) => ({ style: `--clause-prefix: ${JSON.stringify(clausePrefix(clauseNumbersKey.getState(state)?.sectionNumber ?? null))}` }),
    },
  });
}

/** A transaction that changes the section number (e.g. after the sections were reordered). */
export function setSectionNumber(state: EditorState, sectionNumber: number | null): Transaction {
  return state.tr.setMeta(clauseNumbersKey, sectionNumber);
}
