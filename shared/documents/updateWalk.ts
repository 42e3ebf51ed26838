// checkUpdate's walk: the items an update would add, each checked where it would land, without
// applying the update. Yjs encodes an item's parent only when it has no neighbour; otherwise the
// parent (and map key) is that of its left origin, else its right origin. So each item's parent is
// resolved through origins and parents, found in the update itself or in the replica's current
// document, with memos so the cost stays about linear in the update, and a cap on every upward walk
// (MAX_NODE_DEPTH) so a deep or cyclic chain costs a bounded number of steps.
import * as Y from 'yjs';
import { checkItem, placeOfType, type Place, type YType } from './itemRules.ts';
import { MAX_NODE_DEPTH, MAX_TEXT_CHARS } from './limits.ts';
import type { RootRule } from './rootRules.ts';

type Struct = Y.Item | Y.GC | Y.Skip;
type Parent = string | Y.ID | YType;
/** 'drop': Yjs would discard the item (its neighbour or parent was garbage-collected);
 *  'missing': it depends on something neither the update nor the document holds (Yjs holds it
 *  back as pending until that arrives). */
type Unplaced = 'drop' | 'missing';
type Landing = { parent: Parent; parentSub: string | null } | Unplaced;

/** The struct holding `clock` in a list sorted by clock, or null. */
function findStruct<S extends { id: Y.ID; length: number }>(structs: S[] | undefined, clock: number): S | null {
  if (!structs || structs.length === 0) return null;
  const s = structs[firstIndexAtOrAfter(structs, clock)] as S | undefined;
  return s && clock >= s.id.clock ? s : null;
}

class UpdateResolver {
  private readonly byClient = new Map<number, Struct[]>();
  private readonly landings = new Map<Y.Item, Landing>();
  private readonly typePlaces = new Map<Y.Item, Place | Unplaced>();
  private readonly docPlaces = new Map<YType, Place>();
  private readonly roots = new Map<Y.Item, string | Unplaced>();
  private readonly docRoots = new Map<YType, string | null>();

