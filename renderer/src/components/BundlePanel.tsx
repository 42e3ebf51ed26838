// Change bundles (ændringspakker) for email or USB, when there is no network and no meeting: save
// the changes of the open agreement to a file, or read one received from the other side — with a
// progress bar while the Node side checks and writes it, and *Fortryd import* afterwards.
import { useEffect, useRef, useState } from 'react';
import type { BundleImportProgress, Result } from '../../../shared/api/contract.ts';
import { downloadBytes } from '../lib/download.ts';
import { useServices } from '../services.ts';

const PHASE_LABEL: Record<BundleImportProgress['phase'], string> = {
  reading: 'Kontrollerer filen …',
  checking: 'Sammenligner med dine dokumenter …',
  writing: 'Gemmer ændringerne …',
  done: 'Færdig',
};

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
  const [progress, setProgress] = useState<BundleImportProgress | null>(null);
  /** The last import that changed something, while it can still be undone from here. */
  const [undoable, setUndoable] = useState<number | null>(null);

  useEffect(() => api.onEvent('bundleImportProgress', (p) => setProgress(p)), [api]);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    setProgress(null);
    try {
      setMessage({ kind: 'ok', text: await action() });
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof Error ? e.message : 'Det lykkedes ikke.' });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const importFile = (file: File) =>
    run(async () => {
      setUndoable(null);
      const result = await api.importBundle({ bytes: await readFile(file) });
      setUndoable(result.importId);
      return describe(result);
    });

  const undoImport = (importId: number) =>
    run(async () => {
      const { restored } = await api.undoBundleImport({ importId });
      setUndoable(null);
      return `Importen er fortrudt: ${restored} ${restored === 1 ? 'dokument har' : 'dokumenter har'} fået indholdet fra før importen tilbage.`;
    });

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
          if (file) void importFile(file);
        }}
      />
      {busy && progress && progress.phase !== 'done' && (
        <div className="bundle-progress" role="status" data-testid="bundle-progress">
          <span>{PHASE_LABEL[progress.phase]}</span>
          <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={PHASE_LABEL[progress.phase]} />
        </div>
      )}
      {message && (
        <p className={message.kind === 'error' ? 'form-error' : 'form-ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="bundle-message">
          {message.text}
        </p>
      )}
      {undoable !== null && !busy && (
        <div className="modal-actions modal-actions-start">
          <button
            type="button"
            className="button"
            title="Sæt alle dokumenter, importen ændrede, tilbage til indholdet fra før importen. Ændringer skrevet siden bliver."
            onClick={() => void undoImport(undoable)}
          >
            Fortryd import
          </button>
        </div>
      )}
    </section>
  );
}
