// The check of one stored Yjs item against where it lands. An item is one piece of content (text,
// a node, an attribute, a map entry) in one parent type; `Place` says what that parent is. Both
// checks use this: checkUpdate for the items an update would add, checkDoc for every item a
// stored document holds, so an update passes exactly when the document it makes would.
import * as Y from 'yjs';
import type { MarkType, NodeType } from 'prosemirror-model';
import { schema } from '../schema/schema.ts';
import { checkJsonBounds } from './jsonBounds.ts';
import { ATTRIBUTE_BOUNDS, MAX_KEY_LENGTH, MAX_NODE_DEPTH, MAX_NODE_NAME } from './limits.ts';
import type { RootRule } from './rootRules.ts';

/** Where an item lands. `depth` counts ProseMirror nodes from the top level (a top-level block has
 *  depth 1); text in a node has the node's depth. */
export type Place =
  | { kind: 'root'; key: string }
  | { kind: 'element'; nodeName: string; depth: number }
  | { kind: 'text'; depth: number }
  /** Inside any other nested type (a map in a map, …): nothing may be stored there. */
  | { kind: 'nested' }
  /** Deeper than MAX_NODE_DEPTH: found while resolving, nothing may be stored there. */
  | { kind: 'tooDeep' };

/** Any Yjs type, as a document's share map holds them. */
export type YType = Y.Doc['share'] extends Map<string, infer T> ? T : never;

/** An attribute as ProseMirror compiles it from the spec (`validate` from a type string or function).
 *  prosemirror-model keeps these on NodeType/MarkType `attrs`, public in JS but not in its types. */
interface Attribute {
  validate?: (value: unknown) => void;
}

function attrsOf(type: NodeType | MarkType): Record<string, Attribute> {
  return (type as unknown as { attrs: Record<string, Attribute> }).attrs;
}

/** Text characters still allowed; decremented as text is met. */
export interface TextBudget {
  remaining: number;
}

/** The node types that may appear anywhere in `type`'s content (from its content expression). */
function childTypes(type: NodeType): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const todo = [type.contentMatch];
  while (todo.length > 0) {
    const match = todo.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      names.add(edge.type.name);
      todo.push(edge.next);
    }
  }
  return names;
}

const allowedChildren = new Map(Object.values(schema.nodes).map((type) => [type.name, childTypes(type)]));

/** The schema's own validation of one attribute value (its `validate`), plus size bounds. */
function checkAttribute(owner: string, attrs: Record<string, Attribute>, name: string, value: unknown): string | null {
  if (!Object.hasOwn(attrs, name)) return `«${owner}» har ingen egenskab «${name}»`;
  const bounds = checkJsonBounds(value, ATTRIBUTE_BOUNDS);
  if (bounds) return `egenskaben «${name}» på «${owner}»: ${bounds}`;
  try {
    attrs[name].validate?.(value);
  } catch {
    return `egenskaben «${name}» på «${owner}» har en ugyldig værdi`;
  }
  return null;
}

/** y-prosemirror stores a mark as a text format named after it, or `<name>--<hash>` for marks that
 *  may overlap themselves; the value is the mark's attributes, or null where it ends. */
function checkFormat(key: string, value: unknown): string | null {
  const name = key.split('--')[0];
  const type: MarkType | undefined = Object.hasOwn(schema.marks, name) ? schema.marks[name] : undefined;
  if (!type || key.length > MAX_KEY_LENGTH) return `ukendt formatering «${key.slice(0, MAX_NODE_NAME)}»`;
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return `formateringen «${name}» har en ugyldig værdi`;
  for (const [attr, attrValue] of Object.entries(value as Record<string, unknown>)) {
    const reason = checkAttribute(name, attrsOf(type), attr, attrValue);
    if (reason) return reason;
  }
  return null;
}

function checkChildNode(parent: string | null, depth: number, type: YType): string | null {
  const allowed = allowedChildren.get(parent ?? schema.topNodeType.name)!;
  if (type.constructor === Y.XmlText) {
    return allowed.has('text') ? null : `«${parent ?? 'teksten'}» kan ikke indeholde tekst direkte`;
  }
  if (type.constructor !== Y.XmlElement) return 'teksten indeholder en fremmed datatype';
  const name = (type as Y.XmlElement).nodeName;
  if (name.length > MAX_NODE_NAME || !Object.hasOwn(schema.nodes, name) || name === schema.topNodeType.name || name === 'text') {
    return `ukendt elementtype «${name.slice(0, MAX_NODE_NAME)}»`;
  }
  if (!allowed.has(name)) return `«${name}» kan ikke stå i «${parent ?? 'teksten'}»`;
  if (depth > MAX_NODE_DEPTH) return `teksten er indlejret dybere end ${MAX_NODE_DEPTH} niveauer`;
  return null;
}

