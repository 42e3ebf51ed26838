// Læsevejledning (reading guide) as HTML for the PDF: the same tables as the Word export
// (docx/guide.ts), from the printable model's guide. Every text escaped.
import type { PrintGuide } from '../../../shared/print/model.ts';
import { NOT_COVERED } from '../../../shared/print/guide.ts';
import { escapeHtml } from './escape.ts';

export function readingGuideHtml(guide: PrintGuide): string {
  const intro = `<h1>Læsevejledning</h1><p>${escapeHtml(`Hvor i aftalen kravene i ${guide.title} (${guide.issued}) er opfyldt.`)}</p><p class="group">${escapeHtml(`Kilde: ${guide.source}.`)}</p>${guide.summarised ? `<p class="group"><em>${escapeHtml(guide.note)}</em></p>` : ''}`;
  const tables = guide.groups
    .map((g) => {
      const rows = g.rows
        .map(({ requirement, sections }) => {
          const where = sections.length === 0 ? `<strong class="not-covered">${NOT_COVERED}</strong>` : sections.map((s) => `<div><strong>${escapeHtml(s.reference)}.</strong> ${escapeHtml(s.title)}</div>`).join('');
          return `<tr><td><strong>${escapeHtml(requirement.id)}</strong></td><td><strong>${escapeHtml(requirement.title)}</strong><br>${escapeHtml(requirement.text)}</td><td>${where}</td></tr>`;
        })
        .join('');
      return `<h2>${escapeHtml(g.title)}</h2><table class="guide"><colgroup><col class="guide-id"><col class="guide-requirement"><col class="guide-where"></colgroup><thead><tr><th>Nr.</th><th>Krav</th><th>Opfyldt i aftalen</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
  return intro + tables;
}
