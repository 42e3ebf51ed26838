// The ProseMirror schema of a section. Shared: the renderer edits with it, the Node side seeds
// templates and (later) exports with it, and both must agree on every node name and attribute.
import { Schema, type NodeSpec, type MarkSpec, type DOMOutputSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';
import { addSuggestionMarks } from '@handlewithcare/prosemirror-suggest-changes';
import { Side } from '../domain/agreement.ts';
import { SECTION_KEYS } from '../documents/keys.ts';

/** Fields of a sub-goal (delmål), in document order, with the Danish label shown before each and
 *  the placeholder an empty field shows (the editor's CSS draws both from the data attributes). */
export const subgoalFields = [
  { node: 'subgoal_title', label: 'Delmål', placeholder: 'Skriv delmålet …' },
  { node: 'subgoal_indicator', label: 'Indikator', placeholder: 'Hvad følges der på?' },
  { node: 'subgoal_measurement', label: 'Sådan måles', placeholder: 'Datakilde og metode' },
  { node: 'subgoal_baseline', label: 'Baseline', placeholder: 'Niveau i dag (år)' },
  { node: 'subgoal_target', label: 'Mål', placeholder: 'Niveau ved aftalens udløb' },
] as const;

function subgoalFieldSpec(name: string, label: string, placeholder: string): NodeSpec {
  return {
    content: 'inline*',
    marks: '_',
    defining: true,
    parseDOM: [{ tag: `div[data-subgoal-field="${name}"]` }],
    toDOM: (): DOMOutputSpec => [
      'div',
      { 'data-subgoal-field': name, 'data-label': label, 'data-placeholder': placeholder, class: 'subgoal-field' },
      0,
    ],
  };
}

function headingLevel(value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 6) throw new RangeError('A heading level is an integer from 1 to 6');
}

const blockContainers = '(paragraph | bullet_list | ordered_list | table | subgoal)';

/**
 * Suggestion marks (track changes, shared/editor/suggestions.ts) allowed on the children of block
 * containers. The library marks a wholly inserted or deleted block with a node mark for a moment;
 * y-prosemirror 1.x cannot store node marks (yjs/y-prosemirror#47), so suggestions.ts turns them into
 * inline marks in the same transaction. Containers must still allow them, or the step would fail.
 */
const blockSuggestionMarks = 'insertion deletion modification';

function allowBlockSuggestions(specs: Record<string, NodeSpec>): Record<string, NodeSpec> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { ...spec, marks: blockSuggestionMarks }]));
}

const nodes: Record<string, NodeSpec> = {
  doc: { content: '(block | clause)+', marks: blockSuggestionMarks },

  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0],
  },

  heading: {
    // The level becomes the tag name (h1…h6), so only those six are valid.
    attrs: { level: { default: 2, validate: headingLevel } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [1, 2, 3].map((level) => ({ tag: `h${level}`, attrs: { level } })),
    toDOM: (node) => [`h${node.attrs.level}`, 0],
  },

  /** A negotiable unit (klausul). Its id is stable across edits, splits and undo (see clauseIds.ts);
   *  positions, comments and the decision log will be keyed by it. */
  clause: {
    attrs: { id: { default: null } },
    content: `${blockContainers}+`,
    marks: blockSuggestionMarks,
    defining: true,
    isolating: false,
    parseDOM: [
      {
        tag: 'section[data-clause-id]',
        getAttrs: (dom) => ({ id: (dom as HTMLElement).getAttribute('data-clause-id') }),
      },
    ],
    toDOM: (node) => ['section', { 'data-clause-id': node.attrs.id, class: 'clause' }, 0],
  },

  /** A sub-goal (delmål) with indicator, measurement, baseline and target (seed 001 §10.1). */
  subgoal: {
    content: subgoalFields.map((f) => f.node).join(' '),
    marks: blockSuggestionMarks,
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'div.subgoal' }],
    toDOM: () => ['div', { class: 'subgoal' }, 0],
  },

  bullet_list: {
    content: 'list_item+',
    marks: blockSuggestionMarks,
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },

  ordered_list: {
    attrs: { order: { default: 1, validate: 'number' } },
    content: 'list_item+',
    marks: blockSuggestionMarks,
    group: 'block',
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => {
          const start = (dom as HTMLElement).getAttribute('start');
          return { order: start ? Number(start) : 1 };
        },
      },
    ],
    toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order }, 0]),
  },

  list_item: {
    content: 'paragraph (paragraph | bullet_list | ordered_list)*',
    marks: blockSuggestionMarks,
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },

  ...allowBlockSuggestions(tableNodes({ tableGroup: 'block', cellContent: 'paragraph+', cellAttributes: {} })),

  text: { group: 'inline' },

  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
};

