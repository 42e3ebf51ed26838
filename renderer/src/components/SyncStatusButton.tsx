// The sync indicator in the top bar: offline / synkroniserer / afvist / synkroniseret, when last
// synced and how many changes the server has not confirmed yet, and — when it cannot connect or the
// server refuses — why. Opens the sync settings. Beside it, the notice that a meeting was ended by
// its host.
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/api/contract.ts';
import { useServices } from '../services.ts';
import { savedTimeLabel } from './SaveStatus.tsx';
import { SyncDialog } from './SyncDialog.tsx';
import { EventNotice } from './EventNotice.tsx';

const initial: SyncStatus = { state: 'off', url: null, lastSyncedAt: null, unsyncedChanges: 0, error: null };

/** The current sync status, kept live from the Node side's events. */
export function useSyncStatus(): [SyncStatus, (s: SyncStatus) => void] {
  const { api } = useServices();
  const [status, setStatus] = useState<SyncStatus>(initial);
  useEffect(() => {
    let live = true;
    const off = api.onEvent('syncStatus', (s) => live && setStatus(s));
    api.syncStatus({}).then((s) => live && setStatus(s), () => {});
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return [status, setStatus];
}

export function syncLabel(status: SyncStatus): string {
  const changes = status.unsyncedChanges === 1 ? '1 ændring' : `${status.unsyncedChanges} ændringer`;
  switch (status.state) {
    case 'off':
      return 'Kun på denne computer';
    case 'offline': {
      const label = status.unsyncedChanges > 0 ? `Offline – ${changes} venter` : 'Offline';
      return status.error ? `${label}: ${status.error}` : label;
    }
    case 'syncing':
      // Connected, but the server refuses (access removed, a section it will not take): nothing is
      // being sent, so the label says so; the reason is in the title and the notice.
      if (status.error) return status.unsyncedChanges > 0 ? `Afvist – ${changes} ikke sendt` : 'Afvist af serveren';
      return status.unsyncedChanges > 0 ? `Synkroniserer ${changes} …` : 'Synkroniserer …';
    case 'synced':
      return status.lastSyncedAt ? `Synkroniseret ${savedTimeLabel(status.lastSyncedAt)}` : 'Synkroniseret';
  }
}

/** The state in a word or two, for a narrow top bar (styles.css: `.label-narrow`, below 1600 px;
 *  the button's title keeps the server, the time and any error, and the dialog the error). */
export function syncShortLabel(status: SyncStatus): string {
  switch (status.state) {
    case 'off':
      return 'Lokalt';
    case 'offline':
      if (status.error) return 'Offline – fejl';
      return status.unsyncedChanges > 0 ? `Offline (${status.unsyncedChanges})` : 'Offline';
    case 'syncing':
      return status.error ? 'Afvist' : 'Synkroniserer …';
    case 'synced':
      return 'Synkroniseret';
  }
}

export function SyncStatusButton({ agreementId }: { agreementId: string | null }) {
  const [status, setStatus] = useSyncStatus();
  const [open, setOpen] = useState(false);
  const title = [
    status.url ? `Server: ${status.url}` : 'Ingen synkroniseringsserver er sat op.',
    status.lastSyncedAt ? `Senest synkroniseret ${savedTimeLabel(status.lastSyncedAt)}.` : null,
    status.error,
    'Klik for at ændre.',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <button
        type="button"
        className={`sync-status sync-status-${status.state}${status.error ? ' sync-status-has-error' : ''}`}
        data-testid="sync-status"
        data-state={status.state}
        data-error={status.error ?? undefined}
        title={title}
        onClick={() => setOpen(true)}
      >
        <span className="sync-status-dot" aria-hidden="true" />
        <span className="sync-status-label label-wide">{syncLabel(status)}</span>
        <span className="sync-status-label label-narrow">{syncShortLabel(status)}</span>
      </button>
      {/* A meeting's guest is told when the host ended it; the Node side keeps the notice until the next meeting. */}
      <EventNotice event="meeting" message={(s) => s.notice} role="status" className="meeting-notice" testId="meeting-ended-notice" />
      {open && (
        <SyncDialog
          status={status}
          agreementId={agreementId}
          onClose={() => setOpen(false)}
          onChanged={(s) => {
            setStatus(s);
            setOpen(false);
          }}
        />
      )}
    </>
  );
}
