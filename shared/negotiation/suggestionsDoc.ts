// Who made each suggestion (track changes) of a section. The text carries only the suggestion's id
// (the mark's `id` attribute); the author and time live in a Y.Map beside the text in the same Y.Doc,
// like positions (positionsDoc.ts), so the editor's undo, which tracks only the text, never touches
// them. An entry is written once, when its id first appears, and never changed.
import { z } from 'zod';
import type * as Y from 'yjs';
import { Side } from '../domain/agreement.ts';
import { SECTION_KEYS } from '../documents/keys.ts';

const SUGGESTIONS = SECTION_KEYS.suggestions;

export const SuggestionAuthorship = z.object({
  by: z.object({ name: z.string(), organisation: z.string() }),
  side: Side,
  /** ISO time of the first change under this id. */
  at: z.string(),
});
export type SuggestionAuthorship = z.infer<typeof SuggestionAuthorship>;

/** The person suggesting: the parts of a Profile that attribute a suggestion. */
export interface SuggestionAuthor {
  name: string;
  organisation: string;
  side: Side;
}

/** The Y.Map of authorship entries; observe it to follow new suggestions' authors. */
export function suggestionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SUGGESTIONS);
}

/** Records `author` for each id that has no entry yet; existing entries are never overwritten. */
export function recordSuggestionAuthors(doc: Y.Doc, ids: Iterable<string>, author: SuggestionAuthor, at: Date = new Date()): void {
  const map = suggestionsMap(doc);
  const entry = SuggestionAuthorship.parse({
    by: { name: author.name, organisation: author.organisation },
    side: author.side,
    at: at.toISOString(),
  });
  const fresh = [...ids].filter((id) => !map.has(id));
  if (fresh.length === 0) return;
  doc.transact(() => {
    for (const id of fresh) map.set(id, entry);
  });
}

/** Every valid authorship entry by suggestion id. Entries that do not validate are left out. */
export function suggestionAuthors(doc: Y.Doc): Map<string, SuggestionAuthorship> {
  const out = new Map<string, SuggestionAuthorship>();
  suggestionsMap(doc).forEach((value, id) => {
    const parsed = SuggestionAuthorship.safeParse(value);
    if (parsed.success) out.set(id, parsed.data);
  });
  return out;
}

/** The authorship of one suggestion; undefined when absent or invalid. */
export function suggestionAuthor(doc: Y.Doc, id: string): SuggestionAuthorship | undefined {
  const parsed = SuggestionAuthorship.safeParse(suggestionsMap(doc).get(id));
  return parsed.success ? parsed.data : undefined;
}

/** Whether an entry was made by `author` (same name, organisation and side). */
export function isAuthoredBy(entry: SuggestionAuthorship | undefined, author: SuggestionAuthor): boolean {
  return !!entry && entry.side === author.side && entry.by.name === author.name && entry.by.organisation === author.organisation;
}
