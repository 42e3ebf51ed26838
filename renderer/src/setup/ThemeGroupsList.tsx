// The theme groups in the setup screen: add (name, area), and for each group its place in the order
// (buttons), rename and area, its members from the participant directory (read-only here) and one
// co-chair per side chosen among them, archive; archived groups are listed under *Arkiveret* with
// *Gendan*.
import { useState, type FormEvent } from 'react';
import type { Agreement, ThemeGroup } from '../../../shared/domain/agreement.ts';
import { roleLabel, sideLabel } from '../../../shared/domain/labels.ts';
import { randomId } from '../../../shared/domain/ids.ts';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { coChair, themeGroupMembers, type GroupMember } from '../../../shared/structure/members.ts';
import { activeThemeGroups } from '../../../shared/structure/structureDoc.ts';
import {
  addThemeGroup,
  moveThemeGroup,
  renameThemeGroup,
  setCoChair,
  setThemeGroupArchived,
  setThemeGroupArea,
} from '../../../shared/structure/themeGroups.ts';
import { nameProblem } from '../../../shared/structure/validation.ts';
import { ChangedNote } from './ChangedNote.tsx';
import { MoveButtons } from './MoveButtons.tsx';
import type { Run } from './command.ts';

export interface ThemeGroupsListProps {
  agreement: Agreement;
  participants: ParticipantEntry[];
  run: Run;
}

