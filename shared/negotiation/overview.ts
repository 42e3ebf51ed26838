// The disputes overview (overblik): status counts across an agreement per part and theme group, and
// the clauses that need attention. computeOverview takes each section's clause statuses (computed
// from the section's Y.Doc by a SectionStatusTracker or sectionClauseStatuses) so a caller can
// recompute only the section that changed; what it derives from an unchanged section is remembered,
// so after an edit the cost is that section's, not the agreement's (test/bench/overview-bench.ts).
import { clauseReference } from '../editor/clauseNumbers.ts';
import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import type { Agreement, Part, Section } from '../domain/agreement.ts';
import { partLabel, partOrder } from '../domain/labels.ts';
import { schema, SECTION_FRAGMENT } from '../schema/schema.ts';
import { sectionNumbers, sectionsOfPart } from '../structure/structureDoc.ts';
import { clauseStatuses, type ClauseStatusEntry } from './clauseStatuses.ts';
import { countedPositionsOf } from '../identity/counted.ts';
import type { Directory } from '../identity/directory.ts';
import type { ClauseStatus } from './position.ts';
import { readableClauseText } from './wordDiff.ts';
import { clauseNumber } from '../editor/clauseNumbers.ts';

export type StatusCounts = Record<ClauseStatus, number> & { total: number; agreedPercent: number };

export interface OverviewRow {
  key: string;
  label: string;
  counts: StatusCounts;
}

export interface OverviewClause extends Omit<ClauseStatusEntry, 'node' | 'normalised'> {
  sectionId: string;
  sectionTitle: string;
  /** "3.2": section number and clause index. */
  number: string;
  /** "Politisk del 3.2": unique across the agreement (clauseReference). */
  reference: string;
  /** The current wording, readable. */
  text: string;
}

export interface Overview {
  total: StatusCounts;
  parts: OverviewRow[];
  themeGroups: OverviewRow[];
  /**
   * Disputed and stale clauses in reading order. A section whose statuses array, number and title
   * are unchanged since an earlier call gives the same item objects, so a view can skip them.
   */
  attention: OverviewClause[];
  /** Sections that cannot be shown (their document breaks the document rules), in reading order;
   *  they count as having no clauses. */
  damaged: DamagedSection[];
}

export interface DamagedSection {
  sectionId: string;
  sectionTitle: string;
  /** "3": the section's number in its part. */
  number: string;
  /** Danish. */
  reason: string;
}

/**
 * The statuses of every clause in a section's Y.Doc, converting the whole section. Only positions
 * that count under `directory` (shared/identity/counted.ts) take part. For repeated recomputation
 * while people type, use a SectionStatusTracker: it gives the same result.
 */
export function sectionClauseStatuses(doc: Y.Doc, sectionId: string, directory: Directory): ClauseStatusEntry[] {
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema);
  return clauseStatuses(root, countedPositionsOf(doc, sectionId, directory));
}

/**
 * One top-level element of a section as a ProseMirror node, or null when it does not fit the schema.
 * y-prosemirror 1.x exports no conversion of a single element, and its fragment conversion only calls
 * toArray() on what it is given, so a one-element stand-in is converted exactly as the whole section
 * would be (including the library's repairs of the Y.Doc). The tracker test compares the two.
 */
export function elementToNode(element: Y.XmlElement): Node | null {
  const oneElement = { toArray: () => [element] } as unknown as Y.XmlFragment;
  return yXmlFragmentToProseMirrorFragment(oneElement, schema).firstChild;
}

/**
 * A section's clause statuses for repeated recomputation (the disputes overview, live while people
 * type). Converting the whole section to ProseMirror makes new nodes every time, so nothing could be
 * remembered per node; the tracker keeps each top-level element's node and converts again only the
 * elements that changed since (it observes the section fragment). Unchanged clauses then keep their
 * node, and with it their cached normalised text and hash (cachedClauseText).
 *
 * Owns an observer on the document: call dispose() when done.
 */
export class SectionStatusTracker {
  private readonly fragment: Y.XmlFragment;
  private readonly nodes = new WeakMap<object, Node>();
  private disposed = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly sectionId: string,
  ) {
    this.fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    this.fragment.observeDeep(this.onChange);
  }

  /** Same result as sectionClauseStatuses(doc, sectionId, directory), a new array every call. Pass
   *  the directory as it is now (re-read when the structure or the verdict cache changes). */
  statuses(directory: Directory): ClauseStatusEntry[] {
    if (this.disposed) throw new Error('SectionStatusTracker used after dispose()');
    const children: Node[] = [];
    for (const element of this.fragment.toArray()) {
      let node = this.nodes.get(element);
      if (node === undefined) {
        const converted = elementToNode(element as Y.XmlElement);
        // Not remembered when it failed: y-prosemirror then deleted the element from the document.
        if (converted === null) continue;
        node = converted;
        this.nodes.set(element, node);
      }
      children.push(node);
    }
    const root = schema.topNodeType.create(null, children);
    return clauseStatuses(root, countedPositionsOf(this.doc, this.sectionId, directory));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.fragment.unobserveDeep(this.onChange);
  }

  /** Forgets the node of every top-level element that a change touched. */
  private readonly onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      if (event.target === this.fragment) {
        // Elements added by this transaction report no changes of their own, but one may have been
        // converted inside the transaction, before its content was complete.
        for (const item of event.changes.added) {
          if (item.content instanceof Y.ContentType) this.nodes.delete(item.content.type);
        }
        continue;
      }
      let type: Y.AbstractType<unknown> = event.target;
      while (type.parent !== null && type.parent !== this.fragment) type = type.parent;
      this.nodes.delete(type);
    }
  };
}

