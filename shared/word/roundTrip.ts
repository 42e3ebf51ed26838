// *Indlæs rettelser fra Word …* (issue 11, point 5): what a participant changed in an exported
// negotiation draft, per clause. The export wraps every clause in a bookmark `enighed_<clauseId>`
// (shared/print/bookmarks.ts);
// here the file's text inside each such bookmark is read in three forms — as it was (Word's deleted
// text kept, inserted text left out), as it is now, and the tracked changes between them with their
// authors — together with the Word comments anchored in it. Compared with the clause's text in
// Enighed: equal "as it was" means the tracked changes apply to exactly that text (they become
// suggestions); a difference means it was changed without track changes (a word diff to accept).
// Clauses the file no longer holds, and text outside every clause, are listed. Pure.
import { wordDiff, type DiffOp } from '../negotiation/wordDiff.ts';
import type { Block, DocxModel, Inline, Paragraph } from './docxModel.ts';
import { clauseIdOfBookmark } from '../print/bookmarks.ts';


/** A clause of the agreement as Enighed holds it: its text, one line per paragraph. */
export interface CurrentClause {
  clauseId: string;
  sectionId: string;
  text: string;
  /** The clause's pending suggestions as `pendingKey`s: the draft prints them as tracked changes,
   *  and read back they are not new. */
  pending?: string[];
}

/** A change's identity for comparing with pending suggestions: kind, offset and text. */
export function pendingKey(change: { type: 'ins' | 'del'; at: number; text: string }): string {
  return `${change.type}@${change.at}:${change.text}`;
}

export interface RoundTripInput {
  clauses: CurrentClause[];
}

/** A tracked change inside a clause, placed by character offset in the clause's text "as it was". */
export interface ClauseChange {
  type: 'ins' | 'del';
  author: string;
  date: string | null;
  text: string;
  /** Offset in `before` (for a deletion, where the deleted text starts). */
  at: number;
}

export interface ClauseComment {
  id: string;
  author: string;
  date: string | null;
  text: string;
  /** The range it is anchored to, in offsets of `before` (the whole clause when Word gave none). */
  from: number;
  to: number;
  replies: { id: string; author: string; date: string | null; text: string }[];
}

export interface ClauseCorrections {
  clauseId: string;
  sectionId: string;
  /** The clause's text in the file before its tracked changes, and after them. */
  before: string;
  after: string;
  changes: ClauseChange[];
  comments: ClauseComment[];
  /** The word diff from Enighed's text to the file's `before`, when they differ (changed without
   *  track changes); null when equal. */
  untracked: DiffOp[] | null;
}

export interface RoundTripResult {
  clauses: ClauseCorrections[];
  /** Clauses of the sections the file holds that it no longer holds (their bookmark is gone). */
  missing: CurrentClause[];
  /** Paragraph texts outside every clause bookmark (headings included), in file order. */
  outside: string[];
  /** Bookmarks naming a clause Enighed does not have. */
  unknown: string[];
}

