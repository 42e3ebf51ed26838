// The printable model's blocks as Word paragraphs and tables (docx 9). Paragraphs are collected as
// plain drafts first, so a clause can put its number, bookmark and comment range into its first and
// last paragraph before they are built.
import {
  BookmarkEnd,
  BookmarkStart,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  ExternalHyperlink,
  InsertedTextRun,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import type { PrintBlock, PrintClause, PrintInline } from '../../../shared/print/model.ts';
import { notFinalMark } from '../../../shared/print/walk.ts';
import { clauseBookmarkName } from '../../../shared/print/bookmarks.ts';
import { wordLevelOfHeading } from '../../../shared/word/headingLevels.ts';
import { BULLET_LIST, CLAUSE_INDENT, LANGUAGE, ORDERED_LIST, TEXT_WIDTH } from './styles.ts';
import type { DocxComments } from './comments.ts';

export interface DocxContext {
  /** Pending suggestions as tracked changes (the negotiation draft); otherwise the clean text, as
   *  positions read it (insertions left out, deletions kept). */
  tracked: boolean;
  /** Mark every clause that is not Enighed (a final version exported anyway). */
  markUnagreed: boolean;
  /** Comments to attach to a clause (the negotiation draft), or null. */
  comments: DocxComments | null;
  ids: { revision: number; bookmark: number; listInstance: number };
}

type ParagraphDraft = { kind: 'p'; options: Omit<IParagraphOptions, 'children'>; children: ParagraphChild[] };
type Draft = ParagraphDraft | { kind: 'table'; table: Table };

type TextFormat = { text: string; bold: true | undefined; italics: true | undefined; language: typeof LANGUAGE };

/** One text run: tracked (the draft), left out (a pending insertion in clean text), a link or plain. */
function runOf(inline: Extract<PrintInline, { kind: 'text' }>, format: TextFormat, context: DocxContext): ParagraphChild[] {
  const suggestion = inline.suggestion;
  if (suggestion && context.tracked) {
    const change = {
      ...format,
      id: context.ids.revision++,
      author: suggestion.author ? `${suggestion.author.by.name} (${suggestion.author.by.organisation})` : 'Ukendt',
      date: suggestion.author?.at ?? new Date(0).toISOString(),
    };
    return [suggestion.kind === 'insertion' ? new InsertedTextRun(change) : new DeletedTextRun(change)];
  }
  if (suggestion?.kind === 'insertion') return []; // clean text: a pending insertion is not (yet) text
  const href = safeHref(inline.href);
  if (href) return [new ExternalHyperlink({ link: href, children: [new TextRun({ ...format, style: 'Hyperlink' })] })];
  return [new TextRun(format)];
}

/** Only links a reader can follow safely become hyperlinks. */
function safeHref(href: string | null): string | null {
  return href !== null && /^(https?:|mailto:)/i.test(href) ? href : null;
}

export function runsOf(content: readonly PrintInline[], context: DocxContext, extra: { bold?: boolean } = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const inline of content) {
    if (inline.kind === 'break') {
      out.push(new TextRun({ break: 1 }));
      continue;
    }
    const format = { text: inline.text, bold: inline.strong || extra.bold || undefined, italics: inline.em || undefined, language: LANGUAGE };
    // Ranges of comment threads anchored to this text (the negotiation draft).
    const starts = context.comments ? (inline.threadStarts ?? []).flatMap((t) => context.comments!.threadComments(t)) : [];
    const ends = context.comments ? (inline.threadEnds ?? []).flatMap((t) => context.comments!.threadComments(t)) : [];
    for (const id of starts) out.push(new CommentRangeStart(id));
    out.push(...runOf(inline, format, context));
    for (const id of ends) out.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
  }
  return out;
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8EA9C1' } as const;
const CELL_BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

/** Equal column widths over `width` twips; the last takes the rounding. */
function columnWidths(columns: number, width: number): number[] {
  const each = Math.floor(width / columns);
  return Array.from({ length: columns }, (_, i) => (i === columns - 1 ? width - each * (columns - 1) : each));
}

function tableOf(block: Extract<PrintBlock, { kind: 'table' }>, context: DocxContext, width: number): Table {
  const columns = Math.max(1, block.columns);
  const widths = columnWidths(columns, width);
  // Cells covered by a rowspan from above are written as continuing vertical merges.
  const covered: number[] = new Array(columns).fill(0);
  const rows = block.rows.map((cells, r) => {
    const out: TableCell[] = [];
    let col = 0;
    const place = () => {
      while (col < columns && covered[col] > 0) {
        covered[col]--;
        out.push(new TableCell({ children: [new Paragraph({})], verticalMerge: VerticalMergeType.CONTINUE, width: { size: widths[col], type: WidthType.DXA }, borders: CELL_BORDERS }));
        col++;
      }
    };
    for (const cell of cells) {
      place();
      const span = Math.min(cell.colspan, Math.max(1, columns - col));
      const cellWidth = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      if (cell.rowspan > 1) for (let c = col; c < col + span; c++) covered[c] = cell.rowspan - 1;
      const children = build(draftsOf(cell.blocks, context, cellWidth - 200, 0, cell.header));
      out.push(
        new TableCell({
          children: children.length > 0 ? children : [new Paragraph({})],
          columnSpan: span > 1 ? span : undefined,
          verticalMerge: cell.rowspan > 1 ? VerticalMergeType.RESTART : undefined,
          width: { size: cellWidth, type: WidthType.DXA },
          shading: cell.header ? { type: ShadingType.CLEAR, fill: 'DCE6F1', color: 'auto' } : undefined,
          borders: CELL_BORDERS,
        }),
      );
      col += span;
    }
    place();
    return new TableRow({ children: out, tableHeader: r === 0 && cells.every((c) => c.header) ? true : undefined, cantSplit: true });
  });
  return new Table({ rows, columnWidths: widths, width: { size: width, type: WidthType.DXA }, layout: TableLayoutType.FIXED });
}

/** A delmål as a two-column table: the field's Danish label, then its text. */
function subgoalOf(block: Extract<PrintBlock, { kind: 'subgoal' }>, context: DocxContext, width: number): Table {
  const label = Math.min(2400, Math.floor(width / 3));
  const widths = [label, width - label];
  const rows = block.fields.map(
    (field, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: widths[0], type: WidthType.DXA },
            shading: { type: ShadingType.CLEAR, fill: 'E2EFDA', color: 'auto' },
            borders: CELL_BORDERS,
            children: [new Paragraph({ style: 'Tabeltekst', children: [new TextRun({ text: field.label, bold: true, language: LANGUAGE })] })],
          }),
          new TableCell({
            width: { size: widths[1], type: WidthType.DXA },
            borders: CELL_BORDERS,
            children: [new Paragraph({ style: 'Tabeltekst', children: runsOf(field.content, context, { bold: i === 0 }) })],
          }),
        ],
      }),
  );
  return new Table({ rows, columnWidths: widths, width: { size: width, type: WidthType.DXA }, layout: TableLayoutType.FIXED });
}

