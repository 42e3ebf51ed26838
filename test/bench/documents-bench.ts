// Document check benchmark (issue 10, point 4): what checkUpdate and checkDoc cost.
//
// checkUpdate must cost about O(update size), not O(document): a keystroke's update is checked
// against a generated 600-clause section and against a 10-clause one, and the two costs should be
// about equal. Also printed: checkDoc over the whole large section (done when a workspace opens and
// when the app receives a document), checking its full state as one update (a sync step 2 or a
// bundle), and refusing the poison (20,000 nested blockquotes, about 424 KB).
import * as prng from 'lib0/prng';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { checkDoc, checkUpdate } from '../../shared/documents/check.ts';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { editWords, generateSection } from './danishText.ts';
import { formatSummary, summarize, verdict, type Summary } from './stats.ts';
import { nestedElementsUpdate } from '../helpers/poison.ts';

/** Target: checking one keystroke's update against the large section, p95 (ms). */
export const KEYSTROKE_TARGET_MS = 1;
/** Target: p50 cost on the large section at most this many times the small one's. */
export const SIZE_RATIO_TARGET = 3;

export interface DocumentsBenchOptions {
  seed?: number;
  /** Measured keystrokes per section size (default 500). */
  keystrokes?: number;
  log?: (line: string) => void;
}

export interface DocumentsBenchResult {
  seed: number;
  small: Summary;
  large: Summary;
  checkDocMs: number;
  fullUpdateMs: number;
  poisonMs: number;
  targets: { keystroke: boolean; ratio: boolean };
}

const DOC_ID = sectionDocId('bench', 'afsnit');

function section(gen: prng.PRNG, clauses: number): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(generateSection(gen, clauses, 'k').doc, doc.getXmlFragment(SECTION_KEYS.text));
  return doc;
}

/** The Y.XmlText nodes of a section, where keystrokes go. */
function texts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const stack: (Y.XmlFragment | Y.XmlElement)[] = [doc.getXmlFragment(SECTION_KEYS.text)];
  while (stack.length > 0) {
    for (const child of stack.pop()!.toArray()) {
      if (child instanceof Y.XmlText) out.push(child);
      else if (child instanceof Y.XmlElement) stack.push(child);
    }
  }
  return out;
}

/** Types `count` characters at random places; each update is checked against a replica first. */
function keystrokeCosts(gen: prng.PRNG, doc: Y.Doc, count: number): number[] {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const targets = texts(doc);
  const samples: number[] = [];
  const onUpdate = (update: Uint8Array) => {
    const started = performance.now();
    const result = checkUpdate(DOC_ID, replica, update);
    samples.push(performance.now() - started);
    if (!result.ok) throw new Error(`a genuine keystroke was refused: ${result.reason}`);
    Y.applyUpdate(replica, update);
  };
  doc.on('update', onUpdate);
  for (let i = 0; i < count; i++) {
    const text = prng.oneOf(gen, targets);
    const word = prng.oneOf(gen, editWords);
    text.insert(prng.int32(gen, 0, text.length), word[prng.int32(gen, 0, word.length - 1)]);
  }
  doc.off('update', onUpdate);
  return samples;
}

const time = (fn: () => void): number => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};

export async function runDocumentsBench(options: DocumentsBenchOptions = {}): Promise<DocumentsBenchResult> {
  const log = options.log ?? console.log;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const keystrokes = options.keystrokes ?? 500;
  const gen = prng.create(seed);
  log(`documents (seed ${seed}): the document check`);

  const small = section(gen, 10);
  const large = section(gen, 600);
  const fullState = Y.encodeStateAsUpdate(large);
  // Warm up both paths before measuring.
  keystrokeCosts(gen, section(gen, 10), 100);
  const smallSummary = summarize(keystrokeCosts(gen, small, keystrokes));
  const largeSummary = summarize(keystrokeCosts(gen, large, keystrokes));
  const checkDocMs = time(() => {
    if (!checkDoc(DOC_ID, large).ok) throw new Error('the generated section was refused');
  });
  const fullUpdateMs = time(() => {
    if (!checkUpdate(DOC_ID, new Y.Doc(), fullState).ok) throw new Error('the generated section was refused');
  });
  const poison = nestedElementsUpdate(20_000);
  const poisonMs = time(() => {
    if (checkUpdate(DOC_ID, new Y.Doc(), poison).ok) throw new Error('the poison was accepted');
  });

  const targets = {
    keystroke: largeSummary.p95 < KEYSTROKE_TARGET_MS,
    ratio: largeSummary.p50 <= SIZE_RATIO_TARGET * Math.max(smallSummary.p50, 0.005),
  };
  log(`  keystroke checkUpdate, 10 clauses:  ${formatSummary(smallSummary, 3)}`);
  log(`  keystroke checkUpdate, 600 clauses: ${formatSummary(largeSummary, 3)}`);
  log(`    p95 < ${KEYSTROKE_TARGET_MS} ms: ${verdict(targets.keystroke)}; p50 within ${SIZE_RATIO_TARGET}× of the small section's: ${verdict(targets.ratio)}`);
  log(`  checkDoc, 600 clauses (${(fullState.byteLength / 1024).toFixed(0)} KB): ${checkDocMs.toFixed(1)} ms`);
  log(`  checkUpdate of its full state onto an empty replica: ${fullUpdateMs.toFixed(1)} ms`);
  log(`  refusing 20,000 nested blockquotes (${(poison.byteLength / 1024).toFixed(0)} KB): ${poisonMs.toFixed(1)} ms`);
  return { seed, small: smallSummary, large: largeSummary, checkDocMs, fullUpdateMs, poisonMs, targets };
}
