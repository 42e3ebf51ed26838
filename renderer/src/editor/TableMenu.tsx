// The table menu: one toolbar button ("Tabel") that opens a menu of the table commands
// (shared/editor/tables.ts), keyboard reachable: Alt+Skift+T opens it from the text, arrow keys move
// inside, Enter runs an item, Escape closes and returns to the text. Outside a table it offers only
// to insert one; inside, the row, column, header row, merge and split actions.
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Command } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { insertTable } from '../../../shared/editor/commands.ts';
import { hasHeaderRow, isInTable, tableActions, tableMenuKey } from '../../../shared/editor/tables.ts';
import { icons } from './icons.tsx';
import { shortcutLabel, withShortcut } from './shortcuts.ts';

interface Item {
  name: string;
  label: string;
  keys?: string;
  command: Command;
  checked?: boolean;
}

export interface TableMenuProps {
  view: EditorView | null;
  /** Changes whenever the editor state does. */
  version: number;
  /** Bumped by the editor's Alt+Skift+T: opens the menu with focus on its first item. */
  openRequest: number;
}

export function TableMenu({ view, openRequest }: TableMenuProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const state = view?.state ?? null;
  const editable = !!view && view.editable;
  const inTable = state !== null && isInTable(state);
  const items: Item[] = [
    { name: 'insert-table', label: 'Indsæt tabel (3 × 3)', command: insertTable(3, 3) },
    ...(inTable ? tableActions.map((a) => ({ ...a, checked: a.name === 'header-row' ? hasHeaderRow(state) : undefined })) : []),
  ];
  const enabled = (item: Item) => editable && state !== null && item.command(state);

  // Layout effects: the menu opens and takes focus before the browser paints or handles the next
  // key, so a key pressed right after Alt+Skift+T goes to the menu, never to the text.
  useLayoutEffect(() => {
    if (openRequest > 0) {
      setOpen(true);
      setActive(0);
    }
  }, [openRequest]);

  useLayoutEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);

  const close = (toText: boolean) => {
    setOpen(false);
    if (toText) view?.focus();
    else buttonRef.current?.focus();
  };
  const run = (item: Item) => {
    if (!view || !enabled(item)) return;
    item.command(view.state, view.dispatch);
    close(true);
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const count = items.length;
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1 + count, Home: 0, End: count - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key] % count);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="table-menu" onBlur={(e) => open && !e.currentTarget.contains(e.relatedTarget as Node | null) && setOpen(false)}>
      <button
        ref={buttonRef}
        type="button"
        className={`tool tool-icon ${inTable ? 'is-active' : ''}`}
        data-testid="tool-table"
        title={withShortcut('Tabel', tableMenuKey)}
        aria-label="Tabel"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={!editable}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          setOpen((o) => !o);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive(0);
          }
        }}
      >
        {icons.table}
      </button>
      {open && (
        <div className="table-menu-list" role="menu" aria-label="Tabel" data-testid="table-menu" onKeyDown={onMenuKey}>
          {items.map((item, i) => {
            const on = enabled(item);
            return (
              <button
                key={item.name}
                ref={(el) => {
                  itemRefs.current[i] = el;
                }}
                type="button"
                role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
                aria-checked={item.checked}
                aria-disabled={!on}
                tabIndex={i === active ? 0 : -1}
                className="table-menu-item"
                data-testid={`table-${item.name}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => run(item)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    run(item);
                  }
                }}
              >
                <span className="table-menu-check" aria-hidden="true">
                  {item.checked ? '✓' : ''}
                </span>
                <span className="table-menu-label">{item.label}</span>
                {item.keys && <kbd className="table-menu-keys">{shortcutLabel(item.keys)}</kbd>}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
