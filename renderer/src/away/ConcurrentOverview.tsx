// In the overview (DisputesOverview): the clauses flagged *Samtidige ændringer* across the agreement,
// which need a look like a dispute does. Read from the Node side (concurrentInAgreement, again on
// each awayChanged event); one click opens the clause in its section, where the versions are shown.
import type { Agreement } from '../../../shared/domain/agreement.ts';
import type { ClauseStatusEntry } from '../../../shared/negotiation/clauseStatuses.ts';
import { clauseNumber, clauseReference } from '../../../shared/editor/clauseNumbers.ts';
import { formatDanishDateTime } from '../../../shared/domain/labels.ts';
import { parseDocId } from '../../../shared/structure/docIds.ts';
import { activeSections, sectionNumbers } from '../../../shared/structure/structureDoc.ts';
import { askConcurrent, useAgreementAway } from './useAgreementAway.ts';

export function ConcurrentOverview({
  agreement,
  statuses,
  onOpen,
}: {
  agreement: Agreement;
  /** Each section's clause statuses (for the clause's number), as the overview has them. */
  statuses: ReadonlyMap<string, ClauseStatusEntry[]>;
  onOpen: (sectionId: string, clauseId: string) => void;
}) {
  const flags = useAgreementAway(agreement.id, askConcurrent, []);
  const numbers = sectionNumbers(agreement);
  const sections = new Map(activeSections(agreement).map((s) => [s.id, s]));
  const items = flags.flatMap((flag) => {
    const parsed = parseDocId(flag.docId);
    const sectionId = parsed?.kind === 'section' ? parsed.sectionId : undefined;
    const section = sectionId ? sections.get(sectionId) : undefined;
    const entry = section && statuses.get(section.id)?.find((e) => e.clauseId === flag.clauseId);
    if (!section || !entry) return [];
    return [{ ...flag, section, reference: clauseReference(section.part, clauseNumber(numbers.get(section.id), entry.index))}];
  });
  if (items.length === 0) return null;
  return (
    <section className="overview-attention overview-concurrent" aria-labelledby="concurrent-overview-title" data-testid="overview-concurrent">
      <h2 id="concurrent-overview-title">Samtidige ændringer ({items.length})</h2>
      <p className="muted">Begge sider ændrede disse klausuler, mens I var hver for sig. Åbn klausulen for at se versionerne og vælge.</p>
      <ul className="attention-list">
        {items.map((item) => (
          <li key={`${item.docId}/${item.clauseId}`} data-testid="overview-concurrent-item" data-status="samtidige">
            <button type="button" className="attention-open" onClick={() => onOpen(item.section.id, item.clauseId)}>
              <span className="attention-number">Klausul {item.reference}</span>
              <span className="attention-section">{item.section.title}</span>
              <span className="status-chip status-samtidige">Samtidige ændringer</span>
            </button>
            <p className="attention-text small muted">Opdaget {formatDanishDateTime(item.detectedAt)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
