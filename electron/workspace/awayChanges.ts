// "Nyt siden sidst" and "Samtidige ændringer" on the Node side, where every change from elsewhere
// arrives (the sync server, a meeting, a change bundle) whether or not a window shows the section.
// For each open section document it
// - notes, per person, each clause a change from elsewhere altered, with its text as it was before
//   (kept until *Markér som set*; the renderer diffs it against the clause's text now);
// - keeps the document's state before this replica's first own edit made while apart — no live
//   connection to the server or meeting — as the common state (the merge base);
// - when a change from elsewhere arrives while a base is kept, judges which clauses both sides changed
//   (shared/negotiation/concurrentEdits.ts) and flags them until resolved.
// The base is let go once such a merge has happened and this replica is in sync again (its own edits
// are on the server), or right after a change bundle was merged.
import * as Y from 'yjs';
import type { Handlers } from '../../shared/api/dispatch.ts';
import type { AwayChanges } from '../../shared/api/awayContract.ts';
import { SECTION_META_LAST_EDIT } from '../../shared/documents/keys.ts';
import { LastEdit } from '../../shared/negotiation/lastEdit.ts';
import { ClauseVersionTracker, changedClauses, type ClauseVersion } from '../../shared/negotiation/clauseVersions.ts';
import { concurrentClauses, type IdRanges } from '../../shared/negotiation/concurrentEdits.ts';
import { parseDocId, SECTION_META } from '../../shared/structure/docIds.ts';
import type { Profile } from '../../shared/domain/agreement.ts';
import type { Store } from '../store/store.ts';
import { AwayChangeTables } from '../store/awayChanges.ts';

/** How long windows may wait to hear of further changes to clauses already listed. */
const TELL_AGAIN_MS = 1500;

/** Origin of the updates a change bundle import applies (electron/workspace/service.ts). */
export const BUNDLE_ORIGIN = Symbol('enighed:bundle-import');

export interface AwayPort {
  store(): Store;
  profile(): Profile | null;
  /** Whether an update with this origin came from elsewhere (a sync provider, a bundle import). */
  isFromElsewhere(origin: unknown): boolean;
  /** Whether the document is connected to a server or meeting and synced with it right now. */
  isLive(docId: string): boolean;
  /** Tell the windows that a section's changes or flags changed. */
  changed(docId: string): void;
}

interface Watched {
  doc: Y.Doc;
  tracker: ClauseVersionTracker;
  /** The clauses just before the transaction from elsewhere that is being applied: all of them
   *  (while a merge base is kept), or 'touched' (the tracker reports the touched ones after). */
  before: Map<string, ClauseVersion> | 'touched' | null;
  /** The document's state vector then. */
  stateBefore: Map<number, number>;
  /** A change from elsewhere touched the text while a base was kept: let the base go once in sync. */
  merged: boolean;
  off(): void;
}

/** Whose view the unseen changes are: one workspace may be used under another profile. */
export function personKey(profile: Profile): string {
  return `${profile.side}:${profile.name}`;
}

