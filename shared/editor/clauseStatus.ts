// Status chips: one widget per clause in the clause margin, showing the derived negotiation status
// (colour and text). The plugin recomputes statuses when the text changes (hashing only clauses whose
// node changed, see cachedClauseHash) or when the positions change (the owner dispatches
// refreshClauseStatus). The chip's DOM comes from the caller, so this file stays free of the DOM.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { clauseStatuses, type ClauseStatusEntry, type PositionsOf } from '../negotiation/clauseStatuses.ts';

export interface ClauseStatusState {
  entries: ClauseStatusEntry[];
  decorations: DecorationSet;
}

export const clauseStatusKey = new PluginKey<ClauseStatusState>('clauseStatus');

export interface ClauseStatusOptions {
  positionsOf: PositionsOf;
  /** Makes the chip element for a clause; called only when its status changes. */
  renderChip?: (entry: ClauseStatusEntry, view: EditorView) => HTMLElement;
}

function compute(state: EditorState, options: ClauseStatusOptions): ClauseStatusState {
  const entries = clauseStatuses(state.doc, options.positionsOf);
  const render = options.renderChip;
  const decorations = render
    ? DecorationSet.create(
        state.doc,
        entries.map((entry) =>
          Decoration.widget(entry.pos + 1, (view) => render(entry, view), {
            side: -1,
            ignoreSelection: true,
            // Same key, same DOM: a chip is redrawn only when its clause's status or side data changes.
            key: `chip:${entry.clauseId}:${entry.status}:${entry.staleSides.join(',')}`,
            stopEvent: () => true,
          }),
        ),
      )
    : DecorationSet.empty;
  return { entries, decorations };
}

export function clauseStatusPlugin(options: ClauseStatusOptions): Plugin<ClauseStatusState> {
  return new Plugin<ClauseStatusState>({
    key: clauseStatusKey,
    state: {
      init: (_config, state) => compute(state, options),
      apply(tr, value, _old, state) {
        if (!tr.docChanged && !tr.getMeta(clauseStatusKey)) return value;
        return compute(state, options);
      },
    },
    props: {
      decorations: (state) => clauseStatusKey.getState(state)?.decorations ?? null,
    },
  });
}

/** A transaction that recomputes the statuses (after the positions changed). */
export function refreshClauseStatus(state: EditorState): Transaction {
  return state.tr.setMeta(clauseStatusKey, true).setMeta('addToHistory', false);
}

/** The statuses as last computed, in document order (empty without the plugin). */
export function clauseStatusEntries(state: EditorState): ClauseStatusEntry[] {
  return clauseStatusKey.getState(state)?.entries ?? [];
}
