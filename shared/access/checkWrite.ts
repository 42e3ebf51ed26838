// Would an update stay within what its sender may write? Every path that takes an update from
// someone (the sync server, the meeting host, the bundle importer, the local push) asks this after
// the document check (shared/documents/check.ts, what a document may contain) and before applying
// it. It looks at each item the update adds and each live item it deletes, by the top-level type
// it lives in (shared/documents/updateWalk.ts resolves where items land), and at what the rights
// (rules.ts, rightsOn) allow there. Rules in ARCHITECTURE.md beside this file.
import type * as Y from 'yjs';
import * as YRuntime from 'yjs';
import { INTERNAL_KEYS, SECTION_KEYS, STRUCTURE_KEYS } from '../documents/keys.ts';
import { writesOfUpdate, type WrittenItem } from '../documents/updateWalk.ts';
import { parseDocId } from '../structure/docIds.ts';
import type { Rights } from './rules.ts';

export type WriteCheck = { ok: true } | { ok: false; reason: string };

export interface WriteHooks {
  /** A reason (Danish) when a new position (in `positions` or the decision log) does not hold up,
   *  e.g. its signature does not verify; null when it does. Default: every position holds up. */
  positionProblem?(value: unknown, docId: string): string | null;
  /**
   * For a sender who may not write the structure and whose update touches only its participant
   * directory: null when every entry it changes is a valid signed entry once applied (a member
   * passing on the secretariat's signed entries, e.g. a revocation); else why not. Absent: such an
   * update is refused like any other structure change.
   */
  directoryProblem?(current: Y.Doc, update: Uint8Array): string | null;
}

const OK: WriteCheck = { ok: true };
const no = (reason: string): WriteCheck => ({ ok: false, reason: `Ændringen afvises: ${reason}` });

type Need = 'text' | 'positions' | 'decisionLog' | 'comment' | 'suggestions' | 'structure';

const SECTION_NEEDS: Record<string, Need> = {
  [SECTION_KEYS.text]: 'text',
  [SECTION_KEYS.meta]: 'text',
  [SECTION_KEYS.positions]: 'positions',
  [SECTION_KEYS.decisionLog]: 'decisionLog',
  [SECTION_KEYS.suggestions]: 'suggestions',
  [SECTION_KEYS.commentThreads]: 'comment',
  [SECTION_KEYS.commentReplies]: 'comment',
  [SECTION_KEYS.commentStates]: 'comment',
};
const INTERNAL_NEEDS: Record<string, Need> = {
  [INTERNAL_KEYS.commentThreads]: 'comment',
  [INTERNAL_KEYS.commentReplies]: 'comment',
  [INTERNAL_KEYS.commentStates]: 'comment',
};

function needOf(kind: 'structure' | 'section' | 'internal', root: string): Need | null {
  if (kind === 'structure') return 'structure';
  const table = kind === 'section' ? SECTION_NEEDS : INTERNAL_NEEDS;
  return Object.hasOwn(table, root) ? table[root] : null;
}

/** The reason `rights` lack what `need` asks for, or null. */
function lacking(need: Need, rights: Rights): string | null {
  switch (need) {
    case 'text':
      return rights.writeText ? null : (rights.reasons.writeText ?? 'du må ikke skrive i teksten.');
    case 'positions':
    case 'decisionLog':
      return rights.takePositionsAs ? null : (rights.reasons.takePositionsAs ?? 'du må ikke tage stilling.');
    case 'comment':
      return rights.comment ? null : (rights.reasons.comment ?? 'du må ikke kommentere.');
    case 'suggestions':
      return rights.suggest ? null : (rights.reasons.suggest ?? 'du må ikke foreslå ændringer.');
    case 'structure':
      return rights.writeStructure ? null : (rights.reasons.writeStructure ?? 'du må ikke ændre aftalens struktur.');
  }
}

/** The values an added item carries (a map entry or list items); null for items that are not plain
 *  values (a nested type, deleted content, text). */
function valuesOf(item: Y.Item): unknown[] | null {
  const content = item.content;
  if (content instanceof YRuntime.ContentAny || content instanceof YRuntime.ContentJSON) return content.getContent();
  return null;
}