export class AwayWatch {
  private tablesOrNull: AwayChangeTables | null = null;
  private readonly watched = new Map<string, Watched>();
  private basesKnown: Set<string> | null = null;
  /** Documents whose windows are told a little later (see fromElsewhere). */
  private readonly soon = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly port: AwayPort) {}

  private get tables(): AwayChangeTables {
    this.tablesOrNull ??= new AwayChangeTables(this.port.store());
    return this.tablesOrNull;
  }

  private get bases(): Set<string> {
    this.basesKnown ??= new Set(this.tables.baseDocIds());
    return this.basesKnown;
  }

  /** Starts watching a section document the service has loaded (other documents are ignored). */
  attach(docId: string, doc: Y.Doc): void {
    if (parseDocId(docId)?.kind !== 'section' || this.watched.has(docId)) return;
    const tracker = new ClauseVersionTracker(doc);
    const beforeTransaction = (tr: Y.Transaction) => {
      if (!this.port.isFromElsewhere(tr.origin)) return;
      try {
        if (this.port.profile() === null && !this.bases.has(docId)) return;
        // The clauses this transaction touches are reported afterwards (takeChanges), without
        // reading the rest of the section. Only while a merge base is kept does the judgement of
        // concurrent edits need every clause as it was.
        tracker.prepare();
        w.before = this.bases.has(docId) ? tracker.versions() : 'touched';
        w.stateBefore = Y.decodeStateVector(Y.encodeStateVector(doc));
      } catch (error) {
        w.before = null;
        console.error(`Nyt siden sidst kunne ikke læse ${docId}`, error);
      }
    };
    const onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      const before = w.before;
      w.before = null;
      if (!before || !this.port.isFromElsewhere(origin)) return;
      const fragment: unknown = tracker.fragmentType;
      const textChanged = [...tr.changed.keys()].some((type) => type === fragment || isInside(type, fragment));
      if (!textChanged) return;
      // This runs inside Yjs' update event, under the sync provider's message handling: nothing
      // here may break the change's arrival (which is already applied and being saved).
      try {
        this.fromElsewhere(docId, w, before, update, origin, (tr.deleteSet as unknown as { clients: IdRanges }).clients);
      } catch (error) {
        console.error(`Nyt siden sidst / samtidige ændringer kunne ikke opdateres for ${docId}`, error);
      }
    };
    const w: Watched = {
      doc,
      tracker,
      before: null,
      stateBefore: new Map(),
      merged: false,
      off: () => {
        doc.off('beforeTransaction', beforeTransaction);
        doc.off('update', onUpdate);
        tracker.dispose();
      },
    };
    doc.on('beforeTransaction', beforeTransaction);
    doc.on('update', onUpdate);
    this.watched.set(docId, w);
  }

  /** Called before an own edit (from a window) is applied: keeps the base when apart. */
  beforeOwnEdit(docId: string, doc: Y.Doc): void {
    if (parseDocId(docId)?.kind !== 'section' || this.bases.has(docId) || this.port.isLive(docId)) return;
    this.tables.putBase(docId, Y.encodeStateAsUpdate(doc), new Date().toISOString());
    this.bases.add(docId);
  }

  /** The sync client reports the document synced with nothing unsent. */
  inSync(docId: string): void {
    const w = this.watched.get(docId);
    if (!w?.merged) return;
    w.merged = false;
    this.dropBase(docId);
  }

  private dropBase(docId: string): void {
    if (!this.bases.has(docId)) return;
    this.tables.dropBase(docId);
    this.bases.delete(docId);
  }

  private fromElsewhere(docId: string, w: Watched, whole: Map<string, ClauseVersion> | 'touched', update: Uint8Array, origin: unknown, deleted: IdRanges): void {
    const touched = w.tracker.takeChanges();
    const before = whole === 'touched' ? touched.before : whole;
    const after = touched.after;
    const by = this.lastEditBy(w.doc, update);
    const at = new Date().toISOString();
    // A clause newly listed (or flagged) is told at once; further changes to listed clauses — the
    // other person typing on, live — at most every TELL_AGAIN_MS, so the windows do not re-read the
    // lists (and rebuild the editor's highlights) on every keystroke of someone else.
    let changed = false;
    let later = false;
    const profile = this.port.profile();
    if (profile) {
      const person = personKey(profile);
      for (const clauseId of changedClauses(before, after)) {
        if (this.tables.noteUnseen(person, docId, clauseId, before.get(clauseId)?.text ?? '', by, at)) changed = true;
        else later = true;
      }
    }
    const base = this.bases.has(docId) && whole !== 'touched' ? this.tables.base(docId) : null;
    if (base) {
      const verdict = concurrentClauses(base, update, whole as Map<string, ClauseVersion>, w.doc, w.stateBefore, deleted);
      if (verdict.seenBeyondCommon) {
        // The other side built on more than the common state: our edits had reached it.
        this.dropBase(docId);
      } else {
        const now = verdict.clauses.length > 0 ? w.tracker.versions() : after;
        for (const clause of verdict.clauses) {
          const merged = now.get(clause.clauseId);
          if (!merged) continue;
          this.tables.flag(docId, {
            clauseId: clause.clauseId,
            commonText: clause.common,
            oursText: clause.ours.text,
            theirsText: clause.theirs.text,
            oursJson: JSON.stringify(clause.ours.node.toJSON()),
            theirsJson: JSON.stringify(clause.theirs.node.toJSON()),
            byJson: by,
            detectedAt: at,
          });
          changed = true;
        }
        if (origin === BUNDLE_ORIGIN) this.dropBase(docId);
        else w.merged = true;
      }
    }
    if (changed) this.tell(docId);
    else if (later) this.tellSoon(docId);
  }

  private tell(docId: string): void {
    const timer = this.soon.get(docId);
    if (timer) clearTimeout(timer);
    this.soon.delete(docId);
    this.port.changed(docId);
  }

  private tellSoon(docId: string): void {
    if (this.soon.has(docId)) return;
    this.soon.set(
      docId,
      setTimeout(() => {
        this.soon.delete(docId);
        this.port.changed(docId);
      }, TELL_AGAIN_MS),
    );
  }

  /**
   * Who made the change, as JSON: the "Senest redigeret af" the incoming update itself records, else
   * the section's current one — unless it names the local person (then not known).
   */
  private lastEditBy(doc: Y.Doc, update: Uint8Array): string | null {
    const me = this.port.profile();
    const notMe = (value: unknown): LastEdit | null => {
      const parsed = LastEdit.safeParse(value);
      return parsed.success && !(me && me.name === parsed.data.name && me.side === parsed.data.side) ? parsed.data : null;
    };
    let recorded: LastEdit | null = null;
    for (const struct of Y.decodeUpdate(update).structs) {
      if (struct instanceof Y.Item && struct.parentSub === SECTION_META_LAST_EDIT && struct.content instanceof Y.ContentAny) {
        recorded = notMe(struct.content.arr[0]) ?? recorded;
      }
    }
    const who = recorded ?? notMe(doc.getMap(SECTION_META).get(SECTION_META_LAST_EDIT));
    return who && JSON.stringify(who);
  }

  /** What awayChanges answers for one section. */
  read(docId: string): AwayChanges {
    const profile = this.port.profile();
    const unseen = profile
      ? this.tables.unseen(personKey(profile), docId).map((row) => ({ clauseId: row.clauseId, seenText: row.seenText, by: parseBy(row.byJson), changedAt: row.changedAt }))
      : [];
    const concurrent = this.tables.flags(docId).map((row) => ({
      clauseId: row.clauseId,
      common: row.commonText,
      ours: row.oursText,
      theirs: row.theirsText,
      oursJson: row.oursJson,
      theirsJson: row.theirsJson,
      by: parseBy(row.byJson),
      detectedAt: row.detectedAt,
    }));
    return { unseen, concurrent };
  }

  /** awaySummary: unseen and flagged clauses per section document of the agreement. */
  private summary(agreementId: string): { docId: string; unseen: number; concurrent: number }[] {
    const prefix = `${agreementId}/`;
    const out = new Map<string, { docId: string; unseen: number; concurrent: number }>();
    const entry = (docId: string) => out.get(docId) ?? out.set(docId, { docId, unseen: 0, concurrent: 0 }).get(docId)!;
    const profile = this.port.profile();
    if (profile) for (const { docId, n } of this.tables.unseenCountsUnder(personKey(profile), prefix)) entry(docId).unseen = n;
    for (const { docId } of this.tables.flagsUnder(prefix)) entry(docId).concurrent++;
    return [...out.values()];
  }

  handlers<C>(): Pick<Handlers<C>, 'awayChanges' | 'markSeen' | 'resolveConcurrent' | 'concurrentInAgreement' | 'awaySummary'> {
    return {
      awaySummary: ({ agreementId }) => this.summary(agreementId),
      awayChanges: ({ docId }) => this.read(docId),
      concurrentInAgreement: ({ agreementId }) => this.tables.flagsUnder(`${agreementId}/`),
      markSeen: (params) => {
        const profile = this.port.profile();
        if (profile) this.tables.markSeen(personKey(profile), params.docId, 'all' in params ? 'all' : params.clauseIds);
        this.tell(params.docId);
        return {};
      },
      resolveConcurrent: ({ docId, clauseId }) => {
        this.tables.unflag(docId, clauseId);
        this.tell(docId);
        return {};
      },
    };
  }

  detach(docId: string): void {
    this.watched.get(docId)?.off();
    this.watched.delete(docId);
  }

  dispose(): void {
    for (const timer of this.soon.values()) clearTimeout(timer);
    this.soon.clear();
    for (const w of this.watched.values()) w.off();
    this.watched.clear();
  }
}

function isInside(type: { parent: unknown }, fragment: unknown): boolean {
  for (let t = type.parent as { parent: unknown } | null; t !== null; t = t.parent as { parent: unknown } | null) if (t === fragment) return true;
  return false;
}

function parseBy(json: string | null): LastEdit | null {
  if (json === null) return null;
  const parsed = LastEdit.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}