function listDrafts(block: Extract<PrintBlock, { kind: 'list' }>, context: DocxContext, width: number, indent: number, level: number): Draft[] {
  const reference = block.ordered ? ORDERED_LIST : BULLET_LIST;
  const instance = context.ids.listInstance++;
  const out: Draft[] = [];
  for (const item of block.items) {
    for (const child of item) {
      if (child.kind === 'paragraph') {
        out.push({ kind: 'p', options: { numbering: { reference, level: Math.min(level, 8), instance }, indent: indent > 0 ? { left: indent + 720 + 360 * level, hanging: 360 } : undefined }, children: runsOf(child.content, context) });
      } else if (child.kind === 'list') {
        out.push(...listDrafts(child, context, width, indent, level + 1));
      } else {
        out.push(...draftsOf([child], context, width, indent, false));
      }
    }
  }
  return out;
}

/** Drafts of `blocks`; `indent` (twips) shifts paragraphs right, as inside a clause. */
export function draftsOf(blocks: readonly PrintBlock[], context: DocxContext, width: number, indent: number, bold: boolean): Draft[] {
  const out: Draft[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        out.push({ kind: 'p', options: { style: width < TEXT_WIDTH - CLAUSE_INDENT - 100 && indent === 0 ? 'Tabeltekst' : undefined, indent: indent > 0 ? { left: indent } : undefined }, children: runsOf(block.content, context, { bold }) });
        break;
      case 'heading':
        // Headings inside a section's text sit below the section's own (Overskrift 2), each one
        // level further down per level of its own (a level-2 heading is Overskrift 3), so that a
        // Word import gives back the levels (shared/word/toProsemirror.ts).
        out.push({ kind: 'p', options: { style: `Heading${wordLevelOfHeading(block.level)}` }, children: runsOf(block.content, context) });
        break;
      case 'list':
        out.push(...listDrafts(block, context, width, indent, 0));
        break;
      case 'table':
        out.push({ kind: 'table', table: tableOf(block, context, width - indent) });
        break;
      case 'subgoal':
        out.push({ kind: 'table', table: subgoalOf(block, context, width - indent) });
        break;
      case 'clause':
        out.push(...clauseDrafts(block, context, width));
        break;
    }
  }
  return out;
}

function clauseDrafts(clause: PrintClause, context: DocxContext, width: number): Draft[] {
  const out: Draft[] = [];
  if (context.markUnagreed && clause.status !== 'enighed') {
    out.push({ kind: 'p', options: { style: 'Markering', keepNext: true }, children: [new TextRun({ text: notFinalMark(clause), language: LANGUAGE })] });
  }
  // The clause's comments first: the runs of its text place the ranges of anchored threads.
  const comments = context.comments?.forClause(clause) ?? [];
  const body = draftsOf(clause.blocks, context, width, CLAUSE_INDENT, false);
  let first = body[0];
  if (!first || first.kind !== 'p' || first.options.numbering) {
    first = { kind: 'p', options: {}, children: [] };
    body.unshift(first);
  }
  first.options = { ...first.options, style: 'Klausul', indent: undefined };
  const number = new TextRun({ children: [clause.number, new Tab()], bold: true, language: LANGUAGE });
  let last = body.at(-1)!;
  if (last.kind !== 'p') {
    last = { kind: 'p', options: { indent: { left: CLAUSE_INDENT }, spacing: { after: 0 } }, children: [] };
    body.push(last);
  }
  // The number comes before the clause's bookmark: the bookmark holds the clause's own text, which
  // *Indlæs rettelser fra Word* compares with Enighed's (a number is the app's, not the text).
  const start: ParagraphChild[] = [number];
  if (clause.id !== null) {
    const link = context.ids.bookmark++;
    start.push(new BookmarkStart(clauseBookmarkName(clause.id), link) as unknown as ParagraphChild);
    last.children.push(new BookmarkEnd(link) as unknown as ParagraphChild);
  }
  for (const id of comments) start.push(new CommentRangeStart(id));
  for (const id of comments) last.children.splice(last.children.length - (clause.id !== null ? 1 : 0), 0, new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
  first.children.unshift(...start);
  out.push(...body);
  return out;
}

export function build(drafts: readonly Draft[]): (Paragraph | Table)[] {
  return drafts.map((d) => (d.kind === 'table' ? d.table : new Paragraph({ ...d.options, children: d.children })));
}

