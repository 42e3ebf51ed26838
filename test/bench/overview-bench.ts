// Overview benchmark (negotiation issue): "the overview on a generated agreement of 3,000 clauses
// recomputes after an edit in < 50 ms".
//
// The agreement is the gen2-midtjylland template's structure (instantiate, written to and read back
// from a structure Y.Doc), with 3,000 generated clauses of Danish text spread over its sections, each
// section seeded into its own Y.Doc (prosemirrorToYXmlFragment) and given positions with
// recordPosition so that the statuses are mixed: open, awaiting, agreed, disputed (with reasons and
// alternatives) and changed after agreement (positions bound to an older text).
//
// One measured edit = a Yjs change in one random section (a word typed into a clause's Y.XmlText, or
// a position taken) followed by what DisputesOverview does for it: the statuses of that section only
// (its SectionStatusTracker, which converts again only the changed clause), then computeOverview over
// all sections. The UI batches changes per animation frame; one edit per frame is its worst case, and
// what is measured here.
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prng from 'lib0/prng';
import type { Node as PMNode } from 'prosemirror-model';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import type { Agreement } from '../../shared/domain/agreement.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { cachedClauseHash, clauseStatuses, hashesComputed, type ClauseStatusEntry } from '../../shared/negotiation/clauseStatuses.ts';
import { computeOverview, SectionStatusTracker } from '../../shared/negotiation/overview.ts';
import type { NegotiationSide } from '../../shared/negotiation/position.ts';
import { currentPositions, recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { readableClauseText } from '../../shared/negotiation/wordDiff.ts';
import { readAgreement, writeAgreement } from '../../shared/structure/structureDoc.ts';
import { findTemplate, instantiate, loadTemplates } from '../../electron/workspace/templates.ts';
import { editWords, generateSection, pagesOf, sentence } from './danishText.ts';
import { formatProfile, packageOrPath, summarizeProfile, type CpuProfile } from './cpuProfile.ts';
import { formatSummary, summarize, verdict, type Summary } from './stats.ts';
import { localDirectory } from '../../shared/identity/counted.ts';

/** These tests concern the text and statuses alone: an agreement without a root key, where every
 *  position counts (shared/identity/ARCHITECTURE.md). */
const localAgreement = localDirectory('a');

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = path.join(repoRoot, 'resources/templates');
const TEMPLATE_ID = 'gen2-midtjylland';

/** Target: recomputation after an edit, p95 (ms). */
export const OVERVIEW_TARGET_MS = 50;

export interface OverviewBenchOptions {
  /** Seed of every random choice (default: random, printed). */
  seed?: number;
  /** Clauses in the whole agreement (default 3,000). */
  clauses?: number;
  /** Measured edits (default 200), after `warmupEdits` (default 20) that are not counted. */
  edits?: number;
  warmupEdits?: number;
  /** Print a CPU profile of further edits even when the target is met. */
  profile?: boolean;
  log?: (line: string) => void;
}

export interface OverviewBenchResult {
  seed: number;
  clauses: number;
  sections: number;
  coldMs: number;
  /** Section statuses + computeOverview after an edit (the target's figure). */
  recompute: Summary;
  /** The edit itself (Yjs transaction) + the recomputation. */
  editAndRecompute: Summary;
  sectionStatuses: Summary;
  overview: Summary;
  targets: { recomputeP95: boolean };
}

const people: Record<NegotiationSide, { name: string; organisation: string }[]> = {
  region: [
    { name: 'Anne Mette Holm', organisation: 'Region Midtjylland' },
    { name: 'Søren Kjærgaard', organisation: 'Hospitalsenhed Midt' },
    { name: 'Lene Østergaard', organisation: 'Aarhus Universitetshospital' },
  ],
  kommune: [
    { name: 'Jens Ravn', organisation: 'Aarhus Kommune' },
    { name: 'Mette Bøgh', organisation: 'Randers Kommune' },
    { name: 'Karen Lyngsø', organisation: 'Herning Kommune' },
  ],
};

const reasons = [
  'Fristen er for kort til, at kommunen kan nå at visitere.',
  'Opgaven er ikke finansieret i den nuværende aftale.',
  'Ansvaret bør ligge hos den praktiserende læge.',
  'Formuleringen er for uklar til at kunne følges op.',
  'Vi kan ikke forpligte os uden en fælles it-løsning.',
  'Kravet rækker ud over bekendtgørelsens minimum.',
];

const otherSide = (side: NegotiationSide): NegotiationSide => (side === 'region' ? 'kommune' : 'region');

/** The same clause with a word more in its first paragraph: the text an older agreement was on. */
function olderVersion(clause: PMNode, gen: prng.PRNG): PMNode {
  const first = clause.child(0);
  const older = first.type.create(first.attrs, [schema.text(`${prng.oneOf(gen, editWords)} `), ...childrenOf(first)]);
  return clause.copy(clause.content.replaceChild(0, older));
}

const childrenOf = (node: PMNode): PMNode[] => {
  const out: PMNode[] = [];
  node.forEach((c) => out.push(c));
  return out;
};

let clock = Date.UTC(2011, 2, 1);
const nextTime = () => new Date((clock += 3_600_000)).toISOString();

function takePosition(
  doc: Y.Doc,
  gen: prng.PRNG,
  clauseId: string,
  side: NegotiationSide,
  stance: 'enig' | 'uenig',
  on: { hash: string; text: string },
): void {
  recordPosition(doc, {
    clauseId,
    side,
    stance,
    ...(stance === 'uenig'
      ? { reason: prng.oneOf(gen, reasons), ...(prng.bool(gen) ? { alternative: sentence(gen) } : {}) }
      : {}),
    textHash: on.hash,
    text: on.text,
    by: prng.oneOf(gen, people[side]),
    at: nextTime(),
  });
}

/**
 * Positions for one clause: 30 % open, 15 % awaiting (one side agrees), 27 % agreed, 14 % disputed,
 * 14 % changed after agreement (one or both sides agreed on an older text).
 */
function givePositions(doc: Y.Doc, gen: prng.PRNG, clauseId: string, clause: PMNode): void {
  const current = { hash: clauseHash(clause), text: normaliseContent(clause) };
  const side: NegotiationSide = prng.bool(gen) ? 'region' : 'kommune';
  const roll = prng.int32(gen, 0, 99);
  if (roll < 30) return;
  if (roll < 45) return takePosition(doc, gen, clauseId, side, 'enig', current);
  if (roll < 72) {
    takePosition(doc, gen, clauseId, side, 'enig', current);
    return takePosition(doc, gen, clauseId, otherSide(side), 'enig', current);
  }
  if (roll < 86) {
    if (prng.bool(gen)) takePosition(doc, gen, clauseId, side, 'enig', current);
    return takePosition(doc, gen, clauseId, otherSide(side), 'uenig', current);
  }
  const older = olderVersion(clause, gen);
  const old = { hash: clauseHash(older), text: normaliseContent(older) };
  takePosition(doc, gen, clauseId, side, 'enig', old);
  takePosition(doc, gen, clauseId, otherSide(side), 'enig', prng.bool(gen) ? old : current);
}

export interface BenchAgreement {
  agreement: Agreement;
  docs: Map<string, Y.Doc>;
  words: number;
}

/** The template's agreement with `clauses` clauses spread over its sections (50–150 weight each). */
export function buildAgreement(gen: prng.PRNG, clauses: number): BenchAgreement {
  const template = findTemplate(loadTemplates(TEMPLATES), TEMPLATE_ID);
  const structure = new Y.Doc();
  writeAgreement(structure, instantiate(template, 'bench-agreement', undefined, new Date(Date.UTC(2011, 0, 3))));
  const agreement = readAgreement(structure);
  if (!agreement) throw new Error('the structure document did not read back');
  const weights = agreement.sections.map(() => prng.int32(gen, 50, 150));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / weightSum) * clauses));
  for (let i = 0; clauses - counts.reduce((a, b) => a + b, 0) > 0; i++) counts[i % counts.length]++;
  const docs = new Map<string, Y.Doc>();
  let words = 0;
  agreement.sections.forEach((section, i) => {
    const generated = generateSection(gen, counts[i], `${section.id}-k`);
    words += generated.words;
    const doc = new Y.Doc();
    prosemirrorToYXmlFragment(generated.doc, doc.getXmlFragment(SECTION_FRAGMENT));
    for (const c of clausesOf(generated.doc)) givePositions(doc, gen, c.id!, c.node);
    docs.set(section.id, doc);
  });
  return { agreement, docs, words };
}