export function ThemeGroupsList({ agreement, participants, run }: ThemeGroupsListProps) {
  const active = activeThemeGroups(agreement);
  const archived = agreement.themeGroups.filter((g) => g.archived);
  const [editing, setEditing] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const areaName = new Map(agreement.areas.map((a) => [a.id, a.name]));
  const sectionCount = (id: string) => agreement.sections.filter((s) => s.themeGroupId === id && !s.archived).length;

  const act = (id: string, write: Parameters<Run>[0]) => {
    const problem = run(write);
    setRowError(problem ? { id, message: problem } : null);
  };

  return (
    <section className="setup-card" aria-labelledby="setup-groups-title" data-testid="setup-themegroups">
      <header className="setup-card-head">
        <h2 id="setup-groups-title">Temagrupper</h2>
        <span className="muted">{active.length} aktive</span>
      </header>
      <AddThemeGroup agreement={agreement} run={run} />
      <ol className="setup-list">
        {active.map((group, index) => {
          const members = themeGroupMembers(group, participants);
          const count = sectionCount(group.id);
          return (
            <li key={group.id} className="setup-row" data-testid={`setup-group-${group.id}`}>
              <div className="setup-row-main">
                <span className="setup-row-number">{index + 1}</span>
                <div className="setup-row-text">
                  <span className="setup-row-title">{group.name}</span>
                  <span className="setup-row-meta">
                    {areaName.get(group.areaId) ?? 'Ukendt område'} · {count} afsnit · {members.length} {members.length === 1 ? 'medlem' : 'medlemmer'}
                    {chairsText(group, members)}
                  </span>
                  <ChangedNote entity={group} />
                </div>
                <span className="setup-row-actions">
                  <MoveButtons
                    label={group.name}
                    index={index}
                    count={active.length}
                    testId={`group-${group.id}`}
                    onMove={(to) => act(group.id, (doc, change) => moveThemeGroup(doc, group.id, to, change))}
                  />
                  <button
                    type="button"
                    className="button button-quiet"
                    aria-expanded={editing === group.id}
                    data-testid={`edit-group-${group.id}`}
                    onClick={() => setEditing(editing === group.id ? null : group.id)}
                  >
                    {editing === group.id ? 'Luk' : 'Ret'}
                  </button>
                  <button
                    type="button"
                    className="button button-quiet"
                    data-testid={`archive-group-${group.id}`}
                    title={count > 0 ? 'Flyt eller arkivér først temagruppens afsnit' : undefined}
                    onClick={() => act(group.id, (doc, change) => setThemeGroupArchived(doc, group.id, true, change))}
                  >
                    Arkivér
                  </button>
                </span>
              </div>
              {rowError?.id === group.id && (
                <p className="form-error" role="alert">
                  {rowError.message}
                </p>
              )}
              {editing === group.id && (
                <ThemeGroupEditor key={group.id} agreement={agreement} group={group} members={members} run={run} onDone={() => setEditing(null)} />
              )}
            </li>
          );
        })}
      </ol>
      {archived.length > 0 && (
        <div className="setup-archived" data-testid="archived-groups">
          <h3>Arkiveret</h3>
          <ul className="setup-list">
            {archived.map((group) => (
              <li key={group.id} className="setup-row is-archived" data-testid={`archived-group-${group.id}`}>
                <div className="setup-row-main">
                  <div className="setup-row-text">
                    <span className="setup-row-title">{group.name}</span>
                    <ChangedNote entity={group} />
                  </div>
                  <span className="setup-row-actions">
                    <button
                      type="button"
                      className="button button-quiet"
                      data-testid={`restore-group-${group.id}`}
                      onClick={() => act(group.id, (doc, change) => setThemeGroupArchived(doc, group.id, false, change))}
                    >
                      Gendan
                    </button>
                  </span>
                </div>
                {rowError?.id === group.id && (
                  <p className="form-error" role="alert">
                    {rowError.message}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function chairsText(group: ThemeGroup, members: GroupMember[]): string {
  const names = (['region', 'kommune'] as const).flatMap((side) => {
    const chair = coChair(group, members, side);
    return chair ? [chair.name] : [];
  });
  return names.length ? ` · Formandskab: ${names.join(' og ')}` : '';
}

function AddThemeGroup({ agreement, run }: { agreement: Agreement; run: Run }) {
  const [name, setName] = useState('');
  const [areaId, setAreaId] = useState('');
  const [errors, setErrors] = useState<{ name?: string; area?: string; form?: string }>({});
  const [added, setAdded] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      name: nameProblem(name, 'temagruppens navn') ?? undefined,
      area: agreement.areas.some((a) => a.id === areaId) ? undefined : 'Vælg temagruppens område.',
    };
    setErrors(found);
    setAdded(null);
    if (found.name || found.area) return;
    const problem = run((doc, change) => addThemeGroup(doc, { id: randomId('tg-'), name, areaId }, change));
    if (problem) {
      setErrors({ form: problem });
      return;
    }
    setAdded(name.trim());
    setName('');
  };

  return (
    <form className="setup-add" onSubmit={submit} noValidate data-testid="add-group-form">
      <div className="field">
        <label htmlFor="new-group-name">Ny temagruppe</label>
        <input
          id="new-group-name"
          name="name"
          type="text"
          placeholder="fx Demens"
          value={name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? 'new-group-name-error' : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {errors.name && (
          <p className="field-error" id="new-group-name-error">
            {errors.name}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="new-group-area">Område</label>
        <select
          id="new-group-area"
          name="area"
          value={areaId}
          aria-invalid={errors.area ? true : undefined}
          aria-describedby={errors.area ? 'new-group-area-error' : undefined}
          onChange={(e) => setAreaId(e.target.value)}
        >
          <option value="">Vælg område …</option>
          {agreement.areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        {errors.area && (
          <p className="field-error" id="new-group-area-error">
            {errors.area}
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary setup-add-button" data-testid="add-group">
        Tilføj temagruppe
      </button>
      {errors.form && (
        <p className="form-error setup-add-message" role="alert">
          {errors.form}
        </p>
      )}
      {added && (
        <p className="form-notice setup-add-message" role="status">
          Temagruppen «{added}» er tilføjet.
        </p>
      )}
    </form>
  );
}

interface ThemeGroupEditorProps {
  agreement: Agreement;
  group: ThemeGroup;
  members: GroupMember[];
  run: Run;
  onDone: () => void;
}

function ThemeGroupEditor({ agreement, group, members, run, onDone }: ThemeGroupEditorProps) {
  const [name, setName] = useState(group.name);
  const [areaId, setAreaId] = useState(group.areaId);
  const [chairs, setChairs] = useState({ region: coChair(group, members, 'region')?.id ?? '', kommune: coChair(group, members, 'kommune')?.id ?? '' });
  const [errors, setErrors] = useState<{ name?: string; form?: string }>({});
  const idPrefix = `group-${group.id}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nameError = nameProblem(name, 'temagruppens navn');
    setErrors({ name: nameError ?? undefined });
    if (nameError) return;
    const problem = run((doc, change) => {
      if (name.trim() !== group.name) renameThemeGroup(doc, group.id, name, change);
      if (areaId !== group.areaId) setThemeGroupArea(doc, group.id, areaId, change);
      for (const side of ['region', 'kommune'] as const) {
        const chosen = chairs[side] || null;
        if (chosen !== group.coChairs[side]) setCoChair(doc, group.id, side, chosen, change);
      }
    });
    if (problem) setErrors({ form: problem });
    else onDone();
  };

  return (
    <form className="setup-editor" onSubmit={submit} noValidate data-testid={`group-editor-${group.id}`}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${idPrefix}-name`}>Navn</label>
          <input
            id={`${idPrefix}-name`}
            name="name"
            type="text"
            value={name}
            autoFocus
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${idPrefix}-name-error` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {errors.name && (
            <p className="field-error" id={`${idPrefix}-name-error`}>
              {errors.name}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-area`}>Område</label>
          <select id={`${idPrefix}-area`} name="area" value={areaId} onChange={(e) => setAreaId(e.target.value)}>
            {agreement.areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="setup-members">
        <h4>Medlemmer</h4>
        {members.length === 0 ? (
          <p className="muted" data-testid="no-members">
            Ingen medlemmer endnu. Medlemmer føjes til temagruppen under deltagerne.
          </p>
        ) : (
          <ul className="setup-member-list" data-testid={`members-${group.id}`}>
            {members.map((m) => (
              <li key={m.id}>
                <span className="setup-member-name">{m.name}</span>
                <span className="muted">
                  {m.organisation} · <span className={`side-${m.side}`}>{sideLabel[m.side]}</span> · {roleLabel[m.role]}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="field-row">
        {(['region', 'kommune'] as const).map((side) => {
          const candidates = members.filter((m) => m.side === side);
          return (
            <div className="field" key={side}>
              <label htmlFor={`${idPrefix}-chair-${side}`}>{side === 'region' ? 'Formand fra regionen' : 'Formand fra kommunerne'}</label>
              <select
                id={`${idPrefix}-chair-${side}`}
                name={`chair-${side}`}
                value={chairs[side]}
                disabled={candidates.length === 0}
                aria-describedby={candidates.length === 0 ? `${idPrefix}-chair-${side}-hint` : undefined}
                onChange={(e) => setChairs((c) => ({ ...c, [side]: e.target.value }))}
              >
                <option value="">Ingen valgt</option>
                {candidates.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} ({m.organisation})
                  </option>
                ))}
              </select>
              {candidates.length === 0 && (
                <p className="muted field-hint" id={`${idPrefix}-chair-${side}-hint`}>
                  Temagruppen har ingen medlemmer fra {side === 'region' ? 'regionen' : 'kommunerne'}.
                </p>
              )}
            </div>
          );
        })}
      </div>
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="setup-actions">
        <button type="submit" className="button button-primary" data-testid={`save-group-${group.id}`}>
          Gem temagruppe
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Annullér
        </button>
      </div>
    </form>
  );
}
