// The PDF print options, one plain definition for both printers: Electron's webContents.printToPDF
// in the app and playwright-core's page.pdf in tests and the CLI. A4, a Danish header (the
// agreement's title and version) and footer ("Side X af Y"), tagged (accessible) and with an
// outline from the headings — Chromium writes the outline only into a tagged PDF, so both are set.
import { escapeHtml } from './escape.ts';

export interface PdfPrintOptions {
  format: 'A4';
  printBackground: true;
  displayHeaderFooter: true;
  headerTemplate: string;
  footerTemplate: string;
  /** Millimetres. */
  margin: { top: number; bottom: number; left: number; right: number };
  tagged: true;
  outline: true;
}

const templateStyle = 'font-family: Calibri, Carlito, "Liberation Sans", sans-serif; font-size: 8pt; color: #595959; width: 100%; margin: 0 20mm;';

export function pdfPrintOptions(header: string, draft: boolean): PdfPrintOptions {
  return {
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: `<div style='${templateStyle} text-align: right;${draft ? ' color: #c00000; font-weight: bold;' : ''}'>${escapeHtml(header)}</div>`,
    footerTemplate: `<div style='${templateStyle} text-align: center;'>Side <span class="pageNumber"></span> af <span class="totalPages"></span></div>`,
    margin: { top: 22, bottom: 20, left: 20, right: 20 },
    tagged: true,
    outline: true,
  };
}

/** The same options as playwright-core's page.pdf takes them. */
export function playwrightPdfOptions(o: PdfPrintOptions) {
  const mm = (v: number) => `${v}mm`;
  return {
    format: o.format,
    printBackground: o.printBackground,
    displayHeaderFooter: o.displayHeaderFooter,
    headerTemplate: o.headerTemplate,
    footerTemplate: o.footerTemplate,
    margin: { top: mm(o.margin.top), bottom: mm(o.margin.bottom), left: mm(o.margin.left), right: mm(o.margin.right) },
    tagged: o.tagged,
    outline: o.outline,
  };
}

/** The same options as Electron's webContents.printToPDF takes them (margins in inches). */
export function electronPdfOptions(o: PdfPrintOptions) {
  const inches = (v: number) => v / 25.4;
  return {
    pageSize: o.format,
    printBackground: o.printBackground,
    displayHeaderFooter: o.displayHeaderFooter,
    headerTemplate: o.headerTemplate,
    footerTemplate: o.footerTemplate,
    margins: { top: inches(o.margin.top), bottom: inches(o.margin.bottom), left: inches(o.margin.left), right: inches(o.margin.right) },
    generateTaggedPDF: o.tagged,
    generateDocumentOutline: o.outline,
  };
}
