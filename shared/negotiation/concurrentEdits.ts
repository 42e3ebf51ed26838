// "Samtidige ændringer": clauses both sides changed while apart. Judged where a change from the
// other side (sync, meeting, change bundle) is applied while this replica holds edits of its own made
// while apart:
//   common = the state before this replica's first edit while apart (kept as a whole-document update),
//   ours   = this replica just before the incoming update,
//   theirs = common with the incoming update applied (the other side's edits depend only on what it
//            had, which is the common state),
// and a clause is concurrent when its text differs between common and ours, between common and
// theirs, and between ours and theirs. When the incoming update does not apply to the common state
// (it refers to content the common state lacks), its author has seen more than the common state —
// our edits, typically — and it is not judged as concurrent.
import * as Y from 'yjs';
import { docClauseVersions, type ClauseVersion } from './clauseVersions.ts';

export interface ConcurrentClause {
  clauseId: string;
  common: string;
  ours: ClauseVersion;
  theirs: ClauseVersion;
}

export interface ConcurrencyVerdict {
  /** The incoming update refers to content the common state lacks (see above). */
  seenBeyondCommon: boolean;
  clauses: ConcurrentClause[];
}

/** Judges an incoming update (see the file comment). `ours`: the clauses just before it applied. */
export function concurrentClauses(common: Uint8Array, incoming: Uint8Array, ours: Map<string, ClauseVersion>): ConcurrencyVerdict {
  const replica = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(replica, common);
    const before = docClauseVersions(replica);
    Y.applyUpdate(replica, incoming);
    const store = replica.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
    if (store.pendingStructs !== null || store.pendingDs !== null) return { seenBeyondCommon: true, clauses: [] };
    const theirs = docClauseVersions(replica);
    const clauses: ConcurrentClause[] = [];
    for (const [clauseId, mine] of ours) {
      const base = before.get(clauseId);
      const other = theirs.get(clauseId);
      if (!base || !other) continue;
      if (base.text !== mine.text && base.text !== other.text && mine.text !== other.text) clauses.push({ clauseId, common: base.text, ours: mine, theirs: other });
    }
    return { seenBeyondCommon: false, clauses };
  } finally {
    replica.destroy();
  }
}
