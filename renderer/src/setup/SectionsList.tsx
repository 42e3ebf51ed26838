// The sections in the setup screen, part by part in reading order with their numbers (from
// sectionNumbers, the one source): add, and for each section move up or down within its part,
// *Ret* (title, part, theme group, level, parties), *Krav* (the requirements of the executive order
// it meets, for the reading guide), *Arkivér*. Archived sections are listed under
// *Arkiveret* with *Gendan*; their text stays in their documents meanwhile.
import { useState, type FormEvent } from 'react';
import type { Agreement, Section } from '../../../shared/domain/agreement.ts';
import { levelLabel, partLabel, partOrder } from '../../../shared/domain/labels.ts';
import { randomId } from '../../../shared/domain/ids.ts';
import { sectionNumbers, sectionsOfPart } from '../../../shared/structure/structureDoc.ts';
import {
  addSection,
  moveSection,
  renameSection,
  setSectionArchived,
  setSectionLevelAndParties,
  setSectionPart,
  setSectionThemeGroup,
} from '../../../shared/structure/sections.ts';
import { ChangedNote } from './ChangedNote.tsx';
import { MoveButtons } from './MoveButtons.tsx';
import { SectionFields, sectionErrors, type SectionErrors, type SectionValues } from './SectionFields.tsx';
import { requirementsSummary, SectionRequirements } from './SectionRequirements.tsx';
import type { Run } from './command.ts';

const valuesOf = (s: Section): SectionValues => ({ title: s.title, part: s.part, themeGroupId: s.themeGroupId ?? '', level: s.level, partyIds: s.partyIds });

