// The paste transformation on the three fixtures (clipboard HTML as Word 2016+, Google Docs and
// LibreOffice Writer put it there), run on Chromium's DOMParser and read back through the section
// schema: the structure kept, what the schema cannot hold dropped and counted, no footnote links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { fixture, listShape, markedText, nodesOf, pasteLab, textOf, type PasteResult, type PmJson } from '../helpers/pasteLab.ts';

let browser: Browser;
let run: (html: string) => Promise<PasteResult>;

beforeAll(async () => {
  browser = await launchChromium();
  run = await pasteLab(await browser.newPage());
});

afterAll(async () => {
  await browser?.close();
});

const ofType = (doc: PmJson, type: string) => nodesOf(doc).filter((n) => n.type === type);
const links = (doc: PmJson) => nodesOf(doc).flatMap((n) => (n.marks ?? []).filter((m) => m.type === 'link').map((m) => m.attrs!.href as string));
const tableText = (table: PmJson) => (table.content ?? []).map((row) => (row.content ?? []).map(textOf));
const topLists = (doc: PmJson) => (doc.content ?? []).filter((n) => n.type === 'bullet_list' || n.type === 'ordered_list');

describe('paste from Word 2016+', () => {
  it('turns mso-list paragraphs into nested lists, keeps headings, tables and marks, drops footnotes, images and colours', async () => {
    const result = await run(fixture('word-2016.html'));
    const { doc } = result;
    expect(result.source).toBe('word');
    expect(ofType(doc, 'heading').map((h) => [h.attrs!.level, textOf(h)])).toEqual([[1, 'Genoptræning efter udskrivning']]);

    const lists = topLists(doc);
    expect(lists.map(listShape)).toEqual([
      {
        kind: 'bullet_list',
        items: ['Almen genoptræning', { kind: 'bullet_list', items: ['På hold i kommunens træningscenter', 'I eget hjem'] }, 'Specialiseret genoptræning'],
      },
      {
        kind: 'ordered_list',
        items: ['Hospitalet udarbejder planen', { kind: 'ordered_list', items: ['Senest ved udskrivning'] }, 'Kommunen modtager planen', 'Træningen begynder'],
      },
    ]);
    // The literal bullets and numbers are gone.
    expect(JSON.stringify(lists)).not.toMatch(/[·]|"o\s|1\.\s|a\.\s/);

    expect(markedText(doc, 'strong')).toEqual(expect.arrayContaining(['syv dage', 'Ydelse', 'Frist']));
    expect(markedText(doc, 'em')).toEqual(['genoptræningsplanen']);
    expect(markedText(doc, 'underline')).toEqual(['sundhedslovens § 140']);
    expect(markedText(doc, 'strike').join('')).toBe('Fristen var tidligere 14 dage.');
    expect(links(doc)).toEqual(['https://www.sundhed.dk/genoptraening']);

    const [table] = ofType(doc, 'table');
    expect(tableText(table)).toEqual([
      ['Ydelse', 'Frist'],
      ['Almen genoptræning', '7 dage'],
    ]);

    // The footnote: no reference mark, no link to #_ftn1, no footnote text.
    const text = textOf(doc);
    expect(text).not.toContain('[1]');
    expect(text).not.toContain('Bekendtgørelse af sundhedsloven');
    expect(text).toContain('sundhedslovens § 140. Læs mere');
    expect(result.html).not.toContain('_ftn');
    expect(result.dropped).toEqual({ images: 1, footnotes: 1, colours: 1 });
    expect(result.notice).toBe(
      'Indsat fra Word. Udeladt: 1 billede, 1 fodnote og tekstfarver og fremhævninger – afsnittets tekst kan ikke rumme dem. Fodnoter kan skrives som tekst i klausulen.',
    );
  });
});

describe('paste from Google Docs', () => {
  it('undoes the bold wrapper, reads weights and decorations, nests lists, drops the footnote, image and highlight', async () => {
    const result = await run(fixture('google-docs.html'));
    const { doc } = result;
    expect(result.source).toBe('google-docs');
    expect(ofType(doc, 'heading').map((h) => [h.attrs!.level, textOf(h)])).toEqual([[2, 'Udskrivning af ældre patienter']]);
    // Not everything bold: only what Google wrote as weight 700.
    expect(markedText(doc, 'strong')).toEqual(['senest to hverdage', 'Opgave', 'Ansvar']);
    expect(markedText(doc, 'em')).toEqual([' før udskrivning']);
    expect(markedText(doc, 'underline')).toEqual([', jf. aftalen']);
    expect(markedText(doc, 'strike')).toEqual([' (gammel frist)']);
    expect(links(doc)).toEqual(['https://www.rm.dk/sundhed/']);
    expect(topLists(doc).map(listShape)).toEqual([
      { kind: 'bullet_list', items: ['Medicinliste', { kind: 'bullet_list', items: ['Ajourført samme dag'] }, 'Genoptræningsplan'] },
    ]);
    expect(tableText(ofType(doc, 'table')[0])).toEqual([
      ['Opgave', 'Ansvar'],
      ['Udskrivningsbrev', 'Hospitalet'],
    ]);
    expect(textOf(doc)).not.toContain('[1]');
    expect(textOf(doc)).not.toContain('Sundhedsaftalen 2024–2027');
    expect(result.dropped).toEqual({ images: 1, footnotes: 1, colours: 1 });
    expect(result.notice).toContain('Indsat fra Google Docs. Udeladt: 1 billede, 1 fodnote og tekstfarver');
  });
});

describe('paste from LibreOffice Writer', () => {
  it('keeps its nested lists, heading, table and marks, drops the footnote, image and font colour', async () => {
    const result = await run(fixture('libreoffice.html'));
    const { doc } = result;
    expect(result.source).toBe('libreoffice');
    expect(ofType(doc, 'heading').map((h) => [h.attrs!.level, textOf(h)])).toEqual([[1, 'Hjælpemidler']]);
    expect(markedText(doc, 'strong')).toEqual(['behandlingsredskaber', 'Redskab', 'Udlånes af']);
    expect(markedText(doc, 'em')).toEqual(['bevilger']);
    expect(markedText(doc, 'underline')).toEqual(['hjælpemidler']);
    expect(markedText(doc, 'strike')).toEqual(['servicelovens']);
    expect(links(doc)).toEqual(['https://www.borger.dk/hjaelpemidler']);
    expect(topLists(doc).map(listShape)).toEqual([
      { kind: 'ordered_list', items: ['Ansøgning', { kind: 'bullet_list', items: ['Digitalt', 'På papir'] }, 'Afgørelse'] },
    ]);
    expect(tableText(ofType(doc, 'table')[0])).toEqual([
      ['Redskab', 'Udlånes af'],
      ['Rollator', 'Kommunen'],
    ]);
    expect(textOf(doc)).toContain('§ 112. Bemærk');
    expect(textOf(doc)).not.toContain('Lov om social service');
    expect(result.dropped).toEqual({ images: 1, footnotes: 1, colours: 1 });
  });
});

describe('paste of plain web HTML', () => {
  it('keeps only web and mail links, and says nothing when nothing was dropped', async () => {
    const result = await run('<p>Se <a href="javascript:alert(1)">her</a>, <a href="#afsnit2">afsnit 2</a> og <a href="mailto:sekretariat@rm.dk">skriv</a>.</p>');
    expect(links(result.doc)).toEqual(['mailto:sekretariat@rm.dk']);
    expect(textOf(result.doc)).toBe('Se her, afsnit 2 og skriv.');
    expect(result.notice).toBeNull();
  });
});
