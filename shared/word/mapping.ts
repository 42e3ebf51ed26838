// How an imported Word document maps onto an agreement: which headings become sections, in which
// part and theme group (matched by name against the target's structure, editable by the user), and
// what each section holds (counted by toProsemirror.ts). Pure: the Word worker computes the plan,
// the dialog shows it, the user's choices come back as `SectionChoice`s.
import { z } from 'zod';
import { Part } from '../domain/agreement.ts';
import { partLabel, partReferenceLabel } from '../domain/labels.ts';
import { clauseIdOfBookmark, EXPORT_PROPERTY } from '../print/bookmarks.ts';
import { isExportLine, themeGroupOfLine } from '../print/exportLines.ts';
import type { Block, DocxModel, Inline, NotMapped, Paragraph, TrackedChange } from './docxModel.ts';
import { countNotMapped } from './docxModel.ts';
import { plainText, sectionContent, type ContentCounts, type SectionContent } from './toProsemirror.ts';

/** What the mapping needs to know of the target agreement (a template's or an existing one's). */
export interface TargetStructure {
  sections: { id: string; title: string; part: Part; themeGroupId: string | null }[];
  themeGroups: { id: string; name: string }[];
}

/** Where one imported section goes; the user may change part, theme group and target. */
export const SectionChoice = z
  .object({
    index: z.number().int().nonnegative().max(100_000),
    title: z.string().trim().min(1, 'Skriv afsnittets titel.').max(300, 'Højst 300 tegn.'),
    part: Part,
    themeGroupId: z.string().min(1).max(120).nullable(),
    /** An existing section of the target it fills, or null for a new section. */
    targetSectionId: z.string().min(1).max(120).nullable(),
  })
  .strict();
export type SectionChoice = z.infer<typeof SectionChoice>;

export const TrackedChangesChoice = z.enum(['accept', 'keep']);
export type TrackedChangesChoice = z.infer<typeof TrackedChangesChoice>;

export interface PlannedSection extends SectionChoice {
  /** Blocks [from, to) of the model's body below the section's heading. */
  from: number;
  to: number;
  /** How part, theme group and target were found: by name, or not (defaults). */
  matched: 'section' | 'themeGroup' | 'none';
  counts: ContentCounts;
}

export interface ImportPlan {
  /** The document's title (its Title paragraph or document properties), or null. */
  title: string | null;
  /** The heading level that starts a section (1–9). */
  sectionLevel: number;
  sections: PlannedSection[];
  /** The body index of the Title paragraph (the plan's title, not content), or null. */
  titleIndex: number | null;
  /** The file is Enighed's own export (its clauses sit in `enighed_<id>` bookmarks): clauses are
   *  read by bookmark, and the export's title page, contents, section numbers and theme-group
   *  lines are left out. */
  ownExport: boolean;
  /** Everything not mapped, the reader's and the mapping's, never empty of what was left out. */
  notMapped: NotMapped[];
  trackedChanges: { insertions: number; deletions: number; authors: string[] };
  totals: ContentCounts;
}

const partNames: [RegExp, Part][] = [
  [/politisk|administrativ/, 'politisk'],
  [/sundhedsfaglig|pixi/, 'sundhedsfaglig'],
  [/^opfølgning/, 'opfoelgning'],
  [/allonge|bilag/, 'allonge'],
];

/** A part's own names, as Enighed prints and cites them ("Opfølgning", "Politisk/administrativ del"). */
const partByLabel = new Map<string, Part>(
  (Object.keys(partLabel) as Part[]).flatMap((p) => [
    [normalize(partLabel[p]), p],
    [normalize(partReferenceLabel[p]), p],
  ]),
);

/** The part a heading at the document's top level names by one of its own names ("Opfølgning"),
 *  else as partOfHeading reads it: Enighed's export prints the parts so, as Overskrift 1. */
export function partOfTopHeading(title: string): Part | null {
  return partByLabel.get(normalize(title)) ?? partOfHeading(title);
}

