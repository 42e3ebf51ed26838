// XML parts of a .docx as a small plain tree. fast-xml-parser with a DOCTYPE refused up front: no
// entity declarations means no entity expansion (billion laughs) and no external entities; only the
// five predefined entities and character references are decoded.
import { XMLParser } from 'fast-xml-parser';
import { DocxReadError } from './readError.ts';
import { MAX_XML_DEPTH } from './limits.ts';

/** An element: name with prefix ("w:p"), attributes, children; text nodes have name "#text". */
export interface XNode {
  n: string;
  a: Record<string, string>;
  c: XNode[];
  /** Text of a "#text" node. */
  t?: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

type Raw = Record<string, unknown>;

/** Parses one part; `name` appears in the Danish error. */
export function parseXml(text: string, name: string): XNode {
  // Word never writes a DTD; one in a .docx can only be an attack (entity expansion, external entities).
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new DocxReadError(`delen ${name} indeholder en DTD (<!DOCTYPE>), som Enighed ikke læser.`);
  let raw: Raw[];
  try {
    raw = parser.parse(text) as Raw[];
  } catch (error) {
    throw new DocxReadError(`delen ${name} er ikke gyldig XML (${String((error as Error).message ?? error).slice(0, 120)}).`);
  }
  const roots = convert(raw, 0, name).filter((n) => n.n !== '#text');
  if (roots.length !== 1) throw new DocxReadError(`delen ${name} er ikke gyldig XML.`);
  return roots[0];
}

function convert(list: Raw[], depth: number, name: string): XNode[] {
  if (depth > MAX_XML_DEPTH) throw new DocxReadError(`delen ${name} er indlejret dybere end ${MAX_XML_DEPTH} niveauer.`);
  const out: XNode[] = [];
  for (const item of list) {
    for (const key of Object.keys(item)) {
      if (key === ':@') continue;
      const value = item[key];
      if (key === '#text') {
        out.push({ n: '#text', a: {}, c: [], t: String(value) });
        continue;
      }
      const attrs = (item[':@'] as Record<string, string> | undefined) ?? {};
      out.push({ n: key, a: attrs, c: Array.isArray(value) ? convert(value as Raw[], depth + 1, name) : [] });
    }
  }
  return out;
}

/** Child elements named `name`. */
export function kids(node: XNode, name: string): XNode[] {
  return node.c.filter((c) => c.n === name);
}

export function kid(node: XNode | undefined, name: string): XNode | undefined {
  return node?.c.find((c) => c.n === name);
}

/** The concatenated text of every "#text" below the node. */
export function textOf(node: XNode): string {
  if (node.n === '#text') return node.t ?? '';
  let s = '';
  for (const c of node.c) s += textOf(c);
  return s;
}

/** A w:val-style on/off property: present and not "0"/"false"/"none". */
export function isOn(node: XNode | undefined): boolean {
  if (!node) return false;
  const v = node.a['w:val'];
  return v === undefined || !['0', 'false', 'off', 'none'].includes(v);
}
