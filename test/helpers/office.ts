// LibreOffice and poppler for the export tests: a .docx converted to PDF by real LibreOffice
// (its own profile folder, so parallel runs do not share one), and a PDF's text and info.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Converts `file` to PDF beside it with `soffice --headless --convert-to pdf`; returns the PDF's path. */
export function sofficeToPdf(file: string): string {
  const dir = path.dirname(file);
  const profile = path.join(dir, 'lo-profile');
  execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'pipe', timeout: 120_000 });
  const pdf = path.join(dir, `${path.basename(file, path.extname(file))}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`soffice wrote no PDF for ${file}`);
  return pdf;
}

/** The PDF's text (pdftotext, UTF-8). */
export function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
}

/** Whitespace runs as one space: line breaks of a printed page do not count. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
