// Generated section text for the negotiation benchmarks: clauses of health-agreement Danish built from
// a small grammar (subject, duty, action, object, deadline), with headings, free paragraphs, bullet
// lists and some bold runs. Every choice comes from the caller's seeded generator, so a seed gives the
// same agreement on every run. Runs in Node and in the browser bench page alike (no Node imports).
import * as prng from 'lib0/prng';
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../../shared/schema/schema.ts';

const subjects = [
  'Hospitalet',
  'Kommunen',
  'Regionen',
  'Den praktiserende læge',
  'Den behandlende afdeling',
  'Hjemmeplejen',
  'Den kommunale sygeplejerske',
  'Parterne',
  'Det fælles sekretariat',
  'Akutteamet',
  'Børne- og ungdomspsykiatrien',
  'Sundhedsplejen',
  'Træningsenheden',
  'Visitationen',
  'Den regionale psykiatri',
  'Det udgående team',
  'Styregruppen',
  'Jordemoderen',
];

/** Finite verb and the rest of the duty, split so that a leading condition can invert the word order. */
const duties: [string, string][] = [
  ['skal', ''],
  ['kan', ''],
  ['bør', ''],
  ['forpligter', 'sig til at'],
  ['sørger', 'for at'],
  ['bestræber', 'sig på at'],
  ['har', 'ansvaret for at'],
];

const actions = [
  'give besked om',
  'sende',
  'udarbejde',
  'koordinere',
  'tilbyde',
  'afholde',
  'revidere',
  'dokumentere',
  'videregive',
  'følge op på',
  'aftale',
  'vurdere behovet for',
  'sikre',
  'indkalde til',
  'orientere om',
];

const objects = [
  'en forventet udskrivning',
  'en genoptræningsplan',
  'relevante oplysninger om patientens funktionsniveau',
  'en plan for den videre opfølgning',
  'epikrisen',
  'den opdaterede medicinliste',
  'en samlet vurdering af borgerens behov',
  'et koordinerende møde',
  'status på forløbet',
  'nødvendige hjælpemidler',
  'en aftale om hjemmebesøg',
  'en tværsektoriel indsatsplan',
  'oplysninger om pårørende og netværk',
  'en beskrivelse af den sygeplejefaglige indsats',
  'resultaterne af de aftalte målinger',
  'kontaktoplysninger på forløbskoordinatoren',
  'en vurdering af risikoen for genindlæggelse',
  'henvisningen til specialiseret genoptræning',
];

const recipients = [
  'til kommunen',
  'til egen læge',
  'til patienten og de pårørende',
  'til hospitalets afdeling',
  'til den kommunale visitation',
  'til regionens sekretariat',
  '',
  '',
];

const deadlines = [
  'senest to hverdage før udskrivning',
  'inden for tre døgn',
  'samme dag',
  'ved udskrivningen',
  'inden for 14 dage',
  'hvert halve år',
  'i forbindelse med indlæggelsen',
  'efter aftale med patienten',
  'så hurtigt som muligt og senest inden for en uge',
  'før det første hjemmebesøg',
  'ved hver ændring i behandlingen',
  'i hele aftaleperioden',
];

const conditions = [
  'Hvis patienten har behov for hjælpemidler,',
  'Når en borger med demens indlægges,',
  'Ved akut indlæggelse',
  'Hvis forløbet ændrer sig væsentligt,',
  'Når patienten udskrives til eget hjem,',
  'I forbindelse med svangreomsorgen',
  'Hvis borgeren ikke selv kan formidle sine behov,',
  'Ved uenighed om ansvaret',
  'Når barnet eller den unge henvises,',
];

const purposes = [
  ', så ingen patient bliver liggende på hospitalet alene af den grund',
  ', så forløbet opleves som sammenhængende',
  ', så borgeren kan blive i eget hjem',
  ', så ventetiden på genoptræning nedbringes',
  ', så de pårørende inddrages tidligt',
  ', så ansvaret er klart for alle parter',
];

const headings = [
  'Indlæggelse',
  'Udskrivning',
  'Genoptræning',
  'Hjælpemidler',
  'Forebyggelse og sundhedsfremme',
  'Voksenpsykiatri',
  'Børn og unge',
  'Gravide og fødende',
  'Utilsigtede hændelser',
  'Opfølgning',
  'Kommunikation',
  'Ansvar og opgavefordeling',
  'Delmål',
  'Samarbejde om den ældre medicinske patient',
];

