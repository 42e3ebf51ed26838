// Tells the user, wherever they are in the app, that a change from the sync server or a meeting
// could not be saved on this computer (a full disk, say). The message is the Node side's, in Danish.
import { useEffect, useState } from 'react';
import { useServices } from '../services.ts';

export function StoreErrorBanner() {
  const { api } = useServices();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.onEvent('storeError', ({ message }) => live && setMessage(message));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  if (!message) return null;
  return (
    <div className="banner banner-error store-error-banner" role="alert" data-testid="store-error">
      <span>{message}</span>
      <button type="button" className="button" onClick={() => setMessage(null)}>
        OK
      </button>
    </div>
  );
}