type EditKind = 'text' | 'position';

/** One edit in `doc`: a word typed into a random clause's first paragraph, or a position taken. */
function edit(doc: Y.Doc, entries: readonly ClauseStatusEntry[], gen: prng.PRNG, kind: EditKind): void {
  if (kind === 'position') {
    const entry = prng.oneOf(gen, entries as ClauseStatusEntry[]);
    const side: NegotiationSide = prng.bool(gen) ? 'region' : 'kommune';
    const stance = prng.int32(gen, 0, 9) < 7 ? 'enig' : 'uenig';
    takePosition(doc, gen, entry.clauseId, side, stance, { hash: entry.hash, text: entry.normalised });
    return;
  }
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  const clauses = fragment.toArray().filter((t): t is Y.XmlElement => t instanceof Y.XmlElement && t.nodeName === 'clause');
  const paragraph = prng.oneOf(gen, clauses).get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  const plain = text.toString().replace(/<[^>]*>/g, '');
  const spaces = [...plain.matchAll(/ /g)].map((m) => m.index! + 1);
  const at = spaces.length > 0 ? prng.oneOf(gen, spaces) : 0;
  text.insert(at, `${prng.oneOf(gen, editWords)} `);
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

export async function runOverviewBench(options: OverviewBenchOptions = {}): Promise<OverviewBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const seed = options.seed ?? prng.uint32(prng.create(Date.now()), 0, 2 ** 31);
  const gen = prng.create(seed);
  const clauseCount = options.clauses ?? 3000;
  const editCount = options.edits ?? 200;
  const warmupEdits = options.warmupEdits ?? 20;

  const b0 = performance.now();
  const { agreement, docs, words } = buildAgreement(gen, clauseCount);
  log(
    `overview bench: seed ${seed} (--seed to repeat); template ${TEMPLATE_ID}: ${agreement.sections.length} sections, ` +
      `${clauseCount.toLocaleString('en-US')} clauses, ${words.toLocaleString('en-US')} words (~${Math.round(pagesOf(words))} pages); ` +
      `built in ${((performance.now() - b0) / 1000).toFixed(1)} s`,
  );

  // Cold: every section's statuses and the overview, once, as when the overview is opened.
  const c0 = performance.now();
  const trackers = new Map([...docs].map(([id, doc]) => [id, new SectionStatusTracker(doc, id)]));
  const statuses = new Map<string, ClauseStatusEntry[]>();
  for (const [id, tracker] of trackers) statuses.set(id, tracker.statuses(localAgreement));
  const c1 = performance.now();
  let overview = computeOverview(agreement, statuses);
  const c2 = performance.now();
  const coldMs = c2 - c0;
  const t = overview.total;
  if (t.total !== clauseCount) throw new Error(`the overview counts ${t.total} clauses, not ${clauseCount}`);
  log(
    `  statuses: åben ${t.aaben}, afventer ${t.afventer}, enighed ${t.enighed}, uenighed ${t.uenighed}, ændret ${t.aendret} ` +
      `(${t.agreedPercent} % agreed); ${overview.attention.length} clauses need attention`,
  );
  log(`  cold, all sections:        ${ms(coldMs)} (statuses ${ms(c1 - c0)}, computeOverview ${ms(c2 - c1)})`);

  const sectionIds = [...docs.keys()];
  const samples = { recompute: [] as number[], total: [] as number[], statuses: [] as number[], overview: [] as number[] };
  const byKind: Record<EditKind, number[]> = { text: [], position: [] };
  let hashes = 0;
  const runEdits = (count: number, record: boolean) => {
    for (let i = 0; i < count; i++) {
      const id = prng.oneOf(gen, sectionIds);
      const doc = docs.get(id)!;
      const kind: EditKind = prng.int32(gen, 0, 3) === 0 ? 'position' : 'text';
      const h0 = hashesComputed();
      const t0 = performance.now();
      edit(doc, statuses.get(id)!, gen, kind);
      const t1 = performance.now();
      statuses.set(id, trackers.get(id)!.statuses(localAgreement));
      const t2 = performance.now();
      overview = computeOverview(agreement, statuses);
      const t3 = performance.now();
      if (!record) continue;
      hashes += hashesComputed() - h0;
      samples.total.push(t3 - t0);
      samples.recompute.push(t3 - t1);
      samples.statuses.push(t2 - t1);
      samples.overview.push(t3 - t2);
      byKind[kind].push(t3 - t1);
    }
  };
  runEdits(warmupEdits, false);
  runEdits(editCount, true);
  if (overview.total.total !== clauseCount) throw new Error(`after the edits the overview counts ${overview.total.total} clauses`);

  const result: OverviewBenchResult = {
    seed,
    clauses: clauseCount,
    sections: agreement.sections.length,
    coldMs,
    recompute: summarize(samples.recompute),
    editAndRecompute: summarize(samples.total),
    sectionStatuses: summarize(samples.statuses),
    overview: summarize(samples.overview),
    targets: { recomputeP95: false },
  };
  result.targets.recomputeP95 = result.recompute.p95 < OVERVIEW_TARGET_MS;

  log(`  ${editCount} edits in random sections (${byKind.text.length} words typed, ${byKind.position.length} positions taken), after ${warmupEdits} not counted:`);
  log(`    recompute (section statuses + computeOverview): ${formatSummary(result.recompute)}`);
  log(`      of which the section's tracker.statuses():    ${formatSummary(result.sectionStatuses)}`);
  log(`      of which computeOverview(all sections):       ${formatSummary(result.overview)}`);
  log(`    edit + recompute:                               ${formatSummary(result.editAndRecompute)}`);
  log(`    after a word typed:   ${formatSummary(summarize(byKind.text))}`);
  log(`    after a position:     ${formatSummary(summarize(byKind.position))}`);
  log(`    clause hashes computed per recompute: ${(hashes / editCount).toFixed(1)} (mean section: ${(clauseCount / agreement.sections.length).toFixed(1)} clauses)`);
  log(`  target: recompute p95 ${ms(result.recompute.p95)} < ${OVERVIEW_TARGET_MS} ms: ${verdict(result.targets.recomputeP95)}`);

  breakdown(docs, statuses, log);
  if (options.profile || !result.targets.recomputeP95) {
    const profiled = 100;
    const profile = await profileOf(() => runEdits(profiled, false));
    log(`  CPU profile of ${profiled} more edits + recomputations (per edit):`);
    for (const line of formatProfile(summarizeProfile(profile, nodeModuleOf), profiled)) log(line);
  }
  for (const tracker of trackers.values()) tracker.dispose();
  for (const doc of docs.values()) doc.destroy();
  return result;
}

