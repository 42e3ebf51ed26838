// Placing an entity in an ordered list by writing only its own `order`: a number between its new
// neighbours'. Two people reordering different entities at once then both keep their move; only
// when the gap between two neighbours becomes too small is the whole list renumbered.
export interface Ordered {
  id: string;
  order: number;
}

/** Smallest gap kept between two neighbours before the list is renumbered. */
const MIN_GAP = 1e-6;

/**
 * The orders to write so that `id` ends at `index` of `list` (which is in reading order and holds
 * `id`): usually only the moved entity's, else every entity's (renumbered 0, 1, 2, …).
 */
export function ordersForMove(list: readonly Ordered[], id: string, index: number): Map<string, number> {
  const others = list.filter((e) => e.id !== id);
  const at = Math.max(0, Math.min(index, others.length));
  const before = others[at - 1];
  const after = others[at];
  let order: number;
  if (!before && !after) order = 0;
  else if (!before) order = after.order - 1;
  else if (!after) order = before.order + 1;
  else order = (before.order + after.order) / 2;
  if (before && after && (after.order - before.order) / 2 < MIN_GAP) {
    const renumbered = [...others.slice(0, at), { id, order: 0 }, ...others.slice(at)];
    return new Map(renumbered.map((e, i) => [e.id, i]));
  }
  return new Map([[id, order]]);
}

/** An order after every entity of `all` (for something added at the end). */
export function orderAfter(all: readonly Ordered[]): number {
  return all.reduce((max, e) => Math.max(max, e.order + 1), 0);
}