/** Words the benchmarks insert while "editing". */
export const editWords = ['fortsat', 'altid', 'normalt', 'hurtigst', 'skriftligt', 'fremover', 'samtidig', 'desuden', 'straks', 'løbende'];

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** One sentence, 10–30 words. */
export function sentence(gen: prng.PRNG): string {
  const subject = prng.oneOf(gen, subjects);
  const [finite, dutyRest] = prng.oneOf(gen, duties);
  const tail = [dutyRest, prng.oneOf(gen, actions), prng.oneOf(gen, objects), prng.oneOf(gen, recipients), prng.oneOf(gen, deadlines)];
  const rest = tail.filter((w) => w !== '').join(' ') + (prng.int32(gen, 0, 3) === 0 ? prng.oneOf(gen, purposes) : '');
  // A leading condition puts the verb before the subject (V2): "Ved akut indlæggelse sørger kommunen for at …".
  if (prng.int32(gen, 0, 4) === 0) return `${prng.oneOf(gen, conditions)} ${finite} ${lower(subject)} ${rest}.`;
  return `${subject} ${finite} ${rest}.`;
}

/** A paragraph's inline content: one sentence, or (a quarter of the time) up to `maxSentences`;
 *  sometimes with a bold run. */
function inlineText(gen: prng.PRNG, maxSentences: number): PMNode[] {
  const count = prng.int32(gen, 0, 3) === 0 ? prng.int32(gen, 1, maxSentences) : 1;
  const text = Array.from({ length: count }, () => sentence(gen)).join(' ');
  if (prng.int32(gen, 0, 9) !== 0) return [schema.text(text)];
  // Bold the object of the first sentence when it can be found, as the demo text does.
  const object = objects.find((o) => text.includes(o));
  if (!object) return [schema.text(text)];
  const at = text.indexOf(object);
  return [
    ...(at > 0 ? [schema.text(text.slice(0, at))] : []),
    schema.text(object, [schema.marks.strong.create()]),
    ...(at + object.length < text.length ? [schema.text(text.slice(at + object.length))] : []),
  ];
}

const paragraph = (gen: prng.PRNG, maxSentences = 2) => schema.node('paragraph', null, inlineText(gen, maxSentences));

function bulletList(gen: prng.PRNG): PMNode {
  const items = prng.int32(gen, 2, 4);
  return schema.node(
    'bullet_list',
    null,
    Array.from({ length: items }, () =>
      schema.node('list_item', null, [schema.node('paragraph', null, [schema.text(`${prng.oneOf(gen, actions)} ${prng.oneOf(gen, objects)},`)])]),
    ),
  );
}

/** A clause of 1–3 blocks: mostly paragraphs, sometimes a bullet list after the first. */
export function clauseNode(gen: prng.PRNG, id: string): PMNode {
  const roll = prng.int32(gen, 0, 9);
  const blocks = roll < 6 ? 1 : roll < 9 ? 2 : 3;
  const content: PMNode[] = [paragraph(gen)];
  for (let i = 1; i < blocks; i++) content.push(prng.int32(gen, 0, 4) === 0 ? bulletList(gen) : paragraph(gen, 1));
  return schema.node('clause', { id }, content);
}

export interface GeneratedSection {
  doc: PMNode;
  /** Clause ids in document order. */
  clauseIds: string[];
  topLevelBlocks: number;
  words: number;
  chars: number;
}

/**
 * A section of `clauses` clauses with ids `${idPrefix}${n}`, a heading every 4–12 clauses (each
 * followed by a free paragraph half the time) and an opening paragraph.
 */
export function generateSection(gen: prng.PRNG, clauses: number, idPrefix: string): GeneratedSection {
  const blocks: PMNode[] = [paragraph(gen)];
  const clauseIds: string[] = [];
  let untilHeading = 0;
  for (let c = 0; c < clauses; c++) {
    if (untilHeading-- <= 0) {
      blocks.push(schema.node('heading', { level: 2 }, [schema.text(prng.oneOf(gen, headings))]));
      if (prng.bool(gen)) blocks.push(paragraph(gen, 1));
      untilHeading = prng.int32(gen, 4, 12);
    }
    const id = `${idPrefix}${c}`;
    clauseIds.push(id);
    blocks.push(clauseNode(gen, id));
  }
  const doc = schema.node('doc', null, blocks);
  const text = doc.textBetween(0, doc.content.size, ' ');
  return { doc, clauseIds, topLevelBlocks: blocks.length, words: text.split(/\s+/).filter(Boolean).length, chars: text.length };
}

/** Pages at 500 words a page (a dense A4 page of agreement text). */
export const pagesOf = (words: number) => words / 500;
