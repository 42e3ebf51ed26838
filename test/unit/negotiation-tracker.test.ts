// SectionStatusTracker and computeOverview's memory: after any sequence of edits (local, remote,
// concurrent, undone, several in one transaction) the cached statuses and overview equal a fresh,
// uncached computation. Random edits come from one seeded generator (ENIGHED_TEST_SEED to rerun
// one; ENIGHED_TRACKER_STEPS for a longer run).
import crypto from 'node:crypto';
import * as prng from 'lib0/prng';
import type { Node } from 'prosemirror-model';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { generatedAgreement } from '../helpers/agreements.ts';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { hashesComputed, type ClauseStatusEntry } from '../../shared/negotiation/clauseStatuses.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { computeOverview, sectionClauseStatuses, SectionStatusTracker } from '../../shared/negotiation/overview.ts';
import type { NegotiationSide } from '../../shared/negotiation/position.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { localDirectory } from '../../shared/identity/counted.ts';

/** These tests concern the text and statuses alone: an agreement without a root key, where every
 *  position counts (shared/identity/ARCHITECTURE.md). */
const localAgreement = localDirectory('a');

const STEPS = Number(process.env.ENIGHED_TRACKER_STEPS ?? 300);
const REMOTE = 'remote';

/** Runs a test body with a seeded generator; the seed is added to any failure. */
function withSeed(body: (gen: prng.PRNG) => void): () => void {
  return () => {
    const seed = Number(process.env.ENIGHED_TEST_SEED ?? crypto.randomInt(2 ** 31));
    try {
      body(prng.create(seed));
    } catch (error) {
      if (error instanceof Error) error.message += `\n(seed ${seed}; rerun with ENIGHED_TEST_SEED=${seed})`;
      throw error;
    }
  };
}

const words = ['kommunen', 'regionen', 'senest', 'to', 'hverdage', 'før', 'udskrivning', 'borgeren', 'æøå', '  ', '\u200B'];

const p = (...content: (Node | string)[]) => schema.node('paragraph', null, content.map((c) => (typeof c === 'string' ? schema.text(c) : c)));
const clause = (id: string, ...blocks: Node[]) => schema.node('clause', { id }, blocks);

/** A section with plain, marked, multi-paragraph and list clauses, a loose paragraph and a hard break. */
function seedSection(doc: Y.Doc, prefix: string): void {
  const strong = schema.marks.strong.create();
  const link = schema.marks.link.create({ href: 'https://www.sundhed.dk' });
  const content = schema.node('doc', null, [
    schema.node('heading', { level: 2 }, [schema.text('Indledning')]),
    clause(`${prefix}1`, p('Kommunen giver besked senest to hverdage før udskrivning.')),
    clause(`${prefix}2`, p('Regionen ', schema.text('skal', [strong]), ' sikre ', schema.text('vejledningen', [link]), '.')),
    clause(`${prefix}3`, p('Første afsnit.'), p('Andet afsnit', schema.node('hard_break'), 'med linjeskift.')),
    clause(
      `${prefix}4`,
      p('Parterne aftaler:'),
      schema.node('bullet_list', null, [schema.node('list_item', null, [p('et punkt')]), schema.node('list_item', null, [p('to punkter')])]),
    ),
    p('Et løst afsnit uden for klausulerne.'),
    clause(`${prefix}5`, p('Sidste klausul.')),
  ]);
  prosemirrorToYXmlFragment(content, doc.getXmlFragment(SECTION_FRAGMENT));
}

/** Entries with the node as JSON, so a cached and a fresh computation can be compared. */
const comparable = (entries: readonly ClauseStatusEntry[]) => entries.map(({ node, ...rest }) => ({ ...rest, node: node.toJSON() as unknown }));

function allOf<T>(type: Y.AbstractType<unknown> | Y.XmlElement | Y.XmlFragment, cls: abstract new (...args: never[]) => T): T[] {
  const out: T[] = [];
  const walk = (t: unknown) => {
    if (t instanceof cls) out.push(t);
    if (t instanceof Y.XmlElement || t instanceof Y.XmlFragment) for (const child of t.toArray()) walk(child);
  };
  walk(type);
  return out;
}

