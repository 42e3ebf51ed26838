// Table editing as in Word: rows and columns added and removed, a header row, merged and split
// cells, and Tab/Shift+Tab from cell to cell (Tab in the last cell adds a row). The commands are
// prosemirror-tables'; this file names them once for the keymap and the table menu, and adds what
// the library leaves to the editor (Tab out of the last cell, keeping focus in the text).
import { Selection, TextSelection, type Command, type EditorState, type Plugin, type Transaction } from 'prosemirror-state';
import {
  addColumnAfter,
  addColumnBefore,
  addRowAfter,
  addRowBefore,
  deleteColumn,
  deleteRow,
  deleteTable,
  goToNextCell,
  isInTable,
  mergeCells,
  rowIsHeader,
  selectedRect,
  splitCell,
  tableEditing,
  TableMap,
  tableNodeTypes,
} from 'prosemirror-tables';
import { docChange } from './changes.ts';

export { isInTable };

/** Whether `tr` changed the document inside a table, or put in or took out part of one. */
function touchesTable(tr: Transaction): boolean {
  const change = docChange(tr);
  if (!change) return false;
  const inTable = (pos: number) => {
    const $pos = tr.doc.resolve(pos);
    for (let depth = $pos.depth; depth > 0; depth--) if ($pos.node(depth).type.spec.tableRole) return true;
    return false;
  };
  if (inTable(change.from) || inTable(change.to)) return true;
  let found = false;
  tr.doc.nodesBetween(change.from, change.to, (node) => {
    found ||= node.type.spec.tableRole !== undefined;
    return !found;
  });
  return found;
}

/**
 * prosemirror-tables' tableEditing, its appendTransaction (which mends the tables a change left
 * malformed, walking the document's top level to find them, and turns a selection across cells
 * into a cell selection) skipped when there is nothing for it to do: no change touched a table and
 * the selection is a caret (a keystroke in the text).
 */
export function tableEditingPlugin(): Plugin {
  const plugin = tableEditing();
  const mend = plugin.spec.appendTransaction!;
  plugin.spec.appendTransaction = (transactions, oldState, state) => {
    const caret = state.selection instanceof TextSelection && state.selection.empty;
    return caret && !transactions.some(touchesTable) ? null : mend.call(plugin, transactions, oldState, state);
  };
  return plugin;
}

/** One action of the table menu: its Danish label, shortcut (if any) and command. */
export interface TableAction {
  name: string;
  label: string;
  keys?: string;
  command: Command;
}

/** Tab in a table: the next cell; in the last cell, a new row below and its first cell (Word). */
export const tableTab: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  if (goToNextCell(1)(state, dispatch)) return true;
  if (!dispatch) return true;
  const rect = selectedRect(state);
  addRowAfter(state, (tr) => {
    // The new row is the one after the selection's bottom row; the table starts where it did.
    const map = TableMap.get(tr.doc.nodeAt(rect.tableStart - 1)!);
    const cellPos = rect.tableStart + map.map[rect.bottom * map.width];
    tr.setSelection(Selection.findFrom(tr.doc.resolve(cellPos + 1), 1, true) ?? TextSelection.near(tr.doc.resolve(cellPos + 1)));
    dispatch(tr.scrollIntoView());
  });
  return true;
};

/**
 * Runs a deleting command and puts the cursor in the table again: in the cell now at the removed
 * one's row and column (the row above after the last row, the column to the left after the last
 * column), as Word does. Left to ProseMirror, the cursor could land anywhere before the table.
 */
function staysInTable(command: Command): Command {
  return (state, dispatch) => {
    if (!isInTable(state)) return false;
    if (!dispatch) return command(state);
    const rect = selectedRect(state);
    return command(state, (tr) => {
      const table = tr.doc.nodeAt(rect.tableStart - 1);
      if (table?.type.spec.tableRole === 'table') {
        const map = TableMap.get(table);
        const row = Math.min(rect.top, map.height - 1);
        const col = Math.min(rect.left, map.width - 1);
        const cellPos = rect.tableStart + map.map[row * map.width + col];
        tr.setSelection(Selection.findFrom(tr.doc.resolve(cellPos + 1), 1, true) ?? TextSelection.near(tr.doc.resolve(cellPos + 1)));
      }
      dispatch(tr.scrollIntoView());
    });
  };
}

/** Shift+Tab in a table: the previous cell; in the first cell the cursor stays (focus too). */
export const tableShiftTab: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  goToNextCell(-1)(state, dispatch);
  return true;
};

/** Whether the selection's table has a header row (its first row made of header cells). */
export function hasHeaderRow(state: EditorState): boolean {
  if (!isInTable(state)) return false;
  const rect = selectedRect(state);
  return rowIsHeader(rect.map, rect.table, 0);
}

/**
 * Turns the table's first row into a header row (header cells), or back, wherever the cursor is in
 * the table. (prosemirror-tables' toggleHeaderRow acts on the selection's row instead.)
 */
export const toggleFirstRowHeader: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  if (dispatch) {
    const rect = selectedRect(state);
    const type = rowIsHeader(rect.map, rect.table, 0) ? tableNodeTypes(state.schema).cell : tableNodeTypes(state.schema).header_cell;
    const tr = state.tr;
    for (const pos of new Set(rect.map.map.slice(0, rect.map.width))) {
      const cell = rect.table.nodeAt(pos)!;
      tr.setNodeMarkup(rect.tableStart + pos, type, cell.attrs);
    }
    dispatch(tr);
  }
  return true;
};

/** Opens the table menu from the text (the renderer binds it; the toolbar's tooltip names it). */
export const tableMenuKey = 'Alt-Shift-t';

/** The table menu, in menu order. The shortcuts are Alt+Skift with arrows and letters, free elsewhere. */
export const tableActions: readonly TableAction[] = [
  { name: 'row-before', label: 'Indsæt række over', keys: 'Alt-Shift-ArrowUp', command: addRowBefore },
  { name: 'row-after', label: 'Indsæt række under', keys: 'Alt-Shift-ArrowDown', command: addRowAfter },
  { name: 'column-before', label: 'Indsæt kolonne til venstre', keys: 'Alt-Shift-ArrowLeft', command: addColumnBefore },
  { name: 'column-after', label: 'Indsæt kolonne til højre', keys: 'Alt-Shift-ArrowRight', command: addColumnAfter },
  { name: 'delete-row', label: 'Slet række', keys: 'Alt-Shift-Backspace', command: staysInTable(deleteRow) },
  { name: 'delete-column', label: 'Slet kolonne', keys: 'Alt-Shift-Delete', command: staysInTable(deleteColumn) },
  { name: 'header-row', label: 'Overskriftsrække', keys: 'Alt-Shift-h', command: toggleFirstRowHeader },
  { name: 'merge-cells', label: 'Flet celler', keys: 'Alt-Shift-m', command: mergeCells },
  { name: 'split-cell', label: 'Del celle', keys: 'Alt-Shift-s', command: splitCell },
  { name: 'delete-table', label: 'Slet tabel', command: deleteTable },
];

/** The table shortcuts for the editor's keymap (each only applies inside a table). */
export function tableKeymap(): Record<string, Command> {
  const keys: Record<string, Command> = {};
  for (const action of tableActions) {
    if (!action.keys) continue;
    keys[action.keys] = action.command;
    // Letters: ProseMirror's keymap sees Shift+H as "H".
    if (/-[a-z]$/.test(action.keys)) keys[action.keys.replace(/.$/, (c) => c.toUpperCase())] = action.command;
  }
  return keys;
}
