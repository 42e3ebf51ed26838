// Add or edit one participant: name, organisation, side, role and theme groups. Validated here for
// the user's sake and again by the contract (zod) in the main process, which signs the entry.
import { useState, type FormEvent } from 'react';
import { Role, Side, type ThemeGroup } from '../../../shared/domain/agreement.ts';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { useServices } from '../services.ts';
import { Modal } from '../components/Modal.tsx';
import { PersonFields } from '../components/PersonFields.tsx';

type Field = 'name' | 'organisation' | 'side' | 'role' | 'themeGroupIds';

export interface ParticipantFormProps {
  agreementId: string;
  themeGroups: ThemeGroup[];
  /** The entry being edited; null for a new participant. */
  editing: ParticipantEntry | null;
  onCancel: () => void;
  onSaved: (participantId: string) => void;
}

export function ParticipantForm({ agreementId, themeGroups, editing, onCancel, onSaved }: ParticipantFormProps) {
  const { api } = useServices();
  const [values, setValues] = useState({
    name: editing?.name ?? '',
    organisation: editing?.organisation ?? '',
    side: editing?.side ?? '',
    role: editing?.role ?? '',
  });
  const [groups, setGroups] = useState<string[]>(editing?.themeGroupIds ?? []);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const toggleGroup = (id: string, on: boolean) => {
    setGroups((g) => (on ? [...g, id] : g.filter((x) => x !== id)));
    if (errors.themeGroupIds) setErrors((e) => ({ ...e, themeGroupIds: undefined }));
  };

  const validate = () => {
    const found: Partial<Record<Field, string>> = {};
    const name = values.name.trim();
    const organisation = values.organisation.trim();
    if (!name) found.name = 'Skriv deltagerens navn.';
    else if (name.length > 300) found.name = 'Højst 300 tegn.';
    if (!organisation) found.organisation = 'Skriv organisationen, fx Region Midtjylland eller Horsens Kommune.';
    else if (organisation.length > 300) found.organisation = 'Højst 300 tegn.';
    const side = Side.safeParse(values.side);
    const role = Role.safeParse(values.role);
    if (!side.success) found.side = 'Vælg deltagerens side.';
    if (!role.success) found.role = 'Vælg deltagerens rolle.';
    if (role.success && (role.data === 'formand' || role.data === 'medlem') && groups.length === 0) {
      found.themeGroupIds = 'En formand eller et medlem skal være med i mindst én temagruppe.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0 || !side.success || !role.success) return null;
    return { name, organisation, side: side.data, role: role.data };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitError(null);
    const valid = validate();
    if (!valid) return;
    setSaving(true);
    try {
      const { participantId } = await api.saveParticipant({
        agreementId,
        ...(editing ? { participantId: editing.id } : {}),
        ...valid,
        // Only theme groups that still exist.
        themeGroupIds: groups.filter((id) => themeGroups.some((g) => g.id === id)),
      });
      onSaved(participantId);
    } catch (error) {
      setSubmitError(error instanceof Error ? error.message : 'Deltageren kunne ikke gemmes.');
      setSaving(false);
    }
  };

  const errorOf = (field: Field) =>
    errors[field] ? (
      <p className="field-error" id={`participant-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <Modal title={editing ? `Ret ${editing.name}` : 'Tilføj deltager'} testId="participant-form" onCancel={onCancel} className="participant-form">
      <p className="modal-lead">
        Deltagerens side, rolle og temagrupper bestemmer, hvad vedkommende må skrive og tage stilling til. Ændringen underskrives
        med sekretariatets nøgle på denne computer.
      </p>
      <form onSubmit={submit} noValidate>
        <PersonFields idPrefix="participant" values={values} errors={errors} onChange={set} />
        <fieldset className="participant-groups" aria-describedby={errors.themeGroupIds ? 'participant-themeGroupIds-error' : undefined}>
          <legend>Temagrupper</legend>
          {themeGroups.length === 0 ? (
            <p className="muted">Aftalen har ingen temagrupper endnu.</p>
          ) : (
            <div className="participant-group-list">
              {themeGroups.map((g) => (
                <label key={g.id} className="participant-group">
                  <input
                    type="checkbox"
                    name="themeGroup"
                    value={g.id}
                    checked={groups.includes(g.id)}
                    onChange={(e) => toggleGroup(g.id, e.target.checked)}
                  />
                  <span>{g.name}</span>
                </label>
              ))}
            </div>
          )}
          {errorOf('themeGroupIds')}
        </fieldset>
        {submitError && (
          <p className="form-error" role="alert">
            {submitError}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onCancel}>
            Annuller
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Gemmer …' : editing ? 'Gem ændringer' : 'Tilføj deltager'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
