// Paste from Word, LibreOffice and Google Docs: the pasted HTML is cleaned (cleanHtml.ts) before
// the schema's parser reads it, and the editor is told what was left out so it can say so.
import { Plugin } from 'prosemirror-state';
import { cleanPastedHtml } from './cleanHtml.ts';
import { pasteNotice } from './notice.ts';

export interface PasteOptions {
  /** Called after a paste that dropped something, with the Danish notice to show. */
  onNotice: (message: string) => void;
}

export function pastePlugin(options: PasteOptions): Plugin {
  return new Plugin({
    props: {
      transformPastedHTML(html, view) {
        const window = view.dom.ownerDocument.defaultView;
        if (!window) return html;
        const cleaned = cleanPastedHtml(html, new window.DOMParser());
        const notice = pasteNotice(cleaned.source, cleaned.dropped);
        if (notice) options.onNotice(notice);
        return cleaned.html;
      },
    },
  });
}
