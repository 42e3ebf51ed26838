// What each top-level type of each kind of document may hold. Names come from keys.ts; the shape of
// every entry is the same zod schema its writer parses with, so a value the app writes always passes.
import type { z } from 'zod';
import type { DocKind } from '../structure/docIds.ts';
import { STRUCTURE_COLLECTIONS, STRUCTURE_META_FIELDS } from '../structure/shape.ts';
import { NegotiationSide, Position } from '../negotiation/position.ts';
import { SuggestionAuthorship } from '../negotiation/suggestionsDoc.ts';
import { Reply, ThreadHead, ThreadState } from '../negotiation/comments.ts';
import { LastEdit } from '../negotiation/lastEdit.ts';
import { ParticipantEntry } from '../identity/shapes.ts';
import { checkJsonBounds, type JsonBounds } from './jsonBounds.ts';
import { ENTRY_BOUNDS, STRUCTURE_ENTRY_BOUNDS } from './limits.ts';
import { INTERNAL_KEYS, SECTION_KEYS, SECTION_META_LAST_EDIT, STRUCTURE_KEYS } from './keys.ts';

/** A top-level type: the section's text, or a map/array of plain JSON entries. Entry checks return
 *  null when fine, else a Danish reason. */
export type RootRule =
  | { type: 'text' }
  | { type: 'map'; entry: (key: string, value: unknown) => string | null }
  | { type: 'array'; entry: (value: unknown) => string | null };


/** How a kind of document is named in reasons ("… passer ikke til et afsnit"). */
export const kindLabel: Record<DocKind, string> = {
  section: 'et afsnit',
  structure: 'aftalens struktur',
  internal: 'interne kommentarer',
};

function shaped(root: string, schema: z.ZodType, bounds: JsonBounds, value: unknown): string | null {
  const tooBig = checkJsonBounds(value, bounds);
  if (tooBig) return `i «${root}»: ${tooBig}`;
  return schema.safeParse(value).success ? null : `en post i «${root}» har ikke den forventede form`;
}

function mapOf(root: string, schema: z.ZodType, keyCheck?: (key: string, value: unknown) => boolean): RootRule {
  return {
    type: 'map',
    entry: (key, value) => shaped(root, schema, ENTRY_BOUNDS, value) ?? (keyCheck && !keyCheck(key, value) ? `nøglen «${key}» i «${root}» passer ikke til posten` : null),
  };
}

function arrayOf(root: string, schema: z.ZodType): RootRule {
  return { type: 'array', entry: (value) => shaped(root, schema, ENTRY_BOUNDS, value) };
}

const idIs = (key: string, value: unknown) => (value as { id?: unknown }).id === key;

const commentRules: Record<string, RootRule> = {
  [INTERNAL_KEYS.commentThreads]: mapOf(INTERNAL_KEYS.commentThreads, ThreadHead, idIs),
  [INTERNAL_KEYS.commentReplies]: arrayOf(INTERNAL_KEYS.commentReplies, Reply),
  [INTERNAL_KEYS.commentStates]: mapOf(INTERNAL_KEYS.commentStates, ThreadState),
};

const positionKey = (key: string, value: unknown) => {
  const p = value as { clauseId: string; side: string };
  return NegotiationSide.options.includes(p.side as NegotiationSide) && key === `${p.clauseId}/${p.side}`;
};

const sectionMeta: RootRule = {
  type: 'map',
  entry: (key, value) =>
    key === SECTION_META_LAST_EDIT ? shaped(SECTION_KEYS.meta, LastEdit, ENTRY_BOUNDS, value) : `ukendt post «${key}» i «${SECTION_KEYS.meta}»`,
};

const structureMeta: RootRule = {
  type: 'map',
  entry: (key, value) => {
    const field = Object.hasOwn(STRUCTURE_META_FIELDS, key) ? STRUCTURE_META_FIELDS[key] : undefined;
    if (!field) return `ukendt post «${key}» i «${STRUCTURE_KEYS.meta}»`;
    return shaped(STRUCTURE_KEYS.meta, field, STRUCTURE_ENTRY_BOUNDS, value);
  },
};

const structureCollections = Object.fromEntries(
  Object.entries(STRUCTURE_COLLECTIONS).map(([root, schema]): [string, RootRule] => [
    root,
    {
      type: 'map',
      entry: (key, value) =>
        shaped(root, schema, STRUCTURE_ENTRY_BOUNDS, value) ?? (idIs(key, value) ? null : `nøglen «${key}» i «${root}» passer ikke til posten`),
    },
  ]),
);

/** The top-level types each kind of document may have, by name. */
export const rootRules: Record<DocKind, Record<string, RootRule>> = {
  section: {
    [SECTION_KEYS.text]: { type: 'text' },
    [SECTION_KEYS.meta]: sectionMeta,
    [SECTION_KEYS.positions]: mapOf(SECTION_KEYS.positions, Position, positionKey),
    [SECTION_KEYS.decisionLog]: arrayOf(SECTION_KEYS.decisionLog, Position),
    [SECTION_KEYS.suggestions]: mapOf(SECTION_KEYS.suggestions, SuggestionAuthorship),
    ...commentRules,
  },
  internal: commentRules,
  structure: {
    [STRUCTURE_KEYS.meta]: structureMeta,
    ...structureCollections,
    [STRUCTURE_KEYS.participants]: {
      type: 'map',
      entry: (key, value) =>
        shaped(STRUCTURE_KEYS.participants, ParticipantEntry, STRUCTURE_ENTRY_BOUNDS, value) ??
        (idIs(key, value) ? null : `nøglen «${key}» i «${STRUCTURE_KEYS.participants}» passer ikke til posten`),
    },
  },
};
