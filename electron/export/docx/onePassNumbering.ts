// docx 9 writes each list's numbering as a placeholder ("{enighed-punkter-12}") and then replaces
// the placeholders with one regular expression *per list* over the whole document.xml: with a
// thousand lists in a 300-page agreement that was most of the export's time (export bench). The
// Packer's shared compiler gets a replacer that does the same in one pass. If a later docx version
// changes its internals, this leaves them alone (and the original, slower replacer works).
import { Packer } from 'docx';

interface ConcreteNumbering {
  reference: string;
  instance: number;
  numId: number;
}

type Replace = (xml: string, numberings: readonly ConcreteNumbering[]) => string;

function onePass(xml: string, numberings: readonly ConcreteNumbering[]): string {
  if (numberings.length === 0) return xml;
  const ids = new Map(numberings.map((n) => [`${n.reference}-${n.instance}`, String(n.numId)]));
  return xml.replace(/\{([^{}<>"]{1,200})\}/g, (match, key: string) => ids.get(key) ?? match);
}

export function installOnePassNumbering(): boolean {
  const compiler = (Packer as unknown as { compiler?: { numberingReplacer?: { replace?: Replace } } }).compiler;
  const replacer = compiler?.numberingReplacer;
  if (!replacer || typeof replacer.replace !== 'function') return false;
  replacer.replace = onePass;
  return true;
}
