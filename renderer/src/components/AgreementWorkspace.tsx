// One open agreement: its navigator on the left and, on the right, the selected section's editor,
// the disputes overview, or the setup screen (*Opsætning*, the secretariat's). Archived sections are
// not shown: the navigator and the numbers leave them out, and one that was open (or is archived
// while open) gives way to the first section.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { partOrder } from '../../../shared/domain/labels.ts';
import { activeSections, sectionNumbers, sectionsOfPart } from '../../../shared/structure/structureDoc.ts';
import { useAgreement, useStoredState } from '../hooks.ts';
import { Navigator } from './Navigator.tsx';
import { SectionView, type ClauseFocus } from '../editor/SectionView.tsx';
import { DisputesOverview } from './DisputesOverview.tsx';
import { SetupView } from '../setup/SetupView.tsx';
import { useAgreementIdentity, useDirectory } from '../identity/useDirectory.ts';
import { ExportDialog } from '../export/ExportDialog.tsx';
import type { PrintScope } from '../../../shared/print/model.ts';

function firstSection(agreement: Agreement): string | null {
  for (const part of partOrder) {
    const first = sectionsOfPart(agreement, part)[0];
    if (first) return first.id;
  }
  return null;
}

export interface AgreementWorkspaceProps {
  agreementId: string;
  /** Show the setup screen instead of a section (only ever true for the secretariat). */
  setupOpen?: boolean;
  onCloseSetup?: () => void;
  /** Changes each time *Eksportér …* in the top bar is chosen (0: never). */
  exportRequest?: number;
}

export function AgreementWorkspace({ agreementId, setupOpen = false, onCloseSetup = () => {}, exportRequest = 0 }: AgreementWorkspaceProps) {
  const { agreement, participants, doc, synced, error, damaged } = useAgreement(agreementId);
  const [storedSectionId, setSectionId] = useStoredState(`enighed.section.${agreementId}`);
  const [overviewOpen, setOverviewOpen] = useState(false);
  const [focus, setFocus] = useState<ClauseFocus | null>(null);
  const [exportScope, setExportScope] = useState<PrintScope | null>(null);
  // Opens on a new request only, not for one made before this agreement was opened.
  const seenRequest = useRef(exportRequest);
  useEffect(() => {
    if (exportRequest === seenRequest.current) return;
    seenRequest.current = exportRequest;
    setExportScope({ kind: 'agreement' });
  }, [exportRequest]);
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

  const visible = activeSections(agreement);
  const section = visible.find((s) => s.id === storedSectionId) ?? visible.find((s) => s.id === firstSection(agreement));
  // The section last opened here has been archived (perhaps while open, on another machine).
  const archivedOpen = agreement.sections.find((s) => s.id === storedSectionId && s.archived);

  return (
    <div className="workspace">
      <aside className="sidebar">
        <Navigator
          agreement={agreement}
          numbers={numbers}
          selectedId={overviewOpen || setupOpen ? null : (section?.id ?? null)}
          onSelect={(id) => {
            onCloseSetup();
            setOverviewOpen(false);
            setFocus(null);
            setSectionId(id);
          }}
          overviewOpen={overviewOpen && !setupOpen}
          onOpenOverview={() => {
            onCloseSetup();
            setOverviewOpen(true);
          }}
          onExport={setExportScope}
        />
      </aside>
      {exportScope && (
        <ExportDialog
          agreement={agreement}
          initialScope={exportScope}
          onClose={() => setExportScope(null)}
          onOpenClause={(sectionId, clauseId) => {
            onCloseSetup();
            setOverviewOpen(false);
            setSectionId(sectionId);
            setFocus(clauseId ? { clauseId, nonce: Date.now() } : null);
          }}
        />
      )}
      <main className="editor-area">
        {damaged && (
          <p className="structure-damaged" role="alert" data-testid="structure-damaged">
            Aftalens struktur er delvist beskadiget; det, der kan læses, vises. {damaged}
          </p>
        )}
        {archivedOpen && !setupOpen && !overviewOpen && (
          <p className="banner section-archived-notice" role="status" data-testid="section-archived-notice">
            Afsnittet «{archivedOpen.title}» er arkiveret af sekretariatet og vises ikke længere. Teksten er bevaret, og afsnittet kan gendannes under
            Opsætning.
          </p>
        )}
        {setupOpen ? (
          <SetupView agreement={agreement} participants={participants} doc={doc} onClose={onCloseSetup} />
        ) : overviewOpen ? (
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
            participants={participants}
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