for (const field of subgoalFields) nodes[field.node] = subgoalFieldSpec(field.node, field.label, field.placeholder);

const marks: Record<string, MarkSpec> = {
  strong: {
    // Google Docs and LibreOffice write bold as a weight (font-weight:700); Google Docs wraps a
    // whole paste in <b style="font-weight:normal">, which is not bold.
    parseDOM: [
      { tag: 'strong' },
      { tag: 'b', getAttrs: (dom) => (/font-weight:\s*(normal|[1-4]00)\b/.test((dom as HTMLElement).getAttribute('style') ?? '') ? false : null) },
      { style: 'font-weight', getAttrs: (value) => (/^(bold|bolder|[6-9]00)$/.test(value.trim()) ? null : false) },
    ],
    toDOM: () => ['strong', 0],
  },
  em: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0],
  },
  // Underline and strike-through: Word documents use both for meaning (underlined defined terms,
  // struck-through text from earlier versions of an agreement), so paste from Word, LibreOffice and
  // Google Docs (shared/editor/paste/) and the coming Word import keep them instead of dropping
  // them silently. Mod-u and Mod-Shift-x toggle them, as in Word and Google Docs.
  underline: {
    parseDOM: [
      { tag: 'u' },
      { style: 'text-decoration', getAttrs: (value) => (/\bunderline\b/.test(value) ? null : false) },
      { style: 'text-decoration-line', getAttrs: (value) => (/\bunderline\b/.test(value) ? null : false) },
    ],
    toDOM: () => ['u', 0],
  },
  strike: {
    parseDOM: [
      { tag: 's' },
      { tag: 'strike' },
      { style: 'text-decoration', getAttrs: (value) => (/\bline-through\b/.test(value) ? null : false) },
      { style: 'text-decoration-line', getAttrs: (value) => (/\bline-through\b/.test(value) ? null : false) },
    ],
    toDOM: () => ['s', 0],
  },
  link: {
    attrs: { href: { validate: 'string' }, title: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => ({
          href: (dom as HTMLElement).getAttribute('href'),
          title: (dom as HTMLElement).getAttribute('title'),
        }),
      },
    ],
    toDOM: (mark) => ['a', { href: mark.attrs.href, title: mark.attrs.title, rel: 'noopener noreferrer' }, 0],
  },
};

/**
 * The side encoded in a suggestion id ("kommune-…", see newSuggestionId in
 * shared/editor/suggestions.ts), or null for ids without one. The id carries the
 * side so that the text can be coloured by side without a look-up; who made the suggestion and when
 * is kept beside the text (shared/negotiation/suggestionsDoc.ts).
 */
export function suggestionIdSide(id: unknown): Side | null {
  if (typeof id !== 'string') return null;
  return Side.options.find((side) => id.startsWith(`${side}-`)) ?? null;
}

/**
 * The suggestion marks of @handlewithcare/prosemirror-suggest-changes with a class naming the side.
 * Pasted <ins>/<del> are not parsed back into suggestions: a copy would carry another person's id.
 * (Modification marks are never stored, see blockSuggestionMarks; they are not parsed either.)
 */
function withSideClass(spec: MarkSpec, tag: 'ins' | 'del'): MarkSpec {
  return {
    ...spec,
    parseDOM: [],
    toDOM: (mark, inline) => {
      const side = suggestionIdSide(mark.attrs.id);
      return [
        tag,
        {
          'data-id': JSON.stringify(mark.attrs.id),
          'data-inline': String(inline),
          class: `suggestion suggestion-${tag}${side ? ` side-${side}` : ''}`,
          ...(inline ? {} : { style: 'display: block' }),
        },
        0,
      ];
    },
  };
}

const allMarks = addSuggestionMarks(marks);
allMarks.insertion = withSideClass(allMarks.insertion, 'ins');
allMarks.deletion = withSideClass(allMarks.deletion, 'del');
allMarks.modification = { ...allMarks.modification, parseDOM: [] };

export const schema = new Schema({ nodes, marks: allMarks });

/** Name of the Y.XmlFragment holding a section's text inside its Y.Doc (from keys.ts, where every
 *  top-level name of a section document is written). */
export const SECTION_FRAGMENT = SECTION_KEYS.text;
