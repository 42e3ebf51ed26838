// One side's current position on a clause, as the clause panel and the overview show it.
import { formatDanishDateTime, sideLabel } from '../../../shared/domain/labels.ts';
import type { NegotiationSide, Position } from '../../../shared/negotiation/position.ts';

export function PositionCard({ side, position, stale }: { side: NegotiationSide; position: Position | undefined; stale: boolean }) {
  return (
    <div className={`position-card side-${side}`} data-testid={`position-${side}`}>
      <div className="position-side">{sideLabel[side]}</div>
      {position ? (
        <>
          <div className={`position-stance stance-${position.stance}`}>
            {position.stance === 'enig' ? (stale ? 'Enig i en tidligere tekst' : 'Enig') : 'Uenig'}
          </div>
          <div className="small">
            {position.by.name} ({position.by.organisation})
          </div>
          <div className="muted small">{formatDanishDateTime(position.at)}</div>
          {position.reason && <div className="small">Begrundelse: {position.reason}</div>}
          {position.alternative && <div className="small">Alternativ formulering: {position.alternative}</div>}
        </>
      ) : (
        <div className="muted small">Intet standpunkt endnu</div>
      )}
    </div>
  );
}