/** The participant a position's signature names (shared/identity/shapes.ts, PositionSignature), or null. */
function signerOf(value: unknown): string | null {
  const sig = typeof value === 'object' && value !== null ? (value as { sig?: unknown }).sig : undefined;
  const id = typeof sig === 'object' && sig !== null ? (sig as { participantId?: unknown }).participantId : undefined;
  return typeof id === 'string' ? id : null;
}

function sideOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { side?: unknown }).side : undefined;
}

const sideName = (side: string) => (side === 'region' ? 'regionen' : side === 'kommune' ? 'kommunerne' : side);

/**
 * Ok when everything `update` writes into `current` (the document `docId` as the checker holds it
 * now) is within `rights`; otherwise the first reason, in Danish. Does not modify `current`; about
 * O(update). Items whose place is not known yet are held back (as Yjs holds them) and checked with
 * the update that brings their base, as the document check does.
 * - text and section meta need writeText; suggestion authors need suggest; comments need comment;
 *   anything in the structure needs writeStructure;
 * - positions and decision-log entries need takePositionsAs equal to each new value's side, and
 *   every new value must pass `hooks.positionProblem`; a position may be replaced, never deleted:
 *   when the update's items do not show its replacement, the update is applied to a copy and no
 *   key of the positions map may lose its value; nothing of the decision log is ever deleted.
 */
