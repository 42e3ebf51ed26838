// The clause panel (klausulpanel): both sides' positions on one clause, agree/dispute for the local
// profile's side, the diff since a stale agreement with one-click re-confirmation, alternative
// wordings beside the current text, and the clause's decision log with CSV export.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import type { Profile } from '../../../shared/domain/agreement.ts';
import type { AgreementIdentityView, Api } from '../../../shared/api/contract.ts';
import { judgedPositions } from '../../../shared/identity/counted.ts';
import { checkDecisionLog, prevOf } from '../../../shared/identity/decisionLogCheck.ts';
import type { Directory } from '../../../shared/identity/directory.ts';
import { negotiatingSideIn } from '../../../shared/identity/negotiatingSide.ts';
import { positionVerdict, type PositionVerdict } from '../../../shared/identity/positionVerdict.ts';
import { endorsementsOf, latestEntryPerDevice } from '../../../shared/identity/endorsement.ts';
import { useVerdictVersion } from '../identity/useDirectory.ts';
import { formatDanishDateTime, sideLabel } from '../../../shared/domain/labels.ts';
import type { ClauseStatusEntry } from '../../../shared/negotiation/clauseStatuses.ts';
import { SECTION_KEYS } from '../../../shared/documents/keys.ts';
import { decisionLogCsv } from '../../../shared/negotiation/csv.ts';
import type { Rights } from '../../../shared/access/rules.ts';
import { NegotiationSide, stanceLabel, statusLabel, type Position, type Stance } from '../../../shared/negotiation/position.ts';
import { localTimestamp } from '../../../shared/negotiation/csv.ts';
import { currentPositions, decisionLog, recordPosition, sectionDecisionLog } from '../../../shared/negotiation/positionsDoc.ts';
import { readableClauseText, wordDiff } from '../../../shared/negotiation/wordDiff.ts';
import { shortcutLabel } from '../editor/shortcuts.ts';
import { DiffView } from './DiffView.tsx';
import { PositionCard, verdictLabel } from './PositionCard.tsx';

export const negotiationKeys = { agree: 'Alt-Shift-e', dispute: 'Alt-Shift-u', next: 'Alt-Shift-n' } as const;

/**
 * Records a position on a clause, bound to the clause's current text: signed first by the main
 * process with this device's key when the workspace joined the agreement (else left unsigned: a local
 * agreement), with `prev` the hash of the clause's latest log entry this replica holds.
 */
export async function takePosition(
  api: Pick<Api, 'signPosition'>,
  docId: string,
  doc: Y.Doc,
  entry: ClauseStatusEntry,
  by: { name: string; organisation: string },
  side: NegotiationSide,
  stance: Stance,
  extra: { reason?: string; alternative?: string } = {},
): Promise<boolean> {
  // Enig pressed again on the same text says nothing new: recordPosition logs nothing then. The
  // check needs the signature (a forged position under this person's name is not "the same"), so
  // the position is signed first (about a millisecond in the main process).
  const position: Position = {
    clauseId: entry.clauseId,
    side,
    stance,
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.alternative ? { alternative: extra.alternative } : {}),
    textHash: entry.hash,
    text: entry.normalised,
    by,
    at: new Date().toISOString(),
  };
  const log = sectionDecisionLog(doc);
  const signed = await api.signPosition({ docId, position, prev: prevOf(log, entry.clauseId), ownCandidates: latestEntryPerDevice(log) });
  return recordPosition(doc, signed);
}

/** Counts changes of the section's decision log and positions map (the log check reads both). */
function useLogVersion(doc: Y.Doc): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const log = doc.getArray(SECTION_KEYS.decisionLog);
    const positions = doc.getMap(SECTION_KEYS.positions);
    const bump = () => setVersion((v) => v + 1);
    log.observe(bump);
    positions.observe(bump);
    return () => {
      log.unobserve(bump);
      positions.unobserve(bump);
    };
  }, [doc]);
  return version;
}

function useDecisionLog(doc: Y.Doc, clauseId: string): Position[] {
  const [log, setLog] = useState(() => decisionLog(doc, clauseId));
  useEffect(() => {
    const array = doc.getArray(SECTION_KEYS.decisionLog);
    const read = () => setLog(decisionLog(doc, clauseId));
    read();
    array.observe(read);
    return () => array.unobserve(read);
  }, [doc, clauseId]);
  return log;
}

