// Pasted HTML from Word, LibreOffice and Google Docs, made into HTML the section schema's parser
// reads as the structure the author saw: Word's list paragraphs become nested lists, Google Docs'
// wrapper and weights are undone, footnote references never become links, and what the schema
// cannot hold (images, footnotes, colours) is taken out and counted so the editor can say so.
// Runs on a DOM Document made by the caller's DOMParser (the renderer's window); no globals.
import { normalizeHref } from '../commands.ts';
import { wordListsToNested } from './wordLists.ts';

/** What was left out of a paste, by kind (all zero: nothing). */
export interface Dropped {
  images: number;
  footnotes: number;
  /** Text with a colour or highlight other than the default. */
  colours: number;
}

export type PasteSource = 'word' | 'libreoffice' | 'google-docs' | 'other';

export interface CleanedPaste {
  html: string;
  source: PasteSource;
  dropped: Dropped;
}

/** The part of the DOM's DOMParser this needs. */
export interface HtmlParser {
  parseFromString(html: string, type: 'text/html'): Document;
}

export function pasteSource(html: string): PasteSource {
  if (/urn:schemas-microsoft-com:office|class="?Mso|mso-list|ProgId content=Word/i.test(html)) return 'word';
  if (/id="docs-internal-guid-/.test(html)) return 'google-docs';
  if (/<meta name="generator" content="LibreOffice/i.test(html)) return 'libreoffice';
  return 'other';
}

const defaultColours = /^(#0{3}(0{3})?|black|windowtext|auto|inherit|initial|currentcolor|rgb\(0,\s*0,\s*0\)|transparent|none|#fff(fff)?|white)$/i;

/** Whether an element gives its text a colour or highlight of its own. */
function hasColour(el: Element): boolean {
  if (el.tagName === 'MARK') return true;
  if (el.tagName === 'FONT' && el.hasAttribute('color') && !defaultColours.test(el.getAttribute('color')!.trim())) return true;
  const style = el.getAttribute('style');
  if (!style) return false;
  // Links are coloured by every editor; that colour is the link's, not the author's.
  if (el.closest('a[href]')) return false;
  for (const m of style.matchAll(/(?:^|;)\s*(color|background(?:-color)?|mso-highlight)\s*:\s*([^;]+)/gi)) {
    const value = m[2].trim().replace(/\s*!important$/, '');
    if (!defaultColours.test(value)) return true;
  }
  return false;
}

/** A link to a place in the same document (a footnote, a bookmark, a table of contents). */
function isInternalLink(a: Element): boolean {
  const href = a.getAttribute('href') ?? '';
  return href.startsWith('#') || /^file:.*#/.test(href);
}

/** A footnote (or endnote) reference as the three producers write it. */
function isFootnoteReference(a: Element): boolean {
  const href = a.getAttribute('href') ?? '';
  const name = a.getAttribute('name') ?? a.id;
  if (/^#_(ftn|edn)\d+$/.test(href) || /mso-footnote-id|mso-endnote-id/.test(a.getAttribute('style') ?? '')) return true;
  if (a.classList.contains('sdfootnoteanc') || a.classList.contains('sdendnoteanc')) return true;
  if (/^#ftnt\d+$/.test(href) || /^ftnt_ref\d+$/.test(name)) return true;
  return false;
}

/** The footnote texts at the end of a paste (Word's footnote list, LibreOffice's and Google's divs). */
function footnoteBodies(body: HTMLElement): Element[] {
  const found = new Set<Element>();
  for (const el of body.querySelectorAll('[style*="mso-element:footnote-list"], [style*="mso-element:endnote-list"], div[id^="sdfootnote"], div[id^="sdendnote"]')) found.add(el);
  // Google Docs: a block holding a back-link to its reference (href="#ftnt_ref1").
  for (const a of body.querySelectorAll('a[href^="#ftnt_ref"]')) found.add(a.closest('div, p') ?? a);
  return [...found].filter((el) => ![...found].some((other) => other !== el && other.contains(el)));
}

function unwrap(el: Element): void {
  el.replaceWith(...el.childNodes);
}

/**
 * Cleans pasted HTML. Returns the HTML for the schema's parser and what was dropped.
 * `parser` is the window's DOMParser (parsing HTML this way runs no scripts and loads nothing).
 */
export function cleanPastedHtml(html: string, parser: HtmlParser): CleanedPaste {
  const source = pasteSource(html);
  const doc = parser.parseFromString(html, 'text/html');
  const body = doc.body;
  const dropped: Dropped = { images: 0, footnotes: 0, colours: 0 };

  // Comments (Word's conditional blocks, StartFragment markers), styles and scripts carry nothing.
  const comments = doc.createTreeWalker(body, 128 /* NodeFilter.SHOW_COMMENT */);
  const toRemove: Node[] = [];
  for (let node = comments.nextNode(); node; node = comments.nextNode()) toRemove.push(node);
  for (const node of toRemove) node.parentNode?.removeChild(node);
  for (const el of body.querySelectorAll('style, script, meta, link, title, xml')) el.remove();

  // Footnotes: their texts at the end, then the references in the text (counted once per note).
  const bodies = footnoteBodies(body);
  for (const el of bodies) el.remove();
  let references = 0;
  for (const a of [...body.querySelectorAll('a')]) {
    if (!isFootnoteReference(a)) continue;
    references++;
    const sup = a.parentElement?.tagName === 'SUP' && a.parentElement.childNodes.length === 1 ? a.parentElement : a;
    sup.remove();
  }
  dropped.footnotes = Math.max(references, bodies.length);
  if (dropped.footnotes > 0) for (const hr of body.querySelectorAll('hr')) hr.remove();

  // Images and drawings (VML shapes arrive as unknown elements; Word's fallback <img> beside them).
  const images = body.querySelectorAll('img, svg, picture, object, embed, canvas, video, audio, iframe');
  dropped.images = images.length;
  for (const el of images) el.remove();
  for (const el of [...body.getElementsByTagName('*')]) if (/^v:/i.test(el.tagName)) el.remove();

  // Links: internal ones (bookmarks) keep their text only; others only with a web or mail address.
  for (const a of [...body.querySelectorAll('a')]) {
    const href = a.getAttribute('href');
    if (!href || isInternalLink(a)) {
      unwrap(a);
      continue;
    }
    const normal = normalizeHref(href);
    if (!normal) unwrap(a);
    else a.setAttribute('href', normal);
  }

  // Colours are not kept; count the runs that had one.
  for (const el of body.querySelectorAll('[style], font, mark')) if (hasColour(el)) dropped.colours++;

  if (source === 'google-docs') {
    // The whole paste is wrapped in <b style="font-weight:normal">: not bold.
    for (const b of [...body.querySelectorAll('b')]) if (/font-weight:\s*(normal|[1-4]00)\b/.test(b.getAttribute('style') ?? '')) unwrap(b);
    // Underline on a link's text is the link's look, not the author's underline.
    for (const el of body.querySelectorAll('a [style*="text-decoration"]')) {
      el.setAttribute('style', el.getAttribute('style')!.replace(/text-decoration\s*:\s*underline/gi, 'text-decoration:none'));
    }
  }
  if (source === 'word') wordListsToNested(body);

  // A list directly inside a list (Google Docs' nesting) belongs in the item before it.
  for (const list of [...body.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol')]) {
    const previous = list.previousElementSibling;
    if (previous?.tagName === 'LI') previous.append(list);
  }
  // Word's empty <o:p> elements and similar namespaced tags.
  for (const el of [...body.getElementsByTagName('*')]) if (el.tagName.includes(':')) unwrap(el);

  return { html: body.innerHTML, source, dropped };
}