  constructor(
    private readonly current: Y.Doc,
    structs: Struct[],
  ) {
    for (const s of structs) {
      const list = this.byClient.get(s.id.client) ?? [];
      list.push(s);
      this.byClient.set(s.id.client, list);
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  }

  private inUpdate(id: Y.ID): Struct | null {
    return findStruct(this.byClient.get(id.client), id.clock);
  }

  private inDoc(id: Y.ID): Y.Item | Y.GC | null {
    return findStruct(this.current.store.clients.get(id.client), id.clock);
  }

  /** The parent and map key `item` would be integrated with. */
  landing(item: Y.Item): Landing {
    const chain: Y.Item[] = [];
    const visited = new Set<Y.Item>();
    let cur = item;
    let result: Landing;
    for (;;) {
      const memo = this.landings.get(cur);
      if (memo) {
        result = memo;
        break;
      }
      chain.push(cur);
      if (cur.parent !== null) {
        result = { parent: cur.parent, parentSub: cur.parentSub };
        break;
      }
      const ref = cur.origin ?? cur.rightOrigin;
      if (!ref || visited.has(cur)) {
        result = 'missing';
        break;
      }
      visited.add(cur);
      const found = this.inUpdate(ref);
      if (found instanceof Y.Item) {
        cur = found;
        continue;
      }
      if (found instanceof Y.GC) {
        result = 'drop';
        break;
      }
      const known = this.inDoc(ref);
      result = known instanceof Y.Item ? { parent: known.parent as YType, parentSub: known.parentSub } : known ? 'drop' : 'missing';
      break;
    }
    for (const c of chain) this.landings.set(c, result);
    return result;
  }

  /** The place of a type that lives in the current document. */
  private docPlace(type: YType): Place {
    const chain: YType[] = [];
    let cur = type;
    let base: Place;
    for (;;) {
      const memo = this.docPlaces.get(cur);
      if (memo) {
        base = memo;
        break;
      }
      if (cur._item === null) {
        base = { kind: 'root', key: Y.findRootTypeKey(cur) };
        this.docPlaces.set(cur, base);
        break;
      }
      if (chain.length > MAX_NODE_DEPTH + 1) {
        base = { kind: 'tooDeep' };
        break;
      }
      chain.push(cur);
      cur = cur._item.parent as YType;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      base = base.kind === 'tooDeep' ? base : placeOfType(base, chain[i]);
      this.docPlaces.set(chain[i], base);
    }
    return base;
  }

  /** The place of the type an update's ContentType item creates. */
  private typePlace(item: Y.Item): Place | Unplaced {
    const chain: Y.Item[] = [];
    let cur = item;
    let base: Place | Unplaced;
    for (;;) {
      const memo = this.typePlaces.get(cur);
      if (memo) {
        base = memo;
        break;
      }
      if (chain.length > MAX_NODE_DEPTH + 1) {
        base = { kind: 'tooDeep' };
        break;
      }
      chain.push(cur);
      const landing = this.landing(cur);
      if (typeof landing === 'string') {
        base = landing;
        break;
      }
      const parent = landing.parent;
      if (typeof parent === 'string') base = { kind: 'root', key: parent };
      else if (parent instanceof Y.AbstractType) base = this.docPlace(parent);
      else {
        const found = this.inUpdate(parent);
        if (found instanceof Y.Item && found.content instanceof Y.ContentType) {
          cur = found;
          continue;
        }
        base = this.docTypePlace(found, parent);
      }
      break;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      if (typeof base !== 'string' && base.kind !== 'tooDeep') base = placeOfType(base, (chain[i].content as Y.ContentType).type);
      this.typePlaces.set(chain[i], base);
    }
    return this.typePlaces.get(item)!;
  }

  /** The place of the parent type with id `id`, when the update does not hold it as a type item. */
  private docTypePlace(inUpdate: Struct | null, id: Y.ID): Place | Unplaced {
    if (inUpdate) return 'drop';
    const known = this.inDoc(id);
    if (known instanceof Y.Item && known.content instanceof Y.ContentType) return this.docPlace(known.content.type);
    return known ? 'drop' : 'missing';
  }

  /** The top-level name of the type a type living in the current document belongs to; null when
   *  its chain is deeper than any checked document can be (a damaged one). */
  docRoot(type: YType): string | null {
    const chain: YType[] = [];
    let cur = type;
    let root: string | null;
    for (;;) {
      const memo = this.docRoots.get(cur);
      if (memo !== undefined) {
        root = memo;
        break;
      }
      if (cur._item === null) {
        root = Y.findRootTypeKey(cur);
        break;
      }
      if (chain.length > 4 * MAX_NODE_DEPTH) {
        root = null;
        break;
      }
      chain.push(cur);
      cur = cur._item.parent as YType;
    }
    this.docRoots.set(cur, root);
    for (const c of chain) this.docRoots.set(c, root);
    return root;
  }

  /** The top-level name `item` would land under, however deep. */
  rootOf(item: Y.Item): string | Unplaced {
    const chain: Y.Item[] = [];
    let cur = item;
    let root: string | Unplaced;
    for (;;) {
      const memo = this.roots.get(cur);
      if (memo !== undefined) {
        root = memo;
        break;
      }
      if (chain.length > 4 * MAX_NODE_DEPTH) {
        root = 'missing'; // a chain no document can have (or a cycle): the content check refuses it
        break;
      }
      chain.push(cur);
      const landing = this.landing(cur);
      if (typeof landing === 'string') {
        root = landing;
        break;
      }
      const parent = landing.parent;
      if (typeof parent === 'string') root = parent;
      else if (parent instanceof Y.AbstractType) root = this.docRoot(parent) ?? 'missing';
      else {
        const found = this.inUpdate(parent);
        if (found instanceof Y.Item && found.content instanceof Y.ContentType) {
          cur = found;
          continue;
        }
        if (found) root = 'drop';
        else {
          const known = this.inDoc(parent);
          root = known instanceof Y.Item && known.content instanceof Y.ContentType ? (this.docRoot(known.content.type) ?? 'missing') : known ? 'drop' : 'missing';
        }
      }
      break;
    }
    for (const c of chain) this.roots.set(c, root);
    return root;
  }

  /** The update's structs of one client, sorted by clock. */
  clientItems(client: number): Struct[] {
    return this.byClient.get(client) ?? [];
  }

  /** Where `item` would land. */
  place(item: Y.Item): { place: Place; parentSub: string | null } | Unplaced {
    const landing = this.landing(item);
    if (typeof landing === 'string') return landing;
    const { parent, parentSub } = landing;
    if (typeof parent === 'string') return { place: { kind: 'root', key: parent }, parentSub };
    if (parent instanceof Y.AbstractType) return { place: this.docPlace(parent), parentSub };
    const found = this.inUpdate(parent);
    const place = found instanceof Y.Item && found.content instanceof Y.ContentType ? this.typePlace(found) : this.docTypePlace(found, parent);
    return typeof place === 'string' ? place : { place, parentSub };
  }
}

/** What `current` holds back as pending (Yjs' pendingStructs, a V2 update), as a V1 update. */
function heldBack(current: Y.Doc): Uint8Array | null {
  const pending = current.store.pendingStructs;
  return pending ? Y.convertUpdateFormatV2ToV1(pending.update) : null;
}

/** `update` decoded together with what `current` holds back (throws when it cannot be read). */
function decodeWithHeld(current: Y.Doc, update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  const held = heldBack(current);
  return Y.decodeUpdate(held ? Y.mergeUpdates([held, update]) : update);
}

/**
 * Null when every item `update` would add to `current` passes checkItem; otherwise a reason.
 *
 * Items whose landing place depends on something neither the update nor `current` holds are held
 * back, as Yjs holds them (pendingStructs): they are not part of the document and are checked when
 * they can be placed. So the items checked are those of `update` merged with what `current` already
 * holds back: an update that supplies a held item's base gets that item checked with it.
 */
export function firstProblemInUpdate(current: Y.Doc, update: Uint8Array, roots: Record<string, RootRule>): string | null {
  let structs: Struct[];
  try {
    structs = decodeWithHeld(current, update).structs as Struct[];
  } catch {
    return 'ændringen kan ikke læses';
  }
  const resolver = new UpdateResolver(current, structs);
  const budget = { remaining: MAX_TEXT_CHARS };
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const where = resolver.place(struct);
    if (where === 'drop' || where === 'missing') continue; // discarded, or held back until its base arrives
    const reason = checkItem(roots, where.place, where.parentSub, struct.content, budget);
    if (reason) return reason;
  }
  return null;
}

