// The printable model as a Word document (.docx, docx 9): title, a table of contents written out
// (its entries are there on opening; Word can refresh the page numbers), parts as Overskrift 1,
// sections as Overskrift 2, header with the agreement's title and version, footer "Side X af Y",
// Danish language, document properties (title, author = the organisation).
import {
  AlignmentType,
  BookmarkEnd,
  BookmarkStart,
  Document,
  Footer,
  Header,
  HeadingLevel,
  InternalHyperlink,
  Packer,
  PageNumber,
  PageReference,
  Paragraph,
  TabStopType,
  TextRun,
  type FileChild,
  type ParagraphChild,
} from 'docx';
import { exportKindLabel, exportDate, type ExportKind } from '../../../shared/print/kinds.ts';
import { DRAFT_NOTICE, damagedSectionLine, themeGroupLine } from '../../../shared/print/exportLines.ts';
import type { PrintModel } from '../../../shared/print/model.ts';
import { sectionsOf } from '../../../shared/print/walk.ts';
import { build, draftsOf, type DocxContext } from './blocks.ts';
import { DocxComments } from './comments.ts';
import { addCommentReplies } from './replies.ts';
import { disputesReport } from './report.ts';
import { readingGuide } from './guide.ts';
import { LANGUAGE, numbering, PAGE, styles, TEXT_WIDTH } from './styles.ts';
import { installOnePassNumbering } from './onePassNumbering.ts';
import { SECTION_WORD_LEVEL } from '../../../shared/word/headingLevels.ts';
import { EXPORT_PROPERTY } from '../../../shared/print/bookmarks.ts';

installOnePassNumbering();

export interface DocxOptions {
  kind: ExportKind;
  /** A final version exported with unagreed clauses: each is marked, and the header says UDKAST. */
  markUnagreed: boolean;
  now: Date;
}

/** "Høringsversion 2010-06-01" (+ " – UDKAST"): the version name in the header. */
export function versionName(options: DocxOptions): string {
  return `${exportKindLabel[options.kind]} ${exportDate(options.now)}${options.markUnagreed ? ' – UDKAST' : ''}`;
}

function text(value: string, extra: { bold?: boolean; size?: number; color?: string } = {}): TextRun {
  return new TextRun({ text: value, language: LANGUAGE, ...extra });
}

function tocEntries(model: PrintModel): Paragraph[] {
  const out: Paragraph[] = [new Paragraph({ children: [text('Indhold', { bold: true, size: 28 })], spacing: { after: 160 } })];
  const tabStops = [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: 'dot' as const }];
  model.parts.forEach((part, p) => {
    out.push(new Paragraph({ style: 'TOC1', tabStops, children: [new InternalHyperlink({ anchor: partAnchor(p), children: [text(part.label)] }), text('\t'), new PageReference(partAnchor(p))] }));
    for (const group of part.groups) {
      for (const section of group.sections) {
        out.push(new Paragraph({ style: 'TOC2', tabStops, children: [new InternalHyperlink({ anchor: sectionAnchorOf(model, section.id), children: [text(`${section.number}. ${section.title}`)] }), text('\t'), new PageReference(sectionAnchorOf(model, section.id))] }));
      }
    }
  });
  return out;
}

function partAnchor(index: number): string {
  return `del_${index + 1}`;
}

/** Bookmark names of the sections' headings, by section id (Word keeps names of ≤ 40 characters,
 *  so the number of appearance, not the id). */
const anchors = new WeakMap<PrintModel, Map<string, string>>();
function sectionAnchorOf(model: PrintModel, sectionId: string): string {
  let map = anchors.get(model);
  if (!map) {
    map = new Map(sectionsOf(model).map((s, i) => [s.id, `afsnit_${i + 1}`]));
    anchors.set(model, map);
  }
  return map.get(sectionId) ?? 'afsnit_0';
}

