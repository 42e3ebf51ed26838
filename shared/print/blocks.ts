// A section's ProseMirror content as printable blocks (model.ts). Clauses are numbered by the one
// clause number (shared/editor/clauseNumbers.ts) from the statuses the app derives
// (shared/negotiation/clauseStatuses.ts), so the export shows what the editor shows.
import type { Mark, Node } from 'prosemirror-model';
import type { Part } from '../domain/agreement.ts';
import { clauseNumber, clauseReference } from '../editor/clauseNumbers.ts';
import { statusLabel } from '../negotiation/position.ts';
import type { ClauseStatusEntry } from '../negotiation/clauseStatuses.ts';
import type { CommentThread } from '../negotiation/comments.ts';
import type { SuggestionAuthorship } from '../negotiation/suggestionsDoc.ts';
import { holdsSuggestions } from '../negotiation/clauseText.ts';
import { subgoalFields } from '../schema/schema.ts';
import type { PrintBlock, PrintClause, PrintInline, PrintSuggestion, PrintTableCell } from './model.ts';

/** The anchor the suggestion library puts at block boundaries; never printed. */
const ZERO_WIDTH_SPACE = /\u200B/g;

export interface SectionContext {
  part: Part;
  sectionNumber: number;
  /** The section's clause statuses (counted positions), by clause id. */
  statuses: ReadonlyMap<string, ClauseStatusEntry>;
  threads: readonly CommentThread[];
  authors: ReadonlyMap<string, SuggestionAuthorship>;
}

export function inlineOf(node: Node, context: SectionContext): PrintInline[] {
  const out: PrintInline[] = [];
  node.forEach((child) => {
    if (child.type.name === 'hard_break') {
      out.push({ kind: 'break' });
      return;
    }
    if (!child.isText) return;
    const text = (child.text ?? '').replace(ZERO_WIDTH_SPACE, '');
    if (text === '') return;
    out.push({
      kind: 'text',
      text,
      strong: hasMark(child.marks, 'strong'),
      em: hasMark(child.marks, 'em'),
      href: (child.marks.find((m) => m.type.name === 'link')?.attrs.href as string | undefined) ?? null,
      suggestion: suggestionOf(child.marks, context),
    });
  });
  return out;
}

function hasMark(marks: readonly Mark[], name: string): boolean {
  return marks.some((m) => m.type.name === name);
}

function suggestionOf(marks: readonly Mark[], context: SectionContext): PrintSuggestion | null {
  const mark = marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
  if (!mark) return null;
  const id = String(mark.attrs.id);
  return { kind: mark.type.name as 'insertion' | 'deletion', id, author: context.authors.get(id) ?? null };
}

function tableOf(node: Node, context: SectionContext): PrintBlock {
  const rows: PrintTableCell[][] = [];
  let columns = 0;
  node.forEach((row) => {
    const cells: PrintTableCell[] = [];
    let width = 0;
    row.forEach((cell) => {
      const colspan = Number(cell.attrs.colspan ?? 1) || 1;
      width += colspan;
      cells.push({
        header: cell.type.name === 'table_header',
        colspan,
        rowspan: Number(cell.attrs.rowspan ?? 1) || 1,
        blocks: blocksOf(cell, context, null),
      });
    });
    columns = Math.max(columns, width);
    rows.push(cells);
  });
  return { kind: 'table', rows, columns };
}

/** Clause counter for one section: the 1-based index of each clause among the section's clauses. */
interface ClauseCounter {
  next: number;
}

/** The printable blocks of `node`'s children. `clauses` counts the section's top-level clauses. */
export function blocksOf(node: Node, context: SectionContext, clauses: ClauseCounter | null): PrintBlock[] {
  const out: PrintBlock[] = [];
  node.forEach((child) => {
    const block = blockOf(child, context, clauses);
    if (block) out.push(block);
  });
  return out;
}