function emptyCounts(): StatusCounts {
  return { aaben: 0, afventer: 0, enighed: 0, uenighed: 0, aendret: 0, total: 0, agreedPercent: 0 };
}

function addCounts(counts: StatusCounts, add: Readonly<Record<ClauseStatus, number>>, total: number): void {
  counts.aaben += add.aaben;
  counts.afventer += add.afventer;
  counts.enighed += add.enighed;
  counts.uenighed += add.uenighed;
  counts.aendret += add.aendret;
  counts.total += total;
  counts.agreedPercent = counts.total === 0 ? 0 : Math.round((counts.enighed / counts.total) * 100);
}

/** One section's share of the overview, remembered per statuses array (see sectionShare). */
interface SectionShare {
  sectionId: string;
  sectionTitle: string;
  sectionNumber: number | undefined;
  part: Part;
  counts: Record<ClauseStatus, number>;
  attention: OverviewClause[];
}

const shares = new WeakMap<readonly ClauseStatusEntry[], SectionShare>();
const readableTexts = new WeakMap<Node, string>();

/** The clause's current wording for reading, remembered per node. */
function readableText(entry: ClauseStatusEntry): string {
  let text = readableTexts.get(entry.node);
  if (text === undefined) {
    text = readableClauseText(entry.normalised);
    readableTexts.set(entry.node, text);
  }
  return text;
}

/**
 * A section's counts and attention items. Remembered per statuses array (callers replace a section's
 * array when they recompute it and never change one), so after an edit only the edited section's
 * share is made again, and the other sections keep their item objects.
 */
function sectionShare(section: Section, sectionNumber: number | undefined, entries: readonly ClauseStatusEntry[]): SectionShare {
  const known = shares.get(entries);
  if (known && known.sectionId === section.id && known.sectionTitle === section.title && known.sectionNumber === sectionNumber && known.part === section.part) {
    return known;
  }
  const counts: Record<ClauseStatus, number> = { aaben: 0, afventer: 0, enighed: 0, uenighed: 0, aendret: 0 };
  const attention: OverviewClause[] = [];
  for (const entry of entries) {
    counts[entry.status] += 1;
    if (entry.status === 'uenighed' || entry.status === 'aendret') {
      const { node: _node, normalised: _normalised, ...rest } = entry;
      attention.push({
        ...rest,
        sectionId: section.id,
        sectionTitle: section.title,
        number: clauseNumber(sectionNumber, entry.index),
        reference: clauseReference(section.part, clauseNumber(sectionNumber, entry.index)),
        text: readableText(entry),
      });
    }
  }
  const share = { sectionId: section.id, sectionTitle: section.title, sectionNumber, part: section.part, counts, attention };
  shares.set(entries, share);
  return share;
}

/**
 * The overview of `agreement` from the statuses of its sections (`statuses.get(sectionId)`); a
 * section without an entry (not loaded yet, or damaged: `damaged.get(sectionId)` is why) counts as
 * having no clauses. The statuses arrays are treated as immutable: give a section a new array when
 * its statuses change.
 */
export function computeOverview(
  agreement: Agreement,
  statuses: ReadonlyMap<string, readonly ClauseStatusEntry[]>,
  damaged: ReadonlyMap<string, string> = new Map(),
): Overview {
  const numbers = sectionNumbers(agreement);
  const total = emptyCounts();
  const parts = new Map<Part, StatusCounts>();
  const groups = new Map<string, StatusCounts>();
  const attention: OverviewClause[] = [];
  const damagedSections: DamagedSection[] = [];
  const ordered: Section[] = partOrder.flatMap((part) => sectionsOfPart(agreement, part));
  for (const section of ordered) {
    const reason = damaged.get(section.id);
    if (reason !== undefined) {
      const number = numbers.get(section.id);
      damagedSections.push({ sectionId: section.id, sectionTitle: section.title, number: number === undefined ? '' : String(number), reason });
    }
    const entries = (reason === undefined ? statuses.get(section.id) : undefined) ?? [];
    const partCounts = parts.get(section.part) ?? emptyCounts();
    parts.set(section.part, partCounts);
    let groupCounts: StatusCounts | undefined;
    if (section.themeGroupId) {
      groupCounts = groups.get(section.themeGroupId) ?? emptyCounts();
      groups.set(section.themeGroupId, groupCounts);
    }
    const share = sectionShare(section, numbers.get(section.id), entries);
    addCounts(total, share.counts, entries.length);
    addCounts(partCounts, share.counts, entries.length);
    if (groupCounts) addCounts(groupCounts, share.counts, entries.length);
    for (const item of share.attention) attention.push(item);
  }
  const groupName = new Map(agreement.themeGroups.map((g) => [g.id, g]));
  return {
    total,
    parts: [...parts].map(([part, counts]) => ({ key: part, label: partLabel[part], counts })),
    themeGroups: [...groups]
      .sort(([a], [b]) => (groupName.get(a)?.order ?? 0) - (groupName.get(b)?.order ?? 0))
      .map(([id, counts]) => ({ key: id, label: groupName.get(id)?.name ?? 'Ukendt temagruppe', counts })),
    attention,
    damaged: damagedSections,
  };
}
