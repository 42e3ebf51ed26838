// The Danish notice after a paste that left something out: what, and how much.
import type { Dropped, PasteSource } from './cleanHtml.ts';

const sourceName: Record<PasteSource, string> = {
  word: 'Word',
  libreoffice: 'LibreOffice',
  'google-docs': 'Google Docs',
  other: 'det kopierede',
};

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function joinDanish(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} og ${parts[parts.length - 1]}`;
}

/** "Indsat fra Word. Udeladt: 1 billede, 1 fodnote og tekstfarver og fremhævninger – …" —
 *  or null when nothing was dropped. */
export function pasteNotice(source: PasteSource, dropped: Dropped): string | null {
  const parts: string[] = [];
  if (dropped.images > 0) parts.push(count(dropped.images, 'billede', 'billeder'));
  if (dropped.footnotes > 0) parts.push(count(dropped.footnotes, 'fodnote', 'fodnoter'));
  if (dropped.colours > 0) parts.push('tekstfarver og fremhævninger');
  if (parts.length === 0) return null;
  const from = source === 'other' ? 'Teksten er indsat' : `Indsat fra ${sourceName[source]}`;
  return `${from}. Udeladt: ${joinDanish(parts)} – afsnittets tekst kan ikke rumme dem. Fodnoter kan skrives som tekst i klausulen.`;
}