/** The start of the text an entry was taken on: "Kommunen tilbyder en første …". */
function quoteOf(text: string, words = 14): string {
  const all = readableClauseText(text).split(/\s+/).filter(Boolean);
  return `«${all.slice(0, words).join(' ')}${all.length > words ? ' …' : ''}»`;
}

function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ClausePanelProps {
  doc: Y.Doc;
  docId: string;
  sectionId: string;
  /** Whose positions count (shared/identity). */
  directory: Directory;
  /** This workspace's identity in the agreement. */
  identity: AgreementIdentityView;
  api: Pick<Api, 'signPosition'>;
  entry: ClauseStatusEntry;
  /** "3.2". */
  number: string;
  /** "Politisk del 3.2", unique across the agreement (clauseReference): the log's CSV names it so. */
  reference?: string;
  profile: Profile | null;
  /** What the person may do here (shared/access); null: not known. */
  rights?: Rights | null;
  /** Alt+Shift+U asked for the dispute form on this clause; the panel opens it and calls onDisputeShown. */
  disputeRequested: boolean;
  onDisputeShown: () => void;
  onClose: () => void;
  onDone: () => void;
  /** The clause's comment threads. */
  comments: ReactNode;
  /** *Brug denne formulering*: proposes the other side's alternative as a suggestion in the text
   *  (false when it could not). Absent: not offered. */
  onUseWording?: (wording: string) => boolean;
}

