// Word files for the import tests, made by real programs: LibreOffice converts a flat ODT (written
// here) to .docx — a file Enighed did not produce, with tracked changes, a footnote, nested lists,
// a table and headings on three levels.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { Bookmark, CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { newClauseId } from '../../shared/schema/clauseIds.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { clauseBookmarkName } from '../../shared/print/bookmarks.ts';
import type { WordImportPort } from '../../electron/word/apply.ts';

/** A flat ODT of an earlier generation's agreement, small but with every kind of content the import maps. */
export const earlierGenerationFodt = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>Sundhedsaftale 2007–2010</dc:title></office:meta>
 <office:automatic-styles>
  <style:style style:name="Tb" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="Ti" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
  <style:style style:name="Tc" style:family="text"><style:text-properties fo:color="#c00000"/></style:style>
  <style:style style:name="Tu" style:family="text"><style:text-properties style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>
  <text:list-style style:name="LB">
   <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
   <text:list-level-style-bullet text:level="2" text:bullet-char="◦"/>
  </text:list-style>
  <text:list-style style:name="LN">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
   <text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix=")"/>
  </text:list-style>
 </office:automatic-styles>
 <office:body>
  <office:text>
   <text:tracked-changes>
    <text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Anna Andersen</dc:creator><dc:date>2010-03-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
    <text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Bo Berg</dc:creator><dc:date>2010-03-02T11:00:00</dc:date></office:change-info><text:p>gamle </text:p></text:deletion></text:changed-region>
   </text:tracked-changes>
   <text:h text:outline-level="1">Politisk del</text:h>
   <text:h text:outline-level="2">Indlæggelse og udskrivning</text:h>
   <text:p>Hospitalet giver kommunen besked om en <text:span text:style-name="Tb">forventet</text:span> udskrivning<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Jf. bekendtgørelsens § 3.</text:p></text:note-body></text:note> senest to hverdage før.</text:p>
   <text:p>Kommunen sørger for <text:change text:change-id="ct2"/>hjælp<text:change-start text:change-id="ct1"/> og hjælpemidler<text:change-end text:change-id="ct1"/> på udskrivningsdagen. Se <text:a xlink:type="simple" xlink:href="https://www.sst.dk/">Sundhedsstyrelsen</text:a>.</text:p>
   <text:list text:style-name="LB">
    <text:list-item><text:p>hjemmebesøg</text:p>
     <text:list>
      <text:list-item><text:p>ved sygeplejerske</text:p></text:list-item>
      <text:list-item><text:p>ved terapeut</text:p></text:list-item>
     </text:list>
    </text:list-item>
    <text:list-item><text:p>telefonopkald</text:p></text:list-item>
   </text:list>
   <text:h text:outline-level="3">Opfølgning efter udskrivning</text:h>
   <text:p>Parterne følger op <text:span text:style-name="Tc">hvert halve år</text:span>.</text:p>
   <text:list text:style-name="LN">
    <text:list-item><text:p>Første trin</text:p></text:list-item>
    <text:list-item><text:p>Andet trin</text:p>
     <text:list><text:list-item><text:p>Delopgave</text:p></text:list-item></text:list>
    </text:list-item>
   </text:list>
   <text:h text:outline-level="2">Genoptræning og rehabilitering</text:h>
   <text:p><text:span text:style-name="Ti">Genoptræning</text:span> begynder <text:span text:style-name="Tu">senest</text:span> syv dage efter udskrivning.</text:p>
   <table:table table:name="Frister">
    <table:table-column table:number-columns-repeated="2"/>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Ydelse</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Frist</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Genoptræningsplan</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Ved udskrivning</text:p></table:table-cell></table:table-row>
   </table:table>
   <table:table table:name="Delmaal">
    <table:table-column table:number-columns-repeated="2"/>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Delmål</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Hurtigere genoptræning</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Indikator</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Dage fra udskrivning til første træning</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Sådan måles</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Kommunernes registreringer</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Baseline</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>12 dage (2006)</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell office:value-type="string"><text:p>Mål</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>7 dage</text:p></table:table-cell></table:table-row>
   </table:table>
   <text:h text:outline-level="1">Sundhedsfaglig del</text:h>
   <text:h text:outline-level="2">Indlæggelse og udskrivning</text:h>
   <text:p>Udskrivningsrapporten sendes elektronisk samme dag.</text:p>
  </office:text>
 </office:body>
</office:document>
`;

/** Converts a file with LibreOffice to .docx (Word 2007 XML) in `outDir`; returns the new path. */
export function sofficeToDocx(inputPath: string, outDir: string): string {
  // A private profile: parallel test runs must not share LibreOffice's user installation lock.
  const profile = path.join(outDir, 'lo-profile');
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', outDir, inputPath], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  const out = path.join(outDir, `${path.basename(inputPath).replace(/\.[^.]+$/, '')}.docx`);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice wrote no ${out}`);
  return out;
}

/** The earlier-generation fixture as .docx bytes, made by LibreOffice in `dir`. */
export function earlierGenerationDocx(dir: string): Uint8Array {
  const fodt = path.join(dir, 'sundhedsaftale-2007.fodt');
  fs.writeFileSync(fodt, earlierGenerationFodt);
  return new Uint8Array(fs.readFileSync(sofficeToDocx(fodt, dir)));
}

// --- hostile and broken files (real zips written with fflate, then damaged the way attackers and
// --- broken transfers do) ---------------------------------------------------------------------