const topClauses = (fragment: Y.XmlFragment) =>
  fragment.toArray().filter((t): t is Y.XmlElement => t instanceof Y.XmlElement && t.nodeName === 'clause');

function newClause(id: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement('clause');
  element.setAttribute('id', id);
  element.insert(0, [newParagraph(text)]);
  return element;
}

function newParagraph(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  return paragraph;
}

const markAttributes = (gen: prng.PRNG): Record<string, unknown> =>
  prng.oneOf(gen, [
    { strong: {} },
    { em: {} },
    { strong: null, em: null },
    { link: { href: 'https://www.sst.dk', title: null } },
    { insertion: { id: 'region-1' }, deletion: null },
    { deletion: { id: 'kommune-2' }, insertion: null },
    { insertion: null, deletion: null },
  ]);

let idCounter = 0;

/** One random change of `doc`'s text or positions. */
function randomEdit(doc: Y.Doc, gen: prng.PRNG, name: string): string {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  const texts = allOf(fragment, Y.XmlText);
  const clauses = topClauses(fragment);
  const paragraphs = allOf(fragment, Y.XmlElement).filter((e) => e.nodeName === 'paragraph');
  const kind = prng.int32(gen, 0, 13);
  switch (kind) {
    case 0:
    case 1: {
      if (texts.length === 0) return 'no text';
      const text = prng.oneOf(gen, texts);
      const at = prng.int32(gen, 0, text.length);
      text.insert(at, `${prng.oneOf(gen, words)} `, prng.bool(gen) ? markAttributes(gen) : undefined);
      return 'insert text';
    }
    case 2: {
      const text = texts.filter((t) => t.length > 0);
      if (text.length === 0) return 'no text';
      const t = prng.oneOf(gen, text);
      const at = prng.int32(gen, 0, t.length - 1);
      t.delete(at, prng.int32(gen, 1, t.length - at));
      return 'delete text';
    }
    case 3: {
      const text = texts.filter((t) => t.length > 0);
      if (text.length === 0) return 'no text';
      const t = prng.oneOf(gen, text);
      const at = prng.int32(gen, 0, t.length - 1);
      t.format(at, prng.int32(gen, 1, t.length - at), markAttributes(gen));
      return 'format';
    }
    case 4: {
      fragment.insert(prng.int32(gen, 0, fragment.length), [newClause(`${name}${++idCounter}`, `Ny klausul ${idCounter}.`)]);
      return 'insert clause';
    }
    case 5: {
      if (fragment.length < 2) return 'too short';
      fragment.delete(prng.int32(gen, 0, fragment.length - 1));
      return 'delete element';
    }
    case 6: {
      // A move, as the editor does it: the element deleted and a copy inserted elsewhere.
      if (fragment.length < 2) return 'too short';
      const from = prng.int32(gen, 0, fragment.length - 1);
      const element = fragment.get(from);
      if (!(element instanceof Y.XmlElement)) return 'not an element';
      const copy = element.clone();
      doc.transact(() => {
        fragment.delete(from);
        fragment.insert(prng.int32(gen, 0, fragment.length), [copy]);
      });
      return 'move element';
    }
    case 7: {
      if (clauses.length === 0) return 'no clause';
      const target = prng.oneOf(gen, clauses);
      if (prng.bool(gen) || target.length < 2) target.insert(prng.int32(gen, 0, target.length), [newParagraph(prng.oneOf(gen, words))]);
      else target.delete(prng.int32(gen, 0, target.length - 1));
      return 'paragraph added or deleted in a clause';
    }
    case 8: {
      if (paragraphs.length === 0) return 'no paragraph';
      const paragraph = prng.oneOf(gen, paragraphs);
      const at = prng.int32(gen, 0, paragraph.length);
      // A hard break, or a text beside another text (y-prosemirror merges those while converting).
      paragraph.insert(at, [prng.bool(gen) ? new Y.XmlElement('hard_break') : new Y.XmlText(prng.oneOf(gen, words))]);
      return 'inline element';
    }
    case 9: {
      if (clauses.length === 0) return 'no clause';
      const target = prng.oneOf(gen, clauses);
      const roll = prng.int32(gen, 0, 2);
      if (roll === 0) target.setAttribute('id', `${name}${++idCounter}`);
      else if (roll === 1) target.setAttribute('id', String(prng.oneOf(gen, clauses).getAttribute('id') ?? 'ka1'));
      else target.removeAttribute('id');
      return 'clause id';
    }
    case 10:
    case 11: {
      const entries = sectionClauseStatuses(doc, 's', localAgreement);
      if (entries.length === 0) return 'no clause with an id';
      const entry = prng.oneOf(gen, entries);
      const side: NegotiationSide = prng.bool(gen) ? 'region' : 'kommune';
      const stance = prng.bool(gen) ? 'enig' : 'uenig';
      recordPosition(doc, {
        clauseId: entry.clauseId,
        side,
        stance,
        ...(stance === 'uenig' ? { reason: 'For kort frist' } : {}),
        textHash: prng.bool(gen) ? entry.hash : 'en-ældre-tekst',
        text: entry.normalised,
        by: { name: side, organisation: side },
        at: new Date(0).toISOString(),
      });
      return 'position';
    }
    case 12: {
      fragment.insert(prng.int32(gen, 0, fragment.length), [newParagraph(`Løst afsnit ${++idCounter}.`)]);
      return 'loose paragraph';
    }
    default: {
      // Several changes in one transaction, with the statuses read in the middle of it: an element
      // converted then may still change before the transaction ends.
      const tracker = trackers.get(doc)!;
      doc.transact(() => {
        const added = newClause(`${name}${++idCounter}`, 'Klausul fra en transaktion.');
        fragment.insert(prng.int32(gen, 0, fragment.length), [added]);
        randomEdit(doc, gen, name);
        tracker.statuses(localAgreement);
        // (The edit before may have deleted the new clause; a deleted type lists no children.)
        allOf(added, Y.XmlText)[0]?.insert(0, 'Ændret i samme transaktion: ');
        randomEdit(doc, gen, name);
      });
      return 'transaction';
    }
  }
}

