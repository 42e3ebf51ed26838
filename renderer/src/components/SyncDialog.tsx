// Where this computer synchronises: the secretariat's server or a meeting host, with the access code
// the secretariat issued. Everything stays saved on this computer whether or not a server is set.
// Shows why the connection fails (e.g. an untrusted certificate), and warns before an access code
// goes unencrypted (ws://) to another computer.
import { useEffect, useState, type FormEvent } from 'react';
import { SyncSettings, type SyncStatus } from '../../../shared/api/contract.ts';
import { isUnencryptedRemote } from '../../../shared/domain/syncAddress.ts';
import { useServices } from '../services.ts';
import { Modal } from './Modal.tsx';
import { MeetingPanel } from './MeetingPanel.tsx';
import { BundlePanel } from './BundlePanel.tsx';

export interface SyncDialogProps {
  status: SyncStatus;
  /** The open agreement, for change bundles. */
  agreementId: string | null;
  onClose: () => void;
  onChanged: (status: SyncStatus) => void;
}

export function SyncDialog({ status, agreementId, onClose, onChanged }: SyncDialogProps) {
  const { api } = useServices();
  const [url, setUrl] = useState(status.url ?? '');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The unencrypted address the user has confirmed once (a changed address asks again). */
  const [confirmedPlain, setConfirmedPlain] = useState<string | null>(null);
  const plain = isUnencryptedRemote(url);

  useEffect(() => {
    let live = true;
    api.getSyncSettings({}).then((s) => live && s && setUrl((u) => u || s.url), () => {});
    return () => {
      live = false;
    };
  }, [api]);

  const save = async (settings: SyncSettings | null) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.setSyncSettings({ settings }));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Indstillingen kunne ikke gemmes.');
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = SyncSettings.safeParse({ url: url.trim(), token: token.trim() });
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => i.message).join(' '));
      return;
    }
    if (plain && confirmedPlain !== parsed.data.url) {
      setConfirmedPlain(parsed.data.url);
      return;
    }
    void save(parsed.data);
  };

  return (
    <Modal title="Synkronisering" testId="sync-dialog" onCancel={onClose}>
      <p className="modal-lead">
        Dine ændringer gemmes altid først på denne computer. Med en server sendes de videre, så snart der er forbindelse –
        til sekretariatet eller til en mødevært.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="sync-url">Serveradresse</label>
          <input id="sync-url" name="url" type="text" placeholder="ws://192.168.1.20:4455" value={url} onChange={(e) => setUrl(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="sync-token">Adgangskode fra sekretariatet</label>
          <input id="sync-token" name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        </div>
        {plain && (
          <p className="form-warning" role="alert" data-testid="sync-plaintext-warning">
            Adressen begynder med ws:// og er ikke denne computer: adgangskoden og alle ændringer sendes ukrypteret og kan
            læses af andre på netværket. Brug wss://, hvis serveren har et certifikat.
            {confirmedPlain === url.trim() && ' Klik på “Forbind alligevel” for at fortsætte.'}
          </p>
        )}
        {status.error && (
          <p className="form-error" role="status" data-testid="sync-error">
            {status.error}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          {status.state !== 'off' && (
            <button type="button" className="button" disabled={busy} onClick={() => void save(null)}>
              Stop synkronisering
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            Annuller
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {plain && confirmedPlain === url.trim() ? 'Forbind alligevel' : 'Forbind'}
          </button>
        </div>
      </form>
      <MeetingPanel onChanged={onChanged} />
      <BundlePanel agreementId={agreementId} />
    </Modal>
  );
}
