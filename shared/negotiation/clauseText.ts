// The normalised content of a clause: what a position binds to. Two clauses normalise alike when a
// reader could not tell their meaning apart: same block structure, same words, same marks that change
// meaning (bold, italic, link targets). Runs of whitespace and empty paragraphs do not count.
// Pending suggestions (track changes, shared/editor/suggestions.ts) do not count either: a clause
// reads as if every suggestion were rejected, so only accepting one changes the hash.
import { Fragment, type Mark, type Node } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { revertSuggestions } from '@handlewithcare/prosemirror-suggest-changes';
import { digest } from 'lib0/hash/sha256';
import { toBase64 } from 'lib0/buffer';

const meaningfulMarks = new Set(['strong', 'em', 'link']);

/** The anchor the suggestion library puts at block boundaries; it is never text. */
const ZERO_WIDTH_SPACE = '\u200B';

const suggestionsIn = new WeakMap<Node, boolean>();

/** Whether a node's content holds pending suggestions (insertion or deletion marks); remembered per
 *  (immutable) node, so after an edit only the changed blocks are looked at again. */
export function holdsSuggestions(node: Node): boolean {
  let found = suggestionsIn.get(node);
  if (found === undefined) {
    found = false;
    node.descendants((child) => {
      if (!found && child.marks.some((m) => m.type.name === 'insertion' || m.type.name === 'deletion')) found = true;
      return !found;
    });
    suggestionsIn.set(node, found);
  }
  return found;
}

/**
 * The node as it reads with every pending suggestion rejected: suggested insertions (and the block
 * boundaries they add) left out, suggested deletions still in. Uses the suggestion library's own
 * revert, so what it calls rejecting and what the hash ignores cannot drift apart.
 */
export function withoutSuggestions(node: Node): Node {
  if (!holdsSuggestions(node)) return node;
  const top = node.type.schema.topNodeType;
  // Only nodes that can stand alone in a document (clauses, blocks) are reverted as a whole; for the
  // others normaliseInline still leaves suggested insertions out.
  if (!top.validContent(Fragment.from(node))) return node;
  let reverted: Node = node;
  try {
    revertSuggestions(EditorState.create({ doc: top.create(null, node) }), (tr) => {
      // A clause that was wholly a suggested insertion has no agreed text at all.
      const child = tr.doc.childCount === 1 ? tr.doc.firstChild : null;
      reverted = child && child.type === node.type ? child : (node.type.createAndFill(node.attrs) ?? node);
    });
  } catch {
    // The hash is computed on every change of the text (status chips); a structure the library
    // cannot revert must not break the editor. normaliseInline still leaves insertions out.
    return node;
  }
  return reverted;
}

function markKey(mark: Mark): string {
  return mark.type.name === 'link' ? `link(${String(mark.attrs.href)})` : mark.type.name;
}

const WHITESPACE_RUNS = /\s+/g;

/**
 * Text with a tag ⟦marks⟧ wherever the meaningful marks change. Whitespace runs become one space,
 * leading and trailing whitespace goes, and the marks on whitespace never count. Works on whole text
 * nodes, not character by character: it runs on every change of a clause that has positions.
 */
function normaliseInline(block: Node): string {
  let out = '';
  let openMarks = '';
  // Whitespace was seen since the last word (and a word before it): a space goes before the next word.
  let pendingSpace = false;
  block.forEach((child) => {
    if (child.marks.some((m) => m.type.name === 'insertion')) return;
    let text = child.isText ? child.text! : child.type.name === 'hard_break' ? ' ' : '';
    if (text.includes(ZERO_WIDTH_SPACE)) text = text.replaceAll(ZERO_WIDTH_SPACE, '');
    const words = text.replace(WHITESPACE_RUNS, ' ');
    let start = 0;
    let end = words.length;
    if (words.charCodeAt(0) === 32) {
      pendingSpace = out !== '';
      start = 1;
    }
    const trailingSpace = end > start && words.charCodeAt(end - 1) === 32;
    if (trailingSpace) end--;
    if (start >= end) return;
    if (pendingSpace) out += ' ';
    const marks = child.marks.length === 0 ? '' : child.marks.filter((m) => meaningfulMarks.has(m.type.name)).map(markKey).sort().join('+');
    if (marks !== openMarks) {
      out += `⟦${marks}⟧`;
      openMarks = marks;
    }
    out += start === 0 && end === words.length ? words : words.slice(start, end);
    pendingSpace = trailingSpace;
  });
  return out;
}

/** A canonical text form of a node's content; `clause` nodes and any other container work. */
export function normaliseContent(node: Node): string {
  return normaliseNode(withoutSuggestions(node));
}

function normaliseNode(node: Node): string {
  if (node.isTextblock) {
    const text = normaliseInline(node);
    return text === '' ? '' : `${node.type.name}${headingLevel(node)}:${text}`;
  }
  const parts: string[] = [];
  node.forEach((child) => {
    const part = normaliseNode(child);
    if (part !== '') parts.push(part);
  });
  if (parts.length === 0) return '';
  return node.type.name === 'clause' ? parts.join('\n') : `${node.type.name}[${parts.join('\n')}]`;
}

function headingLevel(node: Node): string {
  return node.type.name === 'heading' ? String(node.attrs.level) : '';
}

/** The hash a position records: SHA-256 of the normalised content, base64 (44 characters). */
export function clauseHash(clause: Node): string {
  return hashOfNormalised(normaliseContent(clause));
}

/** clauseHash() of a clause whose normaliseContent() is `normalised`, for callers that keep both. */
export function hashOfNormalised(normalised: string): string {
  return toBase64(digest(new TextEncoder().encode(normalised)));
}