export function SectionsList({ agreement, run }: { agreement: Agreement; run: Run }) {
  const numbers = sectionNumbers(agreement);
  const archived = agreement.sections.filter((s) => s.archived);
  const [editing, setEditing] = useState<string | null>(null);
  const [linking, setLinking] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const groupName = new Map(agreement.themeGroups.map((g) => [g.id, g.name]));
  const partyName = new Map(agreement.parties.map((p) => [p.id, p.name]));

  const act = (id: string, write: Parameters<Run>[0]) => {
    const problem = run(write);
    setRowError(problem ? { id, message: problem } : null);
  };
  const meta = (s: Section) =>
    [
      s.themeGroupId ? (groupName.get(s.themeGroupId) ?? 'Ukendt temagruppe') : 'Ingen temagruppe',
      levelLabel[s.level],
      ...(s.partyIds.length ? [s.partyIds.map((id) => partyName.get(id) ?? id).join(', ')] : []),
      ...(requirementsSummary(s) ? [requirementsSummary(s)] : []),
    ].join(' · ');
  const errorRow = (id: string) =>
    rowError?.id === id && (
      <p className="form-error" role="alert">
        {rowError.message}
      </p>
    );

  return (
    <section className="setup-card" aria-labelledby="setup-sections-title" data-testid="setup-sections">
      <header className="setup-card-head">
        <h2 id="setup-sections-title">Afsnit</h2>
        <span className="muted">{agreement.sections.length - archived.length} afsnit</span>
      </header>
      <AddSection agreement={agreement} run={run} />
      {partOrder.map((part) => {
        const sections = sectionsOfPart(agreement, part);
        if (sections.length === 0) return null;
        return (
          <div key={part} className="setup-part" data-testid={`setup-part-${part}`}>
            <h3>{partLabel[part]}</h3>
            <ol className="setup-list">
              {sections.map((s, index) => (
                <li key={s.id} className="setup-row" data-testid={`setup-section-${s.id}`}>
                  <div className="setup-row-main">
                    <span className="setup-row-number">{numbers.get(s.id)}</span>
                    <div className="setup-row-text">
                      <span className="setup-row-title">{s.title}</span>
                      <span className="setup-row-meta">{meta(s)}</span>
                      <ChangedNote entity={s} />
                    </div>
                    <span className="setup-row-actions">
                      <MoveButtons
                        label={s.title}
                        index={index}
                        count={sections.length}
                        testId={`section-${s.id}`}
                        onMove={(to) => act(s.id, (doc, change) => moveSection(doc, s.id, to, change))}
                      />
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-expanded={editing === s.id}
                        data-testid={`edit-section-${s.id}`}
                        onClick={() => setEditing(editing === s.id ? null : s.id)}
                      >
                        {editing === s.id ? 'Luk' : 'Ret'}
                      </button>
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-expanded={linking === s.id}
                        data-testid={`link-requirements-${s.id}`}
                        title="Hvilke krav i bekendtgørelsen afsnittet opfylder (til læsevejledningen)"
                        onClick={() => setLinking(linking === s.id ? null : s.id)}
                      >
                        {linking === s.id ? 'Luk krav' : 'Krav'}
                      </button>
                      <button
                        type="button"
                        className="button button-quiet"
                        data-testid={`archive-section-${s.id}`}
                        title="Afsnittet forsvinder fra indholdsfortegnelsen og overblikket; teksten bevares, og det kan gendannes"
                        onClick={() => act(s.id, (doc, change) => setSectionArchived(doc, s.id, true, change))}
                      >
                        Arkivér
                      </button>
                    </span>
                  </div>
                  {errorRow(s.id)}
                  {linking === s.id && <SectionRequirements section={s} run={run} onError={(message) => setRowError(message ? { id: s.id, message } : null)} />}
                  {editing === s.id && <SectionEditor key={s.id} agreement={agreement} section={s} run={run} onDone={() => setEditing(null)} />}
                </li>
              ))}
            </ol>
          </div>
        );
      })}
      {archived.length > 0 && (
        <div className="setup-archived" data-testid="archived-sections">
          <h3>Arkiveret</h3>
          <p className="muted">Arkiverede afsnit vises ikke i indholdsfortegnelsen eller overblikket. Teksten er bevaret og kommer tilbage med afsnittet.</p>
          <ul className="setup-list">
            {archived.map((s) => (
              <li key={s.id} className="setup-row is-archived" data-testid={`archived-section-${s.id}`}>
                <div className="setup-row-main">
                  <div className="setup-row-text">
                    <span className="setup-row-title">{s.title}</span>
                    <span className="setup-row-meta">
                      {partLabel[s.part]} · {meta(s)}
                    </span>
                    <ChangedNote entity={s} />
                  </div>
                  <span className="setup-row-actions">
                    <button
                      type="button"
                      className="button button-quiet"
                      data-testid={`restore-section-${s.id}`}
                      onClick={() => act(s.id, (doc, change) => setSectionArchived(doc, s.id, false, change))}
                    >
                      Gendan
                    </button>
                  </span>
                </div>
                {errorRow(s.id)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function AddSection({ agreement, run }: { agreement: Agreement; run: Run }) {
  const empty: SectionValues = { title: '', part: 'politisk', themeGroupId: '', level: 'generel', partyIds: [] };
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<SectionErrors & { form?: string }>({});
  const [added, setAdded] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = sectionErrors(agreement, values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const problem = run((doc, change) =>
      addSection(
        doc,
        {
          id: randomId('s-'),
          title: values.title,
          part: values.part,
          level: values.level,
          themeGroupId: values.themeGroupId || null,
          partyIds: values.level === 'generel' ? [] : values.partyIds,
        },
        change,
      ),
    );
    if (problem) {
      setErrors({ form: problem });
      return;
    }
    setAdded(values.title.trim());
    setValues({ ...empty, part: values.part, themeGroupId: values.themeGroupId });
    setOpen(false);
  };

  if (!open) {
    return (
      <div className="setup-add-bar">
        <button type="button" className="button button-primary" data-testid="new-section" onClick={() => {
            setOpen(true);
            setAdded(null);
          }}>
          + Nyt afsnit
        </button>
        {added && (
          <p className="form-notice setup-add-message" role="status">
            Afsnittet «{added}» er tilføjet.
          </p>
        )}
      </div>
    );
  }
  return (
    <form className="setup-editor setup-new-section" onSubmit={submit} noValidate data-testid="add-section-form">
      <h3>Nyt afsnit</h3>
      <SectionFields agreement={agreement} idPrefix="new-section" values={values} errors={errors} onChange={setValues} autoFocus />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="setup-actions">
        <button type="submit" className="button button-primary" data-testid="add-section">
          Tilføj afsnit
        </button>
        <button type="button" className="button button-quiet" onClick={() => {
            setOpen(false);
            setErrors({});
          }}>
          Annullér
        </button>
      </div>
    </form>
  );
}

function SectionEditor({ agreement, section, run, onDone }: { agreement: Agreement; section: Section; run: Run; onDone: () => void }) {
  const [values, setValues] = useState(() => valuesOf(section));
  const [errors, setErrors] = useState<SectionErrors & { form?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = sectionErrors(agreement, values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const partyIds = values.level === 'generel' ? [] : values.partyIds;
    const problem = run((doc, change) => {
      if (values.title.trim() !== section.title) renameSection(doc, section.id, values.title, change);
      if ((values.themeGroupId || null) !== section.themeGroupId) setSectionThemeGroup(doc, section.id, values.themeGroupId || null, change);
      if (values.part !== section.part) setSectionPart(doc, section.id, values.part, change);
      if (values.level !== section.level || partyIds.join() !== section.partyIds.join()) setSectionLevelAndParties(doc, section.id, values.level, partyIds, change);
    });
    if (problem) setErrors({ form: problem });
    else onDone();
  };

  return (
    <form className="setup-editor" onSubmit={submit} noValidate data-testid={`section-editor-${section.id}`}>
      <SectionFields agreement={agreement} idPrefix={`section-${section.id}`} values={values} errors={errors} onChange={setValues} autoFocus />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="setup-actions">
        <button type="submit" className="button button-primary" data-testid={`save-section-${section.id}`}>
          Gem afsnit
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Annullér
        </button>
      </div>
    </form>
  );
}