/** The part a heading names ("Politisk del", "Den sundhedsfaglige del"), if it is short and does. */
export function partOfHeading(title: string): Part | null {
  const t = normalize(title);
  if (t.split(' ').length > 5) return null;
  if (!/\bdel(en)?\b|^allonge|^bilag/.test(t)) return null;
  return partNames.find(([re]) => re.test(t))?.[1] ?? null;
}

/** Lowercase, numbering ("3.2", "a)") and punctuation stripped, spaces collapsed. */
export function normalize(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:[\divxlc]+[.)]|\d+(?:\.\d+)*)\s*/, '')
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function similarity(a: string, b: string): number {
  const x = new Set(normalize(a).split(' ').filter((w) => w.length > 2));
  const y = new Set(normalize(b).split(' ').filter((w) => w.length > 2));
  if (x.size === 0 || y.size === 0) return 0;
  // Words match on a shared stem: "indlæggelse" and "indlæggelses-", "udskrivning" and "udskrivningsforløb".
  const stem = (a: string, b: string) => (a.length <= b.length ? b.startsWith(a) && a.length >= 4 : a.startsWith(b) && b.length >= 4);
  let common = 0;
  for (const w of x) if (y.has(w) || [...y].some((v) => stem(w, v))) common++;
  return common / (x.size + y.size - common);
}

const MATCH = 0.5;

/**
 * Enighed's own export: its clauses sit in `enighed_<id>` bookmarks, and the file carries the
 * export's custom property (EXPORT_PROPERTY). A file exported before the property was written counts
 * as one when at least half of its text paragraphs lie in clause bookmarks (not counted: headings,
 * the title, empty paragraphs, contents-list lines and the export's own lines, exportLines.ts). One
 * such bookmark in a document of someone's own (a clause copied from an export keeps its bookmark
 * in Word) does not make it an export, so its paragraphs still become clauses.
 */
export function isOwnExport(model: Pick<DocxModel, 'body' | 'customProperties'>): boolean {
  const { body } = model;
  const open = new Set<string>();
  const follow = (m: Inline) => {
    if (m.t === 'bookmarkStart' && clauseIdOfBookmark(m.name) !== null) open.add(m.id);
    else if (m.t === 'bookmarkEnd') open.delete(m.id);
  };
  let text = 0;
  let inClause = 0;
  for (const block of body) {
    if (block.kind === 'marker') {
      follow(block.marker);
      continue;
    }
    if (block.kind !== 'paragraph') continue;
    const starts = block.inlines.some((m) => m.t === 'bookmarkStart' && clauseIdOfBookmark(m.name) !== null);
    const inside = open.size > 0 || starts;
    block.inlines.forEach(follow);
    const line = plainText(block).trim();
    if (block.headingLevel !== null || block.title || line === '' || block.styleId?.startsWith('TOC') || isExportLine(line)) continue;
    text++;
    if (inside) inClause++;
  }
  return inClause > 0 && (model.customProperties.has(EXPORT_PROPERTY) || inClause * 2 >= text);
}


/**
 * What an own export's furniture added to what was not mapped, taken out again: its page numbers and
 * contents list's page references (the contents list itself is the export frame) and the colour of
 * its own lines. What the export never writes (a field or a colour someone added in Word) stays.
 */
function withoutExportFurniture(notMapped: NotMapped[], body: readonly Block[]): NotMapped[] {
  // The export's own lines (shared/print/exportLines.ts) are one coloured run each.
  const coloured = body.filter((b) => b.kind === 'paragraph' && b.headingLevel === null && isExportLine(plainText(b).trim())).length;
  return notMapped.flatMap((n) => {
    if (n.kind === 'pageField') return [];
    if (n.kind !== 'colour') return [n];
    const count = n.count - Math.min(n.count, coloured);
    const samples = n.samples.filter((s) => !isExportLine(s.trim()));
    return count > 0 ? [{ ...n, count, samples }] : [];
  });
}

/** The blocks of a planned section: its range of the body, the document's title paragraph left out. */
export function plannedBlocks(body: readonly Block[], plan: Pick<ImportPlan, 'titleIndex'>, section: Pick<PlannedSection, 'from' | 'to'>): Block[] {
  return body.slice(section.from, section.to).filter((_, k) => section.from + k !== plan.titleIndex);
}

