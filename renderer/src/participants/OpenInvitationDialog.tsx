// *Åbn invitation …*: the participant pastes the invitation text or chooses the file. The main
// process redeems it at its server, registers a key made on this machine, connects and downloads
// the agreement; meanwhile the dialog shows how far it has come, and why it failed (in Danish).
import { useEffect, useState, type FormEvent } from 'react';
import type { InvitationProgress } from '../../../shared/api/participantsContract.ts';
import { INVITATION_FILE_EXTENSION, MAX_INVITATION_CHARS } from '../../../shared/identity/invitation.ts';
import { useServices } from '../services.ts';
import { Modal } from '../components/Modal.tsx';
import { FilePicker } from '../components/FilePicker.tsx';

export interface OpenInvitationDialogProps {
  onCancel: () => void;
  /** The agreement is in this workspace (null: a founding secretariat's invitation). */
  onOpened: (result: { agreementId: string | null; participantId: string }) => void;
}

const stepLabel: Record<InvitationProgress['step'], string> = {
  reading: 'Læser invitationen …',
  redeeming: 'Indløser invitationen hos serveren …',
  connecting: 'Forbinder til serveren …',
  downloading: 'Henter aftalen …',
  done: 'Aftalen er hentet.',
};

export function OpenInvitationDialog({ onCancel, onOpened }: OpenInvitationDialogProps) {
  const { api } = useServices();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<InvitationProgress['step'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The file the text came from; forgotten once the text is edited. */
  const [fileName, setFileName] = useState<string | null>(null);

  useEffect(() => api.onEvent('invitationProgress', (p) => setStep(p.step)), [api]);

  const chooseFile = async (file: File) => {
    setError(null);
    if (file.size > MAX_INVITATION_CHARS * 4) return setError('Filen er for stor til at være en invitation.');
    setText((await file.text()).trim());
    setFileName(file.name);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!text.trim()) return setError('Indsæt invitationen, eller vælg invitationsfilen.');
    setBusy(true);
    setStep('reading');
    try {
      onOpened(await api.openInvitation({ text: text.trim() }));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Invitationen kunne ikke åbnes.');
      setBusy(false);
      setStep(null);
    }
  };

  return (
    <Modal title="Åbn invitation" testId="open-invitation-dialog" onCancel={busy ? undefined : onCancel} className="open-invitation-dialog">
      <p className="modal-lead">
        Sekretariatet har sendt dig en invitation som tekst eller som fil (.enighed-invitation). Enighed forbinder til serveren,
        laver en nøgle, der kun findes på denne computer, og henter aftalen. Invitationen kan kun bruges én gang.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="invitation-input">Invitation</label>
          <textarea
            id="invitation-input"
            name="invitation"
            className="invitation-text"
            rows={4}
            placeholder="enighed-invitation:…"
            value={text}
            disabled={busy}
            autoFocus
            onChange={(e) => {
              setText(e.target.value);
              setFileName(null);
            }}
          />
        </div>
        <div className="field">
          <span className="field-label" id="invitation-file-label">
            Eller vælg invitationsfilen
          </span>
          <FilePicker
            testIdPrefix="invitation-file"
            accept={`${INVITATION_FILE_EXTENSION},text/plain`}
            fileName={fileName}
            chooseLabel="Vælg fil …"
            emptyLabel="Ingen fil valgt"
            disabled={busy}
            describedBy="invitation-file-label"
            onChoose={(file) => void chooseFile(file)}
          />
        </div>
        {busy && step && (
          <p className="form-notice" role="status" data-testid="invitation-progress">
            {stepLabel[step]}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="invitation-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" disabled={busy} onClick={onCancel}>
            Annuller
          </button>
          <button type="submit" className="button button-primary" disabled={busy} data-testid="open-invitation-submit">
            {busy ? 'Åbner …' : 'Åbn invitation'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
