// The bookmark every clause of an exported Word document is wrapped in, so an edited document can
// be read back clause by clause (the Word import). Word keeps bookmark names of at most 40
// characters; a clause id ("k" + 12 base-36 characters) fits with the prefix.
const PREFIX = 'enighed_';

export function clauseBookmarkName(clauseId: string): string {
  return `${PREFIX}${clauseId}`.slice(0, 40);
}

/** The clause id a bookmark name carries, or null for any other bookmark. */
export function clauseIdOfBookmark(name: string): string | null {
  return name.startsWith(PREFIX) && name.length > PREFIX.length ? name.slice(PREFIX.length) : null;
}

/** The custom document property (docProps/custom.xml) every Enighed export carries, its value the
 *  export's kind: what tells the Word import that a file is Enighed's own export (Word keeps custom
 *  properties when a file is edited; a clause copied into another document takes only its bookmark). */
export const EXPORT_PROPERTY = 'Enighed';
