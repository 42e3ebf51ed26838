// Accepted and rejected suggestions in the decision log: one entry per decided suggestion, in the
// clause that held it, bound to the clause's text after the decision and signed like a position
// (stances forslag-accepteret / forslag-afvist; shared/negotiation/position.ts). Logged only for a
// person who takes positions for a side here: the log is the sides' record (shared/access lets only
// them write to it); a decision by anyone else changes the text but adds no entry.
import type { EditorView } from 'prosemirror-view';
import type { Api } from '../../../shared/api/contract.ts';
import type { Rights } from '../../../shared/access/rules.ts';
import type { SuggestionEntry } from '../../../shared/editor/suggestions.ts';
import { clauseStatusEntry } from '../../../shared/editor/clauseStatus.ts';
import type { NegotiationSide } from '../../../shared/negotiation/position.ts';
import type { DocConnection } from '../sync/DocConnection.ts';
import { takePosition } from './ClausePanel.tsx';
import { suggestionSummary } from './SuggestionList.tsx';

export async function logSuggestionDecisions(
  api: Pick<Api, 'signPosition'>,
  connection: DocConnection,
  view: EditorView,
  decided: readonly SuggestionEntry[],
  accepted: boolean,
  who: { side: NegotiationSide; by: { name: string; organisation: string } } | { reason: string },
  rights: Rights | null,
): Promise<number> {
  if (!('side' in who) || (rights && rights.takePositionsAs !== who.side)) return 0;
  let logged = 0;
  // One after another: each entry's `prev` is the one before it.
  for (const suggestion of decided) {
    if (!suggestion.clauseId) continue;
    const entry = clauseStatusEntry(view.state, { clauseId: suggestion.clauseId });
    if (!entry) continue;
    const stance = accepted ? 'forslag-accepteret' : 'forslag-afvist';
    if (await takePosition(api, connection.docId, connection.doc, entry, who.by, who.side, stance, { reason: suggestionSummary(suggestion).slice(0, 4000) })) logged++;
  }
  return logged;
}