const trackers = new Map<Y.Doc, SectionStatusTracker>();

describe('SectionStatusTracker', () => {
  it(
    'equals a full conversion after random local, remote and concurrent edits',
    withSeed((gen) => {
      // Replica "a" sends its updates to "b" at once; "b" holds its own and sends them in batches,
      // so "a" receives remote updates that touch several elements, concurrent with its own edits.
      const a = new Y.Doc();
      const b = new Y.Doc();
      seedSection(a, 'ka');
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE);
      a.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) Y.applyUpdate(b, update, REMOTE);
      });
      let held: Uint8Array[] = [];
      b.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) held.push(update);
      });
      const deliver = () => {
        if (held.length === 0) return;
        const update = Y.mergeUpdates(held);
        held = [];
        Y.applyUpdate(a, update, REMOTE);
      };
      const undo = new Y.UndoManager(a.getXmlFragment(SECTION_FRAGMENT), { captureTimeout: 0 });
      for (const doc of [a, b]) trackers.set(doc, new SectionStatusTracker(doc, 's'));
      try {
        for (let step = 0; step < STEPS; step++) {
          const roll = prng.int32(gen, 0, 19);
          let what: string;
          if (roll < 9) what = `a: ${randomEdit(a, gen, 'ka')}`;
          else if (roll < 16) what = `b: ${randomEdit(b, gen, 'kb')}`;
          else if (roll < 18) {
            deliver();
            what = 'b delivered to a';
          } else if (roll === 18) {
            undo.undo();
            what = 'a: undo';
          } else {
            undo.redo();
            what = 'a: redo';
          }
          for (const [doc, name] of [
            [a, 'a'],
            [b, 'b'],
          ] as const) {
            const cached = trackers.get(doc)!.statuses(localAgreement);
            expect(comparable(cached), `replica ${name} after step ${step} (${what})`).toEqual(comparable(sectionClauseStatuses(doc, 's', localAgreement)));
          }
        }
        deliver();
        expect(comparable(trackers.get(a)!.statuses(localAgreement))).toEqual(comparable(trackers.get(b)!.statuses(localAgreement)));
      } finally {
        for (const tracker of trackers.values()) tracker.dispose();
        trackers.clear();
      }
    }),
  );

  it('converts and hashes again only the clause that changed', () => {
    const doc = new Y.Doc();
    seedSection(doc, 'ka');
    const tracker = new SectionStatusTracker(doc, 's');
    const first = tracker.statuses(localAgreement);
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    const second = topClauses(fragment)[1];
    ((second.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Nu: ');

    const before = hashesComputed();
    const after = tracker.statuses(localAgreement);
    expect(hashesComputed() - before).toBe(1);
    expect(after.map((e) => e.node === first.find((f) => f.clauseId === e.clauseId)?.node)).toEqual([true, false, true, true, true]);
    expect(after[1].normalised).toBe(normaliseContent(after[1].node));
    expect(after[1].hash).toBe(clauseHash(after[1].node));
    tracker.dispose();
  });

  it('stops observing the document when disposed', () => {
    const doc = new Y.Doc();
    seedSection(doc, 'ka');
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    const observers = () => fragment._dEH.l.length;
    const tracker = new SectionStatusTracker(doc, 's');
    expect(observers()).toBe(1);
    tracker.dispose();
    tracker.dispose();
    expect(observers()).toBe(0);
    expect(() => tracker.statuses(localAgreement)).toThrow(/after dispose/);
  });
});

