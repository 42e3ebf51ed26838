// *Indlæs rettelser fra Word …*: a negotiation draft that a participant edited in Word comes back
// per clause (its `enighed_<clauseId>` bookmark). Shown for review before anything is written:
// tracked insertions and deletions with their Word author, new comments, clauses changed without
// track changes as a word diff to accept one by one, clauses the file no longer holds and text
// outside every clause. What is written becomes suggestions and comment threads, never the text.
import { DocxFilePicker } from './DocxFilePicker.tsx';
import { useState } from 'react';
import type { Agreement } from '../../../shared/domain/agreement.ts';
import { MAX_DOCX_BYTES } from '../../../shared/word/limits.ts';
import type { RoundTripResult } from '../../../shared/word/roundTrip.ts';
import { Modal } from '../components/Modal.tsx';
import { DiffView } from '../negotiation/DiffView.tsx';
import { useServices } from '../services.ts';

export interface WordCorrectionsDialogProps {
  agreement: Pick<Agreement, 'id' | 'title' | 'sections'>;
  onClose: () => void;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 89)}…` : flat;
}

export function WordCorrectionsDialog({ agreement, onClose }: WordCorrectionsDialogProps) {
  const { api } = useServices();
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [result, setResult] = useState<RoundTripResult | null>(null);
  const [include, setInclude] = useState<Set<string>>(new Set());
  const [accept, setAccept] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<null | 'reading' | 'writing'>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const sectionTitle = new Map(agreement.sections.map((s) => [s.id, s.title]));

  const choose = async (chosen: File) => {
    setError(null);
    setDone(null);
    if (chosen.size > MAX_DOCX_BYTES) return setError(`Word-filen er større end ${MAX_DOCX_BYTES / 1024 / 1024} MB.`);
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    setFile({ name: chosen.name, bytes });
    setBusy('reading');
    try {
      const r = await api.previewWordCorrections({ bytes, agreementId: agreement.id });
      setResult(r);
      setInclude(new Set(r.clauses.filter((c) => !c.untracked && (c.changes.length > 0 || c.comments.length > 0)).map((c) => c.clauseId)));
      setAccept(new Set());
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : 'Word-filen kunne ikke læses.');
    } finally {
      setBusy(null);
    }
  };

  const write = async () => {
    if (!file) return;
    setBusy('writing');
    setError(null);
    try {
      const r = await api.applyWordCorrections({ bytes: file.bytes, agreementId: agreement.id, include: [...include], acceptUntracked: [...accept] });
      setDone(`Indlæst: ${r.suggestions} ændringsforslag og ${r.comments} ${r.comments === 1 ? 'kommentar' : 'kommentarer'}. De står til gennemsyn i afsnittene.`);
      setResult(null);
      setFile(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Rettelserne kunne ikke indlæses.');
    } finally {
      setBusy(null);
    }
  };

  const toggle = (set: Set<string>, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  const changed = result?.clauses.filter((c) => c.changes.length > 0 || c.comments.length > 0 || c.untracked) ?? [];
  return (
    <Modal title="Indlæs rettelser fra Word" onCancel={busy ? undefined : onClose} testId="word-corrections" className="word-import-dialog">
      <p className="modal-lead">
        Vælg et forhandlingsudkast fra «{agreement.title}», som en deltager har rettet i Word. Registrerede ændringer bliver ændringsforslag
        med Word-forfatterens navn, og nye kommentarer bliver kommentartråde. Intet ændres i teksten, før nogen accepterer forslagene.
      </p>
      <DocxFilePicker testIdPrefix="word-corrections" file={file} disabled={busy !== null} onChoose={(chosen) => void choose(chosen)} />
      {busy && (
        <div className="bundle-progress" role="status">
          <span>{busy === 'reading' ? 'Læser Word-filen …' : 'Skriver forslag og kommentarer …'}</span>
          <progress aria-label={busy === 'reading' ? 'Læser Word-filen' : 'Skriver'} />
        </div>
      )}
      {result && (
        <div className="word-import-plan" data-testid="word-corrections-result">
          <p className="word-import-totals">
            {result.clauses.length} klausuler fundet i filen · {changed.length} med rettelser · {result.missing.length} mangler · {result.outside.length} tekststykker uden for
            klausulerne
          </p>
          {changed.length === 0 ? (
            <p className="muted">Filen har ingen rettelser i forhold til aftalen.</p>
          ) : (
            <ul className="word-corrections-list">
              {changed.map((c) => (
                <li key={c.clauseId} data-testid="word-corrections-clause">
                  <p className="small muted">
                    {sectionTitle.get(c.sectionId) ?? c.sectionId}: «{excerpt(c.before)}»
                  </p>
                  {c.changes.map((x, i) => (
                    <p key={i} className="small">
                      {x.type === 'ins' ? 'Indsat' : 'Slettet'} af {x.author}: {x.type === 'ins' ? <ins>{x.text}</ins> : <del>{x.text}</del>}
                    </p>
                  ))}
                  {c.comments.map((x) => (
                    <p key={x.id} className="small">
                      Kommentar fra {x.author}: «{excerpt(x.text)}»{x.replies.length > 0 && ` (${x.replies.length} svar)`}
                    </p>
                  ))}
                  {c.untracked ? (
                    <>
                      <p className="small">Ændret uden registrering:</p>
                      <DiffView ops={c.untracked} />
                      <label className="checkbox">
                        <input type="checkbox" checked={accept.has(c.clauseId)} onChange={(e) => setAccept(toggle(accept, c.clauseId, e.target.checked))} />
                        <span>Acceptér ændringen (som ændringsforslag)</span>
                      </label>
                    </>
                  ) : (
                    <label className="checkbox">
                      <input type="checkbox" checked={include.has(c.clauseId)} onChange={(e) => setInclude(toggle(include, c.clauseId, e.target.checked))} />
                      <span>Medtag</span>
                    </label>
                  )}
                </li>
              ))}
            </ul>
          )}
          {result.missing.length > 0 && (
            <section aria-label="Mangler i filen" data-testid="word-corrections-missing">
              <h3>Klausuler, som filen ikke længere indeholder</h3>
              <ul>
                {result.missing.map((m) => (
                  <li key={m.clauseId}>
                    {sectionTitle.get(m.sectionId) ?? m.sectionId}: «{excerpt(m.text)}»
                  </li>
                ))}
              </ul>
              <p className="small muted">De bliver stående i aftalen. Er de slettet med vilje, så foreslå sletningen i Enighed.</p>
            </section>
          )}
          {result.outside.length > 0 && (
            <section aria-label="Uden for klausulerne" data-testid="word-corrections-outside">
              <h3>Tekst uden for klausulerne (indlæses ikke)</h3>
              <ul>
                {result.outside.map((t, i) => (
                  <li key={i}>«{excerpt(t)}»</li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="word-corrections-error">
          {error}
        </p>
      )}
      {done && (
        <p className="form-ok" role="status" data-testid="word-corrections-done">
          {done}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" disabled={busy !== null} onClick={onClose}>
          Luk
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="word-corrections-apply"
          disabled={busy !== null || !result || include.size + accept.size === 0}
          onClick={() => void write()}
        >
          Indlæs rettelser
        </button>
      </div>
    </Modal>
  );
}
