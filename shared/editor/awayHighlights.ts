// Highlights for "Nyt siden sidst" and "Samtidige ændringer" in the section editor: a clause others
// changed since this person last saw it is marked, and within it the runs of words inserted since; a
// clause both sides changed while apart is marked as needing a look. Kept cheap for the keystroke
// path: the marks are computed only when the set of marked clauses changes (setAwayHighlights) and
// otherwise only mapped through each transaction.
//
// A clause's own mark (a class, data-away and a title on its element) is drawn by the clause node
// view when the editor has one (clauseView.ts reads awayMarkOf), and by a node decoration otherwise:
// prosemirror-view compares every top-level block's node decorations on each change, so one per
// marked clause made every keystroke in a long section slower. Inserted words are inline
// decorations, one per run of consecutive inserted words in a line rather than one per word (the
// editor bench's section had 1,554 word decorations, now 51 runs).
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

/** How a marked clause's element is marked. */
export interface AwayMark {
  /** 'clause-unseen', 'clause-concurrent' or both, space-separated. */
  classes: string;
  /** data-away: what the stylesheet labels the clause with. */
  away: 'concurrent' | 'unseen';
  title: string;
}

interface AwayState {
  /** Clause id → its mark; a new map whenever the marks are set. */
  marks: ReadonlyMap<string, AwayMark>;
  decorations: DecorationSet;
}

export interface AwayHighlightsOptions {
  /** The clauses are drawn by a node view that shows their marks (clauseView.ts): no node
   *  decorations for them. */
  clauseNodeView?: boolean;
}

const NONE: AwayState = { marks: new Map(), decorations: DecorationSet.empty };

export const awayHighlightsKey = new PluginKey<AwayState>('awayHighlights');

/** A transaction that shows `marks` (replacing what was shown). */
export function setAwayHighlights(state: EditorState, marks: AwayMarks): Transaction {
  return state.tr.setMeta(awayHighlightsKey, marks).setMeta('addToHistory', false);
}

/** The clauses marked in `state` (empty without the plugin), by id: a new map whenever they change. */
export function awayMarks(state: EditorState): ReadonlyMap<string, AwayMark> {
  return awayHighlightsKey.getState(state)?.marks ?? NONE.marks;
}

/** The decorations the plugin shows (the inserted words, and the clause marks when there is no node
 *  view for clauses). */
export function awayDecorations(state: EditorState): DecorationSet {
  return awayHighlightsKey.getState(state)?.decorations ?? DecorationSet.empty;
}

export function awayHighlightsPlugin(options: AwayHighlightsOptions = {}): Plugin<AwayState> {
  return new Plugin<AwayState>({
    key: awayHighlightsKey,
    state: {
      init: () => NONE,
      apply: (tr, value) => {
        const marks = tr.getMeta(awayHighlightsKey) as AwayMarks | undefined;
        if (marks) return build(tr.doc, marks, options.clauseNodeView === true);
        return tr.docChanged && value.decorations !== DecorationSet.empty ? { marks: value.marks, decorations: value.decorations.map(tr.mapping, tr.doc) } : value;
      },
    },
    props: { decorations: (state) => awayHighlightsKey.getState(state)?.decorations },
  });
}

function build(doc: Node, marks: AwayMarks, clauseNodeView: boolean): AwayState {
  if (marks.unseen.size === 0 && marks.concurrent.size === 0) return NONE;
  const decorations: Decoration[] = [];
  const byId = new Map<string, AwayMark>();
  doc.forEach((node, pos) => {
    if (node.type.name !== 'clause') return;
    const id = node.attrs.id as string;
    const concurrent = marks.concurrent.has(id);
    const seen = marks.unseen.get(id);
    if (!concurrent && seen === undefined) return;
    // The clause's own mark that it needs a look is drawn by the stylesheet from data-away (a label
    // on its border), so the text itself holds nothing extra; the list above the text says what to
    // choose.
    const mark: AwayMark = {
      classes: [concurrent ? 'clause-concurrent' : '', seen !== undefined ? 'clause-unseen' : ''].filter(Boolean).join(' '),
      away: concurrent ? 'concurrent' : 'unseen',
      title: concurrent ? 'Samtidige ændringer: begge sider ændrede klausulen, mens I var hver for sig' : 'Ændret siden du sidst så klausulen',
    };
    byId.set(id, mark);
    if (!clauseNodeView) decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: mark.classes, 'data-away': mark.away, title: mark.title }));
    if (seen !== undefined) decorations.push(...insertedWords(node, pos, seen));
  });
  return { marks: byId, decorations: DecorationSet.create(doc, decorations) };
}

interface Token {
  text: string;
  from: number;
  to: number;
}

/**
 * Inline decorations over the words of `clause` that are not in `seen`: the clause's words (one
 * line per text block, as readableClauseText writes them) are diffed word by word against the seen
 * text, and each inserted word is found again by its order among the clause's words. Consecutive
 * inserted words of a line make one decoration, spaces between them included.
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
  let run: { from: number; to: number } | null = null;
  const endRun = () => {
    if (run) out.push(Decoration.inline(run.from, run.to, { class: 'away-inserted', title: 'Ændret siden du sidst så klausulen' }));
    run = null;
  };
  let at = 0;
  for (const op of wordDiff(seen, current)) {
    if (op.kind === 'del') continue;
    const count = op.text.split(/(\n)| +/).filter((w) => w !== undefined && w !== '').length;
    for (let k = 0; k < count && at < flat.length; k++, at++) {
      const token = flat[at];
      // A line break (null) or a word kept from the seen text ends a run.
      if (op.kind !== 'ins' || !token) endRun();
      else if (run) run.to = token.to;
      else run = { from: token.from, to: token.to };
    }
  }
  endRun();
  return out;
}
