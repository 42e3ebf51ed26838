// The normalised content of a clause: what a position binds to. Two clauses normalise alike when a
// reader could not tell their meaning apart: same block structure, same words, same marks that change
// meaning (bold, italic, link targets). Runs of whitespace and empty paragraphs do not count.
import type { Mark, Node } from 'prosemirror-model';
import { digest } from 'lib0/hash/sha256';
import { toBase64 } from 'lib0/buffer';

const meaningfulMarks = new Set(['strong', 'em', 'link']);

function markKey(mark: Mark): string {
  return mark.type.name === 'link' ? `link(${String(mark.attrs.href)})` : mark.type.name;
}

/**
 * Text with a tag ⟦marks⟧ wherever the meaningful marks change. Whitespace runs become one space,
 * leading and trailing whitespace goes, and the marks on whitespace never count.
 */
function normaliseInline(block: Node): string {
  let out = '';
  let openMarks = '';
  let pendingSpace = false;
  block.forEach((child) => {
    const marks = child.marks.filter((m) => meaningfulMarks.has(m.type.name)).map(markKey).sort().join('+');
    const text = child.isText ? child.text! : child.type.name === 'hard_break' ? ' ' : '';
    for (const char of text) {
      if (/\s/.test(char)) {
        pendingSpace = out !== '';
        continue;
      }
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      if (marks !== openMarks) {
        out += `⟦${marks}⟧`;
        openMarks = marks;
      }
      out += char;
    }
  });
  return out;
}

/** A canonical text form of a node's content; `clause` nodes and any other container work. */
export function normaliseContent(node: Node): string {
  if (node.isTextblock) {
    const text = normaliseInline(node);
    return text === '' ? '' : `${node.type.name}${headingLevel(node)}:${text}`;
  }
  const parts: string[] = [];
  node.forEach((child) => {
    const part = normaliseContent(child);
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
  return toBase64(digest(new TextEncoder().encode(normaliseContent(clause))));
}