/** A planned section's content as ProseMirror JSON, exactly as the plan counted it. */
export function plannedContent(
  body: readonly Block[],
  plan: Pick<ImportPlan, 'titleIndex' | 'ownExport' | 'sectionLevel'>,
  section: Pick<PlannedSection, 'from' | 'to'>,
  trackedChanges: TrackedChangesChoice,
  notMapped: NotMapped[],
  suggestionId: (change: TrackedChange) => string = (c) => `s-word-${c.type}-${c.id}`,
): SectionContent {
  return sectionContent(plannedBlocks(body, plan, section), { trackedChanges, sectionLevel: plan.sectionLevel, suggestionId, clauseBookmarks: plan.ownExport }, notMapped);
}

/** The plan for `model` onto `target`. `trackedChanges` only affects the counts (what is kept). */
export function planImport(model: DocxModel, target: TargetStructure, trackedChanges: TrackedChangesChoice): ImportPlan {
  const body = model.body;
  const paragraphs = body.map((b, i) => [b, i] as const).filter((e): e is readonly [Paragraph, number] => e[0].kind === 'paragraph');
  const headings = paragraphs.filter(([p]) => p.headingLevel !== null && plainText(p).trim().length > 0);
  const titleParagraph = paragraphs.find(([p]) => p.title && plainText(p).trim());
  const titleIndex = titleParagraph ? titleParagraph[1] : null;
  const ownExport = isOwnExport(model);
  const topLevel = Math.min(...headings.filter(([, i]) => i !== titleIndex).map(([p]) => p.headingLevel!));
  const partOf = (p: Paragraph) => (p.headingLevel === topLevel ? partOfTopHeading(plainText(p)) : partOfHeading(plainText(p)));
  const partHeadings = new Set(headings.filter(([p]) => partOf(p)).map(([, i]) => i));
  const partLevel = Math.min(...headings.filter(([, i]) => partHeadings.has(i)).map(([p]) => p.headingLevel!));
  // Sections start at the highest heading level below the part headings (or the highest at all).
  const nonPart = headings.filter(([, i]) => !partHeadings.has(i));
  const below = nonPart.filter(([p]) => !Number.isFinite(partLevel) || p.headingLevel! > partLevel);
  const levels = (below.length > 0 ? below : nonPart).map(([p]) => p.headingLevel!);
  const sectionLevel = levels.length > 0 ? Math.min(...levels) : 1;

  const read = model.notMapped.map((n) => ({ ...n, samples: [...n.samples] }));
  const notMapped = ownExport ? withoutExportFurniture(read, body) : read;
  for (const c of model.comments) countNotMapped(notMapped, 'comment', `${c.author}: ${c.paragraphs.join(' ')}`);

  // Section starts: headings at or above the section level that do not name a part.
  const starts: { index: number; title: string; part: Part | null }[] = [];
  // The export prints "3. Titel": the number is the app's, not the title.
  const titleOf = (p: Paragraph) => (ownExport ? plainText(p).trim().replace(/^\d+\.\s+/, '') : plainText(p).trim());
  let part: Part | null = null;
  for (const [p, i] of headings) {
    if (titleParagraph && titleParagraph[1] === i) continue;
    if (partHeadings.has(i)) {
      part = partOf(p);
      starts.push({ index: i, title: '', part: null }); // ends the previous section
      continue;
    }
    if (p.headingLevel! <= sectionLevel) starts.push({ index: i, title: titleOf(p), part });
  }

  const sections: PlannedSection[] = [];
  const emptyCounts = (): ContentCounts => ({ clauses: 0, paragraphs: 0, lists: 0, tables: 0, subgoals: 0, headings: 0, insertions: 0, deletions: 0 });
  const firstStart = starts[0]?.index ?? body.length;
  const shape = { titleIndex, ownExport, sectionLevel };
  const plan = (title: string, partHint: Part | null, from: number, to: number, groupName: string | null = null) => {
    const match = matchSection(title, partHint, target, groupName);
    const content = plannedContent(body, shape, { from, to }, trackedChanges, notMapped);
    sections.push({ index: sections.length, title: title.slice(0, 300), from, to, ...match, counts: content.counts });
  };
  const preamble = plannedBlocks(body, shape, { from: 0, to: firstStart });
  // The export's title page and contents list are the export's, not the agreement's text.
  if (ownExport && hasContent(preamble)) countNotMapped(notMapped, 'exportFrame');
  else if (hasContent(preamble)) plan('Indledning', null, 0, firstStart);
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k];
    if (!s.title) continue;
    const to = starts[k + 1]?.index ?? body.length;
    let from = s.index + 1;
    // The export's "Temagruppe: …" line under the heading names the theme group; it is not text.
    const next = body[from];
    const groupLine = ownExport && from < to && next.kind === 'paragraph' && next.headingLevel === null ? themeGroupOfLine(plainText(next).trim()) : null;
    if (groupLine !== null) from++;
    if (!hasContent(body.slice(from, to))) countNotMapped(notMapped, 'emptySection', s.title);
    plan(s.title, s.part, from, to, groupLine);
  }

  const totals = emptyCounts();
  for (const s of sections) for (const key of Object.keys(totals) as (keyof ContentCounts)[]) totals[key] += s.counts[key];
  const authors = new Set<string>();
  walkChanges(body, (c) => authors.add(c.author));
  return {
    title: (titleParagraph ? plainText(titleParagraph[0]).trim() : null) || model.title,
    sectionLevel,
    sections,
    titleIndex,
    ownExport,
    notMapped,
    trackedChanges: { insertions: totals.insertions, deletions: totals.deletions, authors: [...authors].sort() },
    totals,
  };
}

