// Change bundles (ændringspakker) for email or USB, when there is no network and no meeting: save
// the changes of the open agreement to a file, or read one received from the other side.
import { useRef, useState } from 'react';
import type { Result } from '../../../shared/api/contract.ts';
import { downloadBytes } from '../lib/download.ts';
import { useServices } from '../services.ts';

export interface BundlePanelProps {
  agreementId: string | null;
}

async function readFile(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

export function BundlePanel({ agreementId }: BundlePanelProps) {
  const { api } = useServices();
  const importInput = useRef<HTMLInputElement>(null);
  const sinceInput = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ kind: 'ok', text: await action() });
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof Error ? e.message : 'Det lykkedes ikke.' });
    } finally {
      setBusy(false);
    }
  };

  const exportAll = (lastFromRecipient?: Uint8Array) =>
    run(async () => {
      const { bytes, fileName } = await api.exportBundle({ agreementId: agreementId!, lastFromRecipient });
      downloadBytes(bytes, fileName);
      return `Ændringspakken ${fileName} (${Math.ceil(bytes.byteLength / 1024)} kB) er gemt. Send den til den anden part.`;
    });

  const describe = (r: Result<'importBundle'>) =>
    r.changed === 0
      ? `Ændringspakken fra ${r.createdBy} indeholdt intet nyt.`
      : `Indlæst fra ${r.createdBy}: ændringer i ${r.changed} af ${r.docs} dokumenter${r.newAgreement ? ' (ny aftale)' : ''}.`;

  return (
    <section className="bundle-panel" data-testid="bundle-panel">
      <h3>Ændringspakke (e-mail eller USB)</h3>
      <p className="modal-lead">Uden net og uden møde: gem aftalens ændringer i en fil, og indlæs den fil, den anden part sender.</p>
      <div className="modal-actions modal-actions-start">
        <button type="button" className="button" disabled={busy || !agreementId} onClick={() => void exportAll()}>
          Gem alle ændringer …
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || !agreementId}
          title="Vælg den seneste ændringspakke, du har fået fra modtageren; så kommer kun det med, de mangler."
          onClick={() => sinceInput.current?.click()}
        >
          Gem det, modtageren mangler …
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => importInput.current?.click()}>
          Indlæs ændringspakke …
        </button>
      </div>
      <input
        ref={sinceInput}
        type="file"
        accept=".enighed"
        hidden
        data-testid="bundle-since-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void readFile(file).then((bytes) => exportAll(bytes));
        }}
      />
      <input
        ref={importInput}
        type="file"
        accept=".enighed"
        hidden
        data-testid="bundle-import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void run(async () => describe(await api.importBundle({ bytes: await readFile(file) })));
        }}
      />
      {message && (
        <p className={message.kind === 'error' ? 'form-error' : 'form-ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="bundle-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
