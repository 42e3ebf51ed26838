// The Danish checks of the setup screen's input, shared by the commands (which refuse what does not
// pass) and the form (which shows the same message beside the field before anything is written).
import { StructureError } from './change.ts';

export const MAX_NAME = 300;

/** A name or title: trimmed, 1–300 characters. Null when fine, else the reason. */
export function nameProblem(value: string, what: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return `Skriv ${what}.`;
  if (trimmed.length > MAX_NAME) return `Højst ${MAX_NAME} tegn.`;
  return null;
}

export function generationProblem(generation: number): string | null {
  return Number.isInteger(generation) && generation >= 1 && generation <= 20 ? null : 'Generationen skal være et helt tal fra 1 til 20.';
}

export function periodProblem(from: number, to: number): string | null {
  const year = (y: number) => Number.isInteger(y) && y >= 2000 && y <= 2100;
  if (!year(from) || !year(to)) return 'Perioden skal angives med årstal mellem 2000 og 2100.';
  if (to < from) return 'Periodens slutår kan ikke ligge før startåret.';
  if (to - from > 10) return 'En periode kan højst være 10 år.';
  return null;
}

/** Throws the reason as a StructureError when there is one. */
export function refuse(problem: string | null): void {
  if (problem) throw new StructureError(problem);
}

/** The trimmed name, or a StructureError. */
export function checkedName(value: string, what: string): string {
  refuse(nameProblem(value, what));
  return value.trim();
}
