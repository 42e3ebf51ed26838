// Meeting mode in the sync dialog: host a meeting on this computer's local network address and show
// the address and code to the other side, or join theirs.
import { useEffect, useState, type FormEvent } from 'react';
import type { MeetingInfo, SyncStatus } from '../../../shared/api/contract.ts';
import { useServices } from '../services.ts';

export interface MeetingPanelProps {
  onChanged: (status: SyncStatus) => void;
}

export function MeetingPanel({ onChanged }: MeetingPanelProps) {
  const { api } = useServices();
  const [meeting, setMeeting] = useState<MeetingInfo | null>(null);
  const [interfaces, setInterfaces] = useState<{ name: string; address: string }[]>([]);
  const [address, setAddress] = useState('');
  const [joinUrl, setJoinUrl] = useState('');
  const [joinCode, setJoinCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void Promise.all([api.getMeeting({}), api.meetingInterfaces({})]).then(
      ([m, list]) => {
        if (!live) return;
        setMeeting(m);
        setInterfaces(list);
        setAddress(list[0]?.address ?? '');
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Det lykkedes ikke.');
    } finally {
      setBusy(false);
    }
  };

  const host = () => run(async () => setMeeting(await api.hostMeeting({ address })));
  const join = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => setMeeting(await api.joinMeeting({ url: joinUrl.trim(), code: joinCode.trim() })));
  };
  const end = () =>
    run(async () => {
      onChanged(await api.endMeeting({}));
      setMeeting(null);
    });

  if (meeting) {
    return (
      <section className="meeting-panel" data-testid="meeting-panel">
        <h3>{meeting.role === 'host' ? 'Du er vært for mødet' : 'Du deltager i mødet'}</h3>
        {meeting.role === 'host' && <p>Giv den anden part adressen og koden:</p>}
        <dl className="meeting-info">
          <dt>Adresse</dt>
          <dd data-testid="meeting-url">{meeting.url}</dd>
          <dt>Kode</dt>
          <dd data-testid="meeting-code" className="meeting-code">
            {meeting.code}
          </dd>
        </dl>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void end()}>
            {meeting.role === 'host' ? 'Afslut møde' : 'Forlad møde'}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="meeting-panel" data-testid="meeting-panel">
      <h3>Møde uden internet</h3>
      <p className="modal-lead">Den ene computer er vært på det lokale netværk; den anden deltager med adresse og kode.</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor="meeting-address">Vær vært på</label>
          <select id="meeting-address" name="address" value={address} onChange={(e) => setAddress(e.target.value)}>
            {interfaces.map((i) => (
              <option key={`${i.name}-${i.address}`} value={i.address}>
                {i.address} ({i.name})
              </option>
            ))}
          </select>
        </div>
        <div className="field field-action">
          <button type="button" className="button" disabled={busy || !address} onClick={() => void host()}>
            Start møde
          </button>
        </div>
      </div>
      <form onSubmit={join} noValidate className="field-row">
        <div className="field">
          <label htmlFor="meeting-join-url">Værtens adresse</label>
          <input id="meeting-join-url" name="join-url" type="text" placeholder="ws://192.168.1.20:41234" value={joinUrl} onChange={(e) => setJoinUrl(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="meeting-join-code">Kode</label>
          <input id="meeting-join-code" name="join-code" type="text" placeholder="K7PQ-3QMX" value={joinCode} onChange={(e) => setJoinCode(e.target.value)} />
        </div>
        <div className="field field-action">
          <button type="submit" className="button" disabled={busy}>
            Deltag
          </button>
        </div>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
