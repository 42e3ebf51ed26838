// The overview's list of requirements of the executive order that no section (not archived) meets
// yet: what the reading guide would print as "Ikke dækket". From the structure alone (the
// sections' requirement links), by the same derivation as the guide (shared/requirements/coverage.ts).
import { useMemo } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { BEKENDTGOERELSE_2009, REQUIREMENTS_2009 } from '../../../shared/requirements/bekendtgoerelse2009.ts';
import { agreementCoverage } from '../../../shared/structure/requirements.ts';

export function UncoveredRequirements({ agreement }: { agreement: Agreement }) {
  const uncovered = useMemo(() => agreementCoverage(agreement, REQUIREMENTS_2009).filter((c) => c.sections.length === 0).map((c) => c.requirement), [agreement]);
  return (
    <section className="overview-requirements" aria-labelledby="requirements-title" data-testid="overview-requirements">
      <h2 id="requirements-title">Krav i bekendtgørelsen uden afsnit</h2>
      <p className="muted" data-testid="overview-requirements-count">
        {uncovered.length === 0
          ? `Alle ${REQUIREMENTS_2009.length} krav i ${BEKENDTGOERELSE_2009.title.toLowerCase()} er koblet til et afsnit.`
          : `${uncovered.length} af ${REQUIREMENTS_2009.length} krav er endnu ikke koblet til et afsnit (Opsætning › Afsnit › Krav).`}
      </p>
      {uncovered.length > 0 && (
        <ul data-testid="overview-uncovered">
          {uncovered.map((r) => (
            <li key={r.id} data-testid="overview-uncovered-requirement" data-requirement-id={r.id}>
              <span className="requirement-id">{r.id}</span>
              {r.title}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
