// Meeting mode in the sync dialog: host a meeting on this computer's local network address and show
// the address, code and certificate fingerprint to the other side (and who joined), or join theirs.
// Joining succeeds only once the host has admitted this computer; a wrong code or a host whose
// certificate does not match the fingerprint is shown as an error.
import { useEffect, useState, type FormEvent } from 'react';
import type { MeetingState, SyncStatus } from '../../../shared/api/contract.ts';
import { sideLabel } from '../../../shared/domain/labels.ts';
import { useServices } from '../services.ts';

export interface MeetingPanelProps {
  onChanged: (status: SyncStatus) => void;
}

const none: MeetingState = { meeting: null, notice: null };

export function MeetingPanel({ onChanged }: MeetingPanelProps) {
  const { api } = useServices();
  const [state, setState] = useState<MeetingState>(none);
  const [interfaces, setInterfaces] = useState<{ name: string; address: string }[]>([]);
  const [address, setAddress] = useState('');
  const [joinUrl, setJoinUrl] = useState('');
  const [joinCode, setJoinCode] = useState('');
  const [joinFingerprint, setJoinFingerprint] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const off = api.onEvent('meeting', (s) => live && setState(s));
    void Promise.all([api.getMeeting({}), api.meetingInterfaces({})]).then(
      ([m, list]) => {
        if (!live) return;
        setState(m);
        setInterfaces(list);
        setAddress(list[0]?.address ?? '');
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
      off();
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

  const host = () => run(async () => setState({ meeting: await api.hostMeeting({ address }), notice: null }));
  const join = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const meeting = await api.joinMeeting({ url: joinUrl.trim(), code: joinCode.trim(), fingerprint: joinFingerprint.trim() });
      setState({ meeting, notice: null });
    });
  };
  const end = () =>
    run(async () => {
      onChanged(await api.endMeeting({}));
      setState(none);
    });

  const { meeting, notice } = state;
  if (meeting) {
    return (
      <section className="meeting-panel" data-testid="meeting-panel">
        <h3>{meeting.role === 'host' ? 'Du er vært for mødet' : 'Du deltager i mødet'}</h3>
        {meeting.role === 'host' && <p>Giv den anden part adressen, koden og fingeraftrykket:</p>}
        <dl className="meeting-info">
          <dt>Adresse</dt>
          <dd data-testid="meeting-url">{meeting.url}</dd>
          {meeting.role === 'host' && (
            <>
              <dt>Kode</dt>
              <dd data-testid="meeting-code" className="meeting-code">
                {meeting.code}
              </dd>
            </>
          )}
          <dt>Fingeraftryk</dt>
          <dd data-testid="meeting-fingerprint" className="meeting-code">
            {meeting.fingerprint}
          </dd>
        </dl>
        {meeting.role === 'host' && (
          <div data-testid="meeting-participants">
            <h4 className="meeting-participants-title">Deltagere</h4>
            {meeting.participants.length === 0 ? (
              <p className="muted">Ingen har sluttet sig til endnu.</p>
            ) : (
              <ul>
                {meeting.participants.map((p, i) => (
                  <li key={`${p.joinedAt}-${i}`}>
                    {p.name}
                    {p.side ? ` (${sideLabel[p.side]})` : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
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
      {notice && (
        <p className="form-notice" role="status" data-testid="meeting-notice">
          {notice}
        </p>
      )}
      <p className="modal-lead">
        Den ene computer er vært på det lokale netværk; den anden deltager med adresse, kode og fingeraftryk. Forbindelsen er
        krypteret, og fingeraftrykket sikrer, at I er forbundet med hinanden.
      </p>
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
      <form onSubmit={join} noValidate>
        <div className="field">
          <label htmlFor="meeting-join-url">Værtens adresse</label>
          <input id="meeting-join-url" name="join-url" type="text" placeholder="wss://192.168.1.20:41234" value={joinUrl} onChange={(e) => setJoinUrl(e.target.value)} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="meeting-join-code">Kode</label>
            <input id="meeting-join-code" name="join-code" type="text" autoComplete="off" placeholder="K7PQ3-QMXH4-TW9ZR" value={joinCode} onChange={(e) => setJoinCode(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="meeting-join-fingerprint">Fingeraftryk</label>
            <input id="meeting-join-fingerprint" name="join-fingerprint" type="text" autoComplete="off" placeholder="5D2K8-HQWM3-XP7TT" value={joinFingerprint} onChange={(e) => setJoinFingerprint(e.target.value)} />
          </div>
          <div className="field field-action">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Forbinder …' : 'Deltag'}
            </button>
          </div>
        </div>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
