// The tables of migration 0070, beside store.ts: per person the clauses others changed since they
// were last seen (unseen_changes), per document the state before this replica's first own edit made
// while apart (merge_bases), and the clauses flagged as changed on both sides (concurrent_edits).
// Written by electron/workspace/awayChanges.ts; local only, never synced.
import type { Statement } from 'better-sqlite3';
import type { Store } from './store.ts';

export interface UnseenRow {
  clauseId: string;
  seenText: string;
  byJson: string | null;
  changedAt: string;
}

export interface ConcurrentRow {
  clauseId: string;
  commonText: string;
  oursText: string;
  theirsText: string;
  oursJson: string;
  theirsJson: string;
  byJson: string | null;
  detectedAt: string;
}

export class AwayChangeTables {
  private readonly s: Record<string, Statement>;

  constructor(store: Store) {
    const db = store.db;
    this.s = {
      noteUnseen: db.prepare(
        `INSERT INTO unseen_changes (person, doc_id, clause_id, seen_text, by_json, changed_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (person, doc_id, clause_id) DO UPDATE SET by_json = coalesce(excluded.by_json, by_json), changed_at = excluded.changed_at`,
      ),
      unseen: db.prepare('SELECT clause_id AS clauseId, seen_text AS seenText, by_json AS byJson, changed_at AS changedAt FROM unseen_changes WHERE person = ? AND doc_id = ? ORDER BY changed_at, clause_id'),
      hasUnseen: db.prepare('SELECT 1 FROM unseen_changes WHERE person = ? AND doc_id = ? AND clause_id = ?').pluck(),
      unseenUnder: db.prepare('SELECT doc_id AS docId, count(*) AS n FROM unseen_changes WHERE person = ? AND doc_id >= ? AND doc_id < ? GROUP BY doc_id'),
      seen: db.prepare('DELETE FROM unseen_changes WHERE person = ? AND doc_id = ? AND clause_id = ?'),
      seenAll: db.prepare('DELETE FROM unseen_changes WHERE person = ? AND doc_id = ?'),
      base: db.prepare('SELECT state FROM merge_bases WHERE doc_id = ?').pluck(),
      baseIds: db.prepare('SELECT doc_id FROM merge_bases').pluck(),
      putBase: db.prepare('INSERT OR IGNORE INTO merge_bases (doc_id, state, created_at) VALUES (?, ?, ?)'),
      dropBase: db.prepare('DELETE FROM merge_bases WHERE doc_id = ?'),
      flag: db.prepare(
        `INSERT INTO concurrent_edits (doc_id, clause_id, common_text, ours_text, theirs_text, ours_json, theirs_json, by_json, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (doc_id, clause_id) DO UPDATE SET common_text = excluded.common_text, ours_text = excluded.ours_text,
           theirs_text = excluded.theirs_text, ours_json = excluded.ours_json, theirs_json = excluded.theirs_json,
           by_json = excluded.by_json, detected_at = excluded.detected_at`,
      ),
      flags: db.prepare(
        `SELECT clause_id AS clauseId, common_text AS commonText, ours_text AS oursText, theirs_text AS theirsText, ours_json AS oursJson,
           theirs_json AS theirsJson, by_json AS byJson, detected_at AS detectedAt FROM concurrent_edits WHERE doc_id = ? ORDER BY detected_at, clause_id`,
      ),
      unflag: db.prepare('DELETE FROM concurrent_edits WHERE doc_id = ? AND clause_id = ?'),
      // A range over the primary key: every document id of an agreement starts with "<agreement>/".
      flagsUnder: db.prepare('SELECT doc_id AS docId, clause_id AS clauseId, detected_at AS detectedAt FROM concurrent_edits WHERE doc_id >= ? AND doc_id < ? ORDER BY doc_id, detected_at'),
    };
  }

  /** A clause `person` had seen as `seenText` changed; a row already there keeps its seen text.
   *  True when the clause was not listed before. */
  noteUnseen(person: string, docId: string, clauseId: string, seenText: string, byJson: string | null, at: string): boolean {
    const listed = this.s.hasUnseen.get(person, docId, clauseId) !== undefined;
    this.s.noteUnseen.run(person, docId, clauseId, seenText, byJson, at);
    return !listed;
  }

  unseen(person: string, docId: string): UnseenRow[] {
    return this.s.unseen.all(person, docId) as UnseenRow[];
  }

  /** How many clauses of each document under `prefix` (ending in "/") have unseen changes. */
  unseenCountsUnder(person: string, prefix: string): { docId: string; n: number }[] {
    return this.s.unseenUnder.all(person, prefix, prefixEnd(prefix)) as { docId: string; n: number }[];
  }

  markSeen(person: string, docId: string, clauseIds: readonly string[] | 'all'): void {
    if (clauseIds === 'all') this.s.seenAll.run(person, docId);
    else for (const id of clauseIds) this.s.seen.run(person, docId, id);
  }

  base(docId: string): Uint8Array | null {
    const state = this.s.base.get(docId) as Buffer | undefined;
    return state ? new Uint8Array(state) : null;
  }

  baseDocIds(): string[] {
    return this.s.baseIds.all() as string[];
  }

  /** Keeps the first base of an apart period: a second call for the same document changes nothing. */
  putBase(docId: string, state: Uint8Array, at: string): void {
    this.s.putBase.run(docId, state, at);
  }

  dropBase(docId: string): void {
    this.s.dropBase.run(docId);
  }

  flag(docId: string, row: ConcurrentRow): void {
    this.s.flag.run(docId, row.clauseId, row.commonText, row.oursText, row.theirsText, row.oursJson, row.theirsJson, row.byJson, row.detectedAt);
  }

  flags(docId: string): ConcurrentRow[] {
    return this.s.flags.all(docId) as ConcurrentRow[];
  }

  /** The flagged clauses of every document whose id starts with `prefix` (ending in "/"). */
  flagsUnder(prefix: string): { docId: string; clauseId: string; detectedAt: string }[] {
    return this.s.flagsUnder.all(prefix, prefixEnd(prefix)) as { docId: string; clauseId: string; detectedAt: string }[];
  }

  unflag(docId: string, clauseId: string): void {
    this.s.unflag.run(docId, clauseId);
  }
}

/** The smallest string after every string that starts with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
