// Positions (standpunkter) on a clause and the status derived from them. Each negotiating side has at
// most one current position per clause; a position is bound to the hash of the text it was taken on.
import { z } from 'zod';
import type { Profile } from '../domain/agreement.ts';
import { PositionSignature } from '../identity/shapes.ts';

/** The two sides of a negotiation: for the general agreement, region/hospital and municipalities;
 *  for a local agreement, the region and that one municipality. */
export const NegotiationSide = z.enum(['region', 'kommune']);
export type NegotiationSide = z.infer<typeof NegotiationSide>;

export const Position = z.object({
  clauseId: z.string().min(1),
  side: NegotiationSide,
  stance: z.enum(['enig', 'uenig']),
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
}).refine((p) => p.stance === 'enig' || (p.reason ?? '').length > 0, {
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
  const taken = sides.flatMap((side) => (positions[side] ? [positions[side]!] : []));
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
