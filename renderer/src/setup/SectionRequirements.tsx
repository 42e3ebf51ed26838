// *Krav*: which requirements of the executive order a section meets — the reading guide's links
// (læsevejledning). One checkbox per requirement, grouped as the order's file groups them; each
// change is a structure command (setSectionRequirements), written at once in the secretariat's name.
import type { Section } from '../../../shared/domain/agreement.ts';
import { BEKENDTGOERELSE_2009, REQUIREMENTS_2009 } from '../../../shared/requirements/bekendtgoerelse2009.ts';
import { setSectionRequirements } from '../../../shared/structure/requirements.ts';
import type { Run } from './command.ts';

/** "Krav 1, G.1" for the row's meta line, or null when the section meets none. */
export function requirementsSummary(section: Section): string | null {
  const ids = section.requirementIds ?? [];
  return ids.length > 0 ? `Krav ${ids.join(', ')}` : null;
}

export function SectionRequirements({ section, run, onError }: { section: Section; run: Run; onError: (message: string | null) => void }) {
  const chosen = new Set(section.requirementIds ?? []);
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : [...chosen].filter((c) => c !== id);
    onError(run((doc, change) => setSectionRequirements(doc, section.id, next, REQUIREMENTS_2009, change)));
  };
  return (
    <fieldset className="setup-editor setup-requirements" data-testid={`section-requirements-${section.id}`}>
      <legend>Krav i bekendtgørelsen, som afsnittet opfylder</legend>
      <p className="field-hint muted">
        {BEKENDTGOERELSE_2009.title} ({BEKENDTGOERELSE_2009.issued}). Teksterne er sammenfattet. Koblingerne bliver til læsevejledningen til Sundhedsstyrelsen.
      </p>
      {BEKENDTGOERELSE_2009.groups.map((group) => (
        <div key={group.id} className="setup-requirement-group">
          <h4>{group.title}</h4>
          {group.requirements.map((r) => (
            <label key={r.id} className="setup-requirement" title={r.text}>
              <input type="checkbox" checked={chosen.has(r.id)} data-testid={`requirement-${section.id}-${r.id}`} onChange={(e) => toggle(r.id, e.target.checked)} />
              <span className="setup-requirement-id">{r.id}</span>
              <span>{r.title}</span>
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
