// The part of the API contract (contract.ts) for "Nyt siden sidst" (what others changed in a section
// since this person last saw it) and "Samtidige ændringer" (clauses both sides changed while apart).
// Both are kept by the Node side (electron/workspace/awayChanges.ts), per person and locally only.
// Spread into `methods` and `events` there.
import { z } from 'zod';
import { LastEdit } from '../negotiation/lastEdit.ts';
import { parseDocId } from '../structure/docIds.ts';

const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

const SectionDocId = z.string().max(300).refine((id) => parseDocId(id)?.kind === 'section', 'ikke et afsnits dokument-id');
const ClauseId = z.string().min(1).max(120);
/** A clause's readable text (one line per block); clauses are bounded by the document rules. */
const ClauseText = z.string().max(2_000_000);

/** A clause someone else changed since this person last saw it. */
export const UnseenChange = z.object({
  clauseId: ClauseId,
  /** The clause's readable text as last seen ('' for a clause that is new). */
  seenText: ClauseText,
  /** Who changed it (the section's "Senest redigeret af" when the change arrived), if known. */
  by: LastEdit.nullable(),
  changedAt: z.string().max(40),
});
export type UnseenChange = z.infer<typeof UnseenChange>;

/** A clause both sides changed while apart, until resolved. */
export const ConcurrentEdit = z.object({
  clauseId: ClauseId,
  /** Readable texts: the last common state, this side's version, the other side's. */
  common: ClauseText,
  ours: ClauseText,
  theirs: ClauseText,
  /** Each side's clause as ProseMirror JSON (the renderer checks it against the schema). */
  oursJson: z.string().max(8_000_000),
  theirsJson: z.string().max(8_000_000),
  by: LastEdit.nullable(),
  detectedAt: z.string().max(40),
});
export type ConcurrentEdit = z.infer<typeof ConcurrentEdit>;

export const AwayChanges = z.object({
  unseen: z.array(UnseenChange).max(10_000),
  concurrent: z.array(ConcurrentEdit).max(10_000),
});
export type AwayChanges = z.infer<typeof AwayChanges>;

export const awayMethods = {
  /** What others changed in the section since the local person last saw it, and the clauses
   *  flagged as changed on both sides while apart. */
  awayChanges: method(z.object({ docId: SectionDocId }).strict(), AwayChanges),
  /** *Markér som set*: these clauses (or, with `all`, every clause of the section) as seen now. */
  markSeen: method(
    z.union([z.object({ docId: SectionDocId, clauseIds: z.array(ClauseId).min(1).max(10_000) }).strict(), z.object({ docId: SectionDocId, all: z.literal(true) }).strict()]),
    z.object({}),
  ),
  /** Every clause of the agreement flagged *Samtidige ændringer* (the overview counts them as
   *  needing attention). */
  concurrentInAgreement: method(
    z.object({ agreementId: z.string().min(1).max(64) }).strict(),
    z.array(z.object({ docId: z.string().max(300), clauseId: ClauseId, detectedAt: z.string().max(40) })).max(100_000),
  ),
  /** Per section of the agreement with something to look at: how many clauses have unseen changes
   *  and how many are flagged (the navigator's marks). */
  awaySummary: method(
    z.object({ agreementId: z.string().min(1).max(64) }).strict(),
    z.array(z.object({ docId: z.string().max(300), unseen: z.number().int().nonnegative(), concurrent: z.number().int().nonnegative() })).max(100_000),
  ),
  /** Clears a clause's *Samtidige ændringer* flag once the chosen version is written (the renderer
   *  writes it as an ordinary edit first). */
  resolveConcurrent: method(z.object({ docId: SectionDocId, clauseId: ClauseId }).strict(), z.object({})),
} as const;

export const awayEvents = {
  /** A section's unseen changes or concurrent flags changed: ask awayChanges again. */
  awayChanged: z.object({ docId: SectionDocId }),
} as const;
