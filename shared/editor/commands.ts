// Editor commands of a section, as pure ProseMirror commands `(state, dispatch?) => boolean`: called
// without `dispatch` they only tell whether they apply (the toolbar enables its buttons with that),
// so they run and are tested in Node without a view.
import { setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import type { Mark, MarkType, Node, NodeType, ResolvedPos } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { Selection, TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { schema, subgoalFields } from '../schema/schema.ts';
import { newClauseId } from '../schema/clauseIds.ts';

const nodes = schema.nodes;
const marks = schema.marks;

export const setParagraph: Command = setBlockType(nodes.paragraph);

export function setHeading(level: 1 | 2 | 3): Command {
  return setBlockType(nodes.heading, { level });
}

export const toggleStrong: Command = toggleMark(marks.strong);
export const toggleEm: Command = toggleMark(marks.em);
export const toggleUnderline: Command = toggleMark(marks.underline);
export const toggleStrike: Command = toggleMark(marks.strike);

/** Whether the selection's textblock is of `type` (with `attrs`, when given). Drives "active" buttons. */
export function isBlockActive(state: EditorState, type: NodeType, attrs?: Record<string, unknown>): boolean {
  const { $from, to } = state.selection;
  if (to > $from.end()) return false;
  const parent = $from.parent;
  if (parent.type !== type) return false;
  return !attrs || Object.entries(attrs).every(([key, value]) => parent.attrs[key] === value);
}

/** Whether `type` is set on the cursor (stored marks) or anywhere in the selection. */
export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The list type the selection sits in (innermost), or null. */
export function listTypeAt(state: EditorState): NodeType | null {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const type = $from.node(d).type;
    if (type === nodes.bullet_list || type === nodes.ordered_list) return type;
  }
  return null;
}

/** Wraps the selection in a list of `type`; if it is already in such a list, lifts it out. */
export function toggleList(type: NodeType): Command {
  return (state, dispatch) => {
    if (listTypeAt(state) === type) return liftListItem(nodes.list_item)(state, dispatch);
    return wrapInList(type)(state, dispatch);
  };
}

export const toggleBulletList: Command = toggleList(nodes.bullet_list);
export const toggleOrderedList: Command = toggleList(nodes.ordered_list);

// ---------------------------------------------------------------------------------------------
// Links

/** The range of the whole link around `$pos` (the cursor, also right after a link), or null. */
export function linkRangeAt($pos: ResolvedPos): { from: number; to: number; mark: Mark } | null {
  const start = $pos.start();
  const children: { node: Node; from: number; to: number }[] = [];
  $pos.parent.forEach((node, offset) =>
    children.push({ node, from: start + offset, to: start + offset + node.nodeSize }),
  );
  const hasLink = (c: { node: Node }) => !!marks.link.isInSet(c.node.marks);
  let i = children.findIndex((c) => c.from <= $pos.pos && $pos.pos < c.to && hasLink(c));
  if (i < 0) i = children.findIndex((c) => c.to === $pos.pos && hasLink(c));
  if (i < 0) return null;
  const mark = marks.link.isInSet(children[i].node.marks)!;
  let first = i;
  let last = i;
  while (first > 0 && mark.isInSet(children[first - 1].node.marks)) first--;
  while (last < children.length - 1 && mark.isInSet(children[last + 1].node.marks)) last++;
  return { from: children[first].from, to: children[last].to, mark };
}

/**
 * Normalises what a user typed as a link target: adds https:// to a bare host, accepts http(s) and
 * mailto only. Returns null for anything else (e.g. `javascript:`), so it never reaches the document.
 */
export function normalizeHref(input: string): string | null {
  const text = input.trim();
  if (!text || /\s/.test(text)) return null;
  if (/^mailto:[^@]+@[^@]+$/i.test(text)) return text;
  if (/^[^@/:]+@[^@/:]+\.[a-z]{2,}$/i.test(text)) return `mailto:${text}`;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Whether a link can be set here: inline content that allows the link mark. */
function canLink(state: EditorState): boolean {
  const { $from, $to } = state.selection;
  if (!$from.parent.inlineContent || !$to.parent.inlineContent) return false;
  return $from.parent.type.allowsMarkType(marks.link);
}

/**
 * Sets a link to `href` on the selection. With an empty selection inside a link, changes that link's
 * target; with an empty selection elsewhere, inserts the address itself as linked text.
 * `href` must already be normalised (see normalizeHref).
 */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    if (!canLink(state) || !href) return false;
    if (!dispatch) return true;
    const mark = marks.link.create({ href });
    const { from, to, empty, $from } = state.selection;
    const tr = state.tr;
    if (!empty) {
      tr.removeMark(from, to, marks.link).addMark(from, to, mark);
    } else {
      const range = linkRangeAt($from);
      if (range) {
        tr.removeMark(range.from, range.to, marks.link).addMark(range.from, range.to, mark);
      } else {
        const text = href.replace(/^mailto:/, '');
        tr.insert(from, schema.text(text, [...$from.marks().filter((m) => m.type !== marks.link), mark]));
        tr.setSelection(TextSelection.create(tr.doc, from + text.length));
        tr.removeStoredMark(marks.link);
      }
    }
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/** The href of the link at the selection, if any (to prefill the link dialog). */
export function linkHrefAt(state: EditorState): string | null {
  const { from, to, empty, $from } = state.selection;
  if (empty) return (linkRangeAt($from)?.mark.attrs.href as string | undefined) ?? null;
  let href: string | null = null;
  state.doc.nodesBetween(from, to, (node) => {
    const mark = marks.link.isInSet(node.marks);
    if (mark && href === null) href = mark.attrs.href as string;
  });
  return href;
}

/** Removes links from the selection, or from the whole link the cursor is in. */
export const removeLink: Command = (state, dispatch) => {
  const { from, to, empty, $from } = state.selection;
  let range: { from: number; to: number } | null = null;
  if (empty) range = linkRangeAt($from);
  else if (state.doc.rangeHasMark(from, to, marks.link)) range = { from, to };
  if (!range) return false;
  if (dispatch) dispatch(state.tr.removeMark(range.from, range.to, marks.link));
  return true;
};

// ---------------------------------------------------------------------------------------------
// Inserting blocks

/**
 * Where a block of `type` can go "after the current block": the deepest ancestor of the cursor that
 * accepts `type` right after the child containing the cursor. Returns the insert position, or null.
 * When the cursor sits in an empty paragraph that may be replaced, returns its range instead.
 */
function blockInsertPoint(state: EditorState, type: NodeType): { from: number; to: number } | null {
  const { $from } = state.selection;
  // An empty paragraph the node can replace (e.g. the empty line the user just made).
  if ($from.parent.type === nodes.paragraph && $from.parent.content.size === 0 && $from.depth > 0) {
    const d = $from.depth - 1;
    const index = $from.index(d);
    if ($from.node(d).canReplaceWith(index, index + 1, type)) return { from: $from.before(), to: $from.after() };
  }
  for (let d = $from.depth - 1; d >= 0; d--) {
    const index = $from.indexAfter(d);
    if ($from.node(d).canReplaceWith(index, index, type)) {
      const pos = $from.after(d + 1);
      return { from: pos, to: pos };
    }
  }
  if ($from.depth === 0) {
    const index = $from.index(0);
    if (state.doc.canReplaceWith(index, index, type)) return { from: state.selection.to, to: state.selection.to };
  }
  return null;
}

/** Inserts `node` after the current block (or in place of an empty paragraph) and puts the cursor
 *  in its first textblock. */
function insertBlock(make: () => Node, type: NodeType): Command {
  return (state, dispatch) => {
    const point = blockInsertPoint(state, type);
    if (!point) return false;
    if (!dispatch) return true;
    const node = make();
    const tr = state.tr.replaceWith(point.from, point.to, node);
    const inside = tr.doc.resolve(Math.min(point.from + 1, tr.doc.content.size));
    tr.setSelection(Selection.findFrom(inside, 1, true) ?? Selection.near(inside));
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/** A table of `rows` × `cols` empty cells. */
export function createTable(rows = 3, cols = 3): Node {
  const cell = () => nodes.table_cell.createAndFill()!;
  const row = () => nodes.table_row.create(null, Array.from({ length: cols }, cell));
  return nodes.table.create(null, Array.from({ length: rows }, row));
}

export function insertTable(rows = 3, cols = 3): Command {
  return insertBlock(() => createTable(rows, cols), nodes.table);
}

/** An empty sub-goal (delmål) with all its fields. */
export function createSubgoal(): Node {
  return nodes.subgoal.create(
    null,
    subgoalFields.map((f) => nodes[f.node].create()),
  );
}

export const insertSubgoal: Command = insertBlock(createSubgoal, nodes.subgoal);

/** A new clause with one empty paragraph and a fresh id. */
export function createClause(id: string = newClauseId()): Node {
  return nodes.clause.create({ id }, nodes.paragraph.create());
}

/**
 * Inserts a new, empty clause after the current top-level block (clauses live at the top level
 * only) and puts the cursor in it.
 */
export function insertClause(id?: string): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    const pos = $from.depth > 0 ? $from.after(1) : state.selection.to;
    const index = state.doc.resolve(pos).index(0);
    if (!state.doc.canReplaceWith(index, index, nodes.clause)) return false;
    if (!dispatch) return true;
    const tr = state.tr.insert(pos, createClause(id));
    tr.setSelection(TextSelection.create(tr.doc, pos + 2));
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/**
 * Enter inside a sub-goal field moves to the next field; in the last field it leaves the sub-goal
 * with a new paragraph after it. (A field cannot be split: a sub-goal has exactly one of each.)
 */
export const subgoalEnter: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.depth < 1 || $from.node(-1).type !== nodes.subgoal) return false;
  const subgoal = $from.node(-1);
  const index = $from.index(-1);
  if (index < subgoal.childCount - 1) {
    if (dispatch) {
      const next = $from.after() + 1;
      dispatch(state.tr.setSelection(TextSelection.create(state.doc, next)).scrollIntoView());
    }
    return true;
  }
  const after = $from.after(-1);
  const $after = state.doc.resolve(after);
  const containerIndex = $after.index();
  if (!$after.parent.canReplaceWith(containerIndex, containerIndex, nodes.paragraph)) return false;
  if (dispatch) {
    const tr = state.tr.insert(after, nodes.paragraph.create());
    tr.setSelection(TextSelection.create(tr.doc, after + 1));
    dispatch(tr.scrollIntoView());
  }
  return true;
};

/** Wraps the selected top-level blocks in a clause (turns plain text into a negotiable clause). */
export const wrapInClause: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  if ($from.depth < 1 || $from.node(1).type === nodes.clause || $to.node(1).type === nodes.clause) return false;
  return wrapIn(nodes.clause, { id: newClauseId() })(state, dispatch);
};

/**
 * Tab (dir 1) and Shift+Tab (dir -1) inside a sub-goal: the next or previous field, with its text
 * selected as Word selects a table cell's. Tab in the last field leaves the sub-goal as Enter does
 * (the block after it, a new paragraph if there is none); Shift+Tab in the first field stays. Either
 * way the key is taken, so focus never leaves the text from inside a sub-goal.
 */
export function subgoalTab(dir: 1 | -1): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    if ($from.depth < 1 || $from.node(-1).type !== nodes.subgoal) return false;
    const subgoal = $from.node(-1);
    const index = $from.index(-1);
    const target = index + dir;
    if (target < 0) return true;
    if (target >= subgoal.childCount) {
      const after = $from.after(-1);
      const $after = state.doc.resolve(after);
      if ($after.nodeAfter?.isTextblock) {
        if (dispatch) dispatch(state.tr.setSelection(TextSelection.create(state.doc, after + 1)).scrollIntoView());
        return true;
      }
      const at = $after.index();
      if (dispatch && $after.parent.canReplaceWith(at, at, nodes.paragraph)) {
        const tr = state.tr.insert(after, nodes.paragraph.create());
        dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView());
      }
      return true;
    }
    if (dispatch) {
      const fieldStart = $from.start(-1) + childOffset(subgoal, target) + 1;
      const field = subgoal.child(target);
      dispatch(state.tr.setSelection(TextSelection.create(state.doc, fieldStart, fieldStart + field.content.size)).scrollIntoView());
    }
    return true;
  };
}

function childOffset(parent: Node, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += parent.child(i).nodeSize;
  return offset;
}
