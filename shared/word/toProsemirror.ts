// The content of one imported section as ProseMirror JSON of shared/schema/schema.ts: what becomes a
// clause, a list, a table, a delmål block, a heading. Pure; the Word worker runs it, the main
// process turns the JSON into Yjs (after schema.nodeFromJSON and the document check).
//
// Clauses: a body paragraph starts a clause; the lists and tables right after it belong to it (a
// sentence that introduces a list is one obligation with its list). A heading below the section's
// level ends the clause and stays a heading. A table whose first column (or header row) holds the
// delmål labels (Delmål, Indikator, Sådan måles, Baseline, Mål) becomes a delmål block.
//
// Enighed's own export (a document whose clauses sit in `enighed_<id>` bookmarks, shared/print/
// bookmarks.ts) is read by those bookmarks instead: a clause is exactly what one bookmark holds
// (every paragraph, list, table and delmål of it, the clause number in front of the bookmark left
// out), and what lies outside every clause bookmark stays free text, lists, tables and delmål of
// the section, as the export printed them.
import { schema, subgoalFields } from '../schema/schema.ts';
import type { Block, Inline, Marks, NotMapped, Paragraph, Table, TrackedChange } from './docxModel.ts';
import { countNotMapped } from './docxModel.ts';
import { clauseIdOfBookmark } from '../print/bookmarks.ts';
import { headingLevelOfWord } from './headingLevels.ts';

export type PMJSON = { type: string; attrs?: Record<string, unknown>; content?: PMJSON[]; text?: string; marks?: PMJSON[] };

/**
 * Word's run formatting → the schema's mark names. The schema has no underline or strike (yet):
 * they become `em` and are listed in the summary; once the schema has marks of those names they are
 * used as they are, with no change here.
 */
export const WORD_MARKS: Record<keyof Marks, string> = {
  bold: 'strong',
  italic: 'em',
  underline: schema.marks.underline ? 'underline' : 'em',
  strike: schema.marks.strike ? 'strike' : 'em',
};

export interface ContentOptions {
  /** accept: insertions kept as text, deletions dropped; keep: both kept as suggestions. */
  trackedChanges: 'accept' | 'keep';
  /** The heading level that starts a section; deeper headings become headings inside it. */
  sectionLevel: number;
  /** The suggestion id for a Word change (one per w:id), when tracked changes are kept. */
  suggestionId: (change: TrackedChange) => string;
  /** The document is Enighed's own export: clauses are its `enighed_<id>` bookmarks. */
  clauseBookmarks?: boolean;
}

export interface SectionContent {
  doc: PMJSON;
  counts: ContentCounts;
  /** Word changes kept as suggestions: suggestion id → the Word change (author, date). */
  suggestions: Map<string, TrackedChange>;
}

export interface ContentCounts {
  clauses: number;
  paragraphs: number;
  lists: number;
  tables: number;
  subgoals: number;
  headings: number;
  insertions: number;
  deletions: number;
}

export function sectionContent(blocks: readonly Block[], options: ContentOptions, notMapped: NotMapped[]): SectionContent {
  return new ContentBuilder(options, notMapped).build(blocks);
}

const subgoalLabels = subgoalFields.map((f) => normalizeLabel(f.label));

function normalizeLabel(s: string): string {
  return s.toLowerCase().replace(/[^a-zæøå ]/g, '').replace(/\s+/g, ' ').trim();
}

class ContentBuilder {
  private readonly counts: ContentCounts = { clauses: 0, paragraphs: 0, lists: 0, tables: 0, subgoals: 0, headings: 0, insertions: 0, deletions: 0 };
  private readonly suggestions = new Map<string, TrackedChange>();
  private readonly seenChanges = new Set<string>();

  constructor(
    private readonly options: ContentOptions,
    private readonly notMapped: NotMapped[],
  ) {}

