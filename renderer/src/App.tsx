// The application shell: boots against the Node side (workspace status, profile, agreements), then
// shows the top bar, the navigator and the editor of the selected section.
import { PresenceStore } from './presence/PresenceStore.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Api, TemplateInfo } from '../../shared/api/contract.ts';
import type { AgreementMeta, Profile } from '../../shared/domain/agreement.ts';
import { ConnectionPool } from './sync/ConnectionPool.ts';
import { ServicesContext, type Services } from './services.ts';
import { useStoredState } from './hooks.ts';
import { FullPageError } from './components/FullPageError.tsx';
import { TopBar } from './components/TopBar.tsx';
import { EventNotice } from './components/EventNotice.tsx';
import { ProfileDialog } from './components/ProfileDialog.tsx';
import { StartView } from './components/StartView.tsx';
import { WordImportDialog } from './word/WordImportDialog.tsx';
import { WordCorrectionsDialog } from './word/WordCorrectionsDialog.tsx';
import { AgreementWorkspace } from './components/AgreementWorkspace.tsx';
import { connectVerdictStore } from './identity/webCryptoVerify.ts';
import type { AgreementDetails } from '../../shared/api/participantsContract.ts';
import { useAgreement } from './hooks.ts';
import { useParticipants } from './participants/useParticipants.ts';
import { ParticipantsScreen } from './participants/ParticipantsScreen.tsx';
import { OpenInvitationDialog } from './participants/OpenInvitationDialog.tsx';
import { profileFromEntry } from './participants/identity.ts';

type Boot =
  | { phase: 'loading' }
  | { phase: 'workspace-error'; message: string; path: string }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; profile: Profile | null; agreements: AgreementMeta[]; templates: TemplateInfo[] };

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Ukendt fejl';
}

export interface AppProps {
  api: Api;
  /** Registers a listener for the transport going away (browser test host only). */
  onConnectionLost?: (listener: () => void) => void;
}

export function App({ api, onConnectionLost }: AppProps) {
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });
  const [connectionLost, setConnectionLost] = useState(false);

  // The transport lives as long as the page: one registration, never undone.
  const registered = useRef(false);
  useEffect(() => {
    if (registered.current || !onConnectionLost) return;
    registered.current = true;
    onConnectionLost(() => setConnectionLost(true));
  }, [onConnectionLost]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const status = await api.workspaceStatus({});
        if (cancelled) return;
        if (status.state === 'error') {
          setBoot({ phase: 'workspace-error', message: status.message, path: status.path });
          return;
        }
        const [profile, agreements, templates] = await Promise.all([
          api.getProfile({}),
          api.listAgreements({}),
          api.listTemplates({}),
          // Signatures verified in earlier sessions count at once, not after verifying them again.
          connectVerdictStore(api),
        ]);
        if (!cancelled) setBoot({ phase: 'ready', profile, agreements, templates });
      } catch (error) {
        if (!cancelled) setBoot({ phase: 'failed', message: messageOf(error) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api]);

  switch (boot.phase) {
    case 'loading':
      return (
        <div className="boot" aria-busy="true">
          <span className="brand-mark" aria-hidden="true" />
          Åbner Enighed …
        </div>
      );
    case 'workspace-error':
      return (
        <FullPageError testId="workspace-error" title="Arbejdsområdet kunne ikke åbnes" message={boot.message}>
          <p className="muted">
            Arbejdsområde: <code>{boot.path}</code>
          </p>
          <p className="muted">Luk Enighed, og kontakt sekretariatet eller jeres IT-support, hvis fejlen bliver ved.</p>
        </FullPageError>
      );
    case 'failed':
      return <FullPageError testId="boot-error" title="Enighed kunne ikke starte" message={boot.message} />;
    case 'ready':
      return (
        <Workbench
          api={api}
          initialProfile={boot.profile}
          initialAgreements={boot.agreements}
          templates={boot.templates}
          connectionLost={connectionLost}
        />
      );
  }
}

interface WorkbenchProps {
  api: Api;
  initialProfile: Profile | null;
  initialAgreements: AgreementMeta[];
  templates: TemplateInfo[];
  connectionLost: boolean;
}

