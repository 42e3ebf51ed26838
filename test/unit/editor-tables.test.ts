// Tables and sub-goal fields by keyboard, on real EditorStates with the editor's own keymap, and the
// table attributes (header cells, spans, column widths) through a real Y.Doc and the document check.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, NodeSelection, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import { CellSelection, tableEditing } from 'prosemirror-tables';
import { schema } from '../../shared/schema/schema.ts';
import { insertSubgoal, insertTable, subgoalTab } from '../../shared/editor/commands.ts';
import { editorKeymap, sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { hasHeaderRow, tableActions, tableEditingPlugin, tableTab } from '../../shared/editor/tables.ts';
import { checkDoc } from '../../shared/documents/check.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import { HeadlessView } from '../helpers/headlessView.ts';

const n = schema.nodes;
const p = (text = '') => n.paragraph.create(null, text ? schema.text(text) : undefined);
const doc = (...content: Node[]) => n.doc.create(null, content);
const keys = editorKeymap();
const action = (name: string) => tableActions.find((a) => a.name === name)!.command;

function run(state: EditorState, command: Command): EditorState {
  let result: Transaction | null = null;
  expect(command(state, (tr) => (result = tr))).toBe(true);
  return result ? state.apply(result) : state;
}

function start(): EditorState {
  const state = EditorState.create({ doc: doc(n.clause.create({ id: 'k1' }, [p('tekst')])) });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3)));
}

const type = (state: EditorState, text: string) => state.apply(state.tr.insertText(text));
const tableOf = (state: EditorState): Node => {
  let table: Node | null = null;
  state.doc.descendants((node) => {
    if (node.type === n.table) table = node;
    return !table;
  });
  return table!;
};
const grid = (state: EditorState) => {
  const rows: string[][] = [];
  tableOf(state).forEach((row) => {
    const cells: string[] = [];
    row.forEach((cell) => cells.push(`${cell.type === n.table_header ? 'H:' : ''}${cell.textContent}`));
    rows.push(cells);
  });
  return rows;
};

describe('tables as in Word', () => {
  it('Tab walks the cells and adds a row after the last one; typing lands in the new row', () => {
    let state = run(start(), insertTable(2, 2));
    for (const text of ['a', 'b', 'c', 'd']) {
      state = type(state, text);
      state = run(state, keys.Tab);
    }
    // Tab in the last cell made a third row; the cursor is in its first cell.
    state = type(state, 'e');
    expect(grid(state)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', ''],
    ]);
    // Shift+Tab goes back and selects the cell's text (Word); in the first cell it stays (the key
    // is taken: focus stays in the text).
    state = run(state, keys['Shift-Tab']);
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('d');
    state = type(state, '!');
    expect(grid(state)[1]).toEqual(['c', '!']);
    let first = state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.doc.resolve(posIn(state, 'a')).pos)));
    const before = first.selection.from;
    first = run(first, keys['Shift-Tab']);
    expect(first.selection.from).toBe(before);
    expect(tableTab(start())).toBe(false);
  });

  it('rows, columns and the header row by the table actions', () => {
    let state = run(start(), insertTable(3, 3));
    state = run(state, action('row-after'));
    state = run(state, action('header-row'));
    expect(hasHeaderRow(state)).toBe(true);
    expect(grid(state).map((r) => r.length)).toEqual([3, 3, 3, 3]);
    expect(grid(state)[0]).toEqual(['H:', 'H:', 'H:']);
    state = run(state, action('column-after'));
    expect(grid(state).map((r) => r.length)).toEqual([4, 4, 4, 4]);
    state = run(state, action('delete-column'));
    // The cursor is in the first row: deleting it takes the header row with it.
    state = run(state, action('delete-row'));
    expect(grid(state).map((r) => r.length)).toEqual([3, 3, 3]);
    expect(hasHeaderRow(state)).toBe(false);
    // The cursor stays in the table (in the cell that took the deleted one's place).
    expect(state.selection.$from.node(-2)).toBe(tableOf(state).child(0));
    // Shortcuts reach the same commands; the header row is the first row wherever the cursor is.
    state = run(state, keys['Alt-Shift-ArrowDown']);
    state = run(state, keys.Tab);
    state = run(state, keys.Tab);
    state = run(state, keys.Tab);
    expect(state.selection.$from.node(-2)).toBe(tableOf(state).child(1));
    expect(grid(state)).toHaveLength(4);
    state = run(state, keys['Alt-Shift-H']);
    expect(hasHeaderRow(state)).toBe(true);
    expect(grid(state)[1]).toEqual(['', '', '']);
    state = run(state, keys['Alt-Shift-H']);
    expect(hasHeaderRow(state)).toBe(false);
  });

  it('merges and splits cells', () => {
    let state = run(start(), insertTable(2, 3));
    const table = tableOf(state);
    let tablePos = -1;
    state.doc.descendants((node, pos) => {
      if (node === table) tablePos = pos;
    });
    const cell = (row: number, col: number) => {
      let pos = tablePos + 1;
      for (let r = 0; r < row; r++) pos += table.child(r).nodeSize;
      pos += 1;
      for (let c = 0; c < col; c++) pos += table.child(row).child(c).nodeSize;
      return pos;
    };
    state = state.apply(state.tr.setSelection(CellSelection.create(state.doc, cell(0, 0), cell(0, 1))));
    state = run(state, action('merge-cells'));
    expect(tableOf(state).child(0).childCount).toBe(2);
    expect(tableOf(state).child(0).child(0).attrs.colspan).toBe(2);
    state = run(state, action('split-cell'));
    expect(tableOf(state).child(0).childCount).toBe(3);
  });

  it('header cells, spans and column widths go through Yjs and pass the document check', () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment(SECTION_KEYS.text);
    const view = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment, sectionNumber: 1 }) }));
    view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, n.clause.create({ id: 'k1' }, [p('tekst')])));
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 3)));
    const exec = (command: Command) => expect(command(view.state, view.dispatch)).toBe(true);
    exec(insertTable(2, 2));
    exec(action('header-row'));
    // A column width, as column resizing sets it.
    const { $from } = view.state.selection;
    const cellPos = $from.before($from.depth - 1);
    view.dispatch(view.state.tr.setNodeMarkup(cellPos, null, { ...view.state.doc.nodeAt(cellPos)!.attrs, colwidth: [180] }));
    expect(checkDoc(sectionDocId('a1', 's1'), ydoc)).toEqual({ ok: true });

    // Another replica reads the same table back.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    const otherView = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment: other.getXmlFragment(SECTION_KEYS.text), sectionNumber: 1 }) }));
    const table = tableOf(otherView.state);
    expect(table.child(0).child(0).type).toBe(n.table_header);
    expect(table.child(0).child(0).attrs.colwidth).toEqual([180]);
    expect(otherView.state.doc.eq(view.state.doc)).toBe(true);
    view.destroy();
    otherView.destroy();
  });
});

