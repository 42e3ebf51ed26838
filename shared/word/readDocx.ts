// Reads a .docx (bytes of an untrusted file) into the plain model of docxModel.ts. Pure and
// synchronous: it runs on the Word worker thread (electron/word/worker.ts), never on a thread a
// window waits for. Everything beyond the bounds of limits.ts, and anything that is not a whole
// Word document, throws DocxReadError with a Danish reason.
import type { Block, DocxModel, Inline, Marker, Marks, NotMapped, Paragraph, Table, TableCell, TrackedChange, WordComment } from './docxModel.ts';
import { countNotMapped } from './docxModel.ts';
import { MAX_BLOCKS, MAX_CUSTOM_PROPERTIES } from './limits.ts';
import { DocxReadError } from './readError.ts';
import { readNumbering, readStyles, type Numbering, type Styles } from './styles.ts';
import { isOn, kid, kids, parseXml, textOf, type XNode } from './xml.ts';
import { ZipReader } from './zip.ts';

const DOCUMENT = 'word/document.xml';

export function readDocx(bytes: Uint8Array): DocxModel {
  const zip = new ZipReader(bytes);
  if (!zip.has(DOCUMENT)) throw new DocxReadError('filen er et zip-arkiv, men ikke et Word-dokument (word/document.xml mangler).');
  const part = (name: string): XNode | null => {
    const text = zip.text(name);
    return text === null ? null : parseXml(text, name);
  };
  const doc = part(DOCUMENT)!;
  const body = kid(doc, 'w:body');
  if (doc.n !== 'w:document' || !body) throw new DocxReadError('dokumentet har ingen brødtekst (w:body mangler).');
  const notMapped: NotMapped[] = [];
  const reader = new BodyReader({
    styles: readStyles(part('word/styles.xml')),
    numbering: readNumbering(part('word/numbering.xml')),
    links: relationships(part('word/_rels/document.xml.rels')),
    notes: {
      footnote: noteTexts(part('word/footnotes.xml'), 'w:footnote'),
      endnote: noteTexts(part('word/endnotes.xml'), 'w:endnote'),
    },
    notMapped,
  });
  const blocks = reader.blocks(body, null, 0);
  return { body: blocks, comments: readComments(part('word/comments.xml'), part('word/commentsExtended.xml')), notMapped, title: coreTitle(part('docProps/core.xml')), customProperties: customProperties(part('docProps/custom.xml')) };
}

interface Context {
  styles: Styles;
  numbering: Numbering;
  links: Map<string, string>;
  notes: { footnote: Map<string, string>; endnote: Map<string, string> };
  notMapped: NotMapped[];
}

const plain: Marks = { bold: false, italic: false, underline: false, strike: false };

class BodyReader {
  private count = 0;
  constructor(private readonly ctx: Context) {}

  /** The blocks of a container (w:body, w:tc, w:sdtContent, …); `change` is an enclosing w:ins/w:del. */
  blocks(container: XNode, change: TrackedChange | null, tableDepth: number): Block[] {
    const out: Block[] = [];
    for (const node of container.c) this.block(node, change, tableDepth, out);
    return out;
  }

  private block(node: XNode, change: TrackedChange | null, tableDepth: number, out: Block[]): void {
    // Properties (w:tcPr, w:tblPr, w:sectPr…) are layout, not content.
    if (node.n.endsWith('Pr')) return;
    if (++this.count > MAX_BLOCKS) throw new DocxReadError(`dokumentet har flere end ${MAX_BLOCKS} afsnit og celler.`);
    switch (node.n) {
      case 'w:p':
        out.push(this.paragraph(node, change));
        return;
      case 'w:tbl':
        if (tableDepth > 0) countNotMapped(this.ctx.notMapped, 'nestedTable', textOf(node));
        out.push(this.table(node, tableDepth + 1));
        return;
      case 'w:sdt':
        for (const c of kids(node, 'w:sdtContent')) for (const n of c.c) this.block(n, change, tableDepth, out);
        return;
      case 'w:customXml':
      case 'w:smartTag':
        for (const n of node.c) this.block(n, change, tableDepth, out);
        return;
      case 'w:ins':
      case 'w:del':
      case 'w:moveTo':
      case 'w:moveFrom':
        for (const n of node.c) this.block(n, trackedChange(node), tableDepth, out);
        return;
      case 'w:bookmarkStart':
      case 'w:bookmarkEnd':
      case 'w:commentRangeStart':
      case 'w:commentRangeEnd': {
        const marker = markerOf(node);
        if (marker) out.push({ kind: 'marker', marker });
        return;
      }
      case 'w:sectPr':
      case '#text':
      case 'w:proofErr':
      case 'w:permStart':
      case 'w:permEnd':
        return;
      default:
        if (node.n.startsWith('m:')) countNotMapped(this.ctx.notMapped, 'math', textOf(node));
        else countNotMapped(this.ctx.notMapped, 'other', `${node.n}: ${textOf(node)}`);
    }
  }

