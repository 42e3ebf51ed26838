// Bounds on a .docx read from a user's file (an untrusted zip of XML). Every check in zip.ts and
// xml.ts refers to these; a file beyond any of them is refused with a Danish message, never read
// partly.

/** The largest .docx file accepted (the contract bounds the bytes it carries by the same figure). */
export const MAX_DOCX_BYTES = 50 * 1024 * 1024;
/** Entries in the zip's central directory. Word writes a few dozen; thousands mean something else. */
export const MAX_ZIP_ENTRIES = 5_000;
/** Uncompressed bytes of one part we read (word/document.xml and its companions)… */
export const MAX_PART_BYTES = 96 * 1024 * 1024;
/** …and of all parts read together. */
export const MAX_TOTAL_BYTES = 192 * 1024 * 1024;
/** Compressed bytes fed to the inflater at a time: deflate expands at most ~1032:1, so one step
 *  produces at most ~4 MB before the running count is checked. */
export const INFLATE_STEP = 4 * 1024;
/** Element nesting in any XML part (Word nests tables in tables, rarely more than a dozen deep). */
export const MAX_XML_DEPTH = 200;
/** Paragraphs and table cells of the body, all told. */
export const MAX_BLOCKS = 500_000;

/** Custom document properties read (docProps/custom.xml); the rest are ignored. */
export const MAX_CUSTOM_PROPERTIES = 100;
