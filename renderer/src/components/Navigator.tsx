// The agreement's table of contents: parts → theme groups → sections. Sections outside any theme
// group (opfølgning, allonge, an introduction) sit directly under their part.
import { AgreementPresence, SectionPresence } from '../presence/PresenceAvatars.tsx';
import { askSummary, useAgreementAway } from '../away/useAgreementAway.ts';
import { sectionDocId } from '../../../shared/structure/docIds.ts';
import type { Agreement, Area, Part, Section, ThemeGroup } from '../../../shared/domain/agreement.ts';
import { levelLabel, partLabel, partOrder } from '../../../shared/domain/labels.ts';
import { sectionsOfPart } from '../../../shared/structure/structureDoc.ts';
import type { PrintScope } from '../../../shared/print/model.ts';

type Entry = { kind: 'section'; section: Section } | { kind: 'group'; group: ThemeGroup | null; groupId: string; sections: Section[] };

/** The part's sections in reading order; a theme group appears where its first section does. */
function entriesOf(agreement: Agreement, part: Part): Entry[] {
  const entries: Entry[] = [];
  const groups = new Map<string, Extract<Entry, { kind: 'group' }>>();
  for (const section of sectionsOfPart(agreement, part)) {
    if (!section.themeGroupId) {
      entries.push({ kind: 'section', section });
      continue;
    }
    let entry = groups.get(section.themeGroupId);
    if (!entry) {
      const group = agreement.themeGroups.find((g) => g.id === section.themeGroupId) ?? null;
      entry = { kind: 'group', group, groupId: section.themeGroupId, sections: [] };
      groups.set(section.themeGroupId, entry);
      entries.push(entry);
    }
    entry.sections.push(section);
  }
  return entries;
}

export interface NavigatorProps {
  agreement: Agreement;
  numbers: Map<string, number>;
  selectedId: string | null;
  onSelect: (sectionId: string) => void;
  /** The disputes overview (overblik) is shown instead of a section. */
  overviewOpen?: boolean;
  onOpenOverview?: () => void;
  /** *Eksportér …* of the agreement, a part, a theme group or a section. */
  onExport?: (scope: PrintScope) => void;
}

function ExportButton({ label, testId, onClick }: { label: string; testId: string; onClick: () => void }) {
  return (
    <button type="button" className="nav-export" data-testid={testId} title={`Eksportér ${label} …`} aria-label={`Eksportér ${label} …`} onClick={onClick}>
      ⤓
    </button>
  );
}

