// A PdfPrinter (exportAgreement.ts) over any Chromium page that can load HTML and print it: the
// page and options come from html.ts and options.ts, so the app's printer (Electron, in
// electron/main) and the tests' and CLI's (playwright-core, below) print the identical page.
import type { PdfPrinter } from '../exportAgreement.ts';
import { headerText, renderHtml } from './html.ts';
import { pdfPrintOptions, playwrightPdfOptions, type PdfPrintOptions } from './options.ts';

/** Loads `html` into a page and prints it with `options`. */
export type PrintPage = (html: string, options: PdfPrintOptions) => Promise<Uint8Array>;

export function pdfPrinter(printPage: PrintPage): PdfPrinter {
  return (model, options) => printPage(renderHtml(model, options), pdfPrintOptions(headerText(model, options), options.markUnagreed));
}

/** Chromium through playwright-core (tests, CLI). `executablePath`: the Chromium binary. */
export async function withPlaywrightPrinter<T>(executablePath: string, run: (printer: PdfPrinter) => Promise<T>): Promise<T> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    return await run(
      pdfPrinter(async (html, options) => {
        await page.setContent(html, { waitUntil: 'load' });
        return new Uint8Array(await page.pdf(playwrightPdfOptions(options)));
      }),
    );
  } finally {
    await browser.close();
  }
}
