// Word puts a list on the clipboard as plain paragraphs: each item is a <p> whose style names its
// list and level (`mso-list:l0 level2 lfo1`) and whose bullet or number is literal text in a span
// marked `mso-list:Ignore` (inside <![if !supportLists]>, which an HTML parser keeps). This turns a
// run of such paragraphs into real nested <ul>/<ol> lists: the level gives the nesting, the marker
// text whether a level is numbered ("1.", "a)", "iv.") or bulleted ("·", "o", "§", "–").

interface ListParagraph {
  el: Element;
  list: string;
  level: number;
  ordered: boolean;
  start: number;
}

const listStyle = /mso-list:\s*(l\d+)\s+level(\d+)/i;

function markerOf(p: Element): Element | null {
  for (const span of p.querySelectorAll('span[style]')) {
    if (/mso-list:\s*Ignore/i.test(span.getAttribute('style')!)) return span;
  }
  return null;
}

function listParagraph(el: Element): ListParagraph | null {
  if (el.tagName !== 'P') return null;
  const match = listStyle.exec(el.getAttribute('style') ?? '');
  if (!match) return null;
  const marker = markerOf(el);
  const text = (marker?.textContent ?? '').replace(/\u00a0/g, ' ').trim();
  const number = /^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]/.exec(text);
  // The marker's outer span (the one Word gives a Symbol/Courier font) goes with it.
  const wrapper = marker?.parentElement && marker.parentElement !== el && marker.parentElement.textContent === marker.textContent ? marker.parentElement : marker;
  wrapper?.remove();
  return {
    el,
    list: match[1],
    level: Math.max(1, Math.min(9, Number(match[2]))),
    ordered: number !== null,
    start: number && /^[0-9]+$/.test(number[1]) ? Number(number[1]) : 1,
  };
}

/** Replaces every run of Word list paragraphs under `root` (at any depth: table cells too). */
export function wordListsToNested(root: Element): void {
  // Numbered headings stay headings; their number is Word's to draw, not text.
  for (const heading of root.querySelectorAll('h1[style*="mso-list"], h2[style*="mso-list"], h3[style*="mso-list"], h4[style*="mso-list"], h5[style*="mso-list"], h6[style*="mso-list"]')) {
    const marker = markerOf(heading);
    (marker?.parentElement !== heading && marker?.parentElement?.textContent === marker?.textContent ? marker?.parentElement : marker)?.remove();
    heading.removeAttribute('style');
  }
  const containers = new Set<Element>();
  for (const p of root.querySelectorAll('[style*="mso-list"]')) if (p.parentElement) containers.add(p.parentElement);
  for (const container of containers) {
    let run: ListParagraph[] = [];
    const flush = (before: Node | null) => {
      if (run.length > 0) container.insertBefore(buildLists(run, container.ownerDocument), before);
      run = [];
    };
    for (const child of [...container.children]) {
      const item = listParagraph(child);
      if (item) {
        // A different list at the top level starts a new list.
        if (run.length > 0 && item.level === 1 && run[0].list !== item.list) flush(child);
        run.push(item);
        child.remove();
      } else {
        flush(child);
      }
    }
    flush(null);
  }
}

function buildLists(items: ListParagraph[], doc: Document): Element {
  const makeList = (item: ListParagraph) => {
    const list = doc.createElement(item.ordered ? 'ol' : 'ul');
    if (item.ordered && item.start !== 1) list.setAttribute('start', String(item.start));
    return list;
  };
  const top = makeList(items[0]);
  // The open lists, outermost first, with their levels.
  const stack: { level: number; list: Element }[] = [{ level: items[0].level, list: top }];
  for (const item of items) {
    while (stack.length > 1 && stack[stack.length - 1].level > item.level) stack.pop();
    const current = stack[stack.length - 1];
    if (item.level > current.level) {
      // One level deeper (a jump of several levels nests one step: an item needs a parent item).
      const parentItem = current.list.lastElementChild ?? current.list.appendChild(doc.createElement('li'));
      const nested = makeList(item);
      parentItem.append(nested);
      stack.push({ level: item.level, list: nested });
    }
    const li = doc.createElement('li');
    const p = doc.createElement('p');
    p.append(...item.el.childNodes);
    li.append(p);
    stack[stack.length - 1].list.append(li);
  }
  return top;
}
