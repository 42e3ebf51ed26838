// The top-level names inside each kind of collaborative document: the one place they are written.
// A Yjs document's top-level types are addressed by name only (doc.getMap('positions')), and a name
// that two modules spell differently is a silent fork of the data; the document check
// (shared/documents/check.ts) also refuses any top-level name not listed here.
// This module imports nothing, so every layer may use it.

/** Top-level types of a section document (`<agreement>/section/<id>`). */
export const SECTION_KEYS = {
  /** Y.XmlFragment: the section's text as ProseMirror nodes (shared/schema). */
  text: 'prosemirror',
  /** Y.Map: section-level facts such as who last edited it (key `lastEdit`). */
  meta: 'meta',
  /** Y.Map: each side's current position per clause, key `<clauseId>/<side>`. */
  positions: 'positions',
  /** Y.Array: every position ever taken, append-only. */
  decisionLog: 'decisionLog',
  /** Y.Map: who made each tracked change, by suggestion id. */
  suggestions: 'suggestions',
  /** Y.Map: comment threads' heads by thread id. */
  commentThreads: 'commentThreads',
  /** Y.Array: replies to comment threads. */
  commentReplies: 'commentReplies',
  /** Y.Map: resolved/reopened state by thread id. */
  commentStates: 'commentStates',
} as const;

/** Key of the last-edit record inside a section's meta map. */
export const SECTION_META_LAST_EDIT = 'lastEdit';

/** Top-level types of a side's internal document (`<agreement>/internal/<side>/<section>`):
 *  only that side's comment threads. */
export const INTERNAL_KEYS = {
  commentThreads: SECTION_KEYS.commentThreads,
  commentReplies: SECTION_KEYS.commentReplies,
  commentStates: SECTION_KEYS.commentStates,
} as const;

/** Top-level types of an agreement's structure document (`<agreement>/structure`), every one a
 *  Y.Map: `meta` holds one entry per AgreementMeta field, the others one entry per entity (or
 *  participant) by id. */
export const STRUCTURE_KEYS = {
  meta: 'meta',
  parties: 'parties',
  areas: 'areas',
  themeGroups: 'themeGroups',
  sections: 'sections',
  /** The participant directory: one signed entry per participant, by id (shared/identity). */
  participants: 'participants',
} as const;
