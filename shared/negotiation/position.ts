// Positions (standpunkter) on a clause and the status derived from them. Each negotiating side has at
// most one current position per clause; a position is bound to the hash of the text it was taken on.
import { z } from 'zod';
import type { Profile } from '../domain/agreement.ts';
import { PositionSignature } from '../identity/shapes.ts';

/** The two sides of a negotiation: for the general agreement, region/hospital and municipalities;
 *  for a local agreement, the region and that one municipality. */
export const NegotiationSide = z.enum(['region', 'kommune']);
export type NegotiationSide = z.infer<typeof NegotiationSide>;

/**
 * enig / uenig: the side's position on the clause. trukket: the side withdrew its position (it then
 * has none: the status is derived as if it never took one). forslag-accepteret / forslag-afvist: a
 * log entry only (never a current position), the side's decision on a suggested change in the
 * clause, what the suggestion was in `reason`. Every one is signed and logged alike.
 */
export const Stance = z.enum(['enig', 'uenig', 'trukket', 'forslag-accepteret', 'forslag-afvist']);
export type Stance = z.infer<typeof Stance>;

export const stanceLabel: Record<Stance, string> = {
  enig: 'Enig',
  uenig: 'Uenig',
  trukket: 'Standpunkt trukket tilbage',
  'forslag-accepteret': 'Ændringsforslag accepteret',
  'forslag-afvist': 'Ændringsforslag afvist',
};

export const Position = z.object({
  clauseId: z.string().min(1),
  side: NegotiationSide,
  stance: Stance,
  /** Required when disputing. */
  reason: z.string().trim().max(4000).optional(),
  /** An alternative wording offered with a dispute. */
  alternative: z.string().trim().max(20000).optional(),
  /** clauseHash() of the clause when the position was taken. */
  textHash: z.string().min(1),
  /** The normalised text the hash was taken of, kept to show what changed since. */
  text: z.string(),
  by: z.object({ name: z.string(), organisation: z.string() }),
  at: z.string(),
  /** The signature of the side's participant (shared/identity/ARCHITECTURE.md). Absent on positions
   *  taken before signatures and in agreements without a root key. */
  sig: PositionSignature.optional(),
}).refine((p) => p.stance !== 'uenig' || (p.reason ?? '').length > 0, {
  message: 'En uenighed kræver en begrundelse.',
  path: ['reason'],
});
export type Position = z.infer<typeof Position>;

export type ClauseStatus =
  | 'aaben' // Åben: no positions
  | 'afventer' // Afventer: one side agreed on the current text, the other has not taken a position
  | 'enighed' // Enighed: both sides agree on the current text
  | 'uenighed' // Uenighed: a side disputes
  | 'aendret'; // Ændret efter enighed: a side agreed on a text the clause no longer has

export const statusLabel: Record<ClauseStatus, string> = {
  aaben: 'Åben',
  afventer: 'Afventer',
  enighed: 'Enighed',
  uenighed: 'Uenighed',
  aendret: 'Ændret efter enighed',
};

export interface DerivedStatus {
  status: ClauseStatus;
  /** Sides whose agreement is on an older text (they can re-confirm). */
  staleSides: NegotiationSide[];
}

/** Whether a position is a side's standing position on the clause (enig or uenig). */
export function isStanding(position: Position): boolean {
  return position.stance === 'enig' || position.stance === 'uenig';
}

/** Whether `next` would say nothing that `current` does not: the same person (name, organisation,
 *  and the same signer and device — or both unsigned) taking the same stance on the same text with the
 *  same reason and alternative (pressing Enig again). Such a position is not recorded again. A
 *  position under another signature (a forgery carrying this person's name, one made with a device
 *  revoked since) is never "the same": the genuine one is recorded. */
export function samePosition(current: Position | undefined, next: Pick<Position, 'stance' | 'textHash' | 'reason' | 'alternative' | 'by' | 'sig'>): boolean {
  return (
    current !== undefined &&
    current.by.name === next.by.name &&
    current.by.organisation === next.by.organisation &&
    (current.sig?.participantId ?? null) === (next.sig?.participantId ?? null) &&
    (current.sig?.deviceCert.deviceKey ?? null) === (next.sig?.deviceCert.deviceKey ?? null) &&
    current.stance === next.stance &&
    current.textHash === next.textHash &&
    (current.reason ?? '') === (next.reason ?? '') &&
    (current.alternative ?? '') === (next.alternative ?? '')
  );
}

/**
 * The status of a clause from each side's current position and the hash of its current text.
 * A dispute outranks everything; then stale agreement (editing never silently keeps a clause agreed);
 * then agreement by both; then agreement by one.
 */
export function deriveStatus(
  positions: Partial<Record<NegotiationSide, Position>>,
  currentHash: string,
): DerivedStatus {
  const sides = NegotiationSide.options;
  // A withdrawn position is no position.
  const taken = sides.flatMap((side) => (positions[side] && isStanding(positions[side]) ? [positions[side]!] : []));
  const staleSides = taken.filter((p) => p.stance === 'enig' && p.textHash !== currentHash).map((p) => p.side);
  if (taken.length === 0) return { status: 'aaben', staleSides };
  if (taken.some((p) => p.stance === 'uenig')) return { status: 'uenighed', staleSides };
  if (staleSides.length > 0) return { status: 'aendret', staleSides };
  return { status: taken.length === sides.length ? 'enighed' : 'afventer', staleSides };
}

/**
 * Whether this profile takes positions, and for which side; otherwise why not (Danish). Observers and
 * almen praksis comment but take no position.
 */
export function negotiatingSide(profile: Profile | null): { side: NegotiationSide } | { reason: string } {
  if (!profile) return { reason: 'Opret en profil for at tage stilling.' };
  if (profile.role === 'observatoer') return { reason: 'Som observatør kan du følge og kommentere, men ikke tage stilling til klausuler.' };
  if (profile.side === 'praksis') {
    return { reason: 'Almen praksis er repræsenteret i temagruppen, men tager ikke stilling til klausuler: praksis kan ikke bindes ud over overenskomsten.' };
  }
  return { side: profile.side };
}