export function Navigator({ agreement, numbers, selectedId, onSelect, overviewOpen = false, onOpenOverview, onExport }: NavigatorProps) {
  const areas = new Map(agreement.areas.map((a) => [a.id, a]));
  // Sections with changes by others not yet seen, or clauses both sides changed (awayChanges.ts).
  const away = new Map(useAgreementAway(agreement.id, askSummary, []).map((s) => [s.docId, s]));
  const awayMark = (section: Section) => {
    const found = away.get(sectionDocId(agreement.id, section.id));
    if (!found) return null;
    const label = [
      found.concurrent > 0 && `${found.concurrent} ${found.concurrent === 1 ? 'klausul' : 'klausuler'} med samtidige ændringer`,
      found.unseen > 0 && (found.unseen === 1 ? '1 ny ændring' : `${found.unseen} nye ændringer`),
    ]
      .filter(Boolean)
      .join(', ');
    return (
      <span className={`nav-away ${found.concurrent > 0 ? 'nav-away-concurrent' : ''}`} data-testid={`nav-away-${section.id}`} title={`Siden du sidst så afsnittet: ${label}`}>
        <span aria-hidden="true">{found.concurrent > 0 ? '!' : 'Nyt'}</span>
        <span className="visually-hidden">{label}</span>
      </span>
    );
  };
  const sectionButton = (section: Section) => (
    <li key={section.id} className="nav-section-row">
      <button
        type="button"
        className={`nav-section ${section.id === selectedId ? 'is-selected' : ''}`}
        data-testid={`nav-section-${section.id}`}
        aria-current={section.id === selectedId ? 'page' : undefined}
        onClick={() => onSelect(section.id)}
      >
        <span className="nav-section-number">{numbers.get(section.id) ?? '–'}</span>
        <span className="nav-section-title">{section.title}</span>
        <span className={`level-badge level-${section.level}`}>{levelLabel[section.level]}</span>
        {awayMark(section)}
        <SectionPresence docId={sectionDocId(agreement.id, section.id)} testId={`nav-presence-${section.id}`} label="I afsnittet nu" />
      </button>
      {onExport && <ExportButton label={`afsnittet «${section.title}»`} testId={`nav-export-section-${section.id}`} onClick={() => onExport({ kind: 'section', sectionId: section.id })} />}
    </li>
  );

  return (
    <nav className="navigator" aria-label="Aftalens indhold">
      <div className="navigator-head">
        <div className="navigator-title" title={agreement.title}>
          {agreement.title}
        </div>
        <div className="navigator-meta">
          {agreement.generation}. generation · {agreement.period.from}–{agreement.period.to}
        </div>
        <AgreementPresence agreementId={agreement.id} />
        {onOpenOverview && (
          <button
            type="button"
            className={`nav-overview ${overviewOpen ? 'is-selected' : ''}`}
            data-testid="open-overview"
            aria-current={overviewOpen ? 'page' : undefined}
            title="Status for alle klausuler: enighed, uenighed og ændringer efter enighed"
            onClick={onOpenOverview}
          >
            Overblik
          </button>
        )}
        {onExport && (
          <button type="button" className="nav-overview" data-testid="nav-export-agreement" onClick={() => onExport({ kind: 'agreement' })}>
            Eksportér …
          </button>
        )}
      </div>
      {partOrder.map((part) => {
        const entries = entriesOf(agreement, part);
        if (entries.length === 0) return null;
        return (
          <section key={part} className="nav-part" data-testid={`nav-part-${part}`} aria-labelledby={`nav-part-${part}-title`}>
            <h2 className="nav-part-title" id={`nav-part-${part}-title`}>
              {partLabel[part]}
              {onExport && <ExportButton label={partLabel[part].toLowerCase()} testId={`nav-export-part-${part}`} onClick={() => onExport({ kind: 'part', part })} />}
            </h2>
            <ul className="nav-list">
              {entries.map((entry) =>
                entry.kind === 'section' ? (
                  sectionButton(entry.section)
                ) : (
                  <li key={entry.groupId} className="nav-themegroup" data-testid={`nav-themegroup-${entry.groupId}`}>
                    <div className="nav-themegroup-row">
                      <ThemeGroupHeading group={entry.group} area={entry.group ? areas.get(entry.group.areaId) : undefined} />
                      {onExport && (
                        <ExportButton label={`temagruppen «${entry.group?.name ?? ''}»`} testId={`nav-export-themegroup-${entry.groupId}`} onClick={() => onExport({ kind: 'themeGroup', themeGroupId: entry.groupId })} />
                      )}
                    </div>
                    <ul className="nav-list nav-list-nested">{entry.sections.map(sectionButton)}</ul>
                  </li>
                ),
              )}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}

function ThemeGroupHeading({ group, area }: { group: ThemeGroup | null; area: Area | undefined }) {
  return (
    <div className="nav-themegroup-head">
      <span className="nav-themegroup-name">{group?.name ?? 'Ukendt temagruppe'}</span>
      {area && (
        <span className="nav-area">
          {area.mandatory ? (
            <span className="area-chip area-mandatory" title={area.ordinal ? `Obligatorisk område nr. ${area.ordinal} i bekendtgørelsen` : 'Obligatorisk område'}>
              Obligatorisk
            </span>
          ) : (
            <span className="area-chip area-voluntary">Frivilligt</span>
          )}
          {area.name !== group?.name && <span className="nav-area-name">{area.name}</span>}
        </span>
      )}
    </div>
  );
}