  private paragraph(p: XNode, change: TrackedChange | null): Paragraph {
    const pPr = kid(p, 'w:pPr');
    const styleId = kid(pPr, 'w:pStyle')?.a['w:val'] ?? null;
    const outline = kid(pPr, 'w:outlineLvl')?.a['w:val'];
    const direct = outline !== undefined && /^\d$/.test(outline) ? (Number(outline) < 9 ? Number(outline) + 1 : null) : undefined;
    const headingLevel = direct !== undefined ? direct : this.ctx.styles.headingLevel(styleId);
    const numPr = kid(pPr, 'w:numPr');
    const num = numPr && kid(numPr, 'w:numId') ? { numId: kid(numPr, 'w:numId')!.a['w:val'], ilvl: Number(kid(numPr, 'w:ilvl')?.a['w:val'] ?? 0) || 0 } : this.ctx.styles.numbering(styleId);
    const level = num && headingLevel === null ? this.ctx.numbering.level(num.numId, num.ilvl) : null;
    const inlines: Inline[] = [];
    for (const c of p.c) this.inline(c, change, null, inlines);
    return {
      kind: 'paragraph',
      styleId,
      headingLevel,
      title: this.ctx.styles.isTitle(styleId),
      list: num && level ? { numId: num.numId, level: Math.min(8, num.ilvl), ...level } : null,
      inlines,
      paraId: p.a['w14:paraId'] ?? null,
    };
  }

  private inline(node: XNode, change: TrackedChange | null, href: string | null, out: Inline[]): void {
    switch (node.n) {
      case 'w:r':
        this.run(node, change, href, out);
        return;
      case 'w:hyperlink': {
        const target = node.a['r:id'] ? this.ctx.links.get(node.a['r:id']) ?? null : node.a['w:anchor'] ? null : null;
        for (const c of node.c) this.inline(c, change, target ?? href, out);
        return;
      }
      case 'w:ins':
      case 'w:del':
      case 'w:moveTo':
      case 'w:moveFrom':
        for (const c of node.c) this.inline(c, trackedChange(node), href, out);
        return;
      case 'w:fldSimple':
        countNotMapped(this.ctx.notMapped, fieldKind(node.a['w:instr']), node.a['w:instr']);
        for (const c of node.c) this.inline(c, change, href, out);
        return;
      case 'w:smartTag':
      case 'w:customXml':
      case 'w:sdt':
      case 'w:sdtContent':
        for (const c of node.c) this.inline(c, change, href, out);
        return;
      case 'w:bookmarkStart':
      case 'w:bookmarkEnd':
      case 'w:commentRangeStart':
      case 'w:commentRangeEnd': {
        const marker = markerOf(node);
        if (marker) out.push(marker);
        return;
      }
      case 'm:oMath':
      case 'm:oMathPara':
        countNotMapped(this.ctx.notMapped, 'math', textOf(node));
        return;
      case 'w:pPr':
      case '#text':
      case 'w:proofErr':
      case 'w:permStart':
      case 'w:permEnd':
        return;
      default:
        countNotMapped(this.ctx.notMapped, 'other', `${node.n}: ${textOf(node)}`);
    }
  }