  build(blocks: readonly Block[]): SectionContent {
    if (this.options.clauseBookmarks) return this.buildBookmarked(blocks);
    const top: PMJSON[] = [];
    let clause: PMJSON[] | null = null;
    const closeClause = () => {
      if (clause && clause.length > 0) {
        top.push({ type: 'clause', attrs: { id: null }, content: clause });
        this.counts.clauses++;
      }
      clause = null;
    };
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      if (block.kind === 'marker') continue;
      if (block.kind === 'table') {
        const subgoal = this.subgoal(block);
        if (subgoal) {
          closeClause();
          top.push(subgoal);
          this.counts.subgoals++;
          continue;
        }
        (clause ??= []).push(this.table(block));
        continue;
      }
      if (block.headingLevel !== null) {
        closeClause();
        const content = this.inlines(block.inlines);
        if (content.length === 0) continue;
        const { level, tooDeep } = headingLevelOfWord(block.headingLevel, this.options.sectionLevel);
        if (tooDeep) countNotMapped(this.notMapped, 'deepHeading', plainText(block));
        top.push({ type: 'heading', attrs: { level }, content });
        this.counts.headings++;
        continue;
      }
      if (block.list) {
        const run: Paragraph[] = [];
        while (i < blocks.length) {
          const b = blocks[i];
          if (b.kind === 'marker') {
            i++;
            continue;
          }
          if (b.kind !== 'paragraph' || !b.list || b.headingLevel !== null) break;
          run.push(b);
          i++;
        }
        i--;
        (clause ??= []).push(...this.lists(run));
        continue;
      }
      const content = this.inlines(block.inlines);
      if (content.length === 0) continue; // an empty paragraph is spacing, not content
      closeClause();
      clause = [{ type: 'paragraph', content }];
      this.counts.paragraphs++;
    }
    closeClause();
    if (top.length === 0) top.push({ type: 'paragraph' });
    return { doc: { type: 'doc', content: top }, counts: this.counts, suggestions: this.suggestions };
  }

  /** Enighed's own export: a clause is what one clause bookmark holds; the rest is free content. */
  private buildBookmarked(blocks: readonly Block[]): SectionContent {
    const top: PMJSON[] = [];
    let clause: PMJSON[] | null = null;
    /** The w:id of the clause bookmark open, or null outside every clause. */
    let open: string | null = null;
    const closeClause = () => {
      if (clause && clause.length > 0) {
        top.push({ type: 'clause', attrs: { id: null }, content: clause });
        this.counts.clauses++;
      }
      clause = null;
      open = null;
    };
    const into = () => (open !== null ? (clause ??= []) : top);
    const startOf = (inline: Inline) => (inline.t === 'bookmarkStart' && clauseIdOfBookmark(inline.name) !== null ? inline.id : null);
    const ends = (inlines: readonly Inline[]) => open !== null && inlines.some((x) => x.t === 'bookmarkEnd' && x.id === open);
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      if (block.kind === 'marker') {
        const start = startOf(block.marker);
        if (start !== null) {
          closeClause();
          open = start;
        } else if (ends([block.marker])) closeClause();
        continue;
      }
      if (block.kind === 'table') {
        const subgoal = this.subgoal(block);
        if (subgoal) this.counts.subgoals++;
        into().push(subgoal ?? this.table(block));
        continue;
      }
      if (block.headingLevel !== null) {
        closeClause();
        const content = this.inlines(block.inlines);
        if (content.length === 0) continue;
        top.push({ type: 'heading', attrs: { level: headingLevelOfWord(block.headingLevel, this.options.sectionLevel).level }, content });
        this.counts.headings++;
        continue;
      }
      // The final version's "Ikke endeligt aftalt" line is the export's, not the agreement's.
      if (block.styleId === 'Markering') continue;
      if (block.list) {
        const run: Paragraph[] = [];
        let closes = false;
        while (i < blocks.length && !closes) {
          const b = blocks[i];
          if (b.kind !== 'paragraph' || !b.list || b.headingLevel !== null || b.inlines.some((x) => startOf(x) !== null)) break;
          run.push(b);
          closes = ends(b.inlines);
          i++;
        }
        i--;
        into().push(...this.lists(run));
        if (closes) closeClause();
        continue;
      }
      // A clause's first paragraph: its number, then the bookmark; the clause is what follows.
      let inlines: readonly Inline[] = block.inlines;
      const at = inlines.findIndex((x) => startOf(x) !== null);
      if (at >= 0) {
        closeClause();
        open = startOf(inlines[at]);
        inlines = inlines.slice(at + 1);
      }
      const content = this.inlines(inlines);
      if (content.length > 0) {
        into().push({ type: 'paragraph', content });
        this.counts.paragraphs++;
      }
      if (ends(inlines)) closeClause();
    }
    closeClause();
    if (top.length === 0) top.push({ type: 'paragraph' });
    return { doc: { type: 'doc', content: top }, counts: this.counts, suggestions: this.suggestions };
  }

  /** Consecutive list paragraphs as nested lists; a new top-level list where the numbering or kind changes. */
  private lists(run: Paragraph[]): PMJSON[] {
    const out: PMJSON[] = [];
    // stack[d]: the list at depth d and its last item.
    const stack: { list: PMJSON; item: PMJSON | null; numId: string }[] = [];
    for (const p of run) {
      const info = p.list!;
      let depth = Math.min(info.level, stack.length);
      const type = info.ordered ? 'ordered_list' : 'bullet_list';
      // A list of another kind or numbering at the same depth starts anew.
      if (depth < stack.length && (stack[depth].list.type !== type || (depth === 0 && stack[0].numId !== info.numId))) stack.length = depth;
      stack.length = Math.min(stack.length, depth + 1);
      if (depth === stack.length) {
        const parent = depth > 0 ? stack[depth - 1].item : null;
        if (depth > 0 && !parent) depth = 0;
        const list: PMJSON = { type, attrs: type === 'ordered_list' ? { order: info.start } : undefined, content: [] };
        if (list.attrs === undefined) delete list.attrs;
        if (depth === 0 || !parent) {
          out.push(list);
          this.counts.lists++;
        } else parent.content!.push(list);
        stack.push({ list, item: null, numId: info.numId });
      }
      const item: PMJSON = { type: 'list_item', content: [{ type: 'paragraph', content: this.inlines(p.inlines) }] };
      cleanEmpty(item.content![0]);
      stack[depth].list.content!.push(item);
      stack[depth].item = item;
    }
    return out;
  }

  private table(table: Table): PMJSON {
    this.counts.tables++;
    const width = Math.max(...table.rows.map((r) => r.reduce((n, c) => n + c.colspan, 0)));
    const rows = table.rows.map((row) => {
      const cells = row.map((cell) => {
        const paragraphs: PMJSON[] = [];
        for (const b of cell.blocks) this.cellBlock(b, paragraphs);
        if (paragraphs.length === 0) paragraphs.push({ type: 'paragraph' });
        return { type: 'table_cell', attrs: { colspan: cell.colspan, rowspan: 1, colwidth: null }, content: paragraphs };
      });
      // prosemirror-tables wants every row as wide as the widest: pad short rows.
      const missing = width - row.reduce((n, c) => n + c.colspan, 0);
      for (let k = 0; k < missing; k++) cells.push({ type: 'table_cell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph' }] });
      return { type: 'table_row', content: cells };
    });
    return { type: 'table', content: rows };
  }

  /** A cell holds paragraphs only: lists, headings and nested tables become paragraphs (and are listed). */
  private cellBlock(b: Block, out: PMJSON[]): void {
    if (b.kind === 'marker') return;
    if (b.kind === 'table') {
      for (const row of b.rows) for (const cell of row) for (const inner of cell.blocks) this.cellBlock(inner, out);
      return;
    }
    if (b.headingLevel !== null) countNotMapped(this.notMapped, 'headingInTable', plainText(b));
    if (b.list) countNotMapped(this.notMapped, 'listInTable', plainText(b));
    const p: PMJSON = { type: 'paragraph', content: this.inlines(b.inlines) };
    cleanEmpty(p);
    out.push(p);
  }

  /** A delmål table: five rows labelled in the first column, or a header row of the five labels. */
  private subgoal(table: Table): PMJSON | null {
    const cellText = (r: number, c: number) => {
      const cell = table.rows[r]?.[c];
      return cell ? cell.blocks.map((b) => (b.kind === 'paragraph' ? plainText(b) : '')).join(' ') : '';
    };
    const cellInlines = (r: number, c: number) => this.inlines(table.rows[r][c].blocks.flatMap((b) => (b.kind === 'paragraph' ? b.inlines : [])));
    const rowsLabelled = table.rows.length === subgoalLabels.length && subgoalLabels.every((l, r) => normalizeLabel(cellText(r, 0)) === l) && table.rows.every((row) => row.length === 2);
    if (rowsLabelled) return this.subgoalNode((i) => cellInlines(i, 1));
    const headerLabelled = table.rows.length === 2 && table.rows[0].length === subgoalLabels.length && table.rows[1].length === subgoalLabels.length && subgoalLabels.every((l, c) => normalizeLabel(cellText(0, c)) === l);
    if (headerLabelled) return this.subgoalNode((i) => cellInlines(1, i));
    return null;
  }

  private subgoalNode(field: (index: number) => PMJSON[]): PMJSON {
    return {
      type: 'subgoal',
      content: subgoalFields.map((f, i) => {
        const node: PMJSON = { type: f.node, content: field(i) };
        cleanEmpty(node);
        return node;
      }),
    };
  }

  /** Runs as text nodes with marks; breaks as hard_break. Notes, images and text boxes are listed
   *  by the reader; bookmarks and comment anchors carry nothing here. */
  private inlines(inlines: readonly Inline[]): PMJSON[] {
    const out: PMJSON[] = [];
    for (const inline of inlines) {
      if (inline.t === 'break') {
        if (inline.change?.type === 'del' && this.options.trackedChanges === 'accept') continue;
        out.push({ type: 'hard_break' });
        continue;
      }
      if (inline.t !== 'text') continue;
      const text = inline.text.replace(/\t/g, ' ');
      if (!text) continue;
      const marks: PMJSON[] = [];
      const names = new Set<string>();
      for (const key of ['bold', 'italic', 'underline', 'strike'] as const) {
        if (!inline.marks[key]) continue;
        const name = WORD_MARKS[key];
        if ((key === 'underline' || key === 'strike') && name === 'em') countNotMapped(this.notMapped, key, text);
        if (!names.has(name)) marks.push({ type: name });
        names.add(name);
      }
      if (inline.href && /^(https?:|mailto:)/i.test(inline.href)) marks.push({ type: 'link', attrs: { href: inline.href, title: null } });
      const change = inline.change;
      if (change) {
        if (!this.seenChanges.has(`${change.type}:${change.id}`)) {
          this.seenChanges.add(`${change.type}:${change.id}`);
          if (change.type === 'ins') this.counts.insertions++;
          else this.counts.deletions++;
        }
        if (this.options.trackedChanges === 'accept') {
          if (change.type === 'del') continue;
        } else {
          const id = this.options.suggestionId(change);
          this.suggestions.set(id, change);
          marks.push({ type: change.type === 'ins' ? 'insertion' : 'deletion', attrs: { id } });
        }
      }
      const last = out[out.length - 1];
      if (last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) last.text += text;
      else out.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text });
    }
    return out;
  }
}

/** A textblock without content has no `content` key (ProseMirror's JSON for an empty node). */
function cleanEmpty(node: PMJSON): void {
  if (node.content && node.content.length === 0) delete node.content;
}

export function plainText(p: Paragraph): string {
  return p.inlines.map((i) => (i.t === 'text' && i.change?.type !== 'del' ? i.text : '')).join('');
}
