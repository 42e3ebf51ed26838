// Danish labels for domain values: the one place the UI and exports take them from.
import type { Level, Part, Role, Side } from './agreement.ts';

export const partLabel: Record<Part, string> = {
  politisk: 'Politisk/administrativ del',
  sundhedsfaglig: 'Sundhedsfaglig del (pixi)',
  opfoelgning: 'Opfølgning',
  allonge: 'Allonge',
};

/** A part as a clause reference names it (clauseReference, shared/editor/clauseNumbers.ts). */
export const partReferenceLabel: Record<Part, string> = {
  politisk: 'Politisk del',
  sundhedsfaglig: 'Sundhedsfaglig del',
  opfoelgning: 'Opfølgning',
  allonge: 'Allonge',
};

export const levelLabel: Record<Level, string> = {
  generel: 'Generel',
  klynge: 'Klynge',
  lokal: 'Lokal',
};

export const sideLabel: Record<Side, string> = {
  region: 'Region/hospital',
  kommune: 'Kommune',
  praksis: 'Almen praksis',
};

export const roleLabel: Record<Role, string> = {
  formand: 'Formand (delt formandskab)',
  medlem: 'Medlem',
  sekretariat: 'Sekretariat',
  observatoer: 'Observatør',
};

export const partOrder: readonly Part[] = ['politisk', 'sundhedsfaglig', 'opfoelgning', 'allonge'];

const danishDateTime = new Intl.DateTimeFormat('da-DK', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Copenhagen',
});

/** "23. nov. 2026 10.12" — dates are shown the Danish way. */
export function formatDanishDateTime(iso: string | number | Date): string {
  return danishDateTime.format(new Date(iso));
}