const minimalDocument = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${body}</w:document>`;

/** A minimal zip with the given parts (deflated). */
export function zipParts(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(parts)) files[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(files, { level: 6 });
}

export function docxWithoutBody(): Uint8Array {
  return zipParts({ 'word/document.xml': minimalDocument('') });
}

export function zipWithoutDocument(): Uint8Array {
  return zipParts({ 'word/styles.xml': '<w:styles xmlns:w="x"/>', 'readme.txt': 'hej' });
}

export function docxWithDoctype(): Uint8Array {
  return zipParts({
    'word/document.xml': `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`,
  });
}

/**
 * A zip bomb: word/document.xml inflates to `megabytes` MB of spaces inside a paragraph, packed to
 * a few hundred KB. `lie`: the central directory (and local header) declare only 1 KB, so only
 * counting while inflating catches it.
 */
export function zipBomb(megabytes: number, lie: boolean): Uint8Array {
  const head = strToU8(minimalDocument('<w:body><w:p><w:r><w:t>'));
  const content = concat(head, new Uint8Array(megabytes * 1024 * 1024).fill(0x20));
  // zlib (C) compresses 200 MB in a fraction of the time fflate needs; the zip around it is written here.
  const packed = new Uint8Array(deflateRawSync(content, { level: 9 }));
  const declared = lie ? 1024 : content.byteLength;
  return singleEntryZip('word/document.xml', packed, crc32(content), declared);
}

/** A zip of one deflated entry, its headers written by hand (sizes as given, true or not). */
function singleEntryZip(name: string, packed: Uint8Array, crc: number, size: number): Uint8Array {
  const nameBytes = strToU8(name);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint16(8, 8, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, packed.byteLength, true);
  local.setUint32(22, size, true);
  local.setUint16(26, nameBytes.byteLength, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(10, 8, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, packed.byteLength, true);
  central.setUint32(24, size, true);
  central.setUint16(28, nameBytes.byteLength, true);
  central.setUint32(42, 0, true);
  const dirOffset = 30 + nameBytes.byteLength + packed.byteLength;
  const dirSize = 46 + nameBytes.byteLength;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, dirOffset, true);
  const parts = [new Uint8Array(local.buffer), nameBytes, packed, new Uint8Array(central.buffer), nameBytes, new Uint8Array(end.buffer)];
  return parts.reduce(concat);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}


// --- a negotiation draft as a Word user hands it back (round trip, issue 11 point 5) -------------

/**
 * Gives `sectionId` five one-paragraph clauses (docx's Bookmark wraps the runs of one paragraph) and
 * returns them with a real .docx (made with the `docx` package) of that section as a participant
 * edited it in Word: clause 0 a tracked insertion " straks" after its first word and a comment on
 * that word, clause 1 its second word deleted with track changes (both by Karen Kommune), clause 2
 * its last word changed without track changes, clause 3 deleted, and a paragraph outside any clause.
 */
export async function editedDraft(port: WordImportPort, agreementId: string, sectionId: string): Promise<{ clauses: { id: string; text: string }[]; bytes: Uint8Array }> {
  const docId = sectionDocId(agreementId, sectionId);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(port.doc(docId)));
  const sv = Y.encodeStateVector(copy);
  const texts = [
    'Hospitalet giver kommunen besked om en forventet udskrivning senest to hverdage før.',
    'Kommunen sørger for nødvendig hjælp på udskrivningsdagen.',
    'Parterne følger op på aftalen hvert halve år.',
    'Egen læge får epikrisen samme dag som udskrivningen.',
    'Aftalen evalueres ved periodens udløb.',
  ];
  const clauses = texts.map((text) => ({ id: newClauseId(), text }));
  const content = schema.node('doc', null, [
    schema.node('heading', { level: 2 }, [schema.text('Udskrivning')]),
    ...clauses.map((c) => schema.node('clause', { id: c.id }, [schema.node('paragraph', null, [schema.text(c.text)])])),
  ]);
  prosemirrorToYXmlFragment(content, copy.getXmlFragment(SECTION_FRAGMENT));
  port.apply(docId, Y.encodeStateAsUpdate(copy, sv));
  copy.destroy();

  const [a, b, c] = clauses;
  const date = '2026-11-20T09:30:00Z';
  type Run = TextRun | InsertedTextRun | DeletedTextRun | CommentRangeStart | CommentRangeEnd | CommentReference;
  const bookmarked = (clauseId: string, children: Run[]) => new Paragraph({ children: [new Bookmark({ id: clauseBookmarkName(clauseId), children: children as TextRun[] })] });
  const [aFirst, ...aRest] = a.text.split(' ');
  const bWords = b.text.split(' ');
  const doc = new Document({
    comments: { children: [{ id: 0, author: 'Karen Kommune', date: new Date(date), children: [new Paragraph('Kan vi skrive "straks" her?')] }] },
    sections: [
      {
        children: [
          new Paragraph('Forhandlingsudkast – Indlæggelse og udskrivning'),
          bookmarked(a.id, [
            new CommentRangeStart(0),
            new TextRun(aFirst),
            new CommentRangeEnd(0),
            new TextRun({ children: [new CommentReference(0)] }),
            new InsertedTextRun({ text: ' straks', id: 1, author: 'Karen Kommune', date }),
            new TextRun(` ${aRest.join(' ')}`),
          ]),
          bookmarked(b.id, [new TextRun(`${bWords[0]} `), new DeletedTextRun({ text: `${bWords[1]} `, id: 2, author: 'Karen Kommune', date }), new TextRun(bWords.slice(2).join(' '))]),
          bookmarked(c.id, [new TextRun(c.text.replace(/\S+$/, 'ændret.'))]),
          new Paragraph('En ny bemærkning uden for klausulerne.'),
        ],
      },
    ],
  });
  return { clauses, bytes: new Uint8Array(await Packer.toBuffer(doc)) };
}
