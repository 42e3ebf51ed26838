// checkDoc's walk: every live item of a whole document, checked where it stands. Iterative (an
// explicit stack), so a document nested 20,000 levels deep is refused instead of overflowing.
import * as Y from 'yjs';
import { checkItem, placeOfType, type Place, type YType } from './itemRules.ts';
import { MAX_TEXT_CHARS } from './limits.ts';
import type { RootRule } from './rootRules.ts';

/** Null when every live item of `doc` passes checkItem, otherwise the first reason. */
export function firstProblemInDoc(doc: Y.Doc, roots: Record<string, RootRule>): string | null {
  const budget = { remaining: MAX_TEXT_CHARS };
  const stack: Array<[YType, Place]> = [];
  for (const [key, type] of doc.share) stack.push([type, { kind: 'root', key }]);
  while (stack.length > 0) {
    const [type, place] = stack.pop()!;
    const check = (item: Y.Item): string | null => {
      if (item.deleted) return null;
      const reason = checkItem(roots, place, item.parentSub, item.content, budget);
      if (!reason && item.content instanceof Y.ContentType) stack.push([item.content.type, placeOfType(place, item.content.type)]);
      return reason;
    };
    for (const item of type._map.values()) {
      const reason = check(item);
      if (reason) return reason;
    }
    for (let item = type._start; item !== null; item = item.right) {
      const reason = check(item);
      if (reason) return reason;
    }
  }
  return null;
}
