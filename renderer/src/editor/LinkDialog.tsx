// The small dialog for a link's address (window.prompt does not exist in Electron).
import { useState, type FormEvent } from 'react';
import { normalizeHref } from '../../../shared/editor/commands.ts';
import { Modal } from '../components/Modal.tsx';

export interface LinkDialogProps {
  /** The current link's address, when the selection is in a link. */
  initialHref: string | null;
  onSubmit: (href: string) => void;
  onRemove: () => void;
  onCancel: () => void;
}

export function LinkDialog({ initialHref, onSubmit, onRemove, onCancel }: LinkDialogProps) {
  const [value, setValue] = useState(initialHref ?? '');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const href = normalizeHref(value);
    if (!href) {
      setError('Skriv en gyldig webadresse (fx www.sundhed.dk) eller en e-mailadresse.');
      return;
    }
    onSubmit(href);
  };

  return (
    <Modal title={initialHref ? 'Ret link' : 'Indsæt link'} testId="link-dialog" onCancel={onCancel} className="link-dialog">
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="link-href">Adresse</label>
          <input
            id="link-href"
            name="href"
            type="text"
            inputMode="url"
            autoFocus
            placeholder="https://www.sundhed.dk"
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'link-href-error' : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
          />
          {error && (
            <p className="field-error" id="link-href-error">
              {error}
            </p>
          )}
        </div>
        <div className="modal-actions">
          {initialHref && (
            <button type="button" className="button button-danger-quiet modal-actions-start" data-testid="link-remove" onClick={onRemove}>
              Fjern link
            </button>
          )}
          <button type="button" className="button" onClick={onCancel}>
            Annuller
          </button>
          <button type="submit" className="button button-primary" data-testid="link-submit">
            {initialHref ? 'Gem link' : 'Indsæt link'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
