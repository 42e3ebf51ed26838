// Each clause of a section's Y.Doc as a ProseMirror node and its readable text, by clause id: what
// "Nyt siden sidst" compares with the text last seen, and what "Samtidige ændringer" compares across
// the common state, this side's and the other side's. Plain Yjs and ProseMirror; no DOM, no SQLite.
import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { schema, SECTION_FRAGMENT } from '../schema/schema.ts';
import { cachedClauseText } from './clauseStatuses.ts';
import { elementToNode } from './overview.ts';
import { readableClauseText } from './wordDiff.ts';

export interface ClauseVersion {
  clauseId: string;
  /** readableClauseText of the clause's normalised content (suggestions pending count as rejected). */
  text: string;
  node: Node;
}

const readable = new WeakMap<Node, string>();

/** The clause's text as a reader sees it, remembered per (immutable) node. */
export function clauseReadableText(clause: Node): string {
  let text = readable.get(clause);
  if (text === undefined) {
    text = readableClauseText(cachedClauseText(clause).normalised);
    readable.set(clause, text);
  }
  return text;
}

/** Every clause among a document's top-level nodes, by id (a duplicate id keeps the first). */
export function clauseVersionsOf(nodes: Iterable<Node>): Map<string, ClauseVersion> {
  const out = new Map<string, ClauseVersion>();
  for (const node of nodes) {
    if (node.type.name !== 'clause') continue;
    const clauseId = node.attrs.id as string | null;
    if (!clauseId || out.has(clauseId)) continue;
    out.set(clauseId, { clauseId, text: clauseReadableText(node), node });
  }
  return out;
}

/** The clauses of a section document, converting all of it (for a copy made once). */
export function docClauseVersions(doc: Y.Doc): Map<string, ClauseVersion> {
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema);
  const nodes: Node[] = [];
  root.forEach((n) => nodes.push(n));
  return clauseVersionsOf(nodes);
}

/** The clauses a batch of transactions touched: as they were before and as they are now. */
export interface ClauseChanges {
  before: Map<string, ClauseVersion>;
  after: Map<string, ClauseVersion>;
}

/**
 * The clauses of a live section document for repeated reading: each top-level element's node is
 * kept and converted again only after a change touched it (as SectionStatusTracker does), so reading
 * after a keystroke costs the edited clause. For changes from elsewhere it also answers which clauses
 * a transaction touched, before and after, without reading the rest of the section: `prepare()`
 * just before such a transaction, `takeChanges()` just after. Owns an observer on the document: call
 * dispose().
 */
export class ClauseVersionTracker {
  private readonly fragment: Y.XmlFragment;
  private readonly nodes = new WeakMap<object, Node>();
  /** Top-level elements touched or removed since prepare(), with their node before (null: unknown). */
  private readonly previous = new Map<object, Node | null>();
  /** Top-level elements added since prepare(). */
  private readonly added = new Set<Y.XmlElement>();
  /** Touched since the last conversion (own edits too): converted again by prepare(). */
  private readonly dirty = new Set<object>();
  private primed = false;

  /** The section's text fragment (the type this tracker observes). */
  get fragmentType(): Y.XmlFragment {
    return this.fragment;
  }

  constructor(doc: Y.Doc) {
    this.fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    this.fragment.observeDeep(this.onChange);
  }

  private nodeOf(element: Y.XmlElement): Node | null {
    let node = this.nodes.get(element);
    if (node === undefined) {
      const converted = elementToNode(element);
      if (converted === null) return null;
      node = converted;
      this.nodes.set(element, node);
    }
    return node;
  }

  versions(): Map<string, ClauseVersion> {
    const nodes: Node[] = [];
    for (const element of this.fragment.toArray()) {
      if (!(element instanceof Y.XmlElement)) continue;
      const node = this.nodeOf(element);
      if (node) nodes.push(node);
    }
    this.primed = true;
    this.dirty.clear();
    return clauseVersionsOf(nodes);
  }

  /** Call just before a transaction whose changes takeChanges() is to report: every element's node
   *  is known then (the whole section once; afterwards only what changed since). */
  prepare(): void {
    if (!this.primed) this.versions();
    for (const element of this.dirty) if (element instanceof Y.XmlElement && alive(element)) this.nodeOf(element);
    this.dirty.clear();
    this.previous.clear();
    this.added.clear();
  }

  /** The clauses touched since prepare(), before and after (keyed by clause id; a clause that was
   *  moved is in both). */
  takeChanges(): ClauseChanges {
    const beforeNodes: Node[] = [];
    const afterNodes: Node[] = [];
    for (const [element, node] of this.previous) {
      if (node) beforeNodes.push(node);
      if (element instanceof Y.XmlElement && alive(element) && !this.added.has(element)) {
        const now = this.nodeOf(element);
        if (now) afterNodes.push(now);
      }
    }
    for (const element of this.added) {
      if (!alive(element)) continue;
      const now = this.nodeOf(element);
      if (now) afterNodes.push(now);
    }
    for (const element of [...this.previous.keys(), ...this.added]) this.dirty.delete(element);
    this.previous.clear();
    this.added.clear();
    return { before: clauseVersionsOf(beforeNodes), after: clauseVersionsOf(afterNodes) };
  }

  dispose(): void {
    this.fragment.unobserveDeep(this.onChange);
  }

  private touch(type: object): void {
    if (!this.previous.has(type)) this.previous.set(type, this.nodes.get(type) ?? null);
    this.nodes.delete(type);
    this.dirty.add(type);
  }

  private readonly onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      if (event.target === this.fragment) {
        for (const item of event.changes.added) {
          if (!(item.content instanceof Y.ContentType)) continue;
          const type = item.content.type;
          this.nodes.delete(type);
          if (type instanceof Y.XmlElement) this.added.add(type);
          this.dirty.add(type);
        }
        for (const item of event.changes.deleted) if (item.content instanceof Y.ContentType) this.touch(item.content.type);
        continue;
      }
      let type: Y.AbstractType<unknown> = event.target;
      while (type.parent !== null && type.parent !== this.fragment) type = type.parent;
      this.touch(type);
    }
  };
}

function alive(element: Y.XmlElement): boolean {
  return element._item !== null && !element._item.deleted;
}

/** Clause ids whose text differs between two readings (present in `after`; a deleted clause is gone). */
export function changedClauses(before: Map<string, ClauseVersion>, after: Map<string, ClauseVersion>): string[] {
  const out: string[] = [];
  for (const [id, version] of after) if (before.get(id)?.text !== version.text) out.push(id);
  return out;
}
