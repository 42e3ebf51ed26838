// *Indlæs rettelser fra Word …* (issue 11, point 5) over the workspace: the clauses' current text is
// sent to the Word worker with the file; what comes back (shared/word/roundTrip.ts) is written as
// suggestions and comment threads — never applied to the text itself. A clause's tracked changes are
// placed by character offset in its text, so they are written only where the file's text before
// them is exactly Enighed's; a clause changed without track changes is only written when the user
// accepts its word diff (`acceptUntracked`), then as suggestions too, for review like any other.
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { absolutePositionToRelativePosition, initProseMirrorDoc, prosemirrorToYXmlFragment } from 'y-prosemirror';
import { toBase64 } from 'lib0/buffer';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { trackChange } from '../../shared/editor/suggestions.ts';
import { recordSuggestionAuthors } from '../../shared/negotiation/suggestionsDoc.ts';
import { readThreads, replyToThread, startThread } from '../../shared/negotiation/comments.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { pendingKey, type ClauseChange, type ClauseCorrections, type CurrentClause, type RoundTripResult } from '../../shared/word/roundTrip.ts';
import type { WordImportPort } from './apply.ts';
import { runWordTask } from './workerClient.ts';

/** Whether a text node is a pending insertion (a suggestion not yet accepted). */
function inserted(node: PMNode): boolean {
  return node.marks.some((m) => m.type.name === 'insertion');
}

/**
 * A clause's text as the round trip compares it: "as it was" before its pending suggestions — the
 * way the negotiation draft prints them as tracked changes, which Word's text before its changes
 * matches — one line per paragraph, a hard break as "\n". Pending insertions are left out, pending
 * deletions kept.
 */
export function clauseText(clause: PMNode): string {
  const lines: string[] = [];
  clause.descendants((node) => {
    if (!node.isTextblock) return true;
    let line = '';
    node.forEach((child) => {
      if (child.isText && !inserted(child)) line += child.text;
      else if (child.type.name === 'hard_break') line += '\n';
    });
    lines.push(line);
    return false;
  });
  return lines.join('\n');
}

/** The clause's pending suggestions as round-trip changes (offsets in clauseText), so that the
 *  draft's own tracked changes, read back, are not suggested a second time. */
export function pendingChanges(clause: PMNode): string[] {
  const out: string[] = [];
  let offset = 0;
  let first = true;
  let run: { type: 'ins' | 'del'; at: number; text: string } | null = null;
  const flush = () => {
    if (run) out.push(pendingKey(run));
    run = null;
  };
  clause.descendants((node) => {
    if (!node.isTextblock) return true;
    if (!first) offset += 1;
    first = false;
    flush();
    node.forEach((child) => {
      const mark = child.isText ? child.marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion') : undefined;
      const type = mark?.type.name === 'insertion' ? 'ins' : mark ? 'del' : null;
      if (type && run?.type === type) run.text += child.text;
      else {
        flush();
        if (type) run = { type, at: offset, text: child.text! };
      }
      if (child.isText && type !== 'ins') offset += child.text!.length;
      else if (child.type.name === 'hard_break') offset += 1;
    });
    return false;
  });
  flush();
  return out;
}

/** Offset in clauseText(clause) → document position, for a clause at `clausePos`. */
function positionsOf(clause: PMNode, clausePos: number): (offset: number) => number {
  const marks: { offset: number; pos: number }[] = [];
  let offset = 0;
  let first = true;
  clause.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (!first) offset += 1;
    first = false;
    const start = clausePos + 1 + pos + 1;
    marks.push({ offset, pos: start });
    node.forEach((child, childOffset) => {
      const size = child.isText ? (inserted(child) ? 0 : child.text!.length) : child.type.name === 'hard_break' ? 1 : 0;
      for (let k = 0; k < size; k++) marks.push({ offset: offset + k, pos: start + childOffset + k });
      offset += size;
      marks.push({ offset, pos: start + childOffset + child.nodeSize });
    });
    return false;
  });
  return (o) => {
    let best = marks[0]?.pos ?? clausePos + 1;
    for (const m of marks) if (m.offset <= o) best = m.pos;
    return best;
  };
}

function sectionClauses(port: WordImportPort, agreementId: string): CurrentClause[] {
  const agreement = readAgreement(port.doc(structureDocId(agreementId)));
  if (!agreement) throw new UserFacingError('Aftalen findes ikke (længere) i arbejdsområdet.');
  const out: CurrentClause[] = [];
  for (const section of agreement.sections) {
    const doc = port.doc(sectionDocId(agreementId, section.id));
    const { doc: node } = initProseMirrorDoc(doc.getXmlFragment(SECTION_FRAGMENT), schema);
    for (const c of clausesOf(node)) if (c.id) out.push({ clauseId: c.id, sectionId: section.id, text: clauseText(c.node), pending: pendingChanges(c.node) });
  }
  return out;
}

/** What the file would bring back, per clause; writes nothing. */
export async function previewCorrections(port: WordImportPort, agreementId: string, bytes: Uint8Array): Promise<RoundTripResult> {
  const clauses = sectionClauses(port, agreementId);
  return (await runWordTask({ kind: 'roundTrip', bytes, input: { clauses } })).result;
}

export interface CorrectionsApplied {
  suggestions: number;
  comments: number;
  /** Clauses whose tracked changes could not be placed (text differs) and were not accepted. */
  skipped: string[];
  result: RoundTripResult;
}

/** Writes the file's corrections as suggestions and comment threads, one update per section, all
 *  in one transaction after every update is checked. */
