// *Eksportér …*: one dialog for every export of the agreement (høringsversion, endelig version,
// forhandlingsudkast, læsevejledning, uenighedsrapport) as Word or PDF, of the whole agreement, a part, a theme
// group or a section. The work runs on the Node side (exportDocument); its progress events drive the
// bar. A final version with clauses that are not agreed is never made silently: the dialog lists
// them (a click opens each) and offers to cancel or to export with each marked and UDKAST in the
// header. Where the file goes: in the app the Node side asks with the save dialog and writes it;
// in the browser test host the window downloads the bytes (outcome.ts decides which).
import { useEffect, useState } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { partLabel, partOrder } from '../../../shared/domain/labels.ts';
import { exportKindLabel, ExportKind, type ExportFormat } from '../../../shared/print/kinds.ts';
import type { PrintScope } from '../../../shared/print/model.ts';
import type { UnagreedClause } from '../../../shared/print/walk.ts';
import { activeThemeGroups, sectionNumbers, sectionsOfPart } from '../../../shared/structure/structureDoc.ts';
import { downloadBytes } from '../lib/download.ts';
import { exportOutcome } from './outcome.ts';
import { useServices } from '../services.ts';
import { Modal } from '../components/Modal.tsx';

export interface ExportDialogProps {
  agreement: Agreement;
  initialScope: PrintScope;
  onClose: () => void;
  onOpenClause: (sectionId: string, clauseId: string | null) => void;
}

type Phase =
  | { kind: 'choose' }
  | { kind: 'busy'; stage: string; percent: number }
  | { kind: 'gate'; clauses: UnagreedClause[] }
  | { kind: 'done'; text: string }
  | { kind: 'cancelled'; text: string }
  | { kind: 'error'; text: string };

const kindHelp: Record<ExportKind, string> = {
  horing: 'Ren tekst til høringsparterne.',
  endelig: 'Den vedtagne tekst. Kræver enighed om alle klausuler – ellers vises de, der mangler.',
  forhandling: 'Til et bilateralt møde: standpunkter og kommentarer som Word-kommentarer, forslag som registrerede ændringer.',
  laesevejledning: 'Til Sundhedsstyrelsen: hvor i aftalen hvert krav i bekendtgørelsen er opfyldt (sekretariatets koblinger i Opsætning).',
  uenighed: 'Til SSG: alle klausuler med uenighed eller ændret efter enighed, med begge standpunkter.',
};

function scopeKey(scope: PrintScope): string {
  switch (scope.kind) {
    case 'agreement':
      return 'agreement';
    case 'part':
      return `part:${scope.part}`;
    case 'themeGroup':
      return `group:${scope.themeGroupId}`;
    case 'section':
      return `section:${scope.sectionId}`;
  }
}

function scopeOf(key: string): PrintScope {
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (key === 'agreement') return { kind: 'agreement' };
  if (kind === 'part') return { kind: 'part', part: id as (typeof partOrder)[number] };
  if (kind === 'group') return { kind: 'themeGroup', themeGroupId: id };
  return { kind: 'section', sectionId: id };
}

