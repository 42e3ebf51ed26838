// The agreement's facts: title, generation, period and region (whose municipalities become the
// agreement's parties). Saved together with *Gem*; only what changed is written.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { setGeneration, setPeriod, setRegion, setTitle } from '../../../shared/structure/agreementFacts.ts';
import { regionPartyId } from '../../../shared/structure/regions.ts';
import { generationProblem, nameProblem, periodProblem } from '../../../shared/structure/validation.ts';
import { ChangedNote } from './ChangedNote.tsx';
import type { Run } from './command.ts';
import { regions } from './regions.ts';

type Field = 'title' | 'generation' | 'period' | 'region';

function initialValues(agreement: Agreement) {
  return {
    title: agreement.title,
    generation: String(agreement.generation),
    from: String(agreement.period.from),
    to: String(agreement.period.to),
    region: agreement.regionPartyId,
  };
}

const asInt = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function AgreementFactsForm({ agreement, run }: { agreement: Agreement; run: Run }) {
  const [values, setValues] = useState(() => initialValues(agreement));
  // What the form last took from the structure: a change made elsewhere (or by our own *Gem*)
  // replaces the form's values unless the user has edited them since.
  const base = useRef(values);
  const storedKey = JSON.stringify(initialValues(agreement));
  useEffect(() => {
    const next = JSON.parse(storedKey) as ReturnType<typeof initialValues>;
    const previous = JSON.stringify(base.current);
    base.current = next;
    setValues((current) => (JSON.stringify(current) === previous ? next : current));
  }, [storedKey]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const selectedRegion = regions.find((r) => regionPartyId(r) === values.region);
  const knownRegion = regions.some((r) => regionPartyId(r) === agreement.regionPartyId);
  const municipalities = agreement.parties.filter((p) => p.kind === 'kommune');

  const set = (field: keyof ReturnType<typeof initialValues>, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setResult(null);
    const errorField: Field = field === 'from' || field === 'to' ? 'period' : field;
    if (errors[errorField]) setErrors((e) => ({ ...e, [errorField]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const generation = asInt(values.generation);
    const from = asInt(values.from);
    const to = asInt(values.to);
    const found: Partial<Record<Field, string>> = {
      title: nameProblem(values.title, 'aftalens titel') ?? undefined,
      generation: generationProblem(generation) ?? undefined,
      period: periodProblem(from, to) ?? undefined,
      region: selectedRegion ? undefined : 'Vælg aftalens region.',
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const changes: string[] = [];
    const problem = run((doc, change) => {
      if (values.title.trim() !== agreement.title) {
        setTitle(doc, values.title, change);
        changes.push('titel');
      }
      if (generation !== agreement.generation) {
        setGeneration(doc, generation, change);
        changes.push('generation');
      }
      if (from !== agreement.period.from || to !== agreement.period.to) {
        setPeriod(doc, { from, to }, change);
        changes.push('periode');
      }
      if (selectedRegion && values.region !== agreement.regionPartyId) {
        setRegion(doc, selectedRegion, change);
        changes.push('region');
      }
    });
    if (problem) setResult({ ok: false, message: problem });
    else setResult({ ok: true, message: changes.length ? `Gemt: ${changes.join(', ')}.` : 'Der var ingen ændringer at gemme.' });
  };

  const reset = () => {
    setValues(base.current);
    setErrors({});
    setResult(null);
  };

  const fieldProps = (field: Field, id: string) => ({
    id,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${id}-error` : undefined,
  });
  const errorOf = (field: Field, id: string) =>
    errors[field] ? (
      <p className="field-error" id={`${id}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <section className="setup-card" aria-labelledby="setup-facts-title" data-testid="setup-facts">
      <header className="setup-card-head">
        <h2 id="setup-facts-title">Aftalen</h2>
        <ChangedNote entity={agreement} />
      </header>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="setup-title">Titel</label>
          <input {...fieldProps('title', 'setup-title')} name="title" type="text" value={values.title} onChange={(e) => set('title', e.target.value)} />
          {errorOf('title', 'setup-title')}
        </div>
        <div className="field-row setup-facts-row">
          <div className="field setup-field-narrow">
            <label htmlFor="setup-generation">Generation</label>
            <input {...fieldProps('generation', 'setup-generation')} name="generation" type="number" min={1} max={20} value={values.generation} onChange={(e) => set('generation', e.target.value)} />
            {errorOf('generation', 'setup-generation')}
          </div>
          <fieldset className="field setup-period" aria-describedby={errors.period ? 'setup-period-error' : undefined}>
            <legend>Periode</legend>
            <span className="setup-period-inputs">
              <label className="visually-hidden" htmlFor="setup-from">Fra år</label>
              <input id="setup-from" name="from" type="number" min={2000} max={2100} aria-invalid={errors.period ? true : undefined} value={values.from} onChange={(e) => set('from', e.target.value)} />
              <span aria-hidden="true">–</span>
              <label className="visually-hidden" htmlFor="setup-to">Til år</label>
              <input id="setup-to" name="to" type="number" min={2000} max={2100} aria-invalid={errors.period ? true : undefined} value={values.to} onChange={(e) => set('to', e.target.value)} />
            </span>
            {errorOf('period', 'setup-period')}
          </fieldset>
          <div className="field">
            <label htmlFor="setup-region">Region</label>
            <select {...fieldProps('region', 'setup-region')} name="region" value={values.region} onChange={(e) => set('region', e.target.value)}>
              {!knownRegion && <option value={agreement.regionPartyId}>Vælg region …</option>}
              {regions.map((r) => (
                <option key={r.name} value={regionPartyId(r)}>
                  {r.name}
                </option>
              ))}
            </select>
            {errorOf('region', 'setup-region')}
          </div>
        </div>
        {selectedRegion && values.region !== agreement.regionPartyId ? (
          <p className="form-warning" data-testid="region-change-warning">
            Aftalens parter bliver {selectedRegion.name} og dens {selectedRegion.municipalities.length} kommuner. Klynge- og lokalaftaler mister de
            kommuner, der ikke hører til regionen, og skal have deres parter igen.
          </p>
        ) : (
          <div className="setup-municipalities">
            <h3>Kommuner i aftalen ({municipalities.length})</h3>
            <ul className="chip-list" data-testid="setup-municipalities">
              {municipalities.map((m) => (
                <li key={m.id} className="chip">
                  {m.name}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result && (
          <p className={result.ok ? 'form-notice' : 'form-error'} role={result.ok ? 'status' : 'alert'} data-testid="facts-result">
            {result.message}
          </p>
        )}
        <div className="setup-actions">
          <button type="submit" className="button button-primary" data-testid="save-facts">
            Gem
          </button>
          <button type="button" className="button button-quiet" onClick={reset}>
            Fortryd ændringer
          </button>
        </div>
      </form>
    </section>
  );
}