/**
 * The parts of an uncached recomputation (sectionClauseStatuses converting the whole section, every
 * attention text derived again) timed one by one, over every section (means per section / per call):
 * what the trackers and computeOverview's memory save.
 */
function breakdown(docs: Map<string, Y.Doc>, statuses: Map<string, ClauseStatusEntry[]>, log: (line: string) => void): void {
  let toPM = 0;
  let normalise = 0;
  let hash = 0;
  let positions = 0;
  let statusesMs = 0;
  let clauses = 0;
  const rounds = 3;
  for (let r = 0; r < rounds; r++) {
    for (const doc of docs.values()) {
      const t0 = performance.now();
      const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema);
      const t05 = performance.now();
      for (const c of clausesOf(root)) normaliseContent(c.node);
      const t1 = performance.now();
      const refs = clausesOf(root);
      // New nodes, so every hash is computed; the cache is filled for the clauseStatuses call below.
      for (const c of refs) cachedClauseHash(c.node);
      const t2 = performance.now();
      for (const c of refs) currentPositions(doc, c.id!);
      const t3 = performance.now();
      // The same nodes again: now every hash is cached, so this is the cost without hashing.
      clauseStatuses(root, (id) => currentPositions(doc, id));
      const t4 = performance.now();
      toPM += t05 - t0;
      normalise += t1 - t05;
      hash += t2 - t1;
      positions += t3 - t2;
      statusesMs += t4 - t3;
      clauses += refs.length;
    }
  }
  const sections = docs.size * rounds;
  const all = [...statuses.values()].flat();
  const attention = all.filter((e) => e.status === 'uenighed' || e.status === 'aendret');
  const a0 = performance.now();
  for (const e of attention) readableClauseText(normaliseContent(e.node));
  const attentionMs = performance.now() - a0;
  log('  breakdown without caches (each part timed alone, mean per section of ' + (clauses / sections).toFixed(0) + ' clauses):');
  log(`    yXmlFragmentToProseMirrorRootNode:            ${ms(toPM / sections)}`);
  log(`    normaliseContent of every clause:             ${ms(normalise / sections)}  (${((normalise / clauses) * 1000).toFixed(1)} µs a clause)`);
  log(`    clauseHash of every clause (uncached):        ${ms(hash / sections)}  (${((hash / clauses) * 1000).toFixed(1)} µs a clause, normaliseContent included)`);
  log(`    currentPositions of every clause (zod):       ${ms(positions / sections)}  (${((positions / clauses) * 1000).toFixed(1)} µs a clause)`);
  log(`    clauseStatuses with every hash cached:        ${ms(statusesMs / sections)}  (so the rest of sectionClauseStatuses is hashing and conversion)`);
  log(`    every attention text (${attention.length} × readableClauseText(normaliseContent)): ${ms(attentionMs)}`);
}

async function profileOf(work: () => void): Promise<CpuProfile> {
  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    work();
    const { profile } = await session.post('Profiler.stop');
    return profile as CpuProfile;
  } finally {
    session.disconnect();
  }
}

function nodeModuleOf(frame: { url: string }): string {
  if (!frame.url) return '(native)';
  if (frame.url.startsWith('node:')) return frame.url;
  const file = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  return packageOrPath(path.relative(repoRoot, file));
}
