// What the .docx reader (readDocx.ts) yields: plain data, no XML, no library types. It crosses the
// worker boundary as is (structured clone) and is what mapping.ts and roundTrip.ts read.

export interface Marks {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
}

/** A tracked change (w:ins / w:del, also w:moveTo / w:moveFrom) around a run or a paragraph mark. */
export interface TrackedChange {
  type: 'ins' | 'del';
  id: string;
  author: string;
  /** ISO time as Word wrote it, or null. */
  date: string | null;
}

export type Inline =
  | { t: 'text'; text: string; marks: Marks; href: string | null; change: TrackedChange | null }
  | { t: 'break'; change: TrackedChange | null }
  | { t: 'note'; kind: 'footnote' | 'endnote'; id: string; text: string }
  | { t: 'image'; description: string }
  | { t: 'textbox'; text: string }
  | Marker;

/** Range markers: bookmarks and comment anchors. They occur inside paragraphs and between them. */
export type Marker =
  | { t: 'bookmarkStart'; id: string; name: string }
  | { t: 'bookmarkEnd'; id: string }
  | { t: 'commentStart'; id: string }
  | { t: 'commentEnd'; id: string }
  | { t: 'commentRef'; id: string };

export interface ListInfo {
  numId: string;
  /** 0-based nesting level (w:ilvl). */
  level: number;
  ordered: boolean;
  start: number;
}

export interface Paragraph {
  kind: 'paragraph';
  styleId: string | null;
  /** 1-based outline level of a heading (Heading1…, Overskrift 1…, w:outlineLvl), else null. */
  headingLevel: number | null;
  /** The Title style (Titel). */
  title: boolean;
  list: ListInfo | null;
  inlines: Inline[];
  /** w14:paraId, when Word wrote one. */
  paraId: string | null;
}

export interface TableCell {
  blocks: Block[];
  colspan: number;
  /** A cell continuing a vertical merge (w:vMerge without restart). */
  mergedAbove: boolean;
}

export interface Table {
  kind: 'table';
  rows: TableCell[][];
}

export interface MarkerBlock {
  kind: 'marker';
  marker: Marker;
}

export type Block = Paragraph | Table | MarkerBlock;

export interface WordComment {
  id: string;
  author: string;
  initials: string;
  date: string | null;
  /** One string per paragraph of the comment. */
  paragraphs: string[];
  /** The comment this one replies to (commentsExtended.xml), or null. */
  parentId: string | null;
  done: boolean;
}

/** Something in the file that has no place in Enighed's documents (or lost formatting), counted. */
export interface NotMapped {
  kind: NotMappedKind;
  count: number;
  /** Up to five examples of the text concerned, so the user can find it. */
  samples: string[];
}

export type NotMappedKind =
  | 'image'
  | 'textbox'
  | 'footnote'
  | 'endnote'
  | 'colour'
  | 'highlight'
  | 'field'
  | 'pageField'
  | 'object'
  | 'math'
  | 'mergedCells'
  | 'nestedTable'
  | 'underline'
  | 'strike'
  | 'headingInTable'
  | 'deepHeading'
  | 'listInTable'
  | 'comment'
  | 'emptySection'
  | 'exportFrame'
  | 'other';

/** Danish names of what was not mapped, for the summary. */
export const notMappedLabels: Record<NotMappedKind, string> = {
  image: 'Billeder',
  textbox: 'Tekstbokse (teksten er ikke med)',
  footnote: 'Fodnoter (teksten er ikke med)',
  endnote: 'Slutnoter (teksten er ikke med)',
  colour: 'Tekstfarve',
  highlight: 'Fremhævning (overstregningsfarve)',
  field: 'Felter (fx indholdsfortegnelse); kun den viste tekst er med',
  pageField: 'Sidetal og sidehenvisninger (felter); kun den viste tekst er med',
  object: 'Indlejrede objekter (OLE, diagrammer)',
  math: 'Formler',
  mergedCells: 'Lodret flettede tabelceller (vist som tomme celler)',
  nestedTable: 'Tabeller i tabeller (indholdet er med som tekst)',
  underline: 'Understregning (vist som kursiv)',
  strike: 'Gennemstregning (vist som kursiv)',
  headingInTable: 'Overskrifter i tabeller (vist som almindelig tekst)',
  deepHeading: 'Overskrifter under niveau 6 (vist som niveau 6)',
  listInTable: 'Lister i tabelceller (vist som afsnit)',
  comment: 'Word-kommentarer (ikke indlæst ved import af en tidligere generation)',
  emptySection: 'Overskrifter uden tekst under sig (oprettet som tomme afsnit)',
  exportFrame: 'Forside og indholdsfortegnelse fra Enigheds eksport (ikke indlæst)',
  other: 'Andet, som Enighed ikke kender',
};

export interface DocxModel {
  body: Block[];
  comments: WordComment[];
  /** What the reader met that it could not represent. mapping.ts adds what the schema lacks. */
  notMapped: NotMapped[];
  /** docProps/core.xml dc:title, or null. */
  title: string | null;
  /** docProps/custom.xml: the document's custom properties with a text value, by name (at most
   *  MAX_CUSTOM_PROPERTIES, each value cut to 200 characters). */
  customProperties: ReadonlyMap<string, string>;
}

/** Adds one occurrence of `kind` to a not-mapped list (with a sample of its text). */
export function countNotMapped(list: NotMapped[], kind: NotMappedKind, sample?: string): void {
  let entry = list.find((e) => e.kind === kind);
  if (!entry) list.push((entry = { kind, count: 0, samples: [] }));
  entry.count++;
  const s = sample?.replace(/\s+/g, ' ').trim();
  if (s && entry.samples.length < 5) entry.samples.push(s.length > 80 ? `${s.slice(0, 79)}…` : s);
}
