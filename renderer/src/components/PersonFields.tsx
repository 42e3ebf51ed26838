// The four facts of a person — name, organisation, side, role — as form fields with their labels,
// validation messages and accessible error links. Shared by the local profile (ProfileDialog) and the
// secretariat's participant form (participants/ParticipantForm), which validate them the same way.
import { Role, Side } from '../../../shared/domain/agreement.ts';
import { roleLabel, sideLabel } from '../../../shared/domain/labels.ts';

export type PersonField = 'name' | 'organisation' | 'side' | 'role';

export interface PersonFieldsProps {
  /** Prefix of the inputs' ids (`<prefix>-name`, and `<prefix>-name-error` for its message). */
  idPrefix: string;
  values: Record<PersonField, string>;
  errors: Partial<Record<PersonField, string>>;
  onChange: (field: PersonField, value: string) => void;
  /** Offer the browser's own name and organisation (the person's own profile only). */
  autoComplete?: boolean;
}

export function PersonFields({ idPrefix, values, errors, onChange, autoComplete = false }: PersonFieldsProps) {
  const fieldProps = (field: PersonField) => ({
    id: `${idPrefix}-${field}`,
    name: field,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${idPrefix}-${field}-error` : undefined,
  });
  const errorOf = (field: PersonField) =>
    errors[field] ? (
      <p className="field-error" id={`${idPrefix}-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-name`}>Navn</label>
        <input
          {...fieldProps('name')}
          type="text"
          autoComplete={autoComplete ? 'name' : undefined}
          autoFocus
          value={values.name}
          onChange={(e) => onChange('name', e.target.value)}
        />
        {errorOf('name')}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-organisation`}>Organisation</label>
        <input
          {...fieldProps('organisation')}
          type="text"
          autoComplete={autoComplete ? 'organization' : undefined}
          placeholder="fx Hospitalsenhed Vest eller Silkeborg Kommune"
          value={values.organisation}
          onChange={(e) => onChange('organisation', e.target.value)}
        />
        {errorOf('organisation')}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${idPrefix}-side`}>Side</label>
          <select {...fieldProps('side')} value={values.side} onChange={(e) => onChange('side', e.target.value)}>
            <option value="" disabled>
              Vælg side …
            </option>
            {Side.options.map((side) => (
              <option key={side} value={side}>
                {sideLabel[side]}
              </option>
            ))}
          </select>
          {errorOf('side')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-role`}>Rolle</label>
          <select {...fieldProps('role')} value={values.role} onChange={(e) => onChange('role', e.target.value)}>
            <option value="" disabled>
              Vælg rolle …
            </option>
            {Role.options.map((role) => (
              <option key={role} value={role}>
                {roleLabel[role]}
              </option>
            ))}
          </select>
          {errorOf('role')}
        </div>
      </div>
    </>
  );
}
