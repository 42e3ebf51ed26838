// One open agreement: its navigator on the left and the selected section's editor on the right.
import { useMemo, useState } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { partOrder } from '../../../shared/domain/labels.ts';
import { sectionNumbers, sectionsOfPart } from '../../../shared/structure/structureDoc.ts';
import { useAgreement, useStoredState } from '../hooks.ts';
import { Navigator } from './Navigator.tsx';
import { SectionView, type ClauseFocus } from '../editor/SectionView.tsx';
import { DisputesOverview } from './DisputesOverview.tsx';
import { useAgreementIdentity, useDirectory } from '../identity/useDirectory.ts';

function firstSection(agreement: Agreement): string | null {
  for (const part of partOrder) {
    const first = sectionsOfPart(agreement, part)[0];
    if (first) return first.id;
  }
  return null;
}

export function AgreementWorkspace({ agreementId }: { agreementId: string }) {
  const { agreement, synced, error, damaged } = useAgreement(agreementId);
  const [storedSectionId, setSectionId] = useStoredState(`enighed.section.${agreementId}`);
  const [overviewOpen, setOverviewOpen] = useState(false);
  const [focus, setFocus] = useState<ClauseFocus | null>(null);
  const numbers = useMemo(() => (agreement ? sectionNumbers(agreement) : new Map<string, number>()), [agreement]);
  // Who is who: only positions that count under the directory count anywhere below.
  const identity = useAgreementIdentity(agreementId);
  const directory = useDirectory(agreementId, identity?.pinnedRootKey ?? null);

  if (!agreement || !identity || !directory) {
    return (
      <div className="workspace-loading" aria-busy="true">
        {error && !synced ? `Aftalen kunne ikke åbnes: ${error} Prøver igen …` : synced ? 'Aftalen er tom.' : 'Åbner aftalen …'}
      </div>
    );
  }

  const section = agreement.sections.find((s) => s.id === storedSectionId) ?? agreement.sections.find((s) => s.id === firstSection(agreement));

  return (
    <div className="workspace">
      <aside className="sidebar">
        <Navigator
          agreement={agreement}
          numbers={numbers}
          selectedId={overviewOpen ? null : (section?.id ?? null)}
          onSelect={(id) => {
            setOverviewOpen(false);
            setFocus(null);
            setSectionId(id);
          }}
          overviewOpen={overviewOpen}
          onOpenOverview={() => setOverviewOpen(true)}
        />
      </aside>
      <main className="editor-area">
        {damaged && (
          <p className="structure-damaged" role="alert" data-testid="structure-damaged">
            Aftalens struktur er delvist beskadiget; det, der kan læses, vises. {damaged}
          </p>
        )}
        {overviewOpen ? (
          <DisputesOverview
            agreement={agreement}
            directory={directory}
            onClose={() => setOverviewOpen(false)}
            onOpenClause={(sectionId, clauseId) => {
              setSectionId(sectionId);
              setFocus({ clauseId, nonce: Date.now() });
              setOverviewOpen(false);
            }}
          />
        ) : section ? (
          <SectionView
            key={section.id}
            agreement={agreement}
            section={section}
            sectionNumber={numbers.get(section.id) ?? null}
            focus={focus}
            directory={directory}
            identity={identity}
          />
        ) : (
          <div className="empty-state">Aftalen har ingen afsnit endnu.</div>
        )}
      </main>
    </div>
  );
}