function hasContent(blocks: readonly Block[]): boolean {
  return blocks.some((b) => b.kind === 'table' || (b.kind === 'paragraph' && b.inlines.some((i) => i.t === 'text' && i.text.trim())));
}

function walkChanges(blocks: readonly Block[], visit: (c: TrackedChange) => void): void {
  for (const b of blocks) {
    if (b.kind === 'paragraph') for (const i of b.inlines) if ((i.t === 'text' || i.t === 'break') && i.change) visit(i.change);
    if (b.kind === 'table') for (const row of b.rows) for (const cell of row) walkChanges(cell.blocks, visit);
  }
}

/** The target section (or at least theme group) an imported heading names; else a new section in
 *  the hinted part (the political part when none). `groupHint`: a theme group the file names
 *  for the section (the export's "Temagruppe: …" line). */
export function matchSection(title: string, part: Part | null, target: TargetStructure, groupHint: string | null = null): Pick<PlannedSection, 'part' | 'themeGroupId' | 'targetSectionId' | 'matched'> {
  const candidates = target.sections.filter((s) => part === null || s.part === part);
  const groupName = new Map(target.themeGroups.map((g) => [g.id, g.name]));
  let best: { score: number; section: TargetStructure['sections'][number] } | null = null;
  for (const s of candidates) {
    const names = [s.title, s.themeGroupId ? groupName.get(s.themeGroupId) ?? '' : ''];
    const score = Math.max(...names.map((n) => (normalize(n) === normalize(title) ? 1 : similarity(n, title))));
    if (score >= MATCH && (!best || score > best.score)) best = { score, section: s };
  }
  if (best) return { part: best.section.part, themeGroupId: best.section.themeGroupId, targetSectionId: best.section.id, matched: 'section' };
  let group: { score: number; id: string } | null = null;
  for (const g of target.themeGroups) {
    const score = Math.max(...[title, ...(groupHint ? [groupHint] : [])].map((t) => (normalize(g.name) === normalize(t) ? 1 : similarity(g.name, t))));
    if (score >= MATCH && (!group || score > group.score)) group = { score, id: g.id };
  }
  return { part: part ?? 'politisk', themeGroupId: group?.id ?? null, targetSectionId: null, matched: group ? 'themeGroup' : 'none' };
}
