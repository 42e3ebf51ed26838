// Tells a meeting's guest, wherever they are in the app, that the host ended the meeting (the sync
// dialog need not be open). Dismissed with OK; the Node side keeps the notice until the next meeting.
import { useEffect, useState } from 'react';
import { useServices } from '../services.ts';

export function MeetingNotice() {
  const { api } = useServices();
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.onEvent('meeting', (s) => live && setNotice(s.notice));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  if (!notice) return null;
  return (
    <div className="meeting-notice" role="status" data-testid="meeting-ended-notice">
      <span>{notice}</span>
      <button type="button" className="button" onClick={() => setNotice(null)}>
        OK
      </button>
    </div>
  );
}