export async function applyCorrections(
  port: WordImportPort,
  agreementId: string,
  bytes: Uint8Array,
  acceptUntracked: readonly string[],
  /** The clauses whose tracked changes and comments are written (default: all in the file). */
  include?: readonly string[],
): Promise<CorrectionsApplied> {
  const full = await previewCorrections(port, agreementId, bytes);
  const chosen = include && new Set([...include, ...acceptUntracked]);
  const result = chosen ? { ...full, clauses: full.clauses.filter((c) => chosen.has(c.clauseId)) } : full;
  const { side } = port.author();
  const accept = new Set(acceptUntracked);
  const bySection = new Map<string, ClauseCorrections[]>();
  for (const c of result.clauses) bySection.set(c.sectionId, [...(bySection.get(c.sectionId) ?? []), c]);
  let suggestions = 0;
  let comments = 0;
  const skipped: string[] = [];
  return port.transaction(() => {
    const writes: { docId: string; doc: Y.Doc; update: Uint8Array }[] = [];
    for (const [sectionId, corrections] of bySection) {
      const docId = sectionDocId(agreementId, sectionId);
      const original = port.doc(docId);
      const copy = new Y.Doc({ gc: false });
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(original));
      const before = Y.encodeStateVector(copy);
      const fragment = copy.getXmlFragment(SECTION_FRAGMENT);
      const { doc: start, mapping } = initProseMirrorDoc(fragment, schema);
      // Comments first, anchored in the text as it is (their relative positions follow the edits below).
      // A comment already there (the same file read again, or one the draft printed) is not repeated.
      const existing = new Set(readThreads(copy, 'shared').map((t) => `${t.anchor.clauseId}|${t.by.name}|${t.text}`));
      for (const c of corrections) {
        const clause = clausesOf(start).find((x) => x.id === c.clauseId);
        if (!clause) continue;
        const pos = positionsOf(clause.node, clause.pos);
        for (const comment of c.comments) {
          if (existing.has(`${c.clauseId}|${comment.author.slice(0, 200) || 'Ukendt'}|${comment.text || '(tom kommentar)'}`)) continue;
          const from = pos(comment.from);
          const to = Math.max(from + 1, pos(comment.to));
          const rel = (p: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(p, fragment, mapping)));
          const by = { name: comment.author.slice(0, 200) || 'Ukendt', organisation: 'Word', side };
          const at = isoOr(comment.date);
          const threadId = startThread(copy, { anchor: { start: rel(from), end: rel(to - 1), quote: start.textBetween(from, to, ' '), clauseId: c.clauseId }, text: comment.text || '(tom kommentar)', by, at });
          for (const r of comment.replies) replyToThread(copy, { threadId, text: r.text || '(tom kommentar)', by: { ...by, name: r.author.slice(0, 200) || 'Ukendt' }, at: isoOr(r.date) });
          comments++;
        }
      }
      // Then the changes, each made in suggestion mode by its Word author, last first so that the
      // offsets of the earlier ones stay true.
      let state = EditorState.create({ schema, doc: start });
      for (const c of corrections) {
        const clause = clausesOf(state.doc).find((x) => x.id === c.clauseId);
        if (!clause) continue;
        const current = clauseText(clause.node);
        let changes: ClauseChange[];
        if (c.before === current) changes = c.changes;
        else if (accept.has(c.clauseId)) changes = diffChanges(current, c.after);
        else {
          if (c.changes.length > 0 || c.untracked) skipped.push(c.clauseId);
          continue;
        }
        const pos = positionsOf(clause.node, clause.pos);
        for (const change of [...changes].sort((a, b) => b.at - a.at)) {
          const tr = state.tr;
          if (change.type === 'ins') tr.insertText(change.text, pos(change.at));
          else tr.delete(pos(change.at), pos(change.at + change.text.length));
          const author = { name: change.author.slice(0, 200) || 'Ukendt', organisation: 'Word', side };
          const tracked = trackChange(state, tr, { author, authorOf: () => undefined });
          state = state.apply(tracked.tr);
          recordSuggestionAuthors(copy, tracked.newIds, author, new Date(isoOr(change.date)));
          suggestions++;
        }
      }
      prosemirrorToYXmlFragment(state.doc, fragment);
      writes.push({ docId, doc: original, update: Y.encodeStateAsUpdate(copy, before) });
      copy.destroy();
    }
    for (const w of writes) {
      const reason = port.refusal(w.docId, w.doc, w.update, true);
      if (reason) throw new UserFacingError(`Rettelserne er ikke skrevet: ${reason}`);
    }
    for (const w of writes) port.apply(w.docId, w.update);
    return { suggestions, comments, skipped, result: full };
  });
}

/** An accepted untracked change as insertions and deletions on Enighed's text, by "Word". */
function diffChanges(current: string, after: string): ClauseChange[] {
  // Character-level: common prefix and suffix kept, the middle replaced.
  let p = 0;
  while (p < current.length && p < after.length && current[p] === after[p]) p++;
  let s = 0;
  while (s < current.length - p && s < after.length - p && current[current.length - 1 - s] === after[after.length - 1 - s]) s++;
  const out: ClauseChange[] = [];
  const removed = current.slice(p, current.length - s);
  const added = after.slice(p, after.length - s);
  if (removed) out.push({ type: 'del', author: 'Word (uden registrering)', date: null, text: removed, at: p });
  if (added) out.push({ type: 'ins', author: 'Word (uden registrering)', date: null, text: added, at: p + removed.length });
  return out;
}

function isoOr(date: string | null): string {
  return date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : new Date().toISOString();
}
