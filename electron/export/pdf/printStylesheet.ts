// The print stylesheet of exported PDFs: A4, the document's own typography, clause numbers hanging
// in the margin, delmål and tables as bordered tables. Separate from the app's styles
// (renderer/src/styles.css): the printed page is a document, not the editor.
export const PRINT_STYLESHEET = `
@page { size: A4; margin: 22mm 20mm 20mm 20mm; }
html { font-family: "Calibri", "Carlito", "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4; color: #111; }
body { margin: 0; }
h1, h2, h3 { color: #1f3864; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 18pt; margin: 0 0 10pt; }
h1.part { break-before: page; page-break-before: always; }
h2 { font-size: 14pt; margin: 16pt 0 6pt; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; }
.title { font-size: 24pt; font-weight: bold; color: #1f3864; margin: 40mm 0 8pt; }
.subtitle { font-size: 13pt; margin-bottom: 16pt; }
.draft-note { color: #c00000; font-weight: bold; }
nav.toc { margin-top: 16pt; }
nav.toc .toc-title { font-size: 14pt; font-weight: bold; margin-bottom: 6pt; }
nav.toc ol { list-style: none; padding: 0; margin: 0; }
nav.toc li.toc-part { font-weight: bold; margin-top: 6pt; }
nav.toc li.toc-section { font-weight: normal; margin-left: 12pt; }
nav.toc a { color: inherit; text-decoration: none; }
.group { color: #595959; margin: 0 0 6pt; }
p { margin: 0 0 6pt; }
a { color: #1f4e9c; }
.clause { position: relative; margin: 0 0 8pt; padding-left: 15mm; break-inside: avoid-page; }
.clause-number { position: absolute; left: 0; top: 0; font-weight: bold; }
.not-final { color: #c00000; font-weight: bold; background: #fde9e7; padding: 2pt 4pt; margin-bottom: 4pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4pt 0 8pt; }
th, td { border: 0.5pt solid #8ea9c1; padding: 3pt 5pt; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #dce6f1; }
table.subgoal th { width: 30%; background: #e2efda; }
ul, ol { margin: 0 0 6pt; padding-left: 18pt; }
ins { color: #1b5e20; text-decoration: underline; }
del { color: #b71c1c; }
.damaged { color: #c00000; font-weight: bold; }
table.guide col.guide-id { width: 10%; }
table.guide col.guide-requirement { width: 50%; }
table.guide col.guide-where { width: 40%; }
table.guide tr { break-inside: avoid; }
.not-covered { color: #c00000; }
.positions { font-size: 9.5pt; color: #333; border-left: 2pt solid #c9a227; padding-left: 6pt; margin: 2pt 0 8pt; }
`;