function Workbench(props: WorkbenchProps) {
  const { api, initialProfile } = props;
  const profileRef = useRef(initialProfile);
  const pool = useMemo(() => new ConnectionPool(api), [api]);
  const presence = useMemo(() => new PresenceStore(api), [api]);
  useEffect(() => () => presence.destroy(), [presence]);
  const services = useMemo<Services>(() => ({ api, pool, presence, profile: () => profileRef.current }), [api, pool, presence]);
  return (
    <ServicesContext.Provider value={services}>
      <WorkbenchView {...props} profileRef={profileRef} />
    </ServicesContext.Provider>
  );
}

function WorkbenchView({
  api,
  initialProfile,
  initialAgreements,
  templates,
  connectionLost,
  profileRef,
}: WorkbenchProps & { profileRef: { current: Profile | null } }) {
  const [profile, setProfile] = useState(initialProfile);
  const [agreements, setAgreements] = useState(initialAgreements);
  /** Counts *Eksportér …* clicks in the top bar; the open agreement's workspace opens the dialog. */
  const [exportRequest, setExportRequest] = useState(0);
  const [storedAgreementId, setStoredAgreementId] = useStoredState('enighed.agreement');
  const [creating, setCreating] = useState(false);
  const [editingProfile, setEditingProfile] = useState(false);
  const [setupOpen, setSetupOpen] = useState(false);
  const [details, setDetails] = useState<AgreementDetails[]>([]);
  const [openingInvitation, setOpeningInvitation] = useState(false);
  const [showParticipants, setShowParticipants] = useState(false);
  const [importingWord, setImportingWord] = useState(false);
  const [wordCorrections, setWordCorrections] = useState(false);
  /** Set after a founding secretariat's invitation: the next step is creating the agreement. */
  const [founding, setFounding] = useState(false);

  const refreshDetails = () => api.agreementDetails({}).then(setDetails, () => {});
  // Region and server of every agreement, again whenever the list changes.
  useEffect(() => {
    let live = true;
    api.agreementDetails({}).then((d) => live && setDetails(d), () => {});
    return () => {
      live = false;
    };
  }, [api, agreements]);
  const newest = [...agreements].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const agreementId = agreements.find((a) => a.id === storedAgreementId)?.id ?? newest?.id ?? null;
  const showStart = creating || agreementId === null;
  const openId = showStart ? null : agreementId;

  // Once joined, who this person is comes from their participant entry (signed by the
  // secretariat), not from the self-chosen profile.
  const selfId = details.find((d) => d.agreementId === openId)?.participantId ?? null;
  const { participants } = useParticipants(openId);
  const entry = selfId ? (participants.find((p) => p.id === selfId) ?? null) : null;
  const shownProfile = entry ? profileFromEntry(entry) : profile;
  profileRef.current = shownProfile;
  // The setup screen is the secretariat's: the role from the participant entry once joined.
  const mayEditStructure = shownProfile?.role === 'sekretariat';
  const { agreement } = useAgreement(showParticipants || wordCorrections ? openId : null);

  const onCreated = async (newId: string) => {
    const list = await api.listAgreements({});
    setAgreements(list);
    await refreshDetails();
    setStoredAgreementId(newId);
    setCreating(false);
    setFounding(false);
  };

  const onInvitationOpened = async ({ agreementId: opened }: { agreementId: string | null }) => {
    const [list, newProfile] = await Promise.all([api.listAgreements({}), api.getProfile({})]);
    setAgreements(list);
    setProfile(newProfile);
    await refreshDetails();
    setOpeningInvitation(false);
    setShowParticipants(false);
    if (opened) {
      setStoredAgreementId(opened);
      setCreating(false);
    } else {
      setFounding(true);
      setCreating(true);
    }
  };

  return (
    <div className="app">
        <SkipLink />
        <TopBar
          agreements={agreements}
          agreementId={openId}
          onSelectAgreement={(id) => {
            setStoredAgreementId(id);
            setCreating(false);
            setShowParticipants(false);
          }}
          onNewAgreement={() => {
            setCreating(true);
            setShowParticipants(false);
          }}
          onImportWord={() => setImportingWord(true)}
          onWordCorrections={() => setWordCorrections(true)}
          details={details}
          onOpenInvitation={() => setOpeningInvitation(true)}
          onOpenParticipants={openId && shownProfile?.role === 'sekretariat' ? () => setShowParticipants(true) : null}
          profile={shownProfile}
          confirmed={entry !== null}
          onEditProfile={() => setEditingProfile(true)}
          onOpenSetup={
            mayEditStructure
              ? () => {
                  // From the participants screen too: the setup screen replaces it.
                  setShowParticipants(false);
                  setSetupOpen(true);
                }
              : undefined
          }
          setupOpen={mayEditStructure && setupOpen && !showStart && !showParticipants}
          onExport={
            openId && !showStart && !showParticipants
              ? () => setExportRequest((n) => n + 1)
              : undefined
          }
        />
        {/* A change from the server or a meeting that this computer could not save (a full disk, say). */}
        <EventNotice event="storeError" message={(e) => e.message} role="alert" className="banner banner-error store-error-banner" testId="store-error" />
        {entry?.removed && (
          <div className="banner banner-error" role="alert" data-testid="access-removed">
            Sekretariatet har fjernet din adgang til denne aftale. Det, du har underskrevet før, står ved magt; nye ændringer sendes
            ikke længere til serveren.
          </div>
        )}
        {connectionLost && (
          <div className="banner banner-error" role="alert">
            Forbindelsen til Enighed blev afbrudt. Ændringer, du laver nu, kan ikke gemmes. Genindlæs siden, når Enighed kører igen.
          </div>
        )}
        <div className="app-body">
          {showStart ? (
            <StartView
              templates={templates}
              canCancel={agreementId !== null}
              onCancel={() => setCreating(false)}
              onCreated={onCreated}
              onOpenInvitation={() => setOpeningInvitation(true)}
              onImportWord={() => setImportingWord(true)}
              founding={founding}
            />
          ) : showParticipants && agreement ? (
            <ParticipantsScreen key={agreementId} agreement={agreement} selfId={selfId} onClose={() => setShowParticipants(false)} />
          ) : (
            <AgreementWorkspace
              key={agreementId}
              agreementId={agreementId!}
              setupOpen={mayEditStructure && setupOpen}
              onCloseSetup={() => setSetupOpen(false)}
              exportRequest={exportRequest}
            />
          )}
        </div>
        {importingWord && (
          <WordImportDialog
            templates={templates}
            openAgreement={openId ? { id: openId, title: agreements.find((a) => a.id === openId)?.title ?? '' } : null}
            onCancel={() => setImportingWord(false)}
            onImported={async (newId) => {
              setImportingWord(false);
              setShowParticipants(false);
              await onCreated(newId);
            }}
          />
        )}
        {wordCorrections && agreement && <WordCorrectionsDialog agreement={agreement} onClose={() => setWordCorrections(false)} />}
        {openingInvitation && <OpenInvitationDialog onCancel={() => setOpeningInvitation(false)} onOpened={(r) => void onInvitationOpened(r)} />}
        {!openingInvitation && ((profile === null && entry === null) || (editingProfile && entry === null)) && (
          <ProfileDialog
            initial={profile}
            required={profile === null}
            onOpenInvitation={profile === null ? () => setOpeningInvitation(true) : undefined}
            onCancel={() => setEditingProfile(false)}
            onSaved={(saved) => {
              setProfile(saved);
              setEditingProfile(false);
            }}
          />
        )}
    </div>
  );
}

/** The first tab stop: past the top bar and the navigator, straight to the section's text (or,
 *  without an open section, to the main content). */
function SkipLink() {
  return (
    <a
      href="#tekst"
      className="skip-link"
      data-testid="skip-to-text"
      onClick={(event) => {
        event.preventDefault();
        const target = document.querySelector<HTMLElement>('.section-editor .ProseMirror') ?? document.querySelector<HTMLElement>('main.editor-area, .app-body');
        if (!target) return;
        if (!target.isContentEditable && target.tabIndex < 0) target.tabIndex = -1;
        target.focus();
      }}
    >
      Gå til teksten
    </a>
  );
}