function posIn(state: EditorState, text: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text === text) found = pos;
    return found < 0;
  });
  return found;
}

describe('sub-goal fields by Tab', () => {
  it('Tab and Shift+Tab move between the fields; Tab in the last one leaves the sub-goal', () => {
    let state = run(start(), insertSubgoal);
    const visited: string[] = [state.selection.$from.parent.type.name];
    for (const text of ['Færre genindlæggelser', 'Andel genindlagte', 'LPR', '12 %', '8 %']) {
      state = type(state, text);
      state = run(state, keys.Tab);
      visited.push(state.selection.$from.parent.type.name);
    }
    expect(visited).toEqual(['subgoal_title', 'subgoal_indicator', 'subgoal_measurement', 'subgoal_baseline', 'subgoal_target', 'paragraph']);
    const subgoal = state.doc.child(0).child(1);
    expect(subgoal.type).toBe(n.subgoal);
    expect(subgoal.content.content.map((f) => f.textContent)).toEqual(['Færre genindlæggelser', 'Andel genindlagte', 'LPR', '12 %', '8 %']);
    // Back into the sub-goal: Shift+Tab from the paragraph is not the sub-goal's; inside, it selects
    // the previous field's text (as Word selects a cell's).
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, posIn(state, '8 %'))));
    state = run(state, subgoalTab(-1));
    expect(state.selection.$from.parent.type).toBe(n.subgoal_baseline);
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('12 %');
    // Shift+Tab in the title stays.
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, posIn(state, 'Færre genindlæggelser'))));
    const at = state.selection.from;
    state = run(state, keys['Shift-Tab']);
    expect(state.selection.from).toBe(at);
    expect(subgoalTab(1)(start())).toBe(false);
  });

  it('Tab in a list item that cannot be indented stays in the text', () => {
    const list = n.bullet_list.create(null, [n.list_item.create(null, [p('punkt')])]);
    const state = EditorState.create({ doc: doc(list) });
    const inside = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 4)));
    expect(keys.Tab(inside)).toBe(true);
    const outside = EditorState.create({ doc: doc(p('afsnit')) });
    expect(keys.Tab(outside.apply(outside.tr.setSelection(TextSelection.create(outside.doc, 2))))).toBe(false);
  });
});

describe('table mending (tableEditingPlugin)', () => {
  const cell = (text: string) => n.table_cell.create(null, p(text));
  // A table whose second row lacks a cell: what fixTables mends once a change touches the table.
  const malformed = () =>
    doc(p('før'), n.table.create(null, [n.table_row.create(null, [cell('a'), cell('b')]), n.table_row.create(null, [cell('c')])]), p('efter'));
  const posOf = (d: Node, text: string) => {
    let found = -1;
    d.descendants((node, pos) => {
      if (found < 0 && node.isText && node.text === text) found = pos;
      return found < 0;
    });
    return found;
  };
  // The same transactions through the wrapped plugin and prosemirror-tables' own.
  const both = (edit: (state: EditorState) => Transaction) =>
    [tableEditingPlugin(), tableEditing()].map((plugin) => {
      const state = EditorState.create({ doc: malformed(), plugins: [plugin] });
      return state.applyTransaction(edit(state));
    });

  it('mends a table the change touched, as prosemirror-tables does', () => {
    const [wrapped, own] = both((state) => state.tr.insertText('x', posOf(state.doc, 'c') + 1));
    expect(wrapped.transactions).toHaveLength(2);
    expect(wrapped.state.doc.toJSON()).toEqual(own.state.doc.toJSON());
    expect(grid(wrapped.state)).toEqual([['a', 'b'], ['cx', '']]);
  });

  it('appends nothing for a keystroke outside tables, as prosemirror-tables has nothing to mend there', () => {
    const [wrapped, own] = both((state) => state.tr.setSelection(TextSelection.create(state.doc, 2)).insertText('x'));
    expect(wrapped.transactions).toHaveLength(1);
    expect(wrapped.state.doc.toJSON()).toEqual(own.state.doc.toJSON());
    expect(grid(wrapped.state)).toEqual([['a', 'b'], ['c']]);
  });

  it('still turns a selected cell into a cell selection', () => {
    const [wrapped, own] = both((state) => state.tr.setSelection(NodeSelection.create(state.doc, posOf(state.doc, 'a') - 2)));
    expect(own.transactions).toHaveLength(2);
    expect(wrapped.transactions).toHaveLength(2);
    expect(wrapped.state.selection).toBeInstanceOf(CellSelection);
    expect(wrapped.state.selection.toJSON()).toEqual(own.state.selection.toJSON());
  });
});
