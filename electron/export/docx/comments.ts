// Word comments of the negotiation draft: on each disputed or changed clause one comment with both
// sides' positions, reasons and alternative wordings; each shared comment thread as a comment with
// its replies as comments (Word links a reply to its parent through commentsExtended.xml, which
// replies.ts adds after packing).
import { Paragraph, TextRun, type ICommentOptions } from 'docx';
import { NegotiationSide, type Position } from '../../../shared/negotiation/position.ts';
import type { PrintClause } from '../../../shared/print/model.ts';
import { LANGUAGE } from './styles.ts';

const sideName: Record<NegotiationSide, string> = { region: 'Regionen', kommune: 'Kommunerne' };

function paragraphs(text: string, bold = false): Paragraph[] {
  return text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: bold || undefined, language: LANGUAGE })] }));
}

function positionText(side: NegotiationSide, position: Position | undefined): Paragraph[] {
  if (!position) return paragraphs(`${sideName[side]}: har ikke taget stilling.`);
  const out = paragraphs(`${sideName[side]}: ${position.stance === 'enig' ? 'enig' : 'uenig'} (${position.by.name}, ${position.by.organisation}, ${position.at.slice(0, 10)})`, true);
  if (position.reason) out.push(...paragraphs(`Begrundelse: ${position.reason}`));
  if (position.alternative) out.push(...paragraphs(`Alternativ formulering: ${position.alternative}`));
  return out;
}

/** Whether a clause gets a comment with both positions. */
export function needsPositionComment(clause: PrintClause): boolean {
  return clause.status === 'uenighed' || clause.status === 'aendret';
}

export class DocxComments {
  readonly comments: ICommentOptions[] = [];
  /** Reply comment id → its parent's id. */
  readonly parents = new Map<number, number>();
  private next = 0;

  /** Comment ids (head, then replies) of each thread added so far. */
  private readonly ofThread = new Map<string, number[]>();

  /** The comment ids of a thread (its head and replies), once its clause was added. */
  threadComments(threadId: string): number[] {
    return this.ofThread.get(threadId) ?? [];
  }

  /** Adds the clause's comments; returns the ids that get a range around the whole clause (the
   *  positions comment and threads whose quote was not found; see threadComments for the others). */
  forClause(clause: PrintClause): number[] {
    const ids: number[] = [];
    const anchored = new Set(clause.anchoredThreadIds);
    if (needsPositionComment(clause)) {
      const id = this.next++;
      this.comments.push({
        id,
        author: 'Enighed',
        initials: 'E',
        date: new Date(),
        children: [
          ...paragraphs(`Klausul ${clause.number} – status: ${clause.statusLabel}`, true),
          ...NegotiationSide.options.flatMap((side) => positionText(side, clause.positions[side])),
        ],
      });
      ids.push(id);
    }
    for (const thread of clause.threads) {
      const head = this.next++;
      const own = [head];
      this.ofThread.set(thread.id, own);
      const text = thread.visibility === 'internal' ? `[Intern kommentar] ${thread.text}` : thread.text;
      this.comments.push({ id: head, author: `${thread.by.name} (${thread.by.organisation})`, initials: initials(thread.by.name), date: new Date(thread.at), children: paragraphs(text) });
      if (!anchored.has(thread.id)) ids.push(head);
      for (const reply of thread.replies) {
        const id = this.next++;
        this.comments.push({ id, author: `${reply.by.name} (${reply.by.organisation})`, initials: initials(reply.by.name), date: new Date(reply.at), children: paragraphs(reply.text) });
        this.parents.set(id, head);
        own.push(id);
        if (!anchored.has(thread.id)) ids.push(id);
      }
    }
    return ids;
  }
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .slice(0, 4);
}
