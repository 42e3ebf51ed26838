// Start a new agreement from a template (the structure of a generation's agreement: parts, areas,
// theme groups, sections), optionally filled with demo text.
import { useState, type FormEvent } from 'react';
import type { TemplateInfo } from '../../../shared/api/contract.ts';
import { useServices } from '../services.ts';

export interface StartViewProps {
  templates: TemplateInfo[];
  canCancel: boolean;
  onCancel: () => void;
  onCreated: (agreementId: string) => Promise<void>;
  /** *Åbn invitation …*: join an agreement someone else set up. */
  onOpenInvitation: () => void;
  /** *Importér fra Word …*: a new agreement from an earlier generation's Word file. */
  onImportWord: () => void;
  /** This workspace just redeemed a founding secretariat's invitation: the agreement it creates
   *  now is the server's first, with this machine's key as its root key. */
  founding: boolean;
}

export function StartView({ templates, canCancel, onCancel, onCreated, onOpenInvitation, onImportWord, founding }: StartViewProps) {
  const { api } = useServices();
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? '');
  const template = templates.find((t) => t.id === templateId);
  const [title, setTitle] = useState(template?.agreementTitle ?? '');
  const [titleTouched, setTitleTouched] = useState(false);
  const [demo, setDemo] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const chooseTemplate = (id: string) => {
    setTemplateId(id);
    // The title follows the template until the user writes their own.
    if (!titleTouched) setTitle(templates.find((t) => t.id === id)?.agreementTitle ?? '');
  };

  const titleError = title.trim() === '' ? 'Skriv en titel på aftalen.' : title.trim().length > 300 ? 'Højst 300 tegn.' : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!template) return setError('Vælg en skabelon.');
    if (titleError) return setError(titleError);
    setBusy(true);
    try {
      const { agreementId } = await api.createAgreement({ templateId: template.id, title: title.trim(), demo });
      await onCreated(agreementId);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Aftalen kunne ikke oprettes.');
      setBusy(false);
    }
  };

  return (
    <main className="start-view" data-testid="start-view">
      <form className="start-card" onSubmit={submit} noValidate>
        <h1>Ny sundhedsaftale</h1>
        {founding && (
          <p className="form-notice" role="status" data-testid="founding-notice">
            Du er nu sekretariat på serveren. Opret aftalen: den deles med serveren, og du kan derefter invitere deltagerne.
          </p>
        )}
        <p className="muted">
          Vælg en skabelon. Den giver aftalens opbygning: politisk/administrativ del, sundhedsfaglig del, opfølgning og
          allonge, med de obligatoriske indsatsområder og deres temagrupper.
        </p>

        {templates.length === 0 ? (
          <p className="form-error">Der er ingen skabeloner i denne installation.</p>
        ) : (
          <fieldset className="template-list">
            <legend>Skabelon</legend>
            {templates.map((t) => (
              <label key={t.id} className={`template-option ${t.id === templateId ? 'is-selected' : ''}`}>
                <input
                  type="radio"
                  name="template"
                  value={t.id}
                  checked={t.id === templateId}
                  onChange={() => chooseTemplate(t.id)}
                />
                <span>
                  <span className="template-title">{t.title}</span>
                  <span className="template-description">{t.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}

        <div className="field">
          <label htmlFor="agreement-title">Titel</label>
          <input
            id="agreement-title"
            name="title"
            type="text"
            value={title}
            aria-invalid={error !== null && titleError !== null ? true : undefined}
            onChange={(e) => {
              setTitle(e.target.value);
              setTitleTouched(true);
            }}
          />
        </div>

        <label className="checkbox">
          <input type="checkbox" name="demo" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
          <span>
            Med demotekst
            <span className="checkbox-hint">Udfyld afsnittene med eksempeltekst fra en tidligere sundhedsaftale.</span>
          </span>
        </label>

        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}

        <div className="form-actions">
          <button type="button" className="button button-quiet modal-actions-start" data-testid="start-open-invitation" onClick={onOpenInvitation}>
            Åbn invitation …
          </button>
          <button type="button" className="button button-quiet" data-testid="start-import-word" onClick={onImportWord}>
            Importér fra Word …
          </button>
          {canCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Annuller
            </button>
          )}
          <button
            type="submit"
            className="button button-primary"
            data-testid="create-agreement"
            disabled={busy || templates.length === 0}
          >
            {busy ? 'Opretter …' : 'Opret aftale'}
          </button>
        </div>
      </form>
    </main>
  );
}
