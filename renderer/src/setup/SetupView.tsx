// *Opsætning*: the secretariat sets up the agreement — its facts and region, areas, theme groups
// and sections. Every change is a structure command (shared/structure/) written into the
// structure's Y.Doc, which its connection pushes and syncs like any other change; the navigator
// beside it shows the result at once.
import type * as Y from 'yjs';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { useRun } from './command.ts';
import { AgreementFactsForm } from './AgreementFactsForm.tsx';
import { AreasList } from './AreasList.tsx';
import { ThemeGroupsList } from './ThemeGroupsList.tsx';
import { SectionsList } from './SectionsList.tsx';

export interface SetupViewProps {
  agreement: Agreement;
  participants: ParticipantEntry[];
  doc: Y.Doc | null;
  onClose: () => void;
}

export function SetupView({ agreement, participants, doc, onClose }: SetupViewProps) {
  const run = useRun(doc);
  return (
    <article className="setup" data-testid="setup" aria-labelledby="setup-title">
      <header className="setup-head">
        <div>
          <h1 id="setup-title">Opsætning af aftalen</h1>
          <p className="muted">Ændringer gemmes med det samme, står i dit navn og synkroniseres til de andre.</p>
        </div>
        <button type="button" className="button button-quiet" data-testid="close-setup" onClick={onClose}>
          Tilbage til teksten
        </button>
      </header>
      {!doc ? (
        <p className="muted" aria-busy="true">
          Aftalens struktur indlæses …
        </p>
      ) : (
        <>
          <nav className="setup-toc" aria-label="Opsætningens dele">
            {(
              [
                ['setup-facts', 'Aftalen'],
                ['setup-themegroups', 'Temagrupper'],
                ['setup-sections', 'Afsnit'],
                ['setup-areas', 'Områder'],
              ] as const
            ).map(([testId, label]) => (
              <button
                key={testId}
                type="button"
                className="button button-quiet"
                onClick={() => document.querySelector(`[data-testid=${testId}]`)?.scrollIntoView({ block: 'start' })}
              >
                {label}
              </button>
            ))}
          </nav>
          <AgreementFactsForm agreement={agreement} run={run} />
          <ThemeGroupsList agreement={agreement} participants={participants} run={run} />
          <SectionsList agreement={agreement} run={run} />
          <AreasList agreement={agreement} run={run} />
        </>
      )}
    </article>
  );
}
