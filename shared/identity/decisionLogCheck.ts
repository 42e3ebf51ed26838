// Tamper evidence of a section's decision log (ARCHITECTURE.md, "Tamper evidence"): every signed
// entry's `prev` names an earlier entry of the same clause (or is null), each signature holds, and
// each side's current position is in the log. Concurrent offline entries may share a `prev`.
import type { NegotiationSide, Position } from '../negotiation/position.ts';
import { entryHash } from './digest.ts';
import type { PositionVerdict } from './positionVerdict.ts';

export interface DecisionLogProblem {
  clauseId: string;
  /** Index of the entry in the section's log, or null for a current position missing from it. */
  index: number | null;
  kind: 'removed' | 'reordered' | 'altered' | 'missing';
  /** Danish. */
  message: string;
}

export interface DecisionLogCheckOptions {
  /** Each clause's current positions (the positions map), to find those missing from the log. */
  current?: ReadonlyMap<string, Partial<Record<NegotiationSide, Position>>>;
  /** The verdict on an entry: an entry whose signature fails is reported as altered. */
  verdictOf?: (entry: Position) => PositionVerdict;
  /** Check only this clause's entries (the others are neither hashed nor judged). */
  clauseId?: string;
}

/** The problems of a section's decision log (`entries` in log order, every clause), in log order. */
export function checkDecisionLog(entries: readonly Position[], options: DecisionLogCheckOptions = {}): DecisionLogProblem[] {
  const problems: DecisionLogProblem[] = [];
  const only = options.clauseId;
  const hashes = entries.map((entry) => (only === undefined || entry.clauseId === only ? entryHash(entry) : ''));
  // For each clause, the index at which each entry hash first appears.
  const positionOf = new Map<string, Map<string, number>>();
  entries.forEach((entry, i) => {
    if (only !== undefined && entry.clauseId !== only) return;
    let of = positionOf.get(entry.clauseId);
    if (!of) positionOf.set(entry.clauseId, (of = new Map()));
    if (!of.has(hashes[i])) of.set(hashes[i], i);
  });
  entries.forEach((entry, i) => {
    if (only !== undefined && entry.clauseId !== only) return;
    if (options.verdictOf) {
      const verdict = options.verdictOf(entry);
      if (verdict.status === 'unverified' && !verdict.pending && entry.sig) {
        problems.push({ clauseId: entry.clauseId, index: i, kind: 'altered', message: `Posten er ikke gyldig: ${verdict.reason}` });
      }
    }
    const prev = entry.sig?.prev;
    if (prev === undefined || prev === null) return;
    const at = positionOf.get(entry.clauseId)?.get(prev);
    if (at === undefined) {
      problems.push({ clauseId: entry.clauseId, index: i, kind: 'removed', message: 'Posten bygger på en post, der ikke længere er i loggen: en post er fjernet.' });
    } else if (at >= i) {
      problems.push({ clauseId: entry.clauseId, index: i, kind: 'reordered', message: 'Posten bygger på en senere post: loggens rækkefølge er ændret.' });
    }
  });
  for (const [clauseId, sides] of options.current ?? []) {
    if (only !== undefined && clauseId !== only) continue;
    for (const position of Object.values(sides)) {
      if (!position) continue;
      if (!positionOf.get(clauseId)?.has(entryHash(position))) {
        problems.push({ clauseId, index: null, kind: 'missing', message: `${position.by.name}s aktuelle standpunkt findes ikke i beslutningsloggen.` });
      }
    }
  }
  return problems;
}

/** The `prev` a new position on `clauseId` records: the hash of the clause's latest log entry in
 *  `log` (the section's decision log, oldest first), or null when it has none. */
export function prevOf(log: readonly Position[], clauseId: string): string | null {
  for (let i = log.length - 1; i >= 0; i--) if (log[i].clauseId === clauseId) return entryHash(log[i]);
  return null;
}
