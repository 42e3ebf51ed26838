// The editor's toolbar. Each button runs a pure command from shared/editor/commands.ts; whether it is
// enabled is the same command asked without dispatch, so a button is never clickable without effect.
import type { ReactNode } from 'react';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { schema } from '../../../shared/schema/schema.ts';
import { clauseAround } from '../../../shared/schema/clauseIds.ts';
import {
  insertClause,
  insertSubgoal,
  isBlockActive,
  isMarkActive,
  linkHrefAt,
  listTypeAt,
  removeLink,
  setHeading,
  setLink,
  setParagraph,
  toggleBulletList,
  toggleEm,
  toggleOrderedList,
  toggleStrike,
  toggleStrong,
  toggleUnderline,
} from '../../../shared/editor/commands.ts';
import { isSuggesting, toggleSuggesting } from '../../../shared/editor/suggestions.ts';
import { icons } from './icons.tsx';
import { withShortcut } from './shortcuts.ts';

interface Tool {
  name: string;
  label: string;
  /** Shown instead of the label; the label stays the accessible name and the tooltip. */
  icon?: ReactNode;
  /** Show the label next to the icon. */
  showLabel?: boolean;
  keys?: string | string[];
  command?: Command;
  /** For tools that open UI instead of running a command. */
  onClick?: () => void;
  enabled?: (state: EditorState) => boolean;
  active?: (state: EditorState) => boolean;
  /** Why the tool is disabled here, added to the tooltip. */
  disabledHint?: (state: EditorState) => string | null;
  className?: string;
  /** A control of its own (a menu) in the tool's place. */
  element?: ReactNode;
}

const nodes = schema.nodes;
const inClause = (state: EditorState) => clauseAround(state.selection.$from) !== null;
const canLinkHere = (state: EditorState) => setLink('https://enighed.invalid/')(state) || removeLink(state);

function groups(onLink: () => void, tableMenu: ReactNode): Tool[][] {
  return [
    [
      { name: 'paragraph', label: 'Afsnit', keys: 'Mod-Alt-0', command: setParagraph, active: (s) => isBlockActive(s, nodes.paragraph) },
      ...([1, 2, 3] as const).map<Tool>((level) => ({
        name: `heading-${level}`,
        label: `Overskrift ${level}`,
        keys: `Mod-Alt-${level}`,
        command: setHeading(level),
        active: (s) => isBlockActive(s, nodes.heading, { level }),
        disabledHint: (s) => (inClause(s) ? 'ikke inde i en klausul' : null),
        className: `tool-heading tool-heading-${level}`,
      })),
    ],
    [
      { name: 'bold', label: 'Fed', icon: <b className="glyph">F</b>, keys: 'Mod-b', command: toggleStrong, active: (s) => isMarkActive(s, schema.marks.strong) },
      { name: 'italic', label: 'Kursiv', icon: <i className="glyph glyph-italic">K</i>, keys: 'Mod-i', command: toggleEm, active: (s) => isMarkActive(s, schema.marks.em) },
      { name: 'underline', label: 'Understreget', icon: <u className="glyph">U</u>, keys: 'Mod-u', command: toggleUnderline, active: (s) => isMarkActive(s, schema.marks.underline) },
      { name: 'strike', label: 'Gennemstreget', icon: <s className="glyph">S</s>, keys: 'Mod-Shift-x', command: toggleStrike, active: (s) => isMarkActive(s, schema.marks.strike) },
      { name: 'link', label: 'Link', icon: icons.link, keys: 'Mod-k', onClick: onLink, enabled: canLinkHere, active: (s) => linkHrefAt(s) !== null },
    ],
    [
      { name: 'bullet-list', label: 'Punktliste', icon: icons.bulletList, command: toggleBulletList, active: (s) => listTypeAt(s) === nodes.bullet_list },
      { name: 'ordered-list', label: 'Nummereret liste', icon: icons.orderedList, command: toggleOrderedList, active: (s) => listTypeAt(s) === nodes.ordered_list },
      { name: 'table', label: 'Tabel', element: tableMenu },
    ],
    [
      { name: 'clause', label: 'Ny klausul', icon: icons.clause, showLabel: true, command: insertClause() },
      { name: 'subgoal', label: 'Delmål', icon: icons.subgoal, showLabel: true, command: insertSubgoal },
    ],
    [
      { name: 'undo', label: 'Fortryd', icon: icons.undo, keys: 'Mod-z', command: undoCommand },
      { name: 'redo', label: 'Gentag', icon: icons.redo, keys: ['Mod-y', 'Mod-Shift-z'], command: redoCommand },
    ],
    [
      // Track changes: while pressed, edits become suggestions the others can accept or reject.
      { name: 'suggest', label: 'Foreslå ændringer', keys: 'Mod-Shift-e', command: toggleSuggesting, active: isSuggesting, className: 'tool-suggest' },
    ],
  ];
}

export interface ToolbarProps {
  view: EditorView | null;
  /** Changes whenever the editor state does, so the toolbar re-renders. */
  version: number;
  onLink: () => void;
  /** The table menu (TableMenu), shown in the lists group. */
  tableMenu: ReactNode;
}

export function Toolbar({ view, onLink, tableMenu }: ToolbarProps) {
  const state = view?.state ?? null;
  const editable = !!view && view.editable;
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatering" data-testid="editor-toolbar">
      {groups(onLink, tableMenu).map((group, i) => (
        <div className="toolbar-group" key={i} role="group">
          {group.map((tool) => {
            if (tool.element) return <span key={tool.name}>{tool.element}</span>;
            const enabled = editable && state !== null && (tool.enabled ? tool.enabled(state) : tool.command!(state));
            const active = state !== null && !!tool.active?.(state);
            const hint = !enabled && state ? tool.disabledHint?.(state) : null;
            const title = withShortcut(tool.label, tool.keys) + (hint ? ` – ${hint}` : '');
            return (
              <button
                key={tool.name}
                type="button"
                className={`tool ${tool.className ?? ''} ${active ? 'is-active' : ''} ${tool.icon && !tool.showLabel ? 'tool-icon' : ''}`}
                data-testid={`tool-${tool.name}`}
                title={title}
                aria-label={tool.icon && !tool.showLabel ? tool.label : undefined}
                aria-pressed={tool.active ? active : undefined}
                disabled={!enabled}
                // Keep the editor's selection: a toolbar click must not take focus from the text.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  if (!view) return;
                  if (tool.onClick) return tool.onClick();
                  tool.command!(view.state, view.dispatch);
                  view.focus();
                }}
              >
                {tool.icon}
                {(!tool.icon || tool.showLabel) && <span className="tool-label">{tool.label}</span>}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