export function ClausePanel(props: ClausePanelProps) {
  const { doc, docId, sectionId, directory, identity, api, entry, number, reference = number, profile, rights = null, disputeRequested, onDisputeShown, onClose, onDone, comments, onUseWording } = props;
  const log = useDecisionLog(doc, entry.clauseId);
  const verdicts = useVerdictVersion();
  const who = negotiatingSideIn(profile, identity, directory);
  // The rule (shared/access) may hold a side back (the secretariat, observers, another theme group).
  const blocked = rights && !rights.takePositionsAs ? (rights.reasons.takePositionsAs ?? '') : null;
  const mySide = blocked === null && 'side' in who ? who.side : null;
  const noPositionReason = blocked ?? ('reason' in who ? who.reason : '');
  // Every side's current position with its verdict (entry.positions holds only those that count).
  const judged = judgedPositions(doc, sectionId, directory, entry.clauseId);
  const endorsements = endorsementsOf(doc);
  const logVerdict = (p: Position): PositionVerdict => positionVerdict(p, { agreementId: directory.agreementId, sectionId, directory, endorsements });
  const logVersion = useLogVersion(doc);
  // The tamper check hashes the whole section's log: only when the log, the positions, the directory
  // or a verdict changed, never per keystroke.
  const problems = useMemo(
    () =>
      checkDecisionLog(sectionDecisionLog(doc), {
        current: new Map([[entry.clauseId, currentPositions(doc, entry.clauseId)]]),
        verdictOf: (p) => positionVerdict(p, { agreementId: directory.agreementId, sectionId, directory, endorsements }),
        clauseId: entry.clauseId,
      }),
    [doc, entry.clauseId, sectionId, directory, verdicts, logVersion],
  );
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const [alternative, setAlternative] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const current = readableClauseText(entry.normalised);

  // Reset on another clause first, so a request for the new clause is not undone by the reset.
  useEffect(() => {
    setDisputing(false);
    setReason('');
    setAlternative('');
    setError(null);
  }, [entry.clauseId]);
  useEffect(() => {
    if (!disputeRequested) return;
    if (mySide) setDisputing(true);
    onDisputeShown();
  }, [disputeRequested, mySide, onDisputeShown]);
  useEffect(() => {
    if (disputing) reasonRef.current?.focus();
  }, [disputing]);

  const record = (stance: Stance, extra?: { reason?: string; alternative?: string }) => {
    if (!('side' in who)) return Promise.resolve(false);
    return takePosition(api, docId, doc, entry, who.by, who.side, stance, extra).then(
      () => true,
      (e: unknown) => {
        setError(`Standpunktet kunne ikke registreres: ${(e as Error).message}`);
        return false;
      },
    );
  };
  const agree = () => {
    void record('enig').then((ok) => ok && onDone());
  };
  const withdraw = () => {
    void record('trukket').then((ok) => ok && onDone());
  };
  const submitDispute = () => {
    if (!mySide) return;
    if (reason.trim() === '') {
      setError('Skriv en begrundelse for uenigheden.');
      reasonRef.current?.focus();
      return;
    }
    void record('uenig', { reason: reason.trim(), alternative: alternative.trim() || undefined }).then((ok) => {
      if (!ok) return;
      setDisputing(false);
      setReason('');
      setAlternative('');
      setError(null);
      onDone();
    });
  };
  const mine = mySide ? entry.positions[mySide] : undefined;
  const mayWithdraw = mine !== undefined && (mine.stance === 'enig' || mine.stance === 'uenig');
  const iAgreeNow = mine?.stance === 'enig' && mine.textHash === entry.hash;
  const alternatives = NegotiationSide.options.flatMap((side) => {
    const p = entry.positions[side];
    return p?.stance === 'uenig' && p.alternative ? [p] : [];
  });

  return (
    <aside
      className="clause-panel"
      data-testid="clause-panel"
      aria-labelledby="clause-panel-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="clause-panel-head">
        <h2 id="clause-panel-title">Klausul {number}</h2>
        <span className={`status-chip status-${entry.status}`} data-testid="panel-status" data-status={entry.status}>
          {statusLabel[entry.status]}
        </span>
        <button type="button" className="button button-quiet clause-panel-close" aria-label="Luk klausulpanelet" title="Luk (Esc)" onClick={onClose}>
          ×
        </button>
      </header>

      <section className="panel-block" aria-label="Standpunkter">
        <h3>Standpunkter</h3>
        <div className="positions">
          {NegotiationSide.options.map((side) => (
            <PositionCard
              key={side}
              side={side}
              position={judged[side]?.position}
              verdict={judged[side]?.verdict}
              stale={entry.staleSides.includes(side)}
            />
          ))}
        </div>
      </section>

      {entry.staleSides.map((side) => {
        const agreed = entry.positions[side]!;
        return (
          <section key={side} className="panel-block stale-block" data-testid={`stale-${side}`}>
            <h3>Ændret siden {sideLabel[side].toLowerCase()} var enig</h3>
            <DiffView ops={wordDiff(readableClauseText(agreed.text), current)} />
            {side === mySide && (
              <button type="button" className="button button-primary" data-testid="reconfirm" onClick={agree}>
                Bekræft den nye tekst
              </button>
            )}
          </section>
        );
      })}

      {alternatives.length > 0 && (
        <section className="panel-block" aria-label="Alternative formuleringer">
          <h3>Alternative formuleringer</h3>
          {alternatives.map((p) => (
            <div key={p.side} className="side-by-side" data-testid={`alternative-${p.side}`}>
              <figure>
                <figcaption>Nuværende tekst</figcaption>
                <p>{current}</p>
              </figure>
              <figure className={`alt side-${p.side}`}>
                <figcaption>Forslag fra {sideLabel[p.side].toLowerCase()}</figcaption>
                <p>{p.alternative}</p>
              </figure>
              {onUseWording && mySide && p.side !== mySide && (!rights || rights.suggest) && (
                <button
                  type="button"
                  className="button use-wording"
                  data-testid="use-wording"
                  title="Foreslå denne formulering som ændring af klausulens tekst (et ændringsforslag, som kan accepteres eller afvises)"
                  onClick={() => {
                    if (!onUseWording(p.alternative!)) setError('Formuleringen kunne ikke foreslås: klausulen har ingen tekst at erstatte.');
                    else onDone();
                  }}
                >
                  Brug denne formulering
                </button>
              )}
            </div>
          ))}
        </section>
      )}

      <section className="panel-block" aria-label="Dit standpunkt">
        <h3>Dit standpunkt</h3>
        {mySide ? (
          <>
            <div className="panel-actions">
              <button
                type="button"
                className="button button-primary"
                data-testid="agree"
                title={`Enig i den nuværende tekst (${shortcutLabel(negotiationKeys.agree)})`}
                onClick={agree}
                disabled={iAgreeNow}
              >
                Enig
              </button>
              <button
                type="button"
                className="button"
                data-testid="dispute"
                title={`Uenig, med begrundelse (${shortcutLabel(negotiationKeys.dispute)})`}
                onClick={() => setDisputing(true)}
              >
                Uenig
              </button>
              {mayWithdraw && (
                <button
                  type="button"
                  className="button button-quiet"
                  data-testid="withdraw"
                  title="Træk din sides standpunkt tilbage; det logges og tæller ikke længere"
                  onClick={withdraw}
                >
                  Træk standpunkt tilbage
                </button>
              )}
            </div>
            {iAgreeNow && <p className="muted small">Din side ({sideLabel[mySide].toLowerCase()}) er enig i den nuværende tekst.</p>}
            {error && !disputing && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            {disputing && (
              <form
                className="dispute-form"
                data-testid="dispute-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  submitDispute();
                }}
              >
                <label>
                  Begrundelse (skal udfyldes)
                  <textarea ref={reasonRef} name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} />
                </label>
                {error && (
                  <p className="field-error" role="alert">
                    {error}
                  </p>
                )}
                <label>
                  Alternativ formulering (valgfri)
                  <textarea name="alternative" rows={3} value={alternative} onChange={(e) => setAlternative(e.target.value)} />
                </label>
                <div className="panel-actions">
                  <button type="submit" className="button button-danger">
                    Registrér uenighed
                  </button>
                  <button type="button" className="button button-quiet" onClick={() => setDisputing(false)}>
                    Annullér
                  </button>
                </div>
              </form>
            )}
          </>
        ) : (
          <>
            <div className="panel-actions">
              <button type="button" className="button button-primary" data-testid="agree" disabled title={noPositionReason}>
                Enig
              </button>
              <button type="button" className="button" data-testid="dispute" disabled title={noPositionReason}>
                Uenig
              </button>
            </div>
            <p className="muted" data-testid="no-position-reason">
              {noPositionReason}
            </p>
          </>
        )}
        <p className="shortcut-help">
          Genveje: {shortcutLabel(negotiationKeys.agree)} enig · {shortcutLabel(negotiationKeys.dispute)} uenig · {shortcutLabel(negotiationKeys.next)} næste
          klausul med uenighed eller ændring
        </p>
      </section>

      <section className="panel-block" aria-label="Kommentarer til klausulen">
        <h3>Kommentarer</h3>
        {comments}
      </section>

      <section className="panel-block" aria-label="Beslutningslog">
        <div className="panel-block-head">
          <h3>Beslutningslog</h3>
          <button
            type="button"
            className="button button-quiet"
            data-testid="export-log"
            disabled={log.length === 0}
            onClick={() => downloadText(decisionLogCsv(log, () => reference, logVerdict), `beslutningslog-${reference.replace(/[^\p{L}\p{N}.]+/gu, '-')}.csv`)}
          >
            Eksportér log (CSV)
          </button>
        </div>
        {problems.length > 0 && (
          <ul className="log-problems" role="alert" data-testid="log-problems">
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        )}
        {log.length === 0 ? (
          <p className="muted small">Ingen beslutninger endnu.</p>
        ) : (
          <ol className="decision-log" data-testid="decision-log">
            {[...log].reverse().map((p, i, newestFirst) => {
              const verdict = logVerdict(p);
              const label = verdictLabel(verdict);
              const by = verdict.status === 'verified' ? verdict.participant : p.by;
              // An agreement after this side's earlier agreement on another text: a re-confirmation.
              const earlier = newestFirst.slice(i + 1).find((q) => q.side === p.side && (q.stance === 'enig' || q.stance === 'uenig' || q.stance === 'trukket'));
              const reconfirmed = p.stance === 'enig' && earlier?.stance === 'enig' && earlier.textHash !== p.textHash;
              return (
                <li key={`${p.at}-${p.side}-${i}`} data-verdict={verdict.status} data-stance={p.stance} data-testid="log-entry">
                  <div>
                    <strong>{reconfirmed ? 'Enig igen (ny tekst bekræftet)' : stanceLabel[p.stance]}</strong> · {by.name} ({by.organisation}, {sideLabel[p.side].toLowerCase()})
                    {label && (
                      <span className={`verdict verdict-${verdict.status}`} title={label.title}>
                        {' '}
                        · {label.text}
                      </span>
                    )}
                  </div>
                  <div className="muted small">
                    <time dateTime={p.at} title={localTimestamp(p.at)}>{formatDanishDateTime(p.at)}</time>
                  </div>
                  <blockquote className="log-quote small" data-testid="log-quote">
                    {quoteOf(p.text)}
                  </blockquote>
                  {p.reason && <div className="small">{p.stance.startsWith('forslag') ? 'Forslaget' : 'Begrundelse'}: {p.reason}</div>}
                  {p.alternative && <div className="small">Alternativ formulering: {p.alternative}</div>}
                  <details className="log-hash small">
                    <summary>Teksthash</summary>
                    <code>{p.textHash}</code>
                  </details>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </aside>
  );
}