export function ExportDialog({ agreement, initialScope, onClose, onOpenClause }: ExportDialogProps) {
  const { api } = useServices();
  const [kind, setKind] = useState<ExportKind>(initialScope.kind === 'section' || initialScope.kind === 'themeGroup' ? 'forhandling' : 'horing');
  const [format, setFormat] = useState<ExportFormat>('docx');
  const [scope, setScope] = useState(scopeKey(initialScope));
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });
  const [includeInternal, setIncludeInternal] = useState(false);
  const numbers = sectionNumbers(agreement);

  useEffect(
    () =>
      api.onEvent('exportProgress', (p) => {
        if (p.agreementId !== agreement.id) return;
        setPhase((now) => (now.kind === 'busy' ? { kind: 'busy', stage: p.stage, percent: p.percent } : now));
      }),
    [api, agreement.id],
  );

  const run = async (unagreed: 'refuse' | 'mark') => {
    setPhase({ kind: 'busy', stage: 'Forbereder …', percent: 2 });
    try {
      const outcome = exportOutcome(await api.exportDocument({ agreementId: agreement.id, kind, format, scope: scopeOf(scope), unagreed, includeInternal: kind === 'forhandling' && includeInternal }));
      if (outcome.kind === 'gate') {
        setPhase({ kind: 'gate', clauses: outcome.clauses });
        return;
      }
      if (outcome.kind === 'done' && outcome.download) downloadBytes(outcome.download.bytes, outcome.download.fileName);
      setPhase({ kind: outcome.kind, text: outcome.text });
    } catch (e) {
      setPhase({ kind: 'error', text: e instanceof Error ? e.message : 'Eksporten mislykkedes.' });
    }
  };

  const busy = phase.kind === 'busy';
  return (
    <Modal title="Eksportér" onCancel={busy ? undefined : onClose} testId="export-dialog" className="export-dialog">
      {phase.kind === 'gate' ? (
        <div data-testid="export-gate">
          <p className="modal-lead" role="alert">
            {phase.clauses.length === 1 ? 'Én klausul er' : `${phase.clauses.length} klausuler er`} ikke endeligt aftalt. En endelig version
            laves ikke med uafklaret tekst uden at det står i dokumentet.
          </p>
          <ul className="export-gate-list" data-testid="export-gate-list">
            {phase.clauses.slice(0, 200).map((c) => (
              <li key={`${c.sectionId}/${c.clauseId ?? c.number}`}>
                <button
                  type="button"
                  className="export-gate-clause"
                  title="Åbn klausulen"
                  onClick={() => {
                    onOpenClause(c.sectionId, c.clauseId);
                    onClose();
                  }}
                >
                  <span className="export-gate-number">{c.reference}</span>
                  <span className="export-gate-title">{c.title}</span>
                  <span className={`status-chip status-${c.status}`}>{c.statusLabel}</span>
                </button>
              </li>
            ))}
            {phase.clauses.length > 200 && <li>… og {phase.clauses.length - 200} flere.</li>}
          </ul>
          <div className="modal-actions">
            <button type="button" className="button" data-testid="export-gate-cancel" onClick={() => setPhase({ kind: 'choose' })}>
              Annullér
            </button>
            <button type="button" className="button button-primary" data-testid="export-gate-mark" onClick={() => void run('mark')}>
              Eksportér med markeringer og UDKAST
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run('refuse');
          }}
        >
          <fieldset className="export-kinds" disabled={busy}>
            <legend>Dokument</legend>
            {ExportKind.options.map((k) => (
              <label key={k} className="export-kind">
                <input type="radio" name="export-kind" value={k} checked={kind === k} data-testid={`export-kind-${k}`} onChange={() => setKind(k)} />
                <span>
                  <strong>{exportKindLabel[k]}</strong>
                  <span className="export-kind-help">{kindHelp[k]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="field-row">
            <div className="field">
              <label htmlFor="export-scope">Omfang</label>
              <select id="export-scope" data-testid="export-scope" value={scope} disabled={busy} onChange={(e) => setScope(e.target.value)}>
                <option value="agreement">Hele aftalen</option>
                <optgroup label="Del">
                  {partOrder
                    .filter((p) => sectionsOfPart(agreement, p).length > 0)
                    .map((p) => (
                      <option key={p} value={`part:${p}`}>
                        {partLabel[p]}
                      </option>
                    ))}
                </optgroup>
                <optgroup label="Temagruppe">
                  {activeThemeGroups(agreement).map((g) => (
                    <option key={g.id} value={`group:${g.id}`}>
                      {g.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Afsnit">
                  {partOrder.flatMap((p) =>
                    sectionsOfPart(agreement, p).map((s) => (
                      <option key={s.id} value={`section:${s.id}`}>
                        {`${partLabel[p]} ${numbers.get(s.id) ?? ''}. ${s.title}`}
                      </option>
                    )),
                  )}
                </optgroup>
              </select>
            </div>
            <div className="field">
              <label htmlFor="export-format">Format</label>
              <select id="export-format" data-testid="export-format" value={format} disabled={busy} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
                <option value="docx">Word (.docx)</option>
                <option value="pdf">PDF</option>
              </select>
            </div>
          </div>
          {kind === 'forhandling' && (
            <label className="export-internal">
              <input type="checkbox" checked={includeInternal} disabled={busy} data-testid="export-include-internal" onChange={(e) => setIncludeInternal(e.target.checked)} />
              Medtag vores interne kommentarer (kun din egen sides; de andre ser dem ikke i appen)
            </label>
          )}
          {busy && (
            <div className="export-progress" role="status" data-testid="export-progress">
              <span>{phase.stage}</span>
              <progress max={100} value={phase.percent} aria-label={phase.stage} />
            </div>
          )}
          {phase.kind === 'done' && (
            <p className="form-ok" role="status" data-testid="export-message">
              {phase.text}
            </p>
          )}
          {phase.kind === 'cancelled' && (
            <p className="form-notice" role="status" data-testid="export-message">
              {phase.text}
            </p>
          )}
          {phase.kind === 'error' && (
            <p className="form-error" role="alert" data-testid="export-message">
              {phase.text}
            </p>
          )}
          <div className="modal-actions">
            <button type="button" className="button" disabled={busy} onClick={onClose}>
              Luk
            </button>
            <button type="submit" className="button button-primary" data-testid="export-start" disabled={busy} data-autofocus>
              {busy ? 'Eksporterer …' : 'Eksportér'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
