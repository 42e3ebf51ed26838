// *Fjern adgang*: remove a participant (they leave: nothing they sign after counts), or revoke one
// of their devices (lost or stolen). Either way, what this replica holds that they signed before
// stands (its hashes go into the signed removal); the server closes their connections.
import { useState } from 'react';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { useServices } from '../services.ts';
import { Modal } from '../components/Modal.tsx';

export interface RemoveAccessDialogProps {
  agreementId: string;
  participant: ParticipantEntry;
  /** Device keys seen for this participant. */
  devices: string[];
  onClose: () => void;
  onDone: (message: string) => void;
}

export function RemoveAccessDialog({ agreementId, participant, devices, onClose, onDone }: RemoveAccessDialogProps) {
  const { api } = useServices();
  const revoked = new Set(participant.revokedDevices.map((d) => d.deviceKey));
  const active = devices.filter((d) => !revoked.has(d));
  const [choice, setChoice] = useState<string>('participant');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      if (choice === 'participant') {
        const { standing } = await api.removeParticipant({ agreementId, participantId: participant.id });
        onDone(`${participant.name} har ikke længere adgang. ${standingText(standing)}`);
      } else {
        const { standing } = await api.revokeDevice({ agreementId, participantId: participant.id, deviceKey: choice });
        onDone(`Enheden ${shortKey(choice)} er spærret for ${participant.name}. ${standingText(standing)}`);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Adgangen kunne ikke fjernes.');
      setBusy(false);
    }
  };

  return (
    <Modal title={`Fjern adgang for ${participant.name}`} testId="remove-access-dialog" onCancel={onClose}>
      <p className="modal-lead">
        Det, {participant.name} har underskrevet, og som denne computer allerede har, står ved magt. Alt senere tæller ikke, og
        serveren lukker forbindelsen med det samme.
      </p>
      <fieldset className="template-list">
        <legend>Hvad skal fjernes?</legend>
        <label className={`template-option ${choice === 'participant' ? 'is-selected' : ''}`}>
          <input type="radio" name="remove" value="participant" checked={choice === 'participant'} onChange={() => setChoice('participant')} />
          <span>
            <span className="template-title">Deltageren</span>
            <span className="template-description">{participant.name} forlader aftalen og mister adgangen på alle enheder.</span>
          </span>
        </label>
        {active.map((key) => (
          <label key={key} className={`template-option ${choice === key ? 'is-selected' : ''}`}>
            <input type="radio" name="remove" value={key} checked={choice === key} onChange={() => setChoice(key)} />
            <span>
              <span className="template-title">Én enhed: {shortKey(key)}</span>
              <span className="template-description">Til en mistet eller stjålet computer. Deltageren kan inviteres igen til en ny.</span>
            </span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Annuller
        </button>
        <button type="button" className="button button-primary button-danger" disabled={busy} onClick={() => void confirm()}>
          Fjern adgang
        </button>
      </div>
    </Modal>
  );
}

function standingText(standing: number): string {
  return standing === 0 ? 'Ingen tidligere stillingtagen var underskrevet.' : `${standing} tidligere stillingtagen står ved magt.`;
}

/** The first characters of a device key, enough to tell a participant's devices apart. */
export function shortKey(key: string): string {
  return `${key.slice(0, 8)}…`;
}
