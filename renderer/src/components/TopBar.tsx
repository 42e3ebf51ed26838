import type { AgreementMeta, Profile } from '../../../shared/domain/agreement.ts';
import { sideLabel } from '../../../shared/domain/labels.ts';
import { BackupButton } from './BackupButton.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { SyncStatusButton } from './SyncStatusButton.tsx';

export interface TopBarProps {
  agreements: AgreementMeta[];
  /** The open agreement; null while the start view is shown. */
  agreementId: string | null;
  onSelectAgreement: (id: string) => void;
  onNewAgreement: () => void;
  profile: Profile | null;
  onEditProfile: () => void;
  /** *Opsætning* of the open agreement; offered only to the secretariat (absent: not offered). */
  onOpenSetup?: () => void;
  setupOpen?: boolean;
}

export function TopBar({ agreements, agreementId, onSelectAgreement, onNewAgreement, profile, onEditProfile, onOpenSetup, setupOpen = false }: TopBarProps) {
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
            onChange={(e) => e.target.value && onSelectAgreement(e.target.value)}
          >
            {agreementId === null && <option value="">Vælg aftale …</option>}
            {agreements.map((a) => (
              <option key={a.id} value={a.id} title={`${a.generation}. generation, ${a.period.from}–${a.period.to}`}>
                {a.title}
              </option>
            ))}
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
      <div className="top-bar-spacer" />
      <SaveStatus />
      <BackupButton />
      <SyncStatusButton agreementId={agreementId} />
      <button
        type="button"
        className="profile-button"
        data-testid="profile-button"
        onClick={onEditProfile}
        title={profile ? `${profile.name} – ret din profil` : 'Ret din profil'}
      >
        {profile ? (
          <>
            <span className="avatar" aria-hidden="true">
              {initials(profile.name)}
            </span>
            <span className="profile-text">
              <span className="profile-name">{profile.name}</span>
              <span className={`profile-side side-${profile.side}`}>{sideLabel[profile.side]}</span>
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
