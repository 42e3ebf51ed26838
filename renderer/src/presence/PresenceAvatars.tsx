// Who else is here: avatars (initials in the side's colour) for one section or the whole agreement.
import { useEffect, useReducer } from 'react';
import { initials, sideColour } from '../../../shared/presence/presenceState.ts';
import { presenceLabel } from '../../../shared/editor/presence.ts';
import { useServices } from '../services.ts';
import type { PresentPerson } from './PresenceStore.ts';

/** Re-renders on every change of who is where. */
function usePresenceVersion(): void {
  const { presence } = useServices();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => presence.subscribe(bump), [presence]);
}

/** This window shows the section `docId` while mounted: the person is present there. */
export function usePresentOn(docId: string | null): void {
  const { presence } = useServices();
  useEffect(() => (docId ? presence.enter(docId) : undefined), [presence, docId]);
}

export function usePeopleOn(docId: string): PresentPerson[] {
  usePresenceVersion();
  return useServices().presence.peopleOn(docId);
}

export function usePeopleIn(agreementId: string): PresentPerson[] {
  usePresenceVersion();
  const { presence } = useServices();
  useEffect(() => {
    presence.load(agreementId).catch((error: unknown) => console.warn(`presence: ${(error as Error).message}`));
  }, [presence, agreementId]);
  return presence.peopleIn(agreementId);
}

export function PresenceAvatars({ people, label, testId, max = 5 }: { people: PresentPerson[]; label: string; testId: string; max?: number }) {
  if (people.length === 0) return null;
  const shown = people.slice(0, max);
  const names = people.map((p) => presenceLabel(p.user)).join(', ');
  return (
    <span className="presence-avatars" role="img" data-testid={testId} aria-label={`${label}: ${names}`} title={names}>
      {shown.map((p) => (
        <span
          key={p.clientID}
          className={`presence-avatar ${p.editing ? 'is-editing' : ''} ${p.user.verified === false ? 'is-unverified' : ''}`}
          style={{ backgroundColor: sideColour(p.user.side) }}
          data-testid="presence-avatar"
          data-name={p.user.name}
          data-side={p.user.side ?? ''}
          aria-hidden="true"
        >
          {initials(p.user.name)}
        </span>
      ))}
      {people.length > shown.length && (
        <span className="presence-avatar presence-more" aria-hidden="true">
          +{people.length - shown.length}
        </span>
      )}
    </span>
  );
}

/** The avatars of those on one section. */
export function SectionPresence({ docId, testId = 'section-presence', label = 'Også i afsnittet' }: { docId: string; testId?: string; label?: string }) {
  return <PresenceAvatars people={usePeopleOn(docId)} label={label} testId={testId} max={3} />;
}

/** The avatars of everyone else in the agreement now. */
export function AgreementPresence({ agreementId }: { agreementId: string }) {
  return <PresenceAvatars people={usePeopleIn(agreementId)} label="I aftalen nu" testId="agreement-presence" max={6} />;
}
