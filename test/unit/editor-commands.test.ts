// The section editor's commands on real EditorStates (no view): what they do, and that asking them
// without dispatch (how the toolbar enables its buttons) gives the same answer as running them.
import { describe, expect, it } from 'vitest';
import { EditorState, NodeSelection, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import { schema } from '../../shared/schema/schema.ts';
import { clauseAround, clausesOf } from '../../shared/schema/clauseIds.ts';
import {
  createSubgoal,
  insertClause,
  insertSubgoal,
  insertTable,
  isBlockActive,
  isMarkActive,
  linkHrefAt,
  listTypeAt,
  normalizeHref,
  removeLink,
  setHeading,
  setLink,
  setParagraph,
  subgoalEnter,
  toggleBulletList,
  toggleOrderedList,
  toggleStrong,
  wrapInClause,
} from '../../shared/editor/commands.ts';
import { clauseNumbers, clauseNumbersKey, clauseNumbersPlugin, setSectionNumber } from '../../shared/editor/clauseNumbers.ts';
import { posOf } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const p = (text = '') => n.paragraph.create(null, text ? schema.text(text) : undefined);
const clause = (id: string, ...content: Node[]) => n.clause.create({ id }, content.length ? content : [p()]);
const doc = (...content: Node[]) => n.doc.create(null, content);

/** A state with the cursor at the first occurrence of `marker` in the document's text. */
function stateAt(d: Node, marker: string, selectLength = 0): EditorState {
  let pos = -1;
  d.descendants((node, at) => {
    if (pos >= 0) return false;
    if (node.isText) {
      const i = node.text!.indexOf(marker);
      if (i >= 0) pos = at + i;
    }
    return true;
  });
  if (pos < 0) throw new Error(`marker ${marker} not found`);
  const state = EditorState.create({ doc: d });
  return state.apply(state.tr.setSelection(TextSelection.create(d, pos, pos + selectLength)));
}

/** Runs a command; checks that the dry run (no dispatch) agreed. */
function run(state: EditorState, command: Command): EditorState | null {
  const canApply = command(state);
  let result: Transaction | null = null;
  const applied = command(state, (tr) => (result = tr));
  expect(applied).toBe(canApply);
  return result ? state.apply(result) : null;
}

describe('insertClause', () => {
  it('inserts an empty clause with a fresh id after the current top-level block and moves the cursor into it', () => {
    const state = stateAt(doc(clause('ka', p('første')), clause('kb', p('anden'))), 'første');
    const next = run(state, insertClause())!;
    const clauses = clausesOf(next.doc);
    expect(clauses.map((c) => c.id).slice(0, 1)).toEqual(['ka']);
    expect(clauses[2].id).toBe('kb');
    expect(clauses[1].id).toMatch(/^k[0-9a-z]{12}$/);
    expect(clauses[1].node.textContent).toBe('');
    expect(next.selection.$from.node(1)).toBe(clauses[1].node);
    expect(next.selection.$from.parent.type).toBe(n.paragraph);
  });

  it('works from a heading outside any clause and inside nested content (a list in a clause)', () => {
    const list = n.bullet_list.create(null, [n.list_item.create(null, [p('punkt')])]);
    const fromList = run(stateAt(doc(n.heading.create({ level: 1 }, schema.text('Titel')), clause('ka', list)), 'punkt'), insertClause('kny'))!;
    expect(clausesOf(fromList.doc).map((c) => c.id)).toEqual(['ka', 'kny']);
    const fromHeading = run(stateAt(doc(n.heading.create({ level: 1 }, schema.text('Titel')), clause('ka', p('x'))), 'Titel'), insertClause('kny'))!;
    expect(clausesOf(fromHeading.doc).map((c) => c.id)).toEqual(['kny', 'ka']);
    expect(fromHeading.doc.child(1).type).toBe(n.clause);
  });
});

describe('insertSubgoal and insertTable', () => {
  it('inserts a sub-goal with all five fields after the paragraph, cursor in its title', () => {
    const next = run(stateAt(doc(clause('ka', p('tekst'))), 'tekst'), insertSubgoal)!;
    const c = next.doc.child(0);
    expect(c.childCount).toBe(2);
    expect(c.child(1).type).toBe(n.subgoal);
    expect(c.child(1).content.content.map((f) => f.type.name)).toEqual([
      'subgoal_title',
      'subgoal_indicator',
      'subgoal_measurement',
      'subgoal_baseline',
      'subgoal_target',
    ]);
    expect(next.selection.$from.parent.type).toBe(n.subgoal_title);
  });

  it('replaces an empty paragraph instead of leaving it behind', () => {
    const d = doc(clause('ka', p('tekst'), p()));
    const state = EditorState.create({ doc: d });
    const end = d.child(0).nodeSize - 2; // inside the empty paragraph
    const at = state.apply(state.tr.setSelection(TextSelection.create(d, end)));
    expect(at.selection.$from.parent.content.size).toBe(0);
    const next = run(at, insertTable())!;
    const c = next.doc.child(0);
    expect(c.content.content.map((x) => x.type.name)).toEqual(['paragraph', 'table']);
    const table = c.child(1);
    expect(table.childCount).toBe(3);
    table.forEach((row) => expect(row.childCount).toBe(3));
    expect(next.selection.$from.node(-1).type).toBe(n.table_cell);
  });

  it('inside a table cell, inserts the new table after the table (cells hold paragraphs only)', () => {
    const first = run(stateAt(doc(clause('ka', p('tekst'))), 'tekst'), insertTable(2, 2))!;
    const second = run(first, insertTable(2, 2))!;
    expect(second.doc.child(0).content.content.map((x) => x.type.name)).toEqual(['paragraph', 'table', 'table']);
  });

  it('Enter in a sub-goal moves field by field and leaves it after the last one', () => {
    let state = run(stateAt(doc(clause('ka', p('tekst'))), 'tekst'), insertSubgoal)!;
    const visited = [state.selection.$from.parent.type.name];
    for (let i = 0; i < 4; i++) {
      state = run(state, subgoalEnter)!;
      visited.push(state.selection.$from.parent.type.name);
    }
    expect(visited).toEqual(['subgoal_title', 'subgoal_indicator', 'subgoal_measurement', 'subgoal_baseline', 'subgoal_target']);
    state = run(state, subgoalEnter)!;
    expect(state.selection.$from.parent.type).toBe(n.paragraph);
    expect(state.doc.child(0).content.content.map((x) => x.type.name)).toEqual(['paragraph', 'subgoal', 'paragraph']);
    expect(subgoalEnter(stateAt(doc(p('udenfor')), 'udenfor'))).toBe(false);
  });

  it('createSubgoal fills every required field', () => {
    const subgoal = createSubgoal();
    expect(() => subgoal.check()).not.toThrow();
    expect(subgoal.childCount).toBe(5);
  });
});

describe('block types and lists', () => {
  it('headings apply outside clauses only (a clause holds no headings)', () => {
    const outside = stateAt(doc(p('løs tekst'), clause('ka', p('klausul'))), 'løs');
    const inside = stateAt(doc(p('løs tekst'), clause('ka', p('klausul'))), 'klausul');
    expect(setHeading(2)(outside)).toBe(true);
    expect(setHeading(2)(inside)).toBe(false);
    const heading = run(outside, setHeading(2))!;
    expect(isBlockActive(heading, n.heading, { level: 2 })).toBe(true);
    expect(isBlockActive(heading, n.heading, { level: 1 })).toBe(false);
    expect(isBlockActive(run(heading, setParagraph)!, n.paragraph)).toBe(true);
  });

  it('toggles bullet and numbered lists', () => {
    const state = stateAt(doc(clause('ka', p('punkt'))), 'punkt');
    const bullets = run(state, toggleBulletList)!;
    expect(listTypeAt(bullets)).toBe(n.bullet_list);
    const back = run(bullets, toggleBulletList)!;
    expect(listTypeAt(back)).toBe(null);
    expect(back.doc.child(0).child(0).type).toBe(n.paragraph);
    expect(listTypeAt(run(state, toggleOrderedList)!)).toBe(n.ordered_list);
  });

  it('bold toggles and reports active', () => {
    const state = stateAt(doc(clause('ka', p('vigtig tekst'))), 'vigtig', 6);
    const bold = run(state, toggleStrong)!;
    expect(isMarkActive(bold, schema.marks.strong)).toBe(true);
    expect(isMarkActive(run(bold, toggleStrong)!, schema.marks.strong)).toBe(false);
  });

  it('wraps loose paragraphs in a clause, but not a clause in a clause', () => {
    const loose = stateAt(doc(p('løs')), 'løs');
    const wrapped = run(loose, wrapInClause)!;
    expect(clausesOf(wrapped.doc)).toHaveLength(1);
    expect(wrapInClause(wrapped)).toBe(false);
  });
});

describe('links', () => {
  it('normalises addresses and refuses unsafe ones', () => {
    expect(normalizeHref('sundhed.dk')).toBe('https://sundhed.dk/');
    expect(normalizeHref(' https://www.rm.dk/sundhedsaftale ')).toBe('https://www.rm.dk/sundhedsaftale');
    expect(normalizeHref('sas@rm.dk')).toBe('mailto:sas@rm.dk');
    expect(normalizeHref('javascript:alert(1)')).toBe(null);
    expect(normalizeHref('file:///etc/passwd')).toBe(null);
    expect(normalizeHref('to ord')).toBe(null);
    expect(normalizeHref('')).toBe(null);
  });

  it('sets a link on the selection, edits it from the cursor and removes it', () => {
    const state = stateAt(doc(clause('ka', p('se sundhed.dk for mere'))), 'sundhed.dk', 10);
    const linked = run(state, setLink('https://sundhed.dk/'))!;
    expect(linkHrefAt(linked)).toBe('https://sundhed.dk/');
    // Cursor inside the link, nothing selected: edit the whole link.
    const inside = linked.apply(linked.tr.setSelection(TextSelection.create(linked.doc, linked.selection.from + 3)));
    expect(linkHrefAt(inside)).toBe('https://sundhed.dk/');
    const edited = run(inside, setLink('https://www.sundhed.dk/'))!;
    let hrefs: string[] = [];
    edited.doc.descendants((node) => {
      const mark = schema.marks.link.isInSet(node.marks);
      if (mark) hrefs.push(`${node.text}→${mark.attrs.href}`);
    });
    expect(hrefs).toEqual(['sundhed.dk→https://www.sundhed.dk/']);
    const removed = run(edited, removeLink)!;
    hrefs = [];
    removed.doc.descendants((node) => {
      if (schema.marks.link.isInSet(node.marks)) hrefs.push(node.text!);
    });
    expect(hrefs).toEqual([]);
    expect(removeLink(removed)).toBe(false);
  });

  it('with nothing selected outside a link, inserts the address as linked text', () => {
    const state = stateAt(doc(clause('ka', p('Læs mere: '))), ': ');
    const at = state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.selection.from + 2)));
    const next = run(at, setLink('https://sundhed.dk/'))!;
    expect(next.doc.textContent).toBe('Læs mere: https://sundhed.dk/');
    expect(linkHrefAt(next)).toBe('https://sundhed.dk/');
    expect(isMarkActive(next, schema.marks.link)).toBe(false); // typing on does not extend the link
  });

  it('is disabled when the selection is a whole node (e.g. a table)', () => {
    const withTable = run(stateAt(doc(clause('ka', p('tekst'))), 'tekst'), insertTable())!;
    let tablePos = -1;
    withTable.doc.descendants((node, pos) => {
      if (node.type === n.table) tablePos = pos;
    });
    const selected = withTable.apply(withTable.tr.setSelection(NodeSelection.create(withTable.doc, tablePos)));
    expect(setLink('https://sundhed.dk/')(selected)).toBe(false);
  });
});

