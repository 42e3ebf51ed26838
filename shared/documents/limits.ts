// The bounds a document must stay within. Generous for real agreements (the demo's longest section
// nests 6 levels and holds about 20,000 characters), small enough that no document can exhaust a
// stack or the memory of the replicas that open it.

/** Nesting of ProseMirror nodes in a section: a top-level block is at depth 1. A clause with a list
 *  nested ten levels deep reaches 23. */
export const MAX_NODE_DEPTH = 32;

/** Characters of text a section document may hold, and a single update may add. */
export const MAX_TEXT_CHARS = 2_000_000;

/** Longest node name accepted before looking it up in the schema. */
export const MAX_NODE_NAME = 64;

/** Bounds on a node or mark attribute's value (a link's href, a table cell's column widths). */
export const ATTRIBUTE_BOUNDS = { maxDepth: 4, maxSize: 10_000 };

/** Bounds on one entry beside a section's text (a position, a comment, a log entry). */
export const ENTRY_BOUNDS = { maxDepth: 6, maxSize: 100_000 };

/** Bounds on one entry of the structure (a theme group with its members, a section). */
export const STRUCTURE_ENTRY_BOUNDS = { maxDepth: 6, maxSize: 500_000 };

/** Longest key of a map entry. */
export const MAX_KEY_LENGTH = 500;
