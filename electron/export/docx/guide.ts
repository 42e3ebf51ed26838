// Læsevejledning (reading guide) for Sundhedsstyrelsen as Word: for each group of the executive
// order's requirements a table — the requirement (id, title, summarised text), then where in the
// agreement it is met (each section's reference and title, as the app shows them) or "Ikke dækket".
// Read from the printable model's guide (shared/print/guide.ts).
import { HeadingLevel, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, type FileChild } from 'docx';
import type { PrintGuide } from '../../../shared/print/model.ts';
import { NOT_COVERED } from '../../../shared/print/guide.ts';
import { LANGUAGE, TEXT_WIDTH } from './styles.ts';

const ID_WIDTH = 900;
const REQUIREMENT_WIDTH = 4600;
const WHERE_WIDTH = TEXT_WIDTH - ID_WIDTH - REQUIREMENT_WIDTH;

function run(text: string, extra: { bold?: boolean; italics?: boolean; color?: string } = {}): TextRun {
  return new TextRun({ text, language: LANGUAGE, ...extra });
}

function cell(paragraphs: Paragraph[], width: number, header = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: header ? { type: ShadingType.CLEAR, fill: 'DCE6F1', color: 'auto' } : undefined,
    children: paragraphs,
  });
}

const para = (children: TextRun[]) => new Paragraph({ style: 'Tabeltekst', children });

function rowsOf(group: PrintGuide['groups'][number]): TableRow[] {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [cell([para([run('Nr.', { bold: true })])], ID_WIDTH, true), cell([para([run('Krav', { bold: true })])], REQUIREMENT_WIDTH, true), cell([para([run('Opfyldt i aftalen', { bold: true })])], WHERE_WIDTH, true)],
  });
  const rows = group.rows.map(
    ({ requirement, sections }) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([para([run(requirement.id, { bold: true })])], ID_WIDTH),
          cell([para([run(requirement.title, { bold: true })]), para([run(requirement.text)])], REQUIREMENT_WIDTH),
          cell(
            sections.length === 0 ? [para([run(NOT_COVERED, { bold: true, color: 'C00000' })])] : sections.map((s) => para([run(`${s.reference}. `, { bold: true }), run(s.title)])),
            WHERE_WIDTH,
          ),
        ],
      }),
  );
  return [header, ...rows];
}

export function readingGuide(guide: PrintGuide): FileChild[] {
  const out: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run('Læsevejledning')] }),
    new Paragraph({ children: [run(`Hvor i aftalen kravene i ${guide.title} (${guide.issued}) er opfyldt.`)] }),
    new Paragraph({ children: [run(`Kilde: ${guide.source}.`, { color: '595959' })] }),
  ];
  if (guide.summarised) out.push(new Paragraph({ children: [run(guide.note, { italics: true, color: '595959' })] }));
  for (const group of guide.groups) {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(group.title)] }));
    out.push(new Table({ layout: TableLayoutType.FIXED, columnWidths: [ID_WIDTH, REQUIREMENT_WIDTH, WHERE_WIDTH], width: { size: TEXT_WIDTH, type: WidthType.DXA }, rows: rowsOf(group) }));
  }
  return out;
}
