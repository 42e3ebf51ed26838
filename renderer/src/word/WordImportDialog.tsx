// *Importér fra Word …*: choose a .docx of an earlier generation, see how it maps onto the agreement
// before anything is written (sections with their part, theme group and target, what each holds,
// what could not be mapped, tracked changes accepted or kept), adjust it, then create. The Node side
// reads the file on its Word worker thread (electron/word); nothing is written until *Opret*.
import { DocxFilePicker } from './DocxFilePicker.tsx';
import { useState } from 'react';
import type { TemplateInfo } from '../../../shared/api/contract.ts';
import type { WordImportPreview, WordImportTarget } from '../../../shared/api/wordContract.ts';
import { partLabel, partOrder } from '../../../shared/domain/labels.ts';
import type { Part } from '../../../shared/domain/agreement.ts';
import { notMappedLabels } from '../../../shared/word/docxModel.ts';
import { MAX_DOCX_BYTES } from '../../../shared/word/limits.ts';
import type { SectionChoice, TrackedChangesChoice } from '../../../shared/word/mapping.ts';
import { Modal } from '../components/Modal.tsx';
import { useServices } from '../services.ts';

export interface WordImportDialogProps {
  templates: TemplateInfo[];
  /** The open agreement, whose empty sections the import may fill instead; null when none is open. */
  openAgreement: { id: string; title: string } | null;
  onCancel: () => void;
  onImported: (agreementId: string) => Promise<void>;
}

const NEW_SECTION = '__new';

/** "1 klausul", "3 klausuler". */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
const NO_GROUP = '__none';

