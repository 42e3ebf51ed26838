// Highlights for "Nyt siden sidst" and "Samtidige ændringer" in the section editor: a clause others
// changed since this person last saw it is marked, and within it the words inserted since; a clause
// both sides changed while apart is marked as needing a look. Kept cheap for the keystroke path:
// the decorations are computed only when the set of marked clauses changes (setAwayHighlights) and
// otherwise only mapped through each transaction.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { wordDiff } from '../negotiation/wordDiff.ts';

export interface AwayMarks {
  /** Clause id → its readable text as last seen ('' for a new clause). */
  unseen: ReadonlyMap<string, string>;
  /** Clauses flagged *Samtidige ændringer*. */
  concurrent: ReadonlySet<string>;
}

export const awayHighlightsKey = new PluginKey<DecorationSet>('awayHighlights');

/** A transaction that shows `marks` (replacing what was shown). */
export function setAwayHighlights(state: EditorState, marks: AwayMarks): Transaction {
  return state.tr.setMeta(awayHighlightsKey, marks).setMeta('addToHistory', false);
}

export function awayHighlightsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: awayHighlightsKey,
    state: {
      init: () => DecorationSet.empty,
      apply: (tr, set) => {
        const marks = tr.getMeta(awayHighlightsKey) as AwayMarks | undefined;
        if (marks) return build(tr.doc, marks);
        return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
      },
    },
    props: { decorations: (state) => awayHighlightsKey.getState(state) },
  });
}

function build(doc: Node, marks: AwayMarks): DecorationSet {
  if (marks.unseen.size === 0 && marks.concurrent.size === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.forEach((node, pos) => {
    if (node.type.name !== 'clause') return;
    const id = node.attrs.id as string;
    const concurrent = marks.concurrent.has(id);
    const seen = marks.unseen.get(id);
    if (!concurrent && seen === undefined) return;
    const classes = [concurrent ? 'clause-concurrent' : '', seen !== undefined ? 'clause-unseen' : ''].filter(Boolean).join(' ');
    // The clause's own mark that it needs a look is drawn by the stylesheet from data-away (a label
    // on its border), so the text itself holds nothing extra; the list above the text says what to
    // choose.
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, {
        class: classes,
        'data-away': concurrent ? 'concurrent' : 'unseen',
        title: concurrent ? 'Samtidige ændringer: begge sider ændrede klausulen, mens I var hver for sig' : 'Ændret siden du sidst så klausulen',
      }),
    );
    if (seen !== undefined) decorations.push(...insertedWords(node, pos, seen));
  });
  return DecorationSet.create(doc, decorations);
}

interface Token {
  text: string;
  from: number;
  to: number;
}

/**
 * Inline decorations over the words of `clause` that are not in `seen`: the clause's words (one
 * line per text block, as readableClauseText writes them) are diffed word by word against the seen
 * text, and each inserted word is found again by its order among the clause's words.
 */
function insertedWords(clause: Node, clausePos: number, seen: string): Decoration[] {
  const lines: Token[][] = [];
  clause.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const tokens: Token[] = [];
    const start = clausePos + 1 + pos + 1;
    node.forEach((child, offset) => {
      if (!child.isText) return;
      const re = /\S+/g;
      for (let m = re.exec(child.text!); m; m = re.exec(child.text!)) {
        const from = start + offset + m.index;
        const last = tokens[tokens.length - 1];
        // A word split across text nodes (a mark inside it) is one word.
        if (last && last.to === from) {
          last.text += m[0];
          last.to = from + m[0].length;
        } else tokens.push({ text: m[0], from, to: from + m[0].length });
      }
    });
    if (tokens.length > 0) lines.push(tokens);
    return false;
  });
  const current = lines.map((line) => line.map((t) => t.text).join(' ')).join('\n');
  const flat = lines.flatMap((line, i) => (i === 0 ? line : [null, ...line]));
  const out: Decoration[] = [];
  let at = 0;
  for (const op of wordDiff(seen, current)) {
    if (op.kind === 'del') continue;
    const count = op.text.split(/(\n)| +/).filter((w) => w !== undefined && w !== '').length;
    for (let k = 0; k < count && at < flat.length; k++, at++) {
      const token = flat[at];
      if (op.kind === 'ins' && token) out.push(Decoration.inline(token.from, token.to, { class: 'away-inserted', title: 'Ændret siden du sidst så klausulen' }));
    }
  }
  return out;
}
