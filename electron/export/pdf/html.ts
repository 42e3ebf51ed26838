// The printable model as one HTML page for Chromium to print (pdf/options.ts): the same order,
// numbers and marks as the Word export, with the print stylesheet inlined. Every text is escaped;
// only http(s) and mailto links become links. Parts are <h1>, sections <h2> and headings inside a
// section <h3>, so Chromium's tagged PDF outline lists parts and sections.
import { exportDate, exportKindLabel, type ExportKind } from '../../../shared/print/kinds.ts';
import { DRAFT_NOTICE, damagedSectionLine, themeGroupLine } from '../../../shared/print/exportLines.ts';
import type { PrintBlock, PrintClause, PrintInline, PrintModel } from '../../../shared/print/model.ts';
import { reportGroups } from '../../../shared/print/report.ts';
import { notFinalMark } from '../../../shared/print/walk.ts';
import { NegotiationSide, statusLabel, type ClauseStatus } from '../../../shared/negotiation/position.ts';
import { PRINT_STYLESHEET } from './printStylesheet.ts';
import { escapeHtml } from './escape.ts';
import { readingGuideHtml } from './guideHtml.ts';

export interface HtmlOptions {
  kind: ExportKind;
  markUnagreed: boolean;
  now: Date;
}


function inline(content: readonly PrintInline[], tracked: boolean): string {
  return content
    .map((r) => {
      if (r.kind === 'break') return '<br>';
      if (r.suggestion?.kind === 'insertion' && !tracked) return '';
      let html = escapeHtml(r.text);
      if (r.strong) html = `<strong>${html}</strong>`;
      if (r.em) html = `<em>${html}</em>`;
      if (r.href && /^(https?:|mailto:)/i.test(r.href)) html = `<a href="${escapeHtml(r.href)}">${html}</a>`;
      if (r.suggestion && tracked) {
        const who = r.suggestion.author ? ` title="${escapeHtml(`${r.suggestion.author.by.name} (${r.suggestion.author.by.organisation}), ${r.suggestion.author.at.slice(0, 10)}`)}"` : '';
        html = r.suggestion.kind === 'insertion' ? `<ins${who}>${html}</ins>` : `<del${who}>${html}</del>`;
      }
      return html;
    })
    .join('');
}

const sideName: Record<NegotiationSide, string> = { region: 'Regionen', kommune: 'Kommunerne' };

function positionsHtml(clause: PrintClause): string {
  const lines = NegotiationSide.options.map((side) => {
    const p = clause.positions[side];
    if (!p) return `<div>${sideName[side]}: har ikke taget stilling.</div>`;
    const extra = [p.reason ? `Begrundelse: ${escapeHtml(p.reason)}` : '', p.alternative ? `Alternativ formulering: ${escapeHtml(p.alternative)}` : ''].filter(Boolean).join(' · ');
    return `<div><strong>${sideName[side]}: ${p.stance === 'enig' ? 'enig' : 'uenig'}</strong> (${escapeHtml(p.by.name)}, ${escapeHtml(p.by.organisation)})${extra ? ` – ${extra}` : ''}</div>`;
  });
  const threads = clause.threads.map(
    (t) => `<div>${t.visibility === 'internal' ? 'Intern kommentar' : 'Kommentar'} fra ${escapeHtml(t.by.name)}: ${escapeHtml(t.text)}${t.replies.map((r) => `<br>↳ ${escapeHtml(r.by.name)}: ${escapeHtml(r.text)}`).join('')}</div>`,
  );
  return `<div class="positions">${[...lines, ...threads].join('')}</div>`;
}

interface Render {
  tracked: boolean;
  markUnagreed: boolean;
  /** Show positions and threads under disputed clauses (the negotiation draft). */
  negotiation: boolean;
}

function blocks(list: readonly PrintBlock[], r: Render): string {
  return list.map((b) => block(b, r)).join('\n');
}

function block(b: PrintBlock, r: Render): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${inline(b.content, r.tracked) || '&nbsp;'}</p>`;
    case 'heading':
      return `<h3>${inline(b.content, r.tracked)}</h3>`;
    case 'list': {
      const items = b.items.map((item) => `<li>${item.map((c) => (c.kind === 'paragraph' ? inline(c.content, r.tracked) : block(c, r))).join('')}</li>`).join('');
      return b.ordered ? `<ol${b.start !== 1 ? ` start="${b.start}"` : ''}>${items}</ol>` : `<ul>${items}</ul>`;
    }
    case 'table': {
      const rows = b.rows
        .map((cells) => `<tr>${cells.map((c) => { const tag = c.header ? 'th' : 'td'; return `<${tag}${c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}>${blocks(c.blocks, r)}</${tag}>`; }).join('')}</tr>`)
        .join('');
      return `<table>${rows}</table>`;
    }
    case 'subgoal':
      return `<table class="subgoal">${b.fields.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${inline(f.content, r.tracked)}</td></tr>`).join('')}</table>`;
    case 'clause': {
      const mark = r.markUnagreed && b.status !== 'enighed' ? `<div class="not-final">${escapeHtml(notFinalMark(b))}</div>` : '';
      const extra = r.negotiation && (b.status === 'uenighed' || b.status === 'aendret' || b.threads.length > 0) ? positionsHtml(b) : '';
      return `<section class="clause"${b.id ? ` data-clause-id="${escapeHtml(b.id)}"` : ''}>${mark}<span class="clause-number">${escapeHtml(b.number)}</span>${blocks(b.blocks, r)}${extra}</section>`;
    }
  }
}