function singleValue(content: Y.Item['content']): { ok: true; value: unknown } | { ok: false } {
  return content instanceof Y.ContentAny && content.arr.length === 1 ? { ok: true, value: content.arr[0] } : { ok: false };
}

/**
 * Null when `content`, stored under `parentSub` (a map key or attribute name; null for a sequence
 * element) in the type described by `place`, keeps the document within `roots`; else a Danish reason.
 */
export function checkItem(
  roots: Record<string, RootRule>,
  place: Place,
  parentSub: string | null,
  content: Y.Item['content'],
  budget: TextBudget,
): string | null {
  if (content instanceof Y.ContentDeleted) return null;
  if (parentSub !== null && parentSub.length > MAX_KEY_LENGTH) return `en nøgle er længere end ${MAX_KEY_LENGTH} tegn`;
  switch (place.kind) {
    case 'root': {
      const rule = Object.hasOwn(roots, place.key) ? roots[place.key] : undefined;
      if (!rule) return `ukendt felt «${place.key.slice(0, MAX_NODE_NAME)}» i dokumentet`;
      if (rule.type === 'text') {
        if (parentSub !== null || !(content instanceof Y.ContentType)) return 'tekstens rod indeholder andet end elementer';
        return checkChildNode(null, 1, content.type);
      }
      if (rule.type === 'map') {
        const single = singleValue(content);
        if (parentSub === null || !single.ok) return `«${place.key}» indeholder andet end almindelige poster`;
        return rule.entry(parentSub, single.value);
      }
      if (parentSub !== null || !(content instanceof Y.ContentAny)) return `«${place.key}» indeholder andet end almindelige poster`;
      for (const value of content.arr) {
        const reason = rule.entry(value);
        if (reason) return reason;
      }
      return null;
    }
    case 'element': {
      if (parentSub !== null) {
        const single = singleValue(content);
        if (!single.ok) return `egenskaben «${parentSub}» på «${place.nodeName}» er ikke en almindelig værdi`;
        const type: NodeType | undefined = Object.hasOwn(schema.nodes, place.nodeName) ? schema.nodes[place.nodeName] : undefined;
        if (!type) return `ukendt elementtype «${place.nodeName.slice(0, MAX_NODE_NAME)}»`;
        return checkAttribute(place.nodeName, attrsOf(type), parentSub, single.value);
      }
      if (!(content instanceof Y.ContentType)) return `«${place.nodeName}» indeholder en fremmed datatype`;
      if (!allowedChildren.has(place.nodeName)) return `ukendt elementtype «${place.nodeName.slice(0, MAX_NODE_NAME)}»`;
      return checkChildNode(place.nodeName, place.depth + 1, content.type);
    }
    case 'text': {
      if (parentSub !== null) return 'en tekst har egenskaber';
      if (content instanceof Y.ContentString) {
        budget.remaining -= content.str.length;
        return budget.remaining < 0 ? 'teksten er for lang' : null;
      }
      if (content instanceof Y.ContentFormat) return checkFormat(content.key, content.value);
      return 'en tekst indeholder andet end tegn og formatering';
    }
    case 'nested':
      return 'dokumentet indeholder en fremmed indlejret datatype';
    case 'tooDeep':
      return `teksten er indlejret dybere end ${MAX_NODE_DEPTH} niveauer`;
  }
}

/** The place of the type an accepted ContentType item creates, given the item's own place. */
export function placeOfType(parent: Place, type: YType): Place {
  const depth = parent.kind === 'root' ? 0 : parent.kind === 'element' || parent.kind === 'text' ? parent.depth : -1;
  if (depth < 0) return { kind: 'nested' };
  if (type.constructor === Y.XmlElement) {
    return depth + 1 > MAX_NODE_DEPTH ? { kind: 'tooDeep' } : { kind: 'element', nodeName: (type as Y.XmlElement).nodeName, depth: depth + 1 };
  }
  if (type.constructor === Y.XmlText && parent.kind !== 'root') return { kind: 'text', depth };
  return { kind: 'nested' };
}