/** One item an update adds, or one live item it deletes, with the top-level name it lives under
 *  and its map key (null in a list or text). */
export interface WrittenItem {
  root: string;
  key: string | null;
  item: Y.Item;
}

export interface UpdateWrites {
  /** Items the update adds, with where they land (held-back and discarded ones left out). */
  added: WrittenItem[];
  /** Items the update deletes that are live in `current`, or that it adds itself. Deleting what is
   *  already deleted changes nothing and is left out. */
  deleted: WrittenItem[];
  /** Items of `update` itself (not of what `current` already held back) whose place is not known
   *  yet: held back, as Yjs holds them, and judged by what they are, not where they will land. */
  held: Y.Item[];
}

/**
 * What `update` writes into `current`, by top-level name: each item it adds (resolved as
 * firstProblemInUpdate resolves them: what `current` holds back is merged in, and items whose place
 * is not known yet are held back, not reported) and each live item it deletes (its delete set looked
 * up in `current`, and in the update itself). Null when the update cannot be read. About O(update):
 * memoised walks, binary search into the struct store.
 */
export function writesOfUpdate(current: Y.Doc, update: Uint8Array): UpdateWrites | null {
  let decoded: { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  try {
    decoded = decodeWithHeld(current, update) as unknown as typeof decoded;
  } catch {
    return null;
  }
  const resolver = new UpdateResolver(current, decoded.structs);
  const added: WrittenItem[] = [];
  const addedRoots = new Map<Y.Item, WrittenItem>();
  const missing: Y.Item[] = [];
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const root = resolver.rootOf(struct);
    if (root === 'missing') missing.push(struct);
    if (root === 'drop' || root === 'missing') continue;
    const written = { root, key: keyOf(resolver, struct), item: struct };
    added.push(written);
    addedRoots.set(struct, written);
  }
  const deleted: WrittenItem[] = [];
  for (const [client, given] of decoded.ds.clients) {
    const structs = current.store.clients.get(client) ?? [];
    const own = resolver.clientItems(client);
    // Sorted and merged, so every struct is visited at most once however the ranges overlap.
    for (const { clock, len } of mergedRanges(given)) {
      const end = clock + len;
      for (let i = firstIndexAtOrAfter(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
        const s = structs[i];
        if (!(s instanceof Y.Item) || s.deleted) continue;
        deleted.push({ root: resolver.docRoot(s.parent as YType) ?? '', key: s.parentSub, item: s });
      }
      // Items the update adds and deletes at once.
      for (let i = firstIndexAtOrAfter(own, clock); i < own.length && own[i].id.clock < end; i++) {
        const written = own[i] instanceof Y.Item ? addedRoots.get(own[i] as Y.Item) : undefined;
        if (written) deleted.push(written);
      }
    }
  }
  return { added, deleted, held: missing.length > 0 ? ownItems(update, missing) : [] };
}

/** Those of `items` that `update` itself brings (decoded again only when some are held back). */
function ownItems(update: Uint8Array, items: Y.Item[]): Y.Item[] {
  const own = new Map<number, Struct[]>();
  for (const s of Y.decodeUpdate(update).structs as Struct[]) {
    const list = own.get(s.id.client) ?? [];
    list.push(s);
    own.set(s.id.client, list);
  }
  return items.filter((item) => findStruct(own.get(item.id.client), item.id.clock) !== null);
}

/** The map key an added item lands under (its own, or its origin's). */
function keyOf(resolver: UpdateResolver, item: Y.Item): string | null {
  const landing = resolver.landing(item);
  return typeof landing === 'string' ? null : landing.parentSub;
}

/** Index of the first struct that holds `clock` or starts after it. */
function firstIndexAtOrAfter(structs: readonly { id: Y.ID; length: number }[], clock: number): number {
  let low = 0;
  let high = structs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = structs[mid];
    if (clock < s.id.clock) high = mid - 1;
    else if (clock >= s.id.clock + s.length) low = mid + 1;
    else return mid;
  }
  return low;
}

function mergedRanges(ranges: readonly { clock: number; len: number }[]): { clock: number; len: number }[] {
  const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
  const out: { clock: number; len: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.clock <= last.clock + last.len) last.len = Math.max(last.len, r.clock + r.len - last.clock);
    else out.push({ clock: r.clock, len: r.len });
  }
  return out;
}
