// The agreement's areas (indsatsområder) in the setup screen: the mandatory ones from the executive
// order and the voluntary ones the region chose; add a voluntary area, rename any.
import { useState, type FormEvent } from 'react';
import type { Agreement, Area } from '../../../shared/domain/agreement.ts';
import { randomId } from '../../../shared/domain/ids.ts';
import { addArea, renameArea } from '../../../shared/structure/areas.ts';
import { nameProblem } from '../../../shared/structure/validation.ts';
import { ChangedNote } from './ChangedNote.tsx';
import type { Run } from './command.ts';

export function AreasList({ agreement, run }: { agreement: Agreement; run: Run }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="setup-card" aria-labelledby="setup-areas-title" data-testid="setup-areas">
      <header className="setup-card-head">
        <h2 id="setup-areas-title">Områder</h2>
        <span className="muted">{agreement.areas.length} områder</span>
      </header>
      <NameForm
        idPrefix="new-area"
        label="Nyt frivilligt område"
        placeholder="fx Demens"
        submitLabel="Tilføj område"
        what="områdets navn"
        onSubmit={(name) => run((doc, change) => addArea(doc, { id: randomId('ar-'), name }, change))}
        clearAfter
      />
      <ul className="setup-list">
        {agreement.areas.map((area) => (
          <li key={area.id} className="setup-row" data-testid={`setup-area-${area.id}`}>
            <div className="setup-row-main">
              <div className="setup-row-text">
                <span className="setup-row-title">{area.name}</span>
                <span className="setup-row-meta">{kind(area)}</span>
                <ChangedNote entity={area} />
              </div>
              <span className="setup-row-actions">
                <button type="button" className="button button-quiet" aria-expanded={editing === area.id} onClick={() => setEditing(editing === area.id ? null : area.id)}>
                  {editing === area.id ? 'Luk' : 'Omdøb'}
                </button>
              </span>
            </div>
            {editing === area.id && (
              <NameForm
                idPrefix={`area-${area.id}`}
                label="Navn"
                initial={area.name}
                submitLabel="Gem navn"
                what="områdets navn"
                onSubmit={(name) => {
                  const problem = run((doc, change) => renameArea(doc, area.id, name, change));
                  if (!problem) setEditing(null);
                  return problem;
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function kind(area: Area): string {
  if (!area.mandatory) return 'Frivilligt område';
  return area.ordinal ? `Obligatorisk område nr. ${area.ordinal} i bekendtgørelsen` : 'Obligatorisk område';
}

interface NameFormProps {
  idPrefix: string;
  label: string;
  initial?: string;
  placeholder?: string;
  submitLabel: string;
  what: string;
  /** Writes the name; returns why not (Danish), or null. */
  onSubmit: (name: string) => string | null;
  clearAfter?: boolean;
}

function NameForm({ idPrefix, label, initial = '', placeholder, submitLabel, what, onSubmit, clearAfter }: NameFormProps) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = nameProblem(name, what) ?? onSubmit(name);
    setError(problem);
    if (!problem && clearAfter) setName('');
  };
  return (
    <form className="setup-add" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${idPrefix}-name`}>{label}</label>
        <input
          id={`${idPrefix}-name`}
          name="name"
          type="text"
          value={name}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idPrefix}-name-error` : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {error && (
          <p className="field-error" id={`${idPrefix}-name-error`}>
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button setup-add-button">
        {submitLabel}
      </button>
    </form>
  );
}
