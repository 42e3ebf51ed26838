// The disputes overview (overblik) for the secretariat and co-chairs: status counts per part and per
// theme group, the disputed and stale clauses with both sides' positions, and the requirements of
// the executive order no section meets yet. It holds a connection to
// every section of the agreement while open, and recomputes a section's statuses when its Y.Doc
// changes (batched per animation frame), so it stays live while people type. Only the changed
// section is converted again (SectionStatusTracker), and only its attention items re-render.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import type { ClauseStatusEntry } from '../../../shared/negotiation/clauseStatuses.ts';
import type { Directory } from '../../../shared/identity/directory.ts';
import { useVerdictVersion } from '../identity/useDirectory.ts';
import {
  computeOverview,
  SectionStatusTracker,
  type OverviewClause,
  type OverviewRow,
  type StatusCounts,
} from '../../../shared/negotiation/overview.ts';
import { NegotiationSide, statusLabel, type ClauseStatus } from '../../../shared/negotiation/position.ts';
import { sectionDocId } from '../../../shared/structure/docIds.ts';
import { activeSections } from '../../../shared/structure/structureDoc.ts';
import { useServices } from '../services.ts';
import type { DocConnection } from '../sync/DocConnection.ts';
import { PositionCard } from '../negotiation/PositionCard.tsx';
import { UncoveredRequirements } from './UncoveredRequirements.tsx';
import { ConcurrentOverview } from '../away/ConcurrentOverview.tsx';

const statusOrder: ClauseStatus[] = ['aaben', 'afventer', 'enighed', 'uenighed', 'aendret'];

interface SectionStatuses {
  statuses: Map<string, ClauseStatusEntry[]>;
  /** Sections that cannot be shown, with the reason (Danish): left out of the counts and named. */
  damaged: Map<string, string>;
  loading: number;
}

/** Why a section's statuses cannot be computed from its document, or its statuses. A damaged
 *  document (DocConnection checks what arrives) is never converted; a conversion that fails anyway
 *  counts as damaged too, so one section cannot stop the overview. */
function statusesOrDamage(connection: DocConnection, tracker: SectionStatusTracker, directory: Directory): ClauseStatusEntry[] | { damaged: string } {
  if (connection.current.damaged) return { damaged: connection.current.damaged };
  try {
    return tracker.statuses(directory);
  } catch (error) {
    console.error(`Overblik: ${connection.docId}`, error);
    return { damaged: 'Afsnittet kunne ikke læses.' };
  }
}

/** Every section's clause statuses, live; sections not yet loaded are absent. Only positions that
 *  count under `directory` count; all sections are derived again when it or a verdict changes. */
function useSectionStatuses(agreement: Agreement, directory: Directory): SectionStatuses {
  const { pool } = useServices();
  const directoryRef = useRef(directory);
  directoryRef.current = directory;
  const verdicts = useVerdictVersion();
  const markAllRef = useRef<() => void>(() => {});
  const [statuses, setStatuses] = useState(() => new Map<string, ClauseStatusEntry[]>());
  const [damaged, setDamaged] = useState(() => new Map<string, string>());
  const sectionIds = activeSections(agreement).map((s) => s.id).join('\n');
  useEffect(() => {
    const ids = sectionIds === '' ? [] : sectionIds.split('\n');
    const dirty = new Set<string>();
    let frame = 0;
    const flush = () => {
      frame = 0;
      const computed = [...dirty].flatMap((id) => {
        const connection = leases.get(id)!.connection;
        return connection.current.synced ? [[id, statusesOrDamage(connection, trackers.get(id)!, directoryRef.current)] as const] : [];
      });
      dirty.clear();
      if (computed.length === 0) return;
      setStatuses((prev) => {
        const next = new Map(prev);
        for (const [id, entries] of computed) {
          if (Array.isArray(entries)) next.set(id, entries);
          else next.delete(id);
        }
        return next;
      });
      const newlyDamaged = computed.flatMap(([id, entries]) => (Array.isArray(entries) ? [] : [[id, entries.damaged] as const]));
      if (newlyDamaged.length > 0) setDamaged((prev) => new Map([...prev, ...newlyDamaged]));
    };
    const mark = (id: string) => {
      dirty.add(id);
      if (!frame) frame = requestAnimationFrame(flush);
    };
    const leases = new Map(ids.map((id) => [id, pool.acquire(sectionDocId(agreement.id, id))]));
    const trackers = new Map([...leases].map(([id, lease]) => [id, new SectionStatusTracker(lease.connection.doc, id)]));
    markAllRef.current = () => {
      for (const id of ids) mark(id);
    };
    const stops = [...leases].map(([id, lease]) => {
      const onUpdate = () => mark(id);
      lease.connection.doc.on('update', onUpdate);
      const unsubscribe = lease.connection.subscribe(onUpdate);
      mark(id);
      return () => {
        lease.connection.doc.off('update', onUpdate);
        unsubscribe();
      };
    });
    return () => {
      markAllRef.current = () => {};
      if (frame) cancelAnimationFrame(frame);
      for (const stop of stops) stop();
      for (const tracker of trackers.values()) tracker.dispose();
      for (const lease of leases.values()) lease.release();
    };
  }, [pool, agreement.id, sectionIds]);
  useEffect(() => markAllRef.current(), [directory, verdicts]);
  const loading = activeSections(agreement).filter((s) => !statuses.has(s.id) && !damaged.has(s.id)).length;
  return { statuses, damaged, loading };
}

