// A PDF's outline (bookmarks), read from its /Outlines tree: enough of a PDF reader for Chromium's
// (Skia's) uncompressed object syntax. Titles are literal strings or UTF-16BE hex strings.
export interface OutlineEntry {
  title: string;
  children: OutlineEntry[];
}

function objects(pdf: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of pdf.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) out.set(Number(m[1]), m[2]!);
  return out;
}

function ref(body: string, key: string): number | null {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(body);
  return m ? Number(m[1]) : null;
}

function title(body: string): string {
  const hex = /\/Title <([0-9A-Fa-f]+)>/.exec(body);
  if (hex) {
    const bytes = Buffer.from(hex[1]!, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  const lit = /\/Title \(((?:\\.|[^\\)])*)\)/.exec(body);
  return lit ? lit[1]!.replace(/\\([()\\])/g, '$1') : '';
}

/** The outline's entries in order, nested; [] when the PDF has none. */
export function pdfOutline(bytes: Uint8Array): OutlineEntry[] {
  const objs = objects(Buffer.from(bytes).toString('latin1'));
  const root = [...objs.values()].find((b) => /\/Type \/Outlines/.test(b));
  if (!root) return [];
  const walk = (first: number | null, depth: number): OutlineEntry[] => {
    const out: OutlineEntry[] = [];
    for (let id = first, guard = 0; id !== null && guard < 100_000; guard++) {
      const body = objs.get(id) ?? '';
      out.push({ title: title(body), children: depth > 20 ? [] : walk(ref(body, 'First'), depth + 1) });
      id = ref(body, 'Next');
    }
    return out;
  };
  return walk(ref(root, 'First'), 0);
}
