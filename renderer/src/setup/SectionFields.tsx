// The fields of a section in the setup screen, shared by *Nyt afsnit* and *Ret afsnit*: title,
// part, theme group, level, and — for a cluster or local agreement — its municipalities.
import type { Agreement, Level, Part } from '../../../shared/domain/agreement.ts';
import { partLabel, partOrder } from '../../../shared/domain/labels.ts';
import { activeThemeGroups } from '../../../shared/structure/structureDoc.ts';
import { partiesProblem } from '../../../shared/structure/sections.ts';
import { nameProblem } from '../../../shared/structure/validation.ts';

export interface SectionValues {
  title: string;
  part: Part;
  themeGroupId: string;
  level: Level;
  partyIds: string[];
}

export type SectionErrors = Partial<Record<'title' | 'parties', string>>;

/** The problems of `values` (Danish), by field; empty when they can be saved. */
export function sectionErrors(agreement: Agreement, values: SectionValues): SectionErrors {
  const municipalities = new Set(agreement.parties.filter((p) => p.kind === 'kommune').map((p) => p.id));
  const found: SectionErrors = {};
  const title = nameProblem(values.title, 'afsnittets titel');
  if (title) found.title = title;
  const parties = partiesProblem(values.level, values.level === 'generel' ? [] : values.partyIds, municipalities);
  if (parties) found.parties = parties;
  return found;
}

interface SectionFieldsProps {
  agreement: Agreement;
  idPrefix: string;
  values: SectionValues;
  errors: SectionErrors;
  onChange: (values: SectionValues) => void;
  autoFocus?: boolean;
}

export function SectionFields({ agreement, idPrefix, values, errors, onChange, autoFocus }: SectionFieldsProps) {
  const set = <K extends keyof SectionValues>(key: K, value: SectionValues[K]) => onChange({ ...values, [key]: value });
  const municipalities = agreement.parties.filter((p) => p.kind === 'kommune');
  const groups = activeThemeGroups(agreement);
  const current = agreement.themeGroups.find((g) => g.id === values.themeGroupId);
  const id = (name: string) => `${idPrefix}-${name}`;
  const describedBy = (field: keyof SectionErrors) => (errors[field] ? id(`${field}-error`) : undefined);

  return (
    <>
      <div className="field">
        <label htmlFor={id('title')}>Titel</label>
        <input
          id={id('title')}
          name="title"
          type="text"
          value={values.title}
          autoFocus={autoFocus}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy('title')}
          onChange={(e) => set('title', e.target.value)}
        />
        {errors.title && (
          <p className="field-error" id={id('title-error')}>
            {errors.title}
          </p>
        )}
      </div>
      <div className="field-row setup-section-row">
        <div className="field">
          <label htmlFor={id('part')}>Del</label>
          <select id={id('part')} name="part" value={values.part} onChange={(e) => set('part', e.target.value as Part)}>
            {partOrder.map((part) => (
              <option key={part} value={part}>
                {partLabel[part]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('group')}>Temagruppe</label>
          <select id={id('group')} name="themeGroup" value={values.themeGroupId} onChange={(e) => set('themeGroupId', e.target.value)}>
            <option value="">Ingen temagruppe</option>
            {current?.archived && (
              <option value={current.id} disabled>
                {current.name} (arkiveret)
              </option>
            )}
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('level')}>Niveau</label>
          <select id={id('level')} name="level" value={values.level} onChange={(e) => set('level', e.target.value as Level)}>
            {(['generel', 'klynge', 'lokal'] as const).map((level) => (
              <option key={level} value={level}>
                {level === 'generel' ? 'Generel aftale' : level === 'klynge' ? 'Klyngeaftale' : 'Lokalaftale'}
              </option>
            ))}
          </select>
        </div>
      </div>
      {values.level === 'lokal' && (
        <div className="field">
          <label htmlFor={id('party')}>Kommune</label>
          <select
            id={id('party')}
            name="party"
            value={values.partyIds[0] ?? ''}
            aria-invalid={errors.parties ? true : undefined}
            aria-describedby={describedBy('parties')}
            onChange={(e) => set('partyIds', e.target.value ? [e.target.value] : [])}
          >
            <option value="">Vælg kommune …</option>
            {municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          {errors.parties && (
            <p className="field-error" id={id('parties-error')}>
              {errors.parties}
            </p>
          )}
        </div>
      )}
      {values.level === 'klynge' && (
        <fieldset className="field setup-parties" aria-describedby={describedBy('parties')}>
          <legend>Klyngens kommuner</legend>
          <div className="setup-party-grid">
            {municipalities.map((m) => (
              <label key={m.id} className="setup-party">
                <input
                  type="checkbox"
                  name="parties"
                  value={m.id}
                  checked={values.partyIds.includes(m.id)}
                  onChange={(e) => set('partyIds', e.target.checked ? [...values.partyIds, m.id] : values.partyIds.filter((p) => p !== m.id))}
                />
                {m.name}
              </label>
            ))}
          </div>
          {errors.parties && (
            <p className="field-error" id={id('parties-error')}>
              {errors.parties}
            </p>
          )}
        </fieldset>
      )}
    </>
  );
}