export function WordImportDialog({ templates, openAgreement, onCancel, onImported }: WordImportDialogProps) {
  const { api } = useServices();
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [targetKind, setTargetKind] = useState<'new' | 'existing'>('new');
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? '');
  const [trackedChanges, setTrackedChanges] = useState<TrackedChangesChoice>('accept');
  const [preview, setPreview] = useState<WordImportPreview | null>(null);
  const [choices, setChoices] = useState<SectionChoice[]>([]);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState<null | 'reading' | 'writing'>(null);
  const [error, setError] = useState<string | null>(null);

  const target = (kind = targetKind, template = templateId): WordImportTarget =>
    kind === 'existing' && openAgreement ? { kind: 'existing', agreementId: openAgreement.id } : { kind: 'new', templateId: template };

  /** Reads the file; `keep`: the user's choices so far stay where the sections are the same (only
   *  the tracked-changes choice changed). */
  const read = async (bytes: Uint8Array, t: WordImportTarget, changes: TrackedChangesChoice, keep = false) => {
    setBusy('reading');
    setError(null);
    try {
      const result = await api.previewWordImport({ bytes, target: t, trackedChanges: changes });
      setPreview(result);
      const fresh = result.plan.sections.map(({ index, title: s, part, themeGroupId, targetSectionId }) => ({ index, title: s, part, themeGroupId, targetSectionId }));
      setChoices((before) => (keep ? fresh.map((c) => before.find((b) => b.index === c.index && b.title === c.title) ?? c) : fresh));
      if (!keep) setTitle(result.plan.title ?? result.agreementTitle);
    } catch (e) {
      setPreview(null);
      setError(e instanceof Error ? e.message : 'Word-filen kunne ikke læses.');
    } finally {
      setBusy(null);
    }
  };

  const chooseFile = async (chosen: File) => {
    if (chosen.size > MAX_DOCX_BYTES) {
      setError(`Word-filen er større end ${MAX_DOCX_BYTES / 1024 / 1024} MB.`);
      return;
    }
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    setFile({ name: chosen.name, bytes });
    await read(bytes, target(), trackedChanges);
  };

  /** Options that change the mapping read the file again (nothing is written). */
  const reread = (kind: 'new' | 'existing', template: string, changes: TrackedChangesChoice) => {
    const sameTarget = kind === targetKind && template === templateId;
    setTargetKind(kind);
    setTemplateId(template);
    setTrackedChanges(changes);
    if (file) void read(file.bytes, target(kind, template), changes, sameTarget);
  };

  const update = (index: number, change: Partial<SectionChoice>) =>
    setChoices((list) => list.map((c) => (c.index === index ? { ...c, ...change } : c)));

  const create = async () => {
    if (!file || !preview) return;
    setBusy('writing');
    setError(null);
    try {
      const t = target();
      const result = await api.applyWordImport({
        bytes: file.bytes,
        target: t,
        trackedChanges,
        ...(t.kind === 'new' ? { title: title.trim() } : {}),
        choices,
      });
      await onImported(result.agreementId);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Importen mislykkedes.');
      setBusy(null);
    }
  };

  const structure = preview?.structure;
  const groupName = new Map(structure?.themeGroups.map((g) => [g.id, g.name]));
  const plan = preview?.plan;
  const titleProblem = targetKind === 'new' && preview && !title.trim() ? 'Skriv aftalens titel.' : null;

  return (
    <Modal title="Importér fra Word" onCancel={busy ? undefined : onCancel} testId="word-import" className="word-import-dialog">
      <p className="modal-lead">
        Indlæs en tidligere generations sundhedsaftale fra en Word-fil (.docx). Du ser, hvordan den fordeles på afsnit, før noget
        bliver gemt.
      </p>
      <div className="word-import-options">
        <fieldset>
          <legend>Til</legend>
          <label className="radio">
            <input type="radio" name="word-target" checked={targetKind === 'new'} disabled={busy !== null} onChange={() => reread('new', templateId, trackedChanges)} />
            <span>Ny aftale ud fra skabelonen</span>
          </label>
          <select aria-label="Skabelon" value={templateId} disabled={busy !== null || targetKind !== 'new'} onChange={(e) => reread('new', e.target.value, trackedChanges)}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
          {openAgreement && (
            <label className="radio">
              <input type="radio" name="word-target" checked={targetKind === 'existing'} disabled={busy !== null} onChange={() => reread('existing', templateId, trackedChanges)} />
              <span>Tomme afsnit i «{openAgreement.title}»</span>
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>Registrerede ændringer i Word</legend>
          <label className="radio">
            <input type="radio" name="word-changes" checked={trackedChanges === 'accept'} disabled={busy !== null} onChange={() => reread(targetKind, templateId, 'accept')} />
            <span>Godkend dem (teksten som den står efter ændringerne)</span>
          </label>
          <label className="radio">
            <input type="radio" name="word-changes" checked={trackedChanges === 'keep'} disabled={busy !== null} onChange={() => reread(targetKind, templateId, 'keep')} />
            <span>Behold dem som ændringsforslag med Word-forfatteren</span>
          </label>
        </fieldset>
      </div>
      <DocxFilePicker testIdPrefix="word-import" file={file} disabled={busy !== null} onChoose={(chosen) => void chooseFile(chosen)} />
      {busy && (
        <div className="bundle-progress" role="status" data-testid="word-import-progress">
          <span>{busy === 'reading' ? 'Læser Word-filen …' : 'Opretter afsnit og klausuler …'}</span>
          <progress aria-label={busy === 'reading' ? 'Læser Word-filen' : 'Opretter'} />
        </div>
      )}
      {plan && structure && (
        <div className="word-import-plan" data-testid="word-import-plan">
          {targetKind === 'new' && (
            <div className="field">
              <label htmlFor="word-import-agreement-title">Aftalens titel</label>
              <input id="word-import-agreement-title" type="text" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} aria-invalid={titleProblem ? true : undefined} />
            </div>
          )}
          <p className="word-import-totals" data-testid="word-import-totals">
            {[
              `${plan.sections.length} afsnit`,
              count(plan.totals.clauses, 'klausul', 'klausuler'),
              count(plan.totals.lists, 'liste', 'lister'),
              count(plan.totals.tables, 'tabel', 'tabeller'),
              `${plan.totals.subgoals} delmål`,
            ].join(' · ')}
            {plan.trackedChanges.insertions + plan.trackedChanges.deletions > 0 &&
              ` · ${count(plan.trackedChanges.insertions, 'indsættelse', 'indsættelser')} og ${count(plan.trackedChanges.deletions, 'sletning', 'sletninger')} af ${plan.trackedChanges.authors.join(', ')}`}
          </p>
          <table className="word-import-sections">
            <thead>
              <tr>
                <th scope="col">Overskrift i Word</th>
                <th scope="col">Del</th>
                <th scope="col">Temagruppe</th>
                <th scope="col">Afsnit i Enighed</th>
                <th scope="col">Indhold</th>
              </tr>
            </thead>
            <tbody>
              {plan.sections.map((s) => {
                const choice = choices.find((c) => c.index === s.index)!;
                const inPart = structure.sections.filter((t) => t.part === choice.part);
                return (
                  <tr key={s.index} data-testid="word-import-section">
                    <td>{s.title}</td>
                    <td>
                      <select
                        aria-label={`Del for ${s.title}`}
                        value={choice.part}
                        onChange={(e) => update(s.index, { part: e.target.value as Part, targetSectionId: null })}
                      >
                        {partOrder.map((p) => (
                          <option key={p} value={p}>
                            {partLabel[p]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select
                        aria-label={`Temagruppe for ${s.title}`}
                        value={choice.themeGroupId ?? NO_GROUP}
                        disabled={choice.targetSectionId !== null}
                        onChange={(e) => update(s.index, { themeGroupId: e.target.value === NO_GROUP ? null : e.target.value })}
                      >
                        <option value={NO_GROUP}>Ingen temagruppe</option>
                        {structure.themeGroups.map((g) => (
                          <option key={g.id} value={g.id}>
                            {g.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select
                        aria-label={`Afsnit for ${s.title}`}
                        value={choice.targetSectionId ?? NEW_SECTION}
                        onChange={(e) => {
                          const id = e.target.value === NEW_SECTION ? null : e.target.value;
                          const section = structure.sections.find((t) => t.id === id);
                          update(s.index, { targetSectionId: id, ...(section ? { themeGroupId: section.themeGroupId } : {}) });
                        }}
                      >
                        <option value={NEW_SECTION}>Nyt afsnit «{s.title}»</option>
                        {inPart.map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.title}
                            {t.themeGroupId && groupName.get(t.themeGroupId) !== t.title ? ` (${groupName.get(t.themeGroupId)})` : ''}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="word-import-counts">
                      {[
                        count(s.counts.clauses, 'klausul', 'klausuler'),
                        s.counts.lists > 0 && count(s.counts.lists, 'liste', 'lister'),
                        s.counts.tables > 0 && count(s.counts.tables, 'tabel', 'tabeller'),
                        s.counts.subgoals > 0 && `${s.counts.subgoals} delmål`,
                        s.counts.headings > 0 && count(s.counts.headings, 'mellemrubrik', 'mellemrubrikker'),
                      ]
                        .filter(Boolean)
                        .join(', ')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <section className="word-import-unmapped" data-testid="word-import-unmapped" aria-label="Ikke overført">
            <h3>Ikke overført</h3>
            {plan.notMapped.length === 0 ? (
              <p className="muted">Alt i filen har en plads i Enighed.</p>
            ) : (
              <ul>
                {plan.notMapped.map((n) => (
                  <li key={n.kind}>
                    <strong>{notMappedLabels[n.kind]}</strong> ({n.count})
                    {n.samples.length > 0 && <span className="muted">: {n.samples.map((x) => `«${x}»`).join(', ')}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="word-import-error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" disabled={busy !== null} onClick={onCancel}>
          Annuller
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="word-import-create"
          disabled={busy !== null || !plan || plan.sections.length === 0 || titleProblem !== null}
          onClick={() => void create()}
        >
          {targetKind === 'new' ? 'Opret aftale' : 'Udfyld afsnit'}
        </button>
      </div>
    </Modal>
  );
}