export interface DisputesOverviewProps {
  agreement: Agreement;
  directory: Directory;
  onOpenClause: (sectionId: string, clauseId: string) => void;
  onClose: () => void;
}

export function DisputesOverview({ agreement, directory, onOpenClause, onClose }: DisputesOverviewProps) {
  const { statuses, damaged, loading } = useSectionStatuses(agreement, directory);
  const overview = useMemo(() => computeOverview(agreement, statuses, damaged), [agreement, statuses, damaged]);
  const shown = activeSections(agreement).length - overview.damaged.length;
  // One callback for every item, whatever the parent passes, so memoised items stay untouched.
  const onOpenClauseRef = useRef(onOpenClause);
  useEffect(() => {
    onOpenClauseRef.current = onOpenClause;
  });
  const openClause = useCallback((sectionId: string, clauseId: string) => onOpenClauseRef.current(sectionId, clauseId), []);

  return (
    <article className="overview" data-testid="overview" aria-labelledby="overview-title">
      <header className="overview-head">
        <h1 id="overview-title">Overblik over forhandlingen</h1>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Tilbage til teksten
        </button>
      </header>
      <p className="muted" aria-live="polite">
        {loading > 0
          ? `Indlæser ${loading} af ${activeSections(agreement).length} afsnit …`
          : `${overview.total.total} klausuler i ${shown} afsnit · ${overview.total.agreedPercent} % med enighed`}
      </p>
      {overview.damaged.length > 0 && (
        <section className="overview-damaged" role="alert" data-testid="overview-damaged">
          <strong>
            {overview.damaged.length === 1 ? 'Et afsnit kan ikke vises og er ikke talt med:' : `${overview.damaged.length} afsnit kan ikke vises og er ikke talt med:`}
          </strong>
          <ul>
            {overview.damaged.map((d) => (
              <li key={d.sectionId} data-testid="overview-damaged-section">
                {d.number && `${d.number}. `}
                {d.sectionTitle} — {d.reason}
              </li>
            ))}
          </ul>
        </section>
      )}

      <CountsTable caption="Pr. del" rows={overview.parts} total={overview.total} testId="overview-parts" />

      <ConcurrentOverview agreement={agreement} statuses={statuses} onOpen={openClause} />

      <section className="overview-attention" aria-labelledby="attention-title">
        <h2 id="attention-title">Klausuler med uenighed eller ændret efter enighed</h2>
        {overview.attention.length === 0 ? (
          <p className="muted">Ingen klausuler med uenighed eller ændringer efter enighed.</p>
        ) : (
          <ul className="attention-list" data-testid="attention-list">
            {overview.attention.map((item) => (
              <AttentionItem key={`${item.sectionId}/${item.clauseId}`} item={item} onOpen={openClause} />
            ))}
          </ul>
        )}
      </section>

      <CountsTable caption="Pr. temagruppe" rows={overview.themeGroups} testId="overview-groups" />

      <UncoveredRequirements agreement={agreement} />
    </article>
  );
}

/**
 * A disputed or stale clause with both sides' positions. computeOverview gives the same item object
 * for a section that did not change, so after an edit only the edited section's items render again.
 */
const AttentionItem = memo(function AttentionItem({
  item,
  onOpen,
}: {
  item: OverviewClause;
  onOpen: (sectionId: string, clauseId: string) => void;
}) {
  return (
    <li data-testid="attention-item" data-status={item.status}>
      <button type="button" className="attention-open" onClick={() => onOpen(item.sectionId, item.clauseId)}>
        <span className="attention-number">Klausul {item.reference}</span>
        <span className="attention-section">{item.sectionTitle}</span>
        <span className={`status-chip status-${item.status}`}>{statusLabel[item.status]}</span>
      </button>
      <p className="attention-text">{item.text}</p>
      <div className="positions">
        {NegotiationSide.options.map((side) => (
          <PositionCard key={side} side={side} position={item.positions[side]} stale={item.staleSides.includes(side)} />
        ))}
      </div>
    </li>
  );
});

function CountsTable({ caption, rows, total, testId }: { caption: string; rows: OverviewRow[]; total?: StatusCounts; testId: string }) {
  const cells = (counts: StatusCounts) => (
    <>
      {statusOrder.map((s) => (
        <td key={s} data-status={s}>
          {counts[s]}
        </td>
      ))}
      <td>{counts.total}</td>
      <td>{counts.agreedPercent} %</td>
    </>
  );
  return (
    <table className="overview-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption.replace('Pr. ', '').replace(/^./, (c) => c.toUpperCase())}</th>
          {statusOrder.map((s) => (
            <th key={s} scope="col">
              <span className={`status-chip status-${s}`}>{statusLabel[s]}</span>
            </th>
          ))}
          <th scope="col">I alt</th>
          <th scope="col">Enighed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid={`overview-row-${row.key}`}>
            <th scope="row">{row.label}</th>
            {cells(row.counts)}
          </tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr data-testid="overview-total">
            <th scope="row">Hele aftalen</th>
            {cells(total)}
          </tr>
        </tfoot>
      )}
    </table>
  );
}
