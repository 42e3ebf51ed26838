// The secretariat's participants screen: who takes part in the agreement (name, organisation, side,
// role, theme groups, status), with *Tilføj deltager*, *Ret*, *Invitér* and *Fjern adgang*. The
// list is the structure document's directory, live; every change is an entry the main process
// signs and writes there, so it syncs to every machine.
import { useState } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { roleLabel, sideLabel } from '../../../shared/domain/labels.ts';
import type { IssuedInvitation } from '../../../shared/api/participantsContract.ts';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { participantStatus, participantStatusLabel, type ParticipantStatus } from '../../../shared/structure/participantsDoc.ts';
import { useServices } from '../services.ts';
import { useParticipants } from './useParticipants.ts';
import { ParticipantForm } from './ParticipantForm.tsx';
import { InvitationDialog } from './InvitationDialog.tsx';
import { RemoveAccessDialog } from './RemoveAccessDialog.tsx';

export interface ParticipantsScreenProps {
  agreement: Agreement;
  /** This workspace's own participant id in the agreement (it is not invited). */
  selfId: string | null;
  onClose: () => void;
}

type Open =
  | { kind: 'none' }
  | { kind: 'form'; editing: ParticipantEntry | null }
  | { kind: 'invitation'; participant: ParticipantEntry; invitation: IssuedInvitation }
  | { kind: 'remove'; participant: ParticipantEntry };

export function ParticipantsScreen({ agreement, selfId, onClose }: ParticipantsScreenProps) {
  const { api } = useServices();
  const { participants, devices } = useParticipants(agreement.id);
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [inviting, setInviting] = useState<string | null>(null);
  const groupName = new Map(agreement.themeGroups.map((g) => [g.id, g.name]));

  const invite = async (participant: ParticipantEntry) => {
    setInviting(participant.id);
    setMessage(null);
    try {
      const invitation = await api.inviteParticipant({ agreementId: agreement.id, participantId: participant.id });
      setOpen({ kind: 'invitation', participant, invitation });
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : 'Invitationen kunne ikke laves.', error: true });
    } finally {
      setInviting(null);
    }
  };

  return (
    <main className="participants" data-testid="participants-screen">
      <div className="participants-head">
        <div>
          <h1>Deltagere</h1>
          <p className="muted">
            {agreement.title} · {agreement.generation}. generation, {agreement.period.from}–{agreement.period.to}
          </p>
        </div>
        <div className="participants-head-actions">
          <button type="button" className="button" onClick={onClose}>
            Tilbage til aftalen
          </button>
          <button type="button" className="button button-primary" data-testid="add-participant" onClick={() => setOpen({ kind: 'form', editing: null })}>
            + Tilføj deltager
          </button>
        </div>
      </div>
      <p className="participants-lead">
        Deltagerlisten bestemmer, hvem der har adgang til aftalen, og hvilken side og temagruppe de taler for. Side og rolle kommer
        herfra, ikke fra den enkeltes profil. Hver ændring underskrives af sekretariatet.
      </p>
      {!agreement.rootKey && (
        <p className="form-warning" role="status" data-testid="participants-local">
          Aftalen findes kun på denne computer og er ikke knyttet til en server, så deltagere kan ikke inviteres til den. Åbn
          sekretariatets invitation fra serveren, og opret aftalen dér.
        </p>
      )}
      {message && (
        <p className={message.error ? 'form-error' : 'form-notice'} role={message.error ? 'alert' : 'status'} data-testid="participants-message">
          {message.text}
        </p>
      )}
      {participants.length === 0 ? (
        <div className="empty-state">Der er ingen deltagere endnu. Tilføj den første med «Tilføj deltager».</div>
      ) : (
        <div className="participants-table-wrap">
          <table className="participants-table" data-testid="participants-table">
            <thead>
              <tr>
                <th scope="col">Navn</th>
                <th scope="col">Side og rolle</th>
                <th scope="col">Temagrupper</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Handlinger</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {participants.map((p) => {
                const status: ParticipantStatus = p.id === selfId && !p.removed ? 'joined' : participantStatus(p, devices[p.id]);
                const groups = p.themeGroupIds.map((id) => groupName.get(id) ?? 'ukendt temagruppe');
                return (
                  <tr key={p.id} data-testid={`participant-${p.id}`} data-name={p.name} data-status={status}>
                    <th scope="row">
                      <span className="participant-name">
                        {p.name}
                        {p.id === selfId && <span className="participant-self"> (dig)</span>}
                      </span>
                      <span className="participant-org">{p.organisation}</span>
                    </th>
                    <td>
                      <span className={`participant-side side-${p.side}`}>{sideLabel[p.side]}</span>
                      <span className="participant-role">{roleLabel[p.role]}</span>
                    </td>
                    <td className="participant-groups-cell">{groups.length > 0 ? groups.join(', ') : <span className="muted">Ingen</span>}</td>
                    <td>
                      <span className={`participant-status status-${status}`} data-testid="participant-status" title={statusHint[status]}>
                        {participantStatusLabel[status]}
                      </span>
                    </td>
                    <td className="participant-actions">
                      {status !== 'removed' && (
                        <>
                          <button type="button" className="button button-quiet" onClick={() => setOpen({ kind: 'form', editing: p })}>
                            Ret
                          </button>
                          {p.id !== selfId ? (
                            <button type="button" className="button button-quiet" disabled={inviting !== null} onClick={() => void invite(p)}>
                              {inviting === p.id ? 'Laver invitation …' : status === 'created' ? 'Invitér' : 'Invitér igen'}
                            </button>
                          ) : null}
                          {p.id !== selfId && (
                            <button type="button" className="button button-danger-quiet" onClick={() => setOpen({ kind: 'remove', participant: p })}>
                              Fjern adgang
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open.kind === 'form' && (
        <ParticipantForm
          agreementId={agreement.id}
          themeGroups={agreement.themeGroups}
          editing={open.editing}
          onCancel={() => setOpen({ kind: 'none' })}
          onSaved={() => {
            setMessage({ text: open.editing ? 'Ændringen er gemt og underskrevet.' : 'Deltageren er tilføjet. Invitér vedkommende, når du er klar.', error: false });
            setOpen({ kind: 'none' });
          }}
        />
      )}
      {open.kind === 'invitation' && <InvitationDialog participant={open.participant} invitation={open.invitation} onClose={() => setOpen({ kind: 'none' })} />}
      {open.kind === 'remove' && (
        <RemoveAccessDialog
          agreementId={agreement.id}
          participant={open.participant}
          devices={devices[open.participant.id] ?? []}
          onClose={() => setOpen({ kind: 'none' })}
          onDone={(text) => {
            setMessage({ text, error: false });
            setOpen({ kind: 'none' });
          }}
        />
      )}
    </main>
  );
}

const statusHint: Record<ParticipantStatus, string> = {
  created: 'Deltageren er oprettet, men har ingen invitation endnu.',
  invited: 'Der er lavet en invitation. Deltageren vises som tilsluttet, når denne computer har noget, deltageren har underskrevet.',
  joined: 'Deltageren har en enhed, der er registreret med invitationen.',
  removed: 'Deltageren er fjernet; det, der var underskrevet før, står ved magt.',
};