function toc(model: PrintModel): string {
  const items = model.parts
    .map((p, i) => `<li class="toc-part"><a href="#del-${i + 1}">${escapeHtml(p.label)}</a><ol>${p.groups.flatMap((g) => g.sections).map((s) => `<li class="toc-section"><a href="#afsnit-${escapeHtml(s.id)}">${s.number}. ${escapeHtml(s.title)}</a></li>`).join('')}</ol></li>`)
    .join('');
  return `<nav class="toc" aria-label="Indhold"><div class="toc-title">Indhold</div><ol>${items}</ol></nav>`;
}

function body(model: PrintModel, r: Render): string {
  return model.parts
    .map((part, i) => {
      const sections = part.groups.flatMap((g) =>
        g.sections.map(
          (s) =>
            `<h2 id="afsnit-${escapeHtml(s.id)}">${s.number}. ${escapeHtml(s.title)}</h2>${g.name ? `<p class="group">${escapeHtml(themeGroupLine(g.name))}</p>` : ''}${s.damaged ? `<p class="damaged">${escapeHtml(damagedSectionLine(s.damaged))}</p>` : blocks(s.blocks, r)}`,
        ),
      );
      return `<h1 class="part" id="del-${i + 1}">${escapeHtml(part.label)}</h1>${sections.join('\n')}`;
    })
    .join('\n');
}

const STATUSES: ClauseStatus[] = ['enighed', 'afventer', 'aaben', 'uenighed', 'aendret'];

function report(model: PrintModel, r: Render): string {
  const groups = reportGroups(model);
  const counts = `<h1>Status pr. temagruppe</h1><table><tr><th>Temagruppe</th>${STATUSES.map((s) => `<th>${statusLabel[s]}</th>`).join('')}<th>I alt</th></tr>${groups.map((g) => `<tr><td>${escapeHtml(g.name)}</td>${STATUSES.map((s) => `<td>${g.counts[s]}</td>`).join('')}<td>${g.total}</td></tr>`).join('')}</table>`;
  const lists = groups
    .filter((g) => g.clauses.length > 0)
    .map((g) => `<h1 class="part">${escapeHtml(g.name)}</h1>${g.clauses.map(({ section, clause }) => `<h2>${escapeHtml(`${clause.reference} · ${section.title} – ${clause.statusLabel}`)}</h2>${blocks(clause.blocks, r)}${positionsHtml(clause)}`).join('')}`)
    .join('');
  return counts + lists;
}

/** The header line: the agreement's title and the version's name. */
export function headerText(model: PrintModel, options: HtmlOptions): string {
  return `${model.title} – ${exportKindLabel[options.kind]} ${exportDate(options.now)}${options.markUnagreed ? ' – UDKAST' : ''}`;
}

function guideOrFail(model: PrintModel): string {
  if (!model.guide) throw new Error('Læsevejledningen kræver bekendtgørelsens krav i modellen.');
  return readingGuideHtml(model.guide);
}

/** The whole page. */
export function renderHtml(model: PrintModel, options: HtmlOptions): string {
  const r: Render = { tracked: options.kind === 'forhandling', markUnagreed: options.markUnagreed, negotiation: options.kind === 'forhandling' };
  const title = `${model.title} – ${exportKindLabel[options.kind]}`;
  const front = `<div class="title">${escapeHtml(model.title)}</div><div class="subtitle">${escapeHtml(`${exportKindLabel[options.kind]} · ${model.period.from}–${model.period.to} · ${exportDate(options.now)}`)}</div>${options.markUnagreed ? `<p class="draft-note">${escapeHtml(DRAFT_NOTICE)}</p>` : ''}`;
  const main = options.kind === 'uenighed' ? report(model, r) : options.kind === 'laesevejledning' ? guideOrFail(model) : `${toc(model)}${body(model, r)}`;
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(title)}</title><meta name="author" content="${escapeHtml(model.organisation)}"><style>${PRINT_STYLESHEET}</style></head><body>${front}${main}</body></html>`;
}
