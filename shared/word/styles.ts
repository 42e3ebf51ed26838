// word/styles.xml and word/numbering.xml: what a paragraph's style and list numbering mean. A
// paragraph's heading level and list come from its own properties first, then its style, then the
// styles that style is based on.
import { kid, kids, type XNode } from './xml.ts';

interface StyleInfo {
  name: string;
  basedOn: string | null;
  outlineLevel: number | null;
  numId: string | null;
  ilvl: number | null;
}

export interface Styles {
  /** 1-based heading level of the style (following w:basedOn), or null. */
  headingLevel(styleId: string | null): number | null;
  isTitle(styleId: string | null): boolean;
  /** The list numbering the style carries (e.g. "List Bullet"), or null. */
  numbering(styleId: string | null): { numId: string; ilvl: number } | null;
}

const headingName = /^(?:heading|overskrift)\s*([1-9])$/i;

export function readStyles(root: XNode | null): Styles {
  const byId = new Map<string, StyleInfo>();
  for (const s of root ? kids(root, 'w:style') : []) {
    const id = s.a['w:styleId'];
    if (!id) continue;
    const pPr = kid(s, 'w:pPr');
    const outline = kid(pPr, 'w:outlineLvl')?.a['w:val'];
    const numPr = kid(pPr, 'w:numPr');
    byId.set(id, {
      name: kid(s, 'w:name')?.a['w:val'] ?? id,
      basedOn: kid(s, 'w:basedOn')?.a['w:val'] ?? null,
      outlineLevel: outline !== undefined && /^\d$/.test(outline) ? Number(outline) : null,
      numId: kid(numPr, 'w:numId')?.a['w:val'] ?? null,
      ilvl: numPr && kid(numPr, 'w:ilvl') ? Number(kid(numPr, 'w:ilvl')!.a['w:val']) || 0 : null,
    });
  }
  const chain = (id: string | null): StyleInfo[] => {
    const out: StyleInfo[] = [];
    const seen = new Set<string>();
    while (id && !seen.has(id) && out.length < 20) {
      seen.add(id);
      const s = byId.get(id);
      if (!s) break;
      out.push(s);
      id = s.basedOn;
    }
    return out;
  };
  return {
    headingLevel(styleId) {
      const m = styleId ? headingName.exec(styleId) : null;
      if (m) return Number(m[1]);
      for (const s of chain(styleId)) {
        const byName = headingName.exec(s.name);
        if (byName) return Number(byName[1]);
        // Level 9 ("body text") is Word's way of saying "not a heading".
        if (s.outlineLevel !== null) return s.outlineLevel < 9 ? s.outlineLevel + 1 : null;
      }
      return null;
    },
    isTitle(styleId) {
      return chain(styleId).some((s) => /^(title|titel)$/i.test(s.name)) || /^(title|titel)$/i.test(styleId ?? '');
    },
    numbering(styleId) {
      for (const s of chain(styleId)) if (s.numId) return { numId: s.numId, ilvl: s.ilvl ?? 0 };
      return null;
    },
  };
}

export interface Numbering {
  /** Whether numId/ilvl is a list at all (numFmt "none" is not), ordered or bullet, and its start. */
  level(numId: string, ilvl: number): { ordered: boolean; start: number } | null;
}

export function readNumbering(root: XNode | null): Numbering {
  const abstract = new Map<string, Map<number, { fmt: string; start: number }>>();
  for (const a of root ? kids(root, 'w:abstractNum') : []) {
    const levels = new Map<number, { fmt: string; start: number }>();
    for (const lvl of kids(a, 'w:lvl')) {
      levels.set(Number(lvl.a['w:ilvl']) || 0, {
        fmt: kid(lvl, 'w:numFmt')?.a['w:val'] ?? 'decimal',
        start: Number(kid(lvl, 'w:start')?.a['w:val'] ?? 1) || 1,
      });
    }
    abstract.set(a.a['w:abstractNumId'], levels);
  }
  const nums = new Map<string, { abstractId: string; starts: Map<number, number> }>();
  for (const n of root ? kids(root, 'w:num') : []) {
    const starts = new Map<number, number>();
    for (const o of kids(n, 'w:lvlOverride')) {
      const s = kid(o, 'w:startOverride')?.a['w:val'];
      if (s !== undefined) starts.set(Number(o.a['w:ilvl']) || 0, Number(s) || 1);
    }
    nums.set(n.a['w:numId'], { abstractId: kid(n, 'w:abstractNumId')?.a['w:val'] ?? '', starts });
  }
  return {
    level(numId, ilvl) {
      if (numId === '0') return null;
      const num = nums.get(numId);
      // A numId without a definition still marks a list item; Word shows it as a bullet-less number.
      if (!num) return { ordered: true, start: 1 };
      const lvl = abstract.get(num.abstractId)?.get(ilvl);
      if (lvl?.fmt === 'none') return null;
      return { ordered: lvl ? lvl.fmt !== 'bullet' : true, start: num.starts.get(ilvl) ?? lvl?.start ?? 1 };
    },
  };
}
