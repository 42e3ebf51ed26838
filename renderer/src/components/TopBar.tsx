import type { AgreementMeta, Profile } from '../../../shared/domain/agreement.ts';
import type { AgreementDetails } from '../../../shared/api/participantsContract.ts';
import { roleLabel, sideLabel } from '../../../shared/domain/labels.ts';
import { agreementLabels, agreementTooltip } from '../lib/agreementLabels.ts';
import { BackupButton } from './BackupButton.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { SyncStatusButton } from './SyncStatusButton.tsx';

export interface TopBarProps {
  agreements: AgreementMeta[];
  /** The open agreement; null while the start view is shown. */
  agreementId: string | null;
  onSelectAgreement: (id: string) => void;
  onNewAgreement: () => void;
  /** *Importér fra Word …* (renderer/src/word/WordImportDialog.tsx). */
  onImportWord: () => void;
  /** *Indlæs rettelser fra Word …* into the open agreement (renderer/src/word/WordCorrectionsDialog.tsx). */
  onWordCorrections: () => void;
  /** Region and server of each agreement (the picker tells same-titled agreements apart by them). */
  details: AgreementDetails[];
  onOpenInvitation: () => void;
  /** Shown for the secretariat while an agreement is open. */
  onOpenParticipants: (() => void) | null;
  /** Who this person is: from their participant entry once joined (`confirmed`), else the local
   *  profile, shown as *ikke bekræftet*. */
  profile: Profile | null;
  confirmed: boolean;
  onEditProfile: () => void;
  /** *Opsætning* of the open agreement; offered only to the secretariat (absent: not offered). */
  onOpenSetup?: () => void;
  setupOpen?: boolean;
  /** *Eksportér …* of the open agreement (absent: no agreement open). */
  onExport?: () => void;
}

/** The picker's value that opens *Åbn invitation …* instead of selecting an agreement. */
const OPEN_INVITATION = '__open-invitation';
/** …and the ones that open *Importér fra Word …* and *Indlæs rettelser fra Word …*. */
const IMPORT_WORD = '__import-word';
const WORD_CORRECTIONS = '__word-corrections';

export function TopBar(props: TopBarProps) {
  const { agreements, agreementId, onSelectAgreement, onNewAgreement, onImportWord, onWordCorrections, details, onOpenInvitation, onOpenParticipants, profile, confirmed, onEditProfile, onOpenSetup, setupOpen = false, onExport } = props;
  const labels = agreementLabels(agreements, details);
  const detailOf = (id: string) => details.find((d) => d.agreementId === id);
  const profileTitle = profile
    ? `${profile.name}, ${profile.organisation} – ${sideLabel[profile.side]}, ${roleLabel[profile.role]}${confirmed ? ' (bekræftet af sekretariatet)' : ' (ikke bekræftet) – ret din profil'}`
    : 'Ret din profil';
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Enighed</span>
      </div>
      {agreements.length > 0 && (
        <label className="agreement-picker">
          <span className="visually-hidden">Aftale</span>
          <select
            data-testid="agreement-picker"
            value={agreementId ?? ''}
            onChange={(e) => {
              if (e.target.value === OPEN_INVITATION) onOpenInvitation();
              else if (e.target.value === IMPORT_WORD) onImportWord();
              else if (e.target.value === WORD_CORRECTIONS) onWordCorrections();
              else if (e.target.value) onSelectAgreement(e.target.value);
            }}
          >
            {agreementId === null && <option value="">Vælg aftale …</option>}
            {agreements.map((a) => (
              <option key={a.id} value={a.id} title={agreementTooltip(a, detailOf(a.id))}>
                {labels.get(a.id) ?? a.title}
              </option>
            ))}
            <option disabled>──────────</option>
            <option value={OPEN_INVITATION}>Åbn invitation …</option>
            <option value={IMPORT_WORD} data-testid="import-word">
              Importér fra Word …
            </option>
            {agreementId !== null && <option value={WORD_CORRECTIONS}>Indlæs rettelser fra Word …</option>}
          </select>
        </label>
      )}
      <button type="button" className="button button-quiet" data-testid="new-agreement" onClick={onNewAgreement}>
        + Ny aftale
      </button>
      {onOpenSetup && agreementId !== null && (
        <button
          type="button"
          className={`button button-quiet ${setupOpen ? 'is-active' : ''}`}
          data-testid="open-setup"
          aria-pressed={setupOpen}
          title="Aftalens titel, periode, region, temagrupper og afsnit"
          onClick={onOpenSetup}
        >
          Opsætning
        </button>
      )}
      {agreements.length === 0 && (
        <button type="button" className="button button-quiet" data-testid="open-invitation" onClick={onOpenInvitation}>
          Åbn invitation …
        </button>
      )}
      {onOpenParticipants && (
        <button type="button" className="button button-quiet" data-testid="open-participants" onClick={onOpenParticipants}>
          Deltagere
        </button>
      )}
      {onExport && agreementId !== null && (
        <button type="button" className="button button-quiet" data-testid="open-export" title="Høringsversion, endelig version, forhandlingsudkast eller uenighedsrapport som Word eller PDF" onClick={onExport}>
          Eksportér …
        </button>
      )}
      <div className="top-bar-spacer" />
      <SaveStatus />
      <BackupButton />
      <SyncStatusButton agreementId={agreementId} />
      <button
        type="button"
        className="profile-button"
        data-testid="profile-button"
        onClick={onEditProfile}
        title={profileTitle}
        data-confirmed={confirmed ? 'true' : 'false'}
      >
        {profile ? (
          <>
            <span className="avatar" aria-hidden="true">
              {initials(profile.name)}
            </span>
            <span className="profile-text">
              <span className="profile-name">{profile.name}</span>
              <span className={`profile-side side-${profile.side}`}>
                {sideLabel[profile.side]}
                {confirmed ? '' : ' · ikke bekræftet'}
              </span>
            </span>
          </>
        ) : (
          'Ingen profil'
        )}
      </button>
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}
