// A message from the Node side that the user must see wherever they are in the app (the dialog it
// belongs to need not be open), dismissed with OK: the text is what `message` takes from the latest
// `event` (null clears it). Used for the host ending a meeting and for a change that could not be
// saved on this computer.
import { useEffect, useState } from 'react';
import type { EventName, EventPayload } from '../../../shared/api/contract.ts';
import { useServices } from '../services.ts';

interface EventNoticeProps<E extends EventName> {
  event: E;
  message: (payload: EventPayload<E>) => string | null;
  /** 'alert' for a failure, 'status' for news. */
  role: 'alert' | 'status';
  className: string;
  testId: string;
}

export function EventNotice<E extends EventName>({ event, message, role, className, testId }: EventNoticeProps<E>) {
  const { api } = useServices();
  const [text, setText] = useState<string | null>(null);
  // `message` is a pure pick from the payload; the subscription follows the event only.
  const [pick] = useState(() => message);
  useEffect(() => {
    let live = true;
    const off = api.onEvent(event, (payload) => live && setText(pick(payload)));
    return () => {
      live = false;
      off();
    };
  }, [api, event, pick]);
  if (!text) return null;
  return (
    <div className={className} role={role} data-testid={testId}>
      <span>{text}</span>
      <button type="button" className="button" onClick={() => setText(null)}>
        OK
      </button>
    </div>
  );
}