/** Spaces collapsed per line, empty lines dropped: how both sides' texts are compared. */
export function comparable(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

interface Collecting {
  clauseId: string;
  before: string;
  after: string;
  changes: ClauseChange[];
  commentStarts: Map<string, number>;
  commentRanges: Map<string, { from: number; to: number }>;
  /** Whether a paragraph of this clause has begun (a line break goes before the next). */
  lines: number;
}

export function roundTrip(model: DocxModel, input: RoundTripInput): RoundTripResult {
  const known = new Map(input.clauses.map((c) => [c.clauseId, c]));
  const bookmarkIds = new Map<string, string>(); // w:id → clause id
  const open: Collecting[] = [];
  const done = new Map<string, Collecting>();
  const outside: string[] = [];
  const unknown: string[] = [];
  const current = () => open[open.length - 1] ?? null;

  const marker = (m: Inline) => {
    const clauseId = m.t === 'bookmarkStart' ? clauseIdOfBookmark(m.name) : null;
    if (m.t === 'bookmarkStart' && clauseId !== null) {
      if (!known.has(clauseId)) {
        unknown.push(clauseId);
        return;
      }
      bookmarkIds.set(m.id, clauseId);
      const existing = done.get(clauseId);
      open.push(existing ?? { clauseId, before: '', after: '', changes: [], commentStarts: new Map(), commentRanges: new Map(), lines: 0 });
    } else if (m.t === 'bookmarkEnd' && bookmarkIds.has(m.id)) {
      const clauseId = bookmarkIds.get(m.id)!;
      const i = open.findIndex((c) => c.clauseId === clauseId);
      if (i >= 0) done.set(clauseId, open.splice(i, 1)[0]);
    } else if (m.t === 'commentStart') {
      const c = current();
      if (c) c.commentStarts.set(m.id, c.before.length);
    } else if (m.t === 'commentEnd' || m.t === 'commentRef') {
      const c = current();
      if (c && !c.commentRanges.has(m.id)) c.commentRanges.set(m.id, { from: c.commentStarts.get(m.id) ?? 0, to: c.before.length });
    }
  };

  const paragraph = (p: Paragraph) => {
    // Markers before the first text belong to the paragraph's start, so a bookmark opened at the
    // start of a paragraph takes the whole paragraph.
    let started = false;
    let outsideText = '';
    const begin = () => {
      if (started) return;
      started = true;
      const c = current();
      if (c && c.lines++ > 0) {
        c.before += '\n';
        c.after += '\n';
      }
    };
    for (const inline of p.inlines) {
      if (inline.t === 'bookmarkStart' || inline.t === 'bookmarkEnd' || inline.t === 'commentStart' || inline.t === 'commentEnd' || inline.t === 'commentRef') {
        marker(inline);
        continue;
      }
      if (inline.t !== 'text' && inline.t !== 'break') continue;
      const text = inline.t === 'text' ? inline.text : '\n';
      const c = current();
      if (!c) {
        outsideText += text;
        continue;
      }
      begin();
      const change = inline.change;
      if (change?.type === 'ins') {
        c.changes.push({ type: 'ins', author: change.author, date: change.date, text, at: c.before.length });
        c.after += text;
      } else if (change?.type === 'del') {
        c.changes.push({ type: 'del', author: change.author, date: change.date, text, at: c.before.length });
        c.before += text;
      } else {
        c.before += text;
        c.after += text;
      }
    }
    if (outsideText.trim()) outside.push(outsideText.trim());
  };

  const walk = (blocks: readonly Block[]) => {
    for (const b of blocks) {
      if (b.kind === 'marker') marker(b.marker);
      else if (b.kind === 'paragraph') paragraph(b);
      else for (const row of b.rows) for (const cell of row) walk(cell.blocks);
    }
  };
  walk(model.body);
  for (const c of open) done.set(c.clauseId, c);

  const sectionsInFile = new Set([...done.keys()].map((id) => known.get(id)!.sectionId));
  const comments = new Map(model.comments.map((c) => [c.id, c]));
  const repliesOf = (id: string) => model.comments.filter((c) => c.parentId === id);
  const clauses: ClauseCorrections[] = [];
  for (const [clauseId, c] of done) {
    const enighed = known.get(clauseId)!;
    const ours = comparable(enighed.text);
    const theirs = comparable(c.before);
    const clauseComments: ClauseComment[] = [];
    for (const [id, range] of c.commentRanges) {
      const comment = comments.get(id);
      if (!comment || comment.parentId) continue; // a reply travels with its thread
      clauseComments.push({
        id,
        author: comment.author,
        date: comment.date,
        text: comment.paragraphs.join('\n'),
        from: range.from,
        to: Math.max(range.to, range.from),
        replies: repliesOf(id).map((r) => ({ id: r.id, author: r.author, date: r.date, text: r.paragraphs.join('\n') })),
      });
    }
    clauses.push({
      clauseId,
      sectionId: enighed.sectionId,
      before: c.before,
      after: c.after,
      changes: mergeChanges(c.changes).filter((x) => !enighed.pending?.includes(pendingKey(x))),
      comments: clauseComments,
      untracked: ours === theirs ? null : wordDiff(ours, theirs),
    });
  }
  return {
    clauses: input.clauses.filter((c) => done.has(c.clauseId)).map((c) => clauses.find((x) => x.clauseId === c.clauseId)!),
    // A draft of one section or theme group holds only its sections' clauses: the others are not missing.
    missing: input.clauses.filter((c) => !done.has(c.clauseId) && sectionsInFile.has(c.sectionId)),
    outside,
    unknown,
  };
}

/** Neighbouring runs of one change (Word splits them by formatting) as one. */
function mergeChanges(changes: ClauseChange[]): ClauseChange[] {
  const out: ClauseChange[] = [];
  for (const c of changes) {
    const last = out[out.length - 1];
    const adjoins = last && last.type === c.type && last.author === c.author && (c.type === 'ins' ? last.at === c.at : last.at + last.text.length === c.at);
    if (adjoins) last.text += c.text;
    else out.push({ ...c });
  }
  return out;
}