function blockOf(node: Node, context: SectionContext, clauses: ClauseCounter | null): PrintBlock | null {
  switch (node.type.name) {
    case 'paragraph':
      return { kind: 'paragraph', content: inlineOf(node, context) };
    case 'heading':
      return { kind: 'heading', level: Number(node.attrs.level), content: inlineOf(node, context) };
    case 'bullet_list':
    case 'ordered_list': {
      const items: PrintBlock[][] = [];
      node.forEach((item) => items.push(blocksOf(item, context, null)));
      return { kind: 'list', ordered: node.type.name === 'ordered_list', start: Number(node.attrs.order ?? 1), items };
    }
    case 'table':
      return tableOf(node, context);
    case 'subgoal': {
      const fields = subgoalFields.map((f) => {
        let content: PrintInline[] = [];
        node.forEach((child) => {
          if (child.type.name === f.node) content = inlineOf(child, context);
        });
        return { field: f.node, label: f.label, content };
      });
      return { kind: 'subgoal', fields };
    }
    case 'clause':
      return clauseOf(node, context, clauses ?? { next: 1 });
    default:
      return null;
  }
}

type TextRun = Extract<PrintInline, { kind: 'text' }>;

/** Every paragraph-like run list of `blocks`, in order (paragraphs, headings, list items, cells). */
function inlineLists(blocks: readonly PrintBlock[]): PrintInline[][] {
  return blocks.flatMap((b): PrintInline[][] => {
    switch (b.kind) {
      case 'paragraph':
      case 'heading':
        return [b.content];
      case 'list':
        return b.items.flatMap(inlineLists);
      case 'table':
        return b.rows.flat().flatMap((c) => inlineLists(c.blocks));
      case 'subgoal':
        return b.fields.map((f) => f.content);
      case 'clause':
        return inlineLists(b.blocks);
    }
  });
}

/** Splits the run holding character `at` of `content` so that a run starts there; returns the index
 *  of the run starting at `at` (content.length when at is the end). */
function splitAt(content: PrintInline[], at: number): number {
  let offset = 0;
  for (let i = 0; i < content.length; i++) {
    const run = content[i]!;
    const length = run.kind === 'text' ? run.text.length : 1;
    if (at === offset) return i;
    if (run.kind === 'text' && at < offset + length) {
      const cut = at - offset;
      content.splice(i, 1, { ...run, text: run.text.slice(0, cut) }, { ...run, text: run.text.slice(cut), threadStarts: undefined });
      (content[i] as TextRun).threadEnds = undefined;
      (content[i + 1] as TextRun).threadEnds = run.threadEnds;
      (content[i] as TextRun).threadStarts = run.threadStarts;
      return i + 1;
    }
    offset += length;
  }
  return content.length;
}

/** Marks the runs of the first paragraph holding the thread's quote; false when none holds it. */
function anchorThread(blocks: readonly PrintBlock[], thread: CommentThread): boolean {
  const quote = thread.anchor.quote;
  if (quote.trim() === '') return false;
  for (const content of inlineLists(blocks)) {
    const text = content.map((r) => (r.kind === 'text' ? r.text : '\n')).join('');
    const start = text.indexOf(quote);
    if (start < 0) continue;
    const first = splitAt(content, start);
    const end = splitAt(content, start + quote.length);
    const runs = content.slice(first, end).filter((r): r is TextRun => r.kind === 'text');
    if (runs.length === 0) return false;
    runs[0]!.threadStarts = [...(runs[0]!.threadStarts ?? []), thread.id];
    runs.at(-1)!.threadEnds = [...(runs.at(-1)!.threadEnds ?? []), thread.id];
    return true;
  }
  return false;
}

function clauseOf(node: Node, context: SectionContext, clauses: ClauseCounter): PrintClause {
  const index = clauses.next++;
  const id = (node.attrs.id as string | null) ?? null;
  const entry = id === null ? undefined : context.statuses.get(id);
  const number = clauseNumber(context.sectionNumber, index);
  const status = entry?.status ?? 'aaben';
  const blocks = blocksOf(node, context, null);
  const threads = id === null ? [] : context.threads.filter((t) => t.anchor.clauseId === id);
  return {
    kind: 'clause',
    id,
    number,
    reference: clauseReference(context.part, number),
    status,
    statusLabel: statusLabel[status],
    staleSides: entry?.staleSides ?? [],
    positions: entry?.positions ?? {},
    threads,
    anchoredThreadIds: threads.filter((t) => anchorThread(blocks, t)).map((t) => t.id),
    suggested: holdsSuggestions(node),
    blocks,
  };
}