  private run(r: XNode, change: TrackedChange | null, href: string | null, out: Inline[]): void {
    const rPr = kid(r, 'w:rPr');
    const marks: Marks = rPr
      ? {
          bold: isOn(kid(rPr, 'w:b')),
          italic: isOn(kid(rPr, 'w:i')),
          underline: isOn(kid(rPr, 'w:u')),
          strike: isOn(kid(rPr, 'w:strike')) || isOn(kid(rPr, 'w:dstrike')),
        }
      : plain;
    const color = kid(rPr, 'w:color')?.a['w:val'];
    const runText = () => kids(r, 'w:t').map(textOf).join('');
    if (color && !/^(auto|000000)$/i.test(color)) countNotMapped(this.ctx.notMapped, 'colour', runText());
    if (kid(rPr, 'w:highlight') || (kid(rPr, 'w:shd') && !/^(auto|clear)?$/i.test(kid(rPr, 'w:shd')!.a['w:fill'] ?? ''))) {
      countNotMapped(this.ctx.notMapped, 'highlight', runText());
    }
    const text = (t: string) => {
      if (!t) return;
      const last = out[out.length - 1];
      if (last?.t === 'text' && last.href === href && last.change === change && sameMarks(last.marks, marks)) last.text += t;
      else out.push({ t: 'text', text: t, marks, href, change });
    };
    for (const c of r.c) {
      switch (c.n) {
        case 'w:t':
        case 'w:delText':
          text(textOf(c));
          break;
        case 'w:tab':
        case 'w:ptab':
          text('\t');
          break;
        case 'w:noBreakHyphen':
          text('\u2011');
          break;
        case 'w:softHyphen':
          break;
        case 'w:sym':
          text(c.a['w:char'] ? String.fromCodePoint(parseInt(c.a['w:char'], 16) || 0x20) : '');
          break;
        case 'w:br':
        case 'w:cr':
          if (c.a['w:type'] === 'page' || c.a['w:type'] === 'column') break;
          out.push({ t: 'break', change });
          break;
        case 'w:footnoteReference':
        case 'w:endnoteReference': {
          const kind = c.n === 'w:footnoteReference' ? 'footnote' : 'endnote';
          const noteText = this.ctx.notes[kind].get(c.a['w:id']) ?? '';
          countNotMapped(this.ctx.notMapped, kind, noteText);
          out.push({ t: 'note', kind, id: c.a['w:id'], text: noteText });
          break;
        }
        case 'w:drawing':
        case 'w:pict':
        case 'mc:AlternateContent':
          this.drawing(c, out);
          break;
        case 'w:object':
          countNotMapped(this.ctx.notMapped, 'object');
          break;
        case 'w:commentReference':
          out.push({ t: 'commentRef', id: c.a['w:id'] });
          break;
        case 'w:fldChar':
        case 'w:instrText':
          if (c.n === 'w:instrText') countNotMapped(this.ctx.notMapped, fieldKind(textOf(c)), textOf(c));
          break;
        case 'w:rPr':
        case 'w:lastRenderedPageBreak':
        case '#text':
        case 'w:footnoteRef':
        case 'w:endnoteRef':
        case 'w:separator':
        case 'w:continuationSeparator':
        case 'w:annotationRef':
          break;
        default:
          countNotMapped(this.ctx.notMapped, 'other', c.n);
      }
    }
  }

  /** A drawing: a text box (wps:txbx / v:textbox) or a picture. Text boxes are looked for first:
   *  their text is kept in the model and the summary. mc:AlternateContent holds the same drawing
   *  twice (DrawingML and VML); only its first choice is read. */
  private drawing(node: XNode, out: Inline[]): void {
    const first = node.n === 'mc:AlternateContent' ? (kid(node, 'mc:Choice') ?? kid(node, 'mc:Fallback')) : node;
    if (!first) return;
    const boxes = findAll(first, (n) => n.n === 'w:txbxContent');
    if (boxes.length > 0) {
      for (const b of boxes) {
        const text = kids(b, 'w:p').map(textOf).join('\n');
        countNotMapped(this.ctx.notMapped, 'textbox', text);
        out.push({ t: 'textbox', text });
      }
      return;
    }
    const description = findAll(first, (n) => n.n === 'wp:docPr' || n.n === 'pic:cNvPr')[0]?.a.descr ?? '';
    countNotMapped(this.ctx.notMapped, 'image', description || undefined);
    out.push({ t: 'image', description });
  }

  private table(tbl: XNode, depth: number): Table {
    const rows: TableCell[][] = [];
    for (const tr of kids(tbl, 'w:tr')) {
      const cells: TableCell[] = [];
      for (const tc of kids(tr, 'w:tc')) {
        const tcPr = kid(tc, 'w:tcPr');
        const span = Number(kid(tcPr, 'w:gridSpan')?.a['w:val'] ?? 1);
        const vMerge = kid(tcPr, 'w:vMerge');
        const mergedAbove = !!vMerge && vMerge.a['w:val'] !== 'restart';
        if (mergedAbove) countNotMapped(this.ctx.notMapped, 'mergedCells');
        cells.push({ blocks: this.blocks(tc, null, depth), colspan: Number.isInteger(span) && span > 0 && span < 64 ? span : 1, mergedAbove });
      }
      if (cells.length > 0) rows.push(cells);
    }
    return { kind: 'table', rows };
  }
}