describe('clause numbering', () => {
  it('numbers the clauses "<section>.<index>" and follows inserts and renumbering', () => {
    const d = doc(p('indledning'), clause('ka', p('a')), clause('kb', p('b')));
    expect(clauseNumbers(d, 3).map((c) => c.number)).toEqual(['3.1', '3.2']);
    let state = EditorState.create({ doc: d, plugins: [clauseNumbersPlugin(3)] });
    // The editor shows "<prefix><counter>" (CSS counter); the prefix comes from the plugin.
    const prefixOf = (s: EditorState) => (clauseNumbersKey.get(s)!.props.attributes as (s: EditorState) => Record<string, string>)(s).style;
    expect(prefixOf(state)).toBe('--clause-prefix: "3."');
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 2)));
    state = run(state, insertClause('kc'))!;
    expect(clauseNumbers(state.doc, 3).map((c) => c.number)).toEqual(['3.1', '3.2', '3.3']);
    state = state.apply(setSectionNumber(state, 4));
    expect(prefixOf(state)).toBe('--clause-prefix: "4."');
    state = state.apply(setSectionNumber(state, null));
    expect(prefixOf(state)).toBe('--clause-prefix: ""');
  });

  it('finds the clause holding the cursor (which the clause views mark as current)', () => {
    const d = doc(p('indledning'), clause('ka', p('a')), clause('kb', p('b')));
    let state = EditorState.create({ doc: d, plugins: [clauseNumbersPlugin(3)] });
    expect(clauseAround(state.selection.$from)).toBe(null);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'b'))));
    expect(clauseAround(state.selection.$from)).toMatchObject({ id: 'kb', pos: d.child(0).nodeSize + d.child(1).nodeSize });
  });
});