export function checkWrite(docId: string, current: Y.Doc, update: Uint8Array, rights: Rights, hooks: WriteHooks = {}): WriteCheck {
  const doc = parseDocId(docId);
  if (!doc) return no('dokumentet findes ikke i en aftale.');
  if (!rights.read) return no(rights.reasons.read ?? 'du har ikke adgang til dokumentet.');
  const writes = writesOfUpdate(current, update);
  if (!writes) return no('ændringen kan ikke læses.');

  const allowed = new Map<Need, string | null>();
  const may = (need: Need) => {
    if (!allowed.has(need)) allowed.set(need, lacking(need, rights));
    return allowed.get(need)!;
  };
  const unknownPart = (w: WrittenItem) => no(`ukendt del af dokumentet («${w.root.slice(0, 60)}»).`);

  // Keys of positions the update writes anew (a replaced position must have one), and keys under
  // which it brings superseded (deleted) entries.
  // The secretariat's signed directory entries, passed on by one who may not write the structure.
  if (doc.kind === 'structure' && !rights.writeStructure && hooks.directoryProblem) {
    const onlyDirectory = [...writes.added, ...writes.deleted].every((w) => w.root === STRUCTURE_KEYS.participants) && writes.held.length === 0;
    if (onlyDirectory && writes.added.length + writes.deleted.length > 0) {
      const problem = hooks.directoryProblem(current, update);
      return problem ? no(problem) : OK;
    }
  }

  const newPositionKeys = new Set<string>();
  const supersededKeys: string[] = [];
  for (const w of writes.added) {
    const need = needOf(doc.kind, w.root);
    if (!need) return unknownPart(w);
    if (need !== 'positions' && need !== 'decisionLog') {
      const reason = may(need);
      if (reason) return no(reason);
      continue;
    }
    const values = valuesOf(w.item);
    if (values === null) {
      // Deleted content: an entry the sender held and saw replaced (the log never has one: nothing
      // of it is deleted). Integrated, it would still replace what the key holds, so it must be the
      // writer's own side's, or come with the entry that replaced it.
      if (w.item.content instanceof YRuntime.ContentDeleted && need === 'positions' && w.key !== null) {
        supersededKeys.push(w.key);
        continue;
      }
      return no(need === 'positions' ? 'en stillingtagen skal være en enkelt værdi.' : 'beslutningsloggen må kun få nye poster.');
    }
    for (const value of values) {
      const side = sideOf(value);
      // A position signed by another participant is passed on, not taken: its own signature must
      // prove its side (positionProblem), not the writer's rights.
      const signer = signerOf(value);
      const relayed = signer !== null && signer !== rights.actorId;
      if (!relayed) {
        if (!rights.takePositionsAs) return no(rights.reasons.takePositionsAs ?? 'du må ikke tage stilling.');
        if (side !== rights.takePositionsAs) {
          return no(`${sideName(rights.takePositionsAs)} kan ikke tage stilling på vegne af ${typeof side === 'string' ? sideName(side) : 'en ukendt part'}.`);
        }
      }
      if (need === 'positions') {
        const clauseId = (value as { clauseId?: unknown }).clauseId;
        if (w.key !== `${String(clauseId)}/${String(side)}`) return no(`stillingtagen under forkert nøgle («${String(w.key).slice(0, 80)}»).`);
      }
      const problem = hooks.positionProblem?.(value, docId) ?? null;
      if (problem) return no(problem);
    }
    if (need === 'positions' && w.key !== null) newPositionKeys.add(w.key);
  }
  // Held back (their place is not known yet): a value shaped like a position is judged as one now,
  // by its sender's rights and its own signature. Integrated later, with the update that brings its
  // base, it would otherwise be judged against that update's (innocent) sender.
  for (const item of writes.held) {
    for (const value of valuesOf(item) ?? []) {
      if (!looksLikePosition(value)) continue;
      const side = sideOf(value);
      const signer = signerOf(value);
      if (signer === null || signer === rights.actorId) {
        if (!rights.takePositionsAs) return no(rights.reasons.takePositionsAs ?? 'du må ikke tage stilling.');
        if (side !== rights.takePositionsAs) return no(`${sideName(rights.takePositionsAs)} kan ikke tage stilling på vegne af ${typeof side === 'string' ? sideName(side) : 'en ukendt part'}.`);
      }
      const problem = hooks.positionProblem?.(value, docId) ?? null;
      if (problem) return no(problem);
    }
  }
  // A position that may vanish: the quick rules below cannot tell, so the update is applied to a
  // copy and every position must still be there (positionsVanish).
  let mayVanish = false;
  for (const key of supersededKeys) {
    if (!newPositionKeys.has(key) && !(rights.takePositionsAs && key.endsWith(`/${rights.takePositionsAs}`))) mayVanish = true;
  }

  const added = new Set(writes.added);
  for (const w of writes.deleted) {
    const need = needOf(doc.kind, w.root);
    if (!need) return unknownPart(w);
    if (need === 'decisionLog') return no('beslutningsloggen kan ikke ændres; den får kun nye poster.');
    if (need !== 'positions') {
      const reason = may(need);
      if (reason) return no(reason);
    }
    // A position is replaced by a new one under its key (Y.Map deletes the old entry), or is the
    // update's own superseded entry; deleted outright, a side's position would silently vanish.
    if (need === 'positions' && !added.has(w) && !(w.key !== null && newPositionKeys.has(w.key))) mayVanish = true;
  }
  if (mayVanish && positionsVanish(current, update)) return no('en stillingtagen kan kun erstattes af en ny stillingtagen, ikke slettes.');
  return OK;
}

/**
 * Whether applying `update` to `current` leaves a key of the positions map without a value that
 * had one. The slow path, for updates the quick rules cannot clear: an honest replica passes on
 * entries it saw superseded, and deletions whose replacement it holds back or the host already has
 * (concurrent positions, a replacement that arrived before what precedes it). What counts is the
 * outcome: a side's position replaced (the new value was judged above) or still there, never gone.
 * Costs a copy of the document; only updates that delete or supersede positions get here.
 */
function positionsVanish(current: Y.Doc, update: Uint8Array): boolean {
  const before = current.getMap(SECTION_KEYS.positions);
  const copy = new YRuntime.Doc({ gc: false });
  YRuntime.applyUpdate(copy, YRuntime.encodeStateAsUpdate(current));
  YRuntime.applyUpdate(copy, update);
  const after = copy.getMap(SECTION_KEYS.positions);
  for (const key of before.keys()) if (!after.has(key)) return true;
  return false;
}

/** A plain value with a position's identifying fields (what the positions map and the log hold). */
function looksLikePosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.clauseId === 'string' && typeof v.side === 'string' && typeof v.textHash === 'string';
}
