// Comment threads (kommentarer) on a section's text. A thread lives in one Y.Doc, beside the text and
// outside the editor's undo history:
// - shared threads in the section's own document, which every participant syncs;
// - internal threads of one side in `<agreement>/internal/<side>/<section>` (internalDocId), a document
//   that only that side's machines and the secretariat's server ever hold (see electron/sync/access.ts).
// The anchor points into the section document's text with Yjs relative positions, so it follows
// concurrent edits; the quoted text is kept as a fallback and to show what a thread was about once
// its text is deleted.
import { z } from 'zod';
import * as Y from 'yjs';
import { Side, type Profile } from '../domain/agreement.ts';
import { randomId } from '../domain/ids.ts';
import { INTERNAL_KEYS } from '../documents/keys.ts';

// The same three names in a section document and in an internal one.
const THREADS = INTERNAL_KEYS.commentThreads;
const REPLIES = INTERNAL_KEYS.commentReplies;
const STATES = INTERNAL_KEYS.commentStates;

export const CommentAuthor = z.object({
  name: z.string().min(1),
  organisation: z.string().min(1),
  side: Side,
});
export type CommentAuthor = z.infer<typeof CommentAuthor>;

const CommentText = z.string().trim().min(1, 'Skriv en kommentar.').max(10_000, 'Kommentaren er for lang (højst 10.000 tegn).');

export const CommentAnchor = z.object({
  /** Y.encodeRelativePosition of the range's first character, base64. */
  start: z.string().min(1),
  /** Y.encodeRelativePosition of the range's last character, base64. */
  end: z.string().min(1),
  /** The text the range held when the thread was started. */
  quote: z.string(),
  /** The clause the range started in, if any. */
  clauseId: z.string().nullable(),
});
export type CommentAnchor = z.infer<typeof CommentAnchor>;

export const Visibility = z.enum(['shared', 'internal']);
export type Visibility = z.infer<typeof Visibility>;

export const ThreadHead = z.object({
  id: z.string().min(1),
  anchor: CommentAnchor,
  text: CommentText,
  by: CommentAuthor,
  at: z.string(),
});
export type ThreadHead = z.infer<typeof ThreadHead>;

export const Reply = z.object({
  id: z.string().min(1),
  threadId: z.string().min(1),
  text: CommentText,
  by: CommentAuthor,
  at: z.string(),
});
export type Reply = z.infer<typeof Reply>;

/** Resolved or reopened; the last change wins. */
export const ThreadState = z.object({
  resolved: z.boolean(),
  by: CommentAuthor,
  at: z.string(),
});
export type ThreadState = z.infer<typeof ThreadState>;

export interface CommentThread extends ThreadHead {
  visibility: Visibility;
  replies: Reply[];
  /** Null while never resolved. */
  state: ThreadState | null;
}

export function authorOf(profile: Profile): CommentAuthor {
  return { name: profile.name, organisation: profile.organisation, side: profile.side };
}

/** Starts a thread; returns its id. Throws (Danish message) on bad input. */
export function startThread(doc: Y.Doc, input: { anchor: CommentAnchor; text: string; by: CommentAuthor; at?: string }): string {
  const head = ThreadHead.parse({ id: randomId('t'), at: new Date().toISOString(), ...input });
  doc.getMap(THREADS).set(head.id, head);
  return head.id;
}

export function replyToThread(doc: Y.Doc, input: { threadId: string; text: string; by: CommentAuthor; at?: string }): void {
  if (!doc.getMap(THREADS).has(input.threadId)) throw new Error('Tråden findes ikke.');
  doc.getArray(REPLIES).push([Reply.parse({ id: randomId('r'), at: new Date().toISOString(), ...input })]);
}

export function setThreadResolved(doc: Y.Doc, threadId: string, resolved: boolean, by: CommentAuthor, at = new Date().toISOString()): void {
  if (!doc.getMap(THREADS).has(threadId)) throw new Error('Tråden findes ikke.');
  doc.getMap(STATES).set(threadId, ThreadState.parse({ resolved, by, at }));
}

/** Every valid thread in `doc`, oldest first; entries that do not validate are skipped. */
export function readThreads(doc: Y.Doc, visibility: Visibility): CommentThread[] {
  const replies = new Map<string, Reply[]>();
  for (const entry of doc.getArray(REPLIES).toArray()) {
    const reply = Reply.safeParse(entry);
    if (!reply.success) continue;
    const list = replies.get(reply.data.threadId) ?? [];
    list.push(reply.data);
    replies.set(reply.data.threadId, list);
  }
  const states = doc.getMap(STATES);
  const threads: CommentThread[] = [];
  for (const entry of doc.getMap(THREADS).values()) {
    const head = ThreadHead.safeParse(entry);
    if (!head.success) continue;
    const state = ThreadState.safeParse(states.get(head.data.id));
    threads.push({
      ...head.data,
      visibility,
      replies: (replies.get(head.data.id) ?? []).sort((a, b) => a.at.localeCompare(b.at)),
      state: state.success ? state.data : null,
    });
  }
  return threads.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** Calls `listener` after any change to the threads in `doc`; returns the unsubscriber. */
export function observeThreads(doc: Y.Doc, listener: () => void): () => void {
  const types = [doc.getMap(THREADS), doc.getArray(REPLIES), doc.getMap(STATES)];
  for (const type of types) type.observe(listener);
  return () => {
    for (const type of types) type.unobserve(listener);
  };
}

export function isResolved(thread: CommentThread): boolean {
  return thread.state?.resolved === true;
}