const agreementOf = (sectionIds: string[]) => generatedAgreement(sectionIds, 2);

describe('computeOverview with remembered sections', () => {
  it(
    'equals a fresh computation after edits, and keeps the items of sections that did not change',
    withSeed((gen) => {
      const ids = ['s0', 's1', 's2', 's3'];
      let agreement = agreementOf(ids);
      const docs = new Map(ids.map((id) => [id, new Y.Doc()]));
      for (const [id, doc] of docs) {
        seedSection(doc, `${id}k`);
        trackers.set(doc, new SectionStatusTracker(doc, 's'));
        // Every clause disputed by one side, so each section has attention items.
        for (const entry of sectionClauseStatuses(doc, 's', localAgreement)) {
          recordPosition(doc, {
            clauseId: entry.clauseId,
            side: 'kommune',
            stance: 'uenig',
            reason: 'For kort frist',
            textHash: entry.hash,
            text: entry.normalised,
            by: { name: 'k', organisation: 'k' },
            at: new Date(0).toISOString(),
          });
        }
      }
      try {
        const statuses = new Map([...docs].map(([id, doc]) => [id, trackers.get(doc)!.statuses(localAgreement)]));
        let overview = computeOverview(agreement, statuses);
        for (let step = 0; step < Math.ceil(STEPS / 3); step++) {
          const id = prng.oneOf(gen, ids);
          const doc = docs.get(id)!;
          let what = randomEdit(doc, gen, `${id}k`);
          if (prng.int32(gen, 0, 9) === 0) {
            // A section renamed or moved: its items change although its statuses did not.
            const moved = prng.oneOf(gen, ids);
            agreement = {
              ...agreement,
              sections: agreement.sections.map((s) => (s.id === moved ? { ...s, title: `${s.title}!`, order: -s.order } : s)),
            };
            what += `; ${moved} renamed and moved`;
          }
          const previous = overview;
          statuses.set(id, trackers.get(doc)!.statuses(localAgreement));
          overview = computeOverview(agreement, statuses);
          const fresh = computeOverview(agreement, new Map([...docs].map(([sid, d]) => [sid, sectionClauseStatuses(d, 's', localAgreement)])));
          expect(overview, `after step ${step} (${id}: ${what})`).toEqual(fresh);
          const key = (item: { sectionId: string; clauseId: string }) => `${item.sectionId}/${item.clauseId}`;
          const before = new Map(previous.attention.map((item) => [key(item), item]));
          for (const item of overview.attention) {
            const old = before.get(key(item));
            if (item.sectionId !== id && old && old.sectionTitle === item.sectionTitle && old.number === item.number) {
              expect(item, `unchanged section ${item.sectionId} after step ${step}`).toBe(old);
            }
          }
        }
      } finally {
        for (const tracker of trackers.values()) tracker.dispose();
        trackers.clear();
      }
    }),
  );
});
