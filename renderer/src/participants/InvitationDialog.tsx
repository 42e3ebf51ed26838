// The invitation *Invitér* made, shown once: as a text to copy into an email or chat, and as a
// `.enighed-invitation` file. Its one-time secret is not kept anywhere, so closing the dialog
// without passing it on means inviting again (which makes a new one and voids this one).
import { useRef, useState } from 'react';
import type { IssuedInvitation } from '../../../shared/api/participantsContract.ts';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { downloadBytes } from '../lib/download.ts';
import { Modal } from '../components/Modal.tsx';

export interface InvitationDialogProps {
  participant: ParticipantEntry;
  invitation: IssuedInvitation;
  onClose: () => void;
}

export function InvitationDialog({ participant, invitation, onClose }: InvitationDialogProps) {
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invitation.text);
      setCopied('yes');
    } catch {
      // No clipboard access (e.g. a browser that asks first): select the text for Ctrl+C.
      textRef.current?.select();
      setCopied('manual');
    }
  };

  return (
    <Modal title={`Invitation til ${participant.name}`} testId="invitation-dialog" onCancel={onClose} className="invitation-dialog">
      <p className="modal-lead">
        Send invitationen til {participant.name} ({participant.organisation}) som fil eller som tekst, fx i en e-mail. I Enighed
        vælger vedkommende <strong>Åbn invitation …</strong> og indsætter teksten eller vælger filen. Så forbinder Enighed til
        serveren, registrerer en nøgle, der laves på vedkommendes egen computer, og henter aftalen.
      </p>
      <ul className="invitation-facts">
        <li>Invitationen kan kun bruges én gang. Den vises kun nu: Enighed gemmer den ikke.</li>
        <li>Giv den kun til {participant.name}: den, der bruger den først, får adgang som {participant.name}.</li>
        <li>Inviterer du igen, laves en ny invitation, og denne holder op med at virke.</li>
      </ul>
      <div className="field">
        <label htmlFor="invitation-text">Invitation (server: {invitation.server})</label>
        <textarea
          id="invitation-text"
          ref={textRef}
          className="invitation-text"
          data-testid="invitation-text"
          readOnly
          rows={4}
          value={invitation.text}
        />
      </div>
      {copied === 'yes' && (
        <p className="form-notice" role="status">
          Invitationen er kopieret.
        </p>
      )}
      {copied === 'manual' && (
        <p className="form-notice" role="status">
          Teksten er markeret: kopiér den med Ctrl+C (⌘C på Mac).
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button modal-actions-start" onClick={() => void copy()} data-testid="invitation-copy" data-autofocus>
          Kopiér tekst
        </button>
        <button
          type="button"
          className="button"
          data-testid="invitation-download"
          onClick={() => downloadBytes(new TextEncoder().encode(invitation.text), invitation.fileName)}
        >
          Gem som fil
        </button>
        <button type="button" className="button button-primary" onClick={onClose}>
          Luk
        </button>
      </div>
    </Modal>
  );
}
