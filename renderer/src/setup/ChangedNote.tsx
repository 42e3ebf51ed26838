// "Ændret af … (organisation), 1. dec. 2026 10.12": who last changed an entity in the setup screen.
import type { ChangedBy } from '../../../shared/domain/agreement.ts';
import { formatDanishDateTime } from '../../../shared/domain/labels.ts';

export function ChangedNote({ entity }: { entity: { changedBy?: ChangedBy; changedAt?: string } }) {
  // Unchanged since the template made it: nothing to say.
  if (!entity.changedBy || !entity.changedAt) return null;
  return (
    <span className="changed-note muted" data-testid="changed-note">
      Ændret af {entity.changedBy.name} ({entity.changedBy.organisation}), {formatDanishDateTime(entity.changedAt)}
    </span>
  );
}
