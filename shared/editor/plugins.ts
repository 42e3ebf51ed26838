// The plugin set of the section editor, in one place so the renderer and the Node tests run the
// same editor. Nothing here touches the DOM: the DOM comes with the EditorView the renderer makes.
import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands';
import { InputRule, inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import { Plugin, type Command, type Transaction } from 'prosemirror-state';
import { columnResizing } from 'prosemirror-tables';
import { redo, undo, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror';
import type * as Y from 'yjs';
import { schema } from '../schema/schema.ts';
import { clauseIdsPlugin } from '../schema/clauseIds.ts';
import { clauseNumbersPlugin } from './clauseNumbers.ts';
import { clauseStatusPlugin, type ClauseStatusOptions } from './clauseStatus.ts';
import { commentAnchorsPlugin, type CommentAnchorsOptions } from './commentAnchors.ts';
import { setHeading, setParagraph, subgoalEnter, subgoalTab, toggleEm, toggleStrike, toggleStrong, toggleUnderline } from './commands.ts';
import { tableEditingPlugin, tableKeymap, tableShiftTab, tableTab } from './tables.ts';
import { pastePlugin, type PasteOptions } from './paste/plugin.ts';
import { suggestChangesPlugin, toggleSuggesting } from './suggestions.ts';
import { presenceCursorPlugin, type PresenceAwareness } from './presence.ts';
import { awayHighlightsPlugin } from './awayHighlights.ts';

const nodes = schema.nodes;

/** A transaction that replays a change from Yjs (another replica, or undo/redo) rather than a local
 *  edit; clause ids in it were already made unique where the change was made. */
export function isYjsChange(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true;
}

const insertHardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  if (!state.selection.$from.parent.type.contentMatch.matchType(nodes.hard_break)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
});

/** Takes the key inside a list item, so Tab there never moves focus out of the text. */
const inList: Command = (state) => {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === nodes.list_item) return true;
  return false;
};

/** Keyboard shortcuts; the toolbar's tooltips name the same keys (see shortcutLabels). */
export function editorKeymap(): Record<string, Command> {
  return {
    'Mod-z': undo,
    'Mod-y': redo,
    'Mod-Shift-z': redo,
    'Mod-b': toggleStrong,
    'Mod-i': toggleEm,
    'Mod-u': toggleUnderline,
    'Mod-Shift-x': toggleStrike,
    'Mod-Alt-0': setParagraph,
    'Mod-Alt-1': setHeading(1),
    'Mod-Alt-2': setHeading(2),
    'Mod-Alt-3': setHeading(3),
    // Word's shortcut for track changes.
    'Mod-Shift-e': toggleSuggesting,
    Enter: chainCommands(subgoalEnter, splitListItem(nodes.list_item)),
    'Shift-Enter': insertHardBreak,
    'Mod-Enter': insertHardBreak,
    // Tab stays in the text where Word keeps it: tables (next cell; a new row after the last),
    // sub-goals (next field) and lists (indent; a list item that cannot move stays). Elsewhere it
    // moves focus on, so the keyboard can always leave the editor.
    Tab: chainCommands(tableTab, subgoalTab(1), sinkListItem(nodes.list_item), inList),
    'Shift-Tab': chainCommands(tableShiftTab, subgoalTab(-1), liftListItem(nodes.list_item), inList),
    ...tableKeymap(),
  };
}

/** Markdown-like typing shortcuts: "- " starts a bullet list, "1. " a numbered one, "## " a heading. */
export function editorInputRules(): Plugin {
  const rules: InputRule[] = [
    wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
    wrappingInputRule(
      /^(\d+)\.\s$/,
      nodes.ordered_list,
      (match) => ({ order: Number(match[1]) }),
      (match, node) => node.childCount + (node.attrs.order as number) === Number(match[1]),
    ),
    textblockTypeInputRule(/^(#{1,3})\s$/, nodes.heading, (match) => ({ level: match[1].length })),
  ];
  return inputRules({ rules });
}

export interface SectionEditorOptions {
  /** The section's text: `ydoc.getXmlFragment(SECTION_FRAGMENT)`. */
  fragment: Y.XmlFragment;
  /** The section's number within its part, for clause numbers ("3.1"). */
  sectionNumber: number | null;
  /** Extra shortcuts that need the UI (e.g. Mod-k opening the link dialog); they win over the rest. */
  extraKeys?: Record<string, Command>;
  /** Negotiation status per clause (status chips in the margin); omitted, no statuses are shown. */
  clauseStatus?: ClauseStatusOptions;
  /** Comment threads to anchor and highlight in the text; omitted, none are. */
  comments?: CommentAnchorsOptions;
  /** Where the notice about what a paste left out goes (pasted HTML is cleaned either way). */
  paste?: PasteOptions;
  /** The section's awareness: others' cursors are shown, this editor's is shared (presence.ts). */
  presence?: PresenceAwareness;
}

export function sectionEditorPlugins(options: SectionEditorOptions): Plugin[] {
  return [
    ySyncPlugin(options.fragment),
    yUndoPlugin(),
    clauseIdsPlugin(isYjsChange),
    clauseNumbersPlugin(options.sectionNumber),
    // Whether edits are suggestions; the transformation itself is in the view's dispatch
    // (suggestingDispatch), as it needs the person and the Y.Doc.
    suggestChangesPlugin(),
    ...(options.clauseStatus ? [clauseStatusPlugin(options.clauseStatus)] : []),
    ...(options.comments ? [commentAnchorsPlugin(options.comments)] : []),
    // Nyt siden sidst / Samtidige ændringer: empty until the window sets what to show. With chips,
    // the clause node view shows the clauses' marks (clauseView.ts).
    awayHighlightsPlugin({ clauseNodeView: options.clauseStatus?.renderChip !== undefined }),
    pastePlugin(options.paste ?? { onNotice: () => {} }),
    ...(options.presence ? [presenceCursorPlugin(options.presence)] : []),
    editorInputRules(),
    keymap({ ...editorKeymap(), ...options.extraKeys }),
    keymap(baseKeymap),
    // Column widths are cell attributes (colwidth), stored in Yjs like any other attribute.
    columnResizing({ cellMinWidth: 48 }),
    tableEditingPlugin(),
  ];
}