function findAll(node: XNode, test: (n: XNode) => boolean, out: XNode[] = []): XNode[] {
  if (test(node)) out.push(node);
  else for (const c of node.c) findAll(c, test, out);
  return out;
}

function sameMarks(a: Marks, b: Marks): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike;
}

function trackedChange(node: XNode): TrackedChange {
  return {
    type: node.n === 'w:ins' || node.n === 'w:moveTo' ? 'ins' : 'del',
    id: node.a['w:id'] ?? '',
    author: node.a['w:author'] ?? 'Ukendt',
    date: node.a['w:date'] ?? null,
  };
}

function markerOf(node: XNode): Marker | null {
  const id = node.a['w:id'] ?? '';
  switch (node.n) {
    case 'w:bookmarkStart':
      return { t: 'bookmarkStart', id, name: node.a['w:name'] ?? '' };
    case 'w:bookmarkEnd':
      return { t: 'bookmarkEnd', id };
    case 'w:commentRangeStart':
      return { t: 'commentStart', id };
    case 'w:commentRangeEnd':
      return { t: 'commentEnd', id };
    default:
      return null;
  }
}

/** External hyperlink targets by relationship id. */
function relationships(root: XNode | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of root ? kids(root, 'Relationship') : []) {
    if (r.a.Type?.endsWith('/hyperlink') && r.a.Id && r.a.Target) out.set(r.a.Id, r.a.Target);
  }
  return out;
}

/** Footnote or endnote text by id (the separator notes, ids -1/0 or w:type set, left out). */
function noteTexts(root: XNode | null, element: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of root ? kids(root, element) : []) {
    if (n.a['w:type'] && n.a['w:type'] !== 'normal') continue;
    out.set(n.a['w:id'], kids(n, 'w:p').map(textOf).join('\n').trim());
  }
  return out;
}

function readComments(root: XNode | null, extended: XNode | null): WordComment[] {
  if (!root) return [];
  // commentsExtended links a comment (by the paraId of its last paragraph) to the one it answers.
  const parents = new Map<string, { parent: string | null; done: boolean }>();
  for (const e of extended ? kids(extended, 'w15:commentEx') : []) {
    parents.set(e.a['w15:paraId'], { parent: e.a['w15:paraIdParent'] ?? null, done: e.a['w15:done'] === '1' });
  }
  const byPara = new Map<string, string>();
  const comments = kids(root, 'w:comment').map((c) => {
    const paragraphs = kids(c, 'w:p');
    const lastPara = paragraphs[paragraphs.length - 1]?.a['w14:paraId'] ?? null;
    if (lastPara) byPara.set(lastPara, c.a['w:id']);
    return { node: c, lastPara, paragraphs: paragraphs.map((p) => textOf(p).trim()).filter((t) => t.length > 0) };
  });
  return comments.map(({ node, lastPara, paragraphs }) => {
    const ext = lastPara ? parents.get(lastPara) : undefined;
    return {
      id: node.a['w:id'],
      author: node.a['w:author'] ?? 'Ukendt',
      initials: node.a['w:initials'] ?? '',
      date: node.a['w:date'] ?? null,
      paragraphs,
      parentId: ext?.parent ? byPara.get(ext.parent) ?? null : null,
      done: ext?.done ?? false,
    };
  });
}

function coreTitle(root: XNode | null): string | null {
  const title = root ? kid(root, 'dc:title') : undefined;
  const text = title ? textOf(title).trim() : '';
  return text || null;
}

/** The custom properties with a text value (vt:lpwstr or vt:lpstr), the first MAX_CUSTOM_PROPERTIES. */
function customProperties(root: XNode | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!root) return out;
  for (const property of kids(root, 'property')) {
    if (out.size >= MAX_CUSTOM_PROPERTIES) break;
    const name = property.a.name;
    const value = kid(property, 'vt:lpwstr') ?? kid(property, 'vt:lpstr');
    if (name && value && !out.has(name)) out.set(name, textOf(value).slice(0, 200));
  }
  return out;
}

/** A field's kind by its instruction: page numbers and page references (a contents list's, a
 *  footer's) apart from the others, so that the import can leave out an Enighed export's own. */
function fieldKind(instruction: string | undefined): 'field' | 'pageField' {
  return /^\s*(PAGEREF|PAGE|NUMPAGES|SECTIONPAGES)\b/i.test(instruction ?? '') ? 'pageField' : 'field';
}
