// One side's current position on a clause, as the clause panel and the overview show it, with its
// verdict (shared/identity/positionVerdict.ts): the name shown for a verified position is the
// directory's; anything that does not count says so, and why.
import { formatDanishDateTime, sideLabel } from '../../../shared/domain/labels.ts';
import type { PositionVerdict } from '../../../shared/identity/positionVerdict.ts';
import type { NegotiationSide, Position } from '../../../shared/negotiation/position.ts';

/** How a verdict is shown: a short label and its explanation (null: verified, nothing to add). */
export function verdictLabel(verdict: PositionVerdict | undefined): { text: string; title: string } | null {
  if (!verdict) return null;
  switch (verdict.status) {
    case 'verified':
      return null;
    case 'local':
      return { text: 'ikke bekræftet', title: 'Aftalen er ikke tilknyttet en server: standpunktet er taget med den lokale profil og er ikke bekræftet af en deltagerliste.' };
    case 'legacy':
      return { text: 'taget før underskrifter', title: 'Standpunktet er taget, før standpunkter blev underskrevet, og tæller ikke. Siden kan bekræfte det igen.' };
    case 'unverified':
      return { text: verdict.pending ? 'kontrolleres …' : 'ikke verificeret', title: verdict.reason };
  }
}

export function PositionCard({ side, position, stale, verdict }: { side: NegotiationSide; position: Position | undefined; stale: boolean; verdict?: PositionVerdict }) {
  const label = verdictLabel(verdict);
  const counts = !verdict || verdict.status === 'verified' || verdict.status === 'local';
  const by = verdict?.status === 'verified' ? verdict.participant : position?.by;
  return (
    <div className={`position-card side-${side}${counts ? '' : ' position-not-counted'}`} data-testid={`position-${side}`} data-verdict={verdict?.status}>
      <div className="position-side">{sideLabel[side]}</div>
      {position && by ? (
        <>
          <div className={`position-stance stance-${position.stance}`}>
            {position.stance === 'enig' ? (stale ? 'Enig i en tidligere tekst' : 'Enig') : position.stance === 'uenig' ? 'Uenig' : 'Intet standpunkt (trukket tilbage)'}
          </div>
          <div className="small">
            {by.name} ({by.organisation})
          </div>
          <div className="muted small">{formatDanishDateTime(position.at)}</div>
          {label && (
            <div className={`verdict verdict-${verdict!.status} small`} data-testid={`verdict-${side}`} title={label.title}>
              {label.text}
              {verdict!.status === 'unverified' && !verdict!.pending ? `: ${verdict!.reason}` : ''}
              {!counts && ' Tæller ikke.'}
            </div>
          )}
          {position.reason && <div className="small">Begrundelse: {position.reason}</div>}
          {position.alternative && <div className="small">Alternativ formulering: {position.alternative}</div>}
        </>
      ) : (
        <div className="muted small">Intet standpunkt endnu</div>
      )}
    </div>
  );
}
