// Stable ids made from Danish names (party ids, template ids): lower case, æøå spelled out.

/** "Ringkøbing-Skjern" → "ringkoebing-skjern". */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
