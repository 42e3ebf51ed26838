// "Hvem er du?": the local person's name, organisation, side and role. Asked once on a new machine
// (it attributes every edit) and editable from the top bar.
import { useState, type FormEvent } from 'react';
import { Profile, Role, Side } from '../../../shared/domain/agreement.ts';
import { useServices } from '../services.ts';
import { Modal } from './Modal.tsx';
import { PersonFields } from './PersonFields.tsx';

type Field = 'name' | 'organisation' | 'side' | 'role';

const messages: Record<Field, string> = {
  name: 'Skriv dit navn.',
  organisation: 'Skriv din organisation, fx Region Midtjylland eller Randers Kommune.',
  side: 'Vælg, hvilken side du repræsenterer.',
  role: 'Vælg din rolle.',
};

const tooLong = 'Højst 300 tegn.';

export interface ProfileDialogProps {
  initial: Profile | null;
  /** No profile yet: the dialog cannot be dismissed. */
  required: boolean;
  onCancel: () => void;
  onSaved: (profile: Profile) => void;
  /** Offered on a new machine: joining by invitation makes the profile unnecessary. */
  onOpenInvitation?: () => void;
}

export function ProfileDialog({ initial, required, onCancel, onSaved, onOpenInvitation }: ProfileDialogProps) {
  const { api } = useServices();
  const [values, setValues] = useState({
    name: initial?.name ?? '',
    organisation: initial?.organisation ?? '',
    side: initial?.side ?? '',
    role: initial?.role ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const validate = (): Profile | null => {
    const found: Partial<Record<Field, string>> = {};
    const name = values.name.trim();
    const organisation = values.organisation.trim();
    if (!name) found.name = messages.name;
    else if (name.length > 300) found.name = tooLong;
    if (!organisation) found.organisation = messages.organisation;
    else if (organisation.length > 300) found.organisation = tooLong;
    if (!Side.safeParse(values.side).success) found.side = messages.side;
    if (!Role.safeParse(values.role).success) found.role = messages.role;
    setErrors(found);
    if (Object.keys(found).length > 0) return null;
    return Profile.parse({ name, organisation, side: values.side, role: values.role });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitError(null);
    const profile = validate();
    if (!profile) return;
    setSaving(true);
    try {
      onSaved(await api.setProfile(profile));
    } catch (error) {
      setSubmitError(error instanceof Error ? error.message : 'Profilen kunne ikke gemmes.');
      setSaving(false);
    }
  };


  return (
    <Modal title="Hvem er du?" testId="profile-dialog" onCancel={required ? undefined : onCancel} className="profile-dialog">
      <p className="modal-lead">
        Dit navn og din side står ved de ændringer, du laver, så de andre i temagruppen kan se, hvem der har skrevet hvad.
      </p>
      <form onSubmit={submit} noValidate>
        <PersonFields idPrefix="profile" values={values} errors={errors} onChange={set} autoComplete />
        {submitError && (
          <p className="form-error" role="alert">
            {submitError}
          </p>
        )}
        <div className="modal-actions">
          {onOpenInvitation && (
            <button type="button" className="button button-quiet modal-actions-start" data-testid="profile-open-invitation" onClick={onOpenInvitation}>
              Jeg har en invitation …
            </button>
          )}
          {!required && (
            <button type="button" className="button" onClick={onCancel}>
              Annuller
            </button>
          )}
          <button type="submit" className="button button-primary" disabled={saving}>
            Gem profil
          </button>
        </div>
      </form>
    </Modal>
  );
}
