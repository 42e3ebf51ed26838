// "Samtidige ændringer": clauses both sides changed while apart. Judged where a change from the
// other side (sync, meeting, change bundle) is applied while this replica holds edits of its own made
// while apart:
//   common = the state before this replica's first edit while apart (kept as a whole-document update),
//   ours   = this replica just before the incoming update,
//   theirs = common with the incoming update applied (the other side's edits depend only on what it
//            had, which is the common state),
// and a clause is concurrent when its text differs between common and ours, between common and
// theirs, and between ours and theirs.
// An incoming update whose text builds on our edits made since the common state (it inserts next to
// text we wrote, or deletes it) comes from someone who had seen them: it is not judged concurrent.
// Only the text counts for this; the section's other entries (who last edited it, positions) may
// well have been written by the other side after it received ours, in the same update.
import * as Y from 'yjs';
import { SECTION_FRAGMENT } from '../schema/schema.ts';
import { docClauseVersions, type ClauseVersion } from './clauseVersions.ts';

export interface ConcurrentClause {
  clauseId: string;
  common: string;
  ours: ClauseVersion;
  theirs: ClauseVersion;
}

export interface ConcurrencyVerdict {
  /** The incoming update's text builds on our edits since the common state (see above). */
  seenBeyondCommon: boolean;
  clauses: ConcurrentClause[];
}

/** Ranges of ids, as a Yjs delete set holds them. */
export type IdRanges = ReadonlyMap<number, readonly { clock: number; len: number }[]>;

/**
 * Judges an incoming update (see the file comment). `ours`: our clauses just before it applied and
 * `ourStateBefore` our state vector then; `ourDoc`: our document after it applied; `newlyDeleted`:
 * what the update deleted there (the transaction's delete set).
 */
export function concurrentClauses(
  common: Uint8Array,
  incoming: Uint8Array,
  ours: Map<string, ClauseVersion>,
  ourDoc: Y.Doc,
  ourStateBefore: Map<number, number>,
  newlyDeleted: IdRanges,
): ConcurrencyVerdict {
  if (buildsOnOurText(common, incoming, ourDoc, ourStateBefore, newlyDeleted)) return { seenBeyondCommon: true, clauses: [] };
  const replica = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(replica, common);
    const before = docClauseVersions(replica);
    Y.applyUpdate(replica, incoming);
    deleteWhatTheyReplaced(replica, common, incoming, ourDoc);
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

/** Applies `incoming` to `ourDoc` and judges it: the whole merge point in one call (tests, tools). */
export function mergeAndJudge(ourDoc: Y.Doc, common: Uint8Array, incoming: Uint8Array): ConcurrencyVerdict {
  const ours = docClauseVersions(ourDoc);
  const before = Y.decodeStateVector(Y.encodeStateVector(ourDoc));
  let deleted: IdRanges = new Map();
  const capture = (tr: Y.Transaction) => {
    deleted = (tr.deleteSet as unknown as { clients: IdRanges }).clients;
  };
  ourDoc.once('afterTransaction', capture);
  Y.applyUpdate(ourDoc, incoming);
  return concurrentClauses(common, incoming, ours, ourDoc, before, deleted);
}

/**
 * A relayed update lacks the deletions the relay already had: when both sides replaced the same
 * words, the server passes the other side's insertion on without its deletion (ours came first).
 * So a run of common text deleted here, right next to an insertion of theirs, is taken as deleted
 * in their version too — what they replaced. (A run only we deleted, beside their insertion, is
 * taken as theirs too: the price of that guess.)
 */
function deleteWhatTheyReplaced(replica: Y.Doc, common: Uint8Array, incoming: Uint8Array, ourDoc: Y.Doc): void {
  const base = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(common));
  const isCommon = (id: Y.ID) => id.clock < (base.get(id.client) ?? 0);
  const fragment = ourDoc.getXmlFragment(SECTION_FRAGMENT);
  const ids: Y.ID[] = [];
  const seen = new Set<Y.Item>();
  const take = (item: Y.Item | null, step: (i: Y.Item) => Y.Item | null) => {
    for (let at = item; at && at.deleted && isCommon(at.id) && !seen.has(at); at = step(at)) {
      seen.add(at);
      for (let k = 0; k < at.length; k++) ids.push(Y.createID(at.id.client, at.id.clock + k));
    }
  };
  for (const struct of Y.decodeUpdate(incoming).structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const ref of [struct.origin, struct.rightOrigin]) {
      if (!ref || !isCommon(ref) || ref.clock >= Y.getState(ourDoc.store, ref.client)) continue;
      const found = Y.getItem(ourDoc.store, ref) as unknown;
      if (!(found instanceof Y.Item) || !found.deleted || !Y.isParentOf(fragment, found)) continue;
      take(found, (i) => i.left);
      take(found.right, (i) => i.right);
    }
  }
  if (ids.length === 0) return;
  replica.transact((tr) => {
    for (const id of ids) {
      if (id.clock >= Y.getState(replica.store, id.client)) continue;
      Y.getItemCleanStart(tr, id);
      const item = Y.getItemCleanEnd(tr, replica.store, id) as unknown;
      if (item instanceof Y.Item && !item.deleted) item.delete(tr);
    }
  });
}

/** Whether the incoming update inserts next to, or deletes, text of ours written since `common`. */
function buildsOnOurText(common: Uint8Array, incoming: Uint8Array, ourDoc: Y.Doc, ourStateBefore: Map<number, number>, newlyDeleted: IdRanges): boolean {
  const base = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(common));
  const fragment = ourDoc.getXmlFragment(SECTION_FRAGMENT);
  const since = (client: number) => base.get(client) ?? 0;
  /** Text we had written since the common state (not the incoming update's own). */
  const ourTextAt = (client: number, clock: number): Y.Item | null => {
    if (clock >= (ourStateBefore.get(client) ?? 0)) return null;
    const struct = Y.getItem(ourDoc.store, Y.createID(client, clock)) as unknown;
    return struct instanceof Y.Item && Y.isParentOf(fragment, struct) ? struct : null;
  };
  for (const struct of Y.decodeUpdate(incoming).structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const ref of [struct.origin, struct.rightOrigin]) {
      if (ref && ref.clock >= since(ref.client) && ourTextAt(ref.client, ref.clock)) return true;
    }
  }
  for (const [client, ranges] of newlyDeleted) {
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, ourStateBefore.get(client) ?? 0);
      for (let at = Math.max(clock, since(client)); at < end; at++) if (ourTextAt(client, at)) return true;
    }
  }
  return false;
}
