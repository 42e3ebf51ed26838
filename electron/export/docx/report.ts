// Uenighedsrapport (disputes report) for an SSG meeting: the status counts per theme group (as the
// overview counts them), then every disputed and changed clause with both sides' positions,
// grouped by theme group.
import { HeadingLevel, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType, TableLayoutType, type FileChild } from 'docx';
import { NegotiationSide, statusLabel, type ClauseStatus } from '../../../shared/negotiation/position.ts';
import type { PrintModel } from '../../../shared/print/model.ts';
import { build, draftsOf, type DocxContext } from './blocks.ts';
import { needsPositionComment } from './comments.ts';
import { LANGUAGE, TEXT_WIDTH } from './styles.ts';
import { reportGroups } from '../../../shared/print/report.ts';

const sideName: Record<NegotiationSide, string> = { region: 'Regionen', kommune: 'Kommunerne' };
const STATUSES: ClauseStatus[] = ['enighed', 'afventer', 'aaben', 'uenighed', 'aendret'];

function cell(value: string, width: number, header = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: header ? { type: ShadingType.CLEAR, fill: 'DCE6F1', color: 'auto' } : undefined,
    children: [new Paragraph({ style: 'Tabeltekst', children: [new TextRun({ text: value, bold: header || undefined, language: LANGUAGE })] })],
  });
}

function table(rows: string[][], widths: number[]): Table {
  return new Table({
    layout: TableLayoutType.FIXED,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    rows: rows.map((r, i) => new TableRow({ tableHeader: i === 0 || undefined, cantSplit: true, children: r.map((v, c) => cell(v, widths[c], i === 0)) })),
  });
}

export function disputesReport(model: PrintModel, context: DocxContext): FileChild[] {
  const groups = reportGroups(model);
  const out: FileChild[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: 'Status pr. temagruppe', language: LANGUAGE })] })];
  const first = 3000;
  const rest = Math.floor((TEXT_WIDTH - first) / (STATUSES.length + 1));
  out.push(
    table(
      [['Temagruppe', ...STATUSES.map((s) => statusLabel[s]), 'I alt'], ...groups.map((g) => [g.name, ...STATUSES.map((s) => String(g.counts[s])), String(g.total)])],
      [first, ...STATUSES.map(() => rest), rest],
    ),
  );
  for (const group of groups) {
    if (group.clauses.length === 0) continue;
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: group.name, language: LANGUAGE })] }));
    for (const { section, clause } of group.clauses) {
      if (!needsPositionComment(clause)) continue;
      out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: `${clause.reference} · ${section.title} – ${clause.statusLabel}`, language: LANGUAGE })] }));
      out.push(...build(draftsOf(clause.blocks, context, TEXT_WIDTH, 0, false)));
      const w = Math.floor(TEXT_WIDTH / 2);
      out.push(
        table(
          [
            NegotiationSide.options.map((s) => sideName[s]),
            NegotiationSide.options.map((s) => {
              const p = clause.positions[s];
              if (!p) return 'Ingen stilling';
              return [`${p.stance === 'enig' ? 'Enig' : 'Uenig'} – ${p.by.name}, ${p.by.organisation}`, p.reason ? `Begrundelse: ${p.reason}` : '', p.alternative ? `Alternativ formulering: ${p.alternative}` : ''].filter(Boolean).join(' · ');
            }),
          ],
          [w, TEXT_WIDTH - w],
        ),
      );
    }
  }
  return out;
}