/** `runs` inside a bookmark; docx's own Bookmark numbers every bookmark 1 (ids must be unique). */
function bookmarked(name: string, runs: ParagraphChild[], context: DocxContext): ParagraphChild[] {
  const link = context.ids.bookmark++;
  return [new BookmarkStart(name, link) as unknown as ParagraphChild, ...runs, new BookmarkEnd(link) as unknown as ParagraphChild];
}

function bodyOf(model: PrintModel, context: DocxContext): FileChild[] {
  const out: FileChild[] = [];
  model.parts.forEach((part, p) => {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: bookmarked(partAnchor(p), [text(part.label)], context) }));
    for (const group of part.groups) {
      for (const section of group.sections) {
        out.push(new Paragraph({ style: `Heading${SECTION_WORD_LEVEL}`, children: bookmarked(sectionAnchorOf(model, section.id), [text(`${section.number}. ${section.title}`)], context) }));
        if (group.name) out.push(new Paragraph({ children: [text(themeGroupLine(group.name), { color: '595959' })] }));
        if (section.damaged) {
          out.push(new Paragraph({ children: [text(damagedSectionLine(section.damaged), { bold: true, color: 'C00000' })] }));
          continue;
        }
        out.push(...build(draftsOf(section.blocks, context, TEXT_WIDTH, 0, false)));
      }
    }
  });
  return out;
}

function titlePage(model: PrintModel, options: DocxOptions): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [text(model.title)] }),
    new Paragraph({ children: [text(`${exportKindLabel[options.kind]} · ${model.period.from}–${model.period.to} · ${exportDate(options.now)}`, { size: 26 })] }),
    ...(options.markUnagreed ? [new Paragraph({ children: [text(DRAFT_NOTICE, { bold: true, color: 'C00000' })] })] : []),
  ];
}

/** The reports (disputes, reading guide) are tables, not the agreement's text: no contents list. */
function hasContents(kind: ExportKind): boolean {
  return kind !== 'uenighed' && kind !== 'laesevejledning';
}

function bodyByKind(model: PrintModel, options: DocxOptions, context: DocxContext): FileChild[] {
  if (options.kind === 'uenighed') return disputesReport(model, context);
  if (options.kind === 'laesevejledning') {
    if (!model.guide) throw new Error('Læsevejledningen kræver bekendtgørelsens krav i modellen.');
    return readingGuide(model.guide);
  }
  return bodyOf(model, context);
}

/** The .docx bytes of `model`. */
export async function renderDocx(model: PrintModel, options: DocxOptions): Promise<Uint8Array> {
  const comments = options.kind === 'forhandling' ? new DocxComments() : null;
  const context: DocxContext = { tracked: options.kind === 'forhandling', markUnagreed: options.markUnagreed, comments, ids: { revision: 1, bookmark: 1_000_000, listInstance: 1 } };
  const body = bodyByKind(model, options, context);
  const header = `${model.title} – ${versionName(options)}`;
  const doc = new Document({
    title: `${model.title} – ${exportKindLabel[options.kind]}`,
    creator: model.organisation,
    lastModifiedBy: model.organisation,
    description: `${exportKindLabel[options.kind]} fra Enighed, ${exportDate(options.now)}`,
    customProperties: [{ name: EXPORT_PROPERTY, value: options.kind }],
    styles,
    numbering,
    comments: comments ? { children: comments.comments } : undefined,
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [text(header, { size: 18, color: options.markUnagreed ? 'C00000' : '595959', bold: options.markUnagreed || undefined })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Side ', PageNumber.CURRENT, ' af ', PageNumber.TOTAL_PAGES], size: 18, language: LANGUAGE })] })],
          }),
        },
        children: [...titlePage(model, options), ...(hasContents(options.kind) ? tocEntries(model) : []), ...body],
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  return comments && comments.parents.size > 0 ? addCommentReplies(bytes, comments.parents) : bytes;
}
