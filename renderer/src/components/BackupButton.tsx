// Sikkerhedskopi …: a consistent copy of the whole workspace file (taken with SQLite's backup API
// while the app keeps working), saved where the user chooses.
import { useEffect, useState } from 'react';
import { downloadBytes } from '../lib/download.ts';
import { useServices } from '../services.ts';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'ok'; text: string } | { kind: 'error'; text: string };

const decimal = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1 });

/** "830 kB", "12,4 MB". */
function size(bytes: number): string {
  return bytes < 1e6 ? `${Math.max(1, Math.ceil(bytes / 1e3))} kB` : `${decimal.format(bytes / 1e6)} MB`;
}

export function BackupButton() {
  const { api } = useServices();
  const [state, setState] = useState<State>({ kind: 'idle' });
  // The confirmation goes away by itself; an error stays until the next attempt.
  useEffect(() => {
    if (state.kind !== 'ok') return;
    const timer = setTimeout(() => setState({ kind: 'idle' }), 10_000);
    return () => clearTimeout(timer);
  }, [state]);

  const backup = async () => {
    setState({ kind: 'busy' });
    try {
      const { bytes, fileName } = await api.backupWorkspace({});
      downloadBytes(bytes, fileName);
      setState({ kind: 'ok', text: `Sikkerhedskopien ${fileName} (${size(bytes.byteLength)}) er gemt.` });
    } catch (e) {
      setState({ kind: 'error', text: e instanceof Error ? e.message : 'Sikkerhedskopien kunne ikke gemmes.' });
    }
  };

  return (
    <div className="backup">
      <button
        type="button"
        className="button button-quiet"
        data-testid="backup-button"
        disabled={state.kind === 'busy'}
        title="Gem en kopi af hele arbejdsområdet (alle aftaler og alt, der er gemt) i en fil."
        onClick={() => void backup()}
      >
        <span className="label-wide">{state.kind === 'busy' ? 'Gemmer sikkerhedskopi …' : 'Sikkerhedskopi …'}</span>
        <span className="label-narrow">{state.kind === 'busy' ? 'Gemmer kopi …' : 'Kopi …'}</span>
      </button>
      {(state.kind === 'ok' || state.kind === 'error') && (
        <span
          className={`backup-message backup-message-${state.kind}`}
          role={state.kind === 'error' ? 'alert' : 'status'}
          data-testid="backup-message"
        >
          {state.text}
        </span>
      )}
    </div>
  );
}
