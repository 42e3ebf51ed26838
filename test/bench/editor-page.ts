// The editor benchmark's page (bundled by editor-bench.ts with esbuild, run in Chromium). One section
// of ~600 blocks is seeded into a Y.Doc and opened twice, side by side:
// - "bare": a plain EditorView with the app's schema on the same document (yXmlFragmentToProseMirror-
//   RootNode) and baseKeymap only;
// - "full": the app's editor: sectionEditorPlugins bound to the Y.Doc, with a status chip on every
//   clause (positions signed in Node by the identity fixture's co-chairs, recorded here with
//   recordPosition and judged as SectionView judges them: countedPositions and notCountedFlag with the
//   directory read from the fixture's structure document, verified by WebCrypto; chips made as
//   SectionView makes them), 50
//   comment threads anchored with createAnchor, and SectionView's suggestingDispatch (suggestion
//   mode off, as by default), and presence: y-prosemirror's cursor plugin as the app drives it
//   (shared/editor/presence.ts) with five other people's cursors, one of which moves (an awareness
//   update from the relay, applied with applyAwarenessUpdate, which moves the person's caret and
//   selection over the text, timed on its own) before every measured operation; the carets' placing
//   again after each change, before the next paint, is timed too (remoteCursors.ts' measure).
//   SectionView's React re-render per transaction (setVersion) is not part of it.
// The page exposes `window.editorBench`; Node drives it, interleaving the variants round by round.
// Both views receive the same edits at the same places, so their documents stay equal (verify()).
import * as prng from 'lib0/prng';
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Plugin, type Transaction } from 'prosemirror-state';
import { Step } from 'prosemirror-transform';
import { EditorView } from 'prosemirror-view';
import { absolutePositionToRelativePosition, prosemirrorToYXmlFragment, relativePositionToAbsolutePosition, ySyncPluginKey, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { othersOnly } from '../../shared/editor/presence.ts';
import * as Y from 'yjs';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { clauseStatusEntries, refreshClauseStatus, type ChipStatus } from '../../shared/editor/clauseStatus.ts';
import { commentPlaces, createAnchor, refreshCommentAnchors } from '../../shared/editor/commentAnchors.ts';
import { suggestingDispatch } from '../../shared/editor/suggestions.ts';
import { readThreads, startThread, type CommentThread } from '../../shared/negotiation/comments.ts';
import { NegotiationSide, type Position } from '../../shared/negotiation/position.ts';
import { currentPositions, recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { countedPositions, judgedPositions, notCountedFlag } from '../../shared/identity/counted.ts';
import { readDirectory, type Directory } from '../../shared/identity/directory.ts';
import { counts } from '../../shared/identity/positionVerdict.ts';
import { rendererVerify, verdictCache } from '../../renderer/src/identity/webCryptoVerify.ts';
import { fromBase64 } from 'lib0/buffer';
import { editWords, pagesOf, type GeneratedSection } from './danishText.ts';
import { BENCH_SECTION_ID, benchSection } from './editorPositions.ts';
import { renderStatusChip } from '../../renderer/src/negotiation/statusChip.ts';
import { setAwayHighlights } from '../../shared/editor/awayHighlights.ts';
import { PLACE_MEASURE } from '../../shared/editor/remoteCursors.ts';
import { CLAUSE_VIEW_CLASS } from '../../shared/editor/clauseView.ts';

export type Variant = 'bare' | 'full';
export type OpKind = 'keystroke' | 'remote';

export interface PageConfig {
  seed: number;
  clauses: number;
  threads: number;
  /** The section's positions, signed in Node (editor-bench.ts), in the order they were taken. */
  signed: Position[];
  /** The structure document (Y.encodeStateAsUpdate, base64) with the participant directory. */
  structure: string;
  /** The agreement's root key, as pinned by the workspace. */
  rootKey: string;
}

export interface SetupInfo {
  topLevelBlocks: number;
  clauses: number;
  words: number;
  pages: number;
  chips: number;
  statuses: Record<string, number>;
  signedPositions: number;
  /** From reading the directory to every position verified and counting (ms). */
  verificationMs: number;
  threads: number;
  anchoredThreads: number;
  anchorElements: number;
  crossOriginIsolated: boolean;
  timerResolutionMs: number;
}

/** One operation: the dispatch alone, and the dispatch followed by a forced layout. */
export interface Sample {
  dispatch: number;
  total: number;
}

/** Mean ms per operation spent in each instrumented part of the full editor. */
export type Breakdown = Record<string, number>;

/** Which parts of the app's editor an editor has (the full one has all). */
export interface Features {
  /** Status chips (clauseStatusPlugin). */
  chips: boolean;
  /** Comment anchors (commentAnchorsPlugin). */
  comments: boolean;
  /** Clause numbers (clauseNumbersPlugin; always in sectionEditorPlugins, filtered out here). */
  numbers: boolean;
  /** The suggestions plugin (always in sectionEditorPlugins, filtered out here). */
  suggestions: boolean;
  /** Presence: the cursor plugin with five others' cursors. */
  presence: boolean;
}

export const ALL_FEATURES: Features = { chips: true, comments: true, numbers: true, suggestions: true, presence: true };

export interface Diagnosis {
  breakdown: Breakdown;
  /** The same, over the slowest tenth of the operations only (what makes the tail). */
  slowest: Breakdown;
  /** Dispatch + forced layout per operation (ms). */
  samples: number[];
}

export interface EditorBenchApi {
  setup(config: PageConfig): Promise<SetupInfo>;
  /** The awareness updates applied since the last call (ms each, applyAwarenessUpdate with the
   *  caret and selection moved, + forced layout), how many remote cursors the full
   *  editor shows, how many are misplaced, and each placing of the carets after a change (ms). */
  takeAwarenessSamples(): Promise<{ samples: Sample[]; cursors: number; misplaced: number; placings: number[] }>;
  prepareRound(kind: OpKind, seed: number, count: number): void;
  runRound(kind: OpKind, variant: Variant): Promise<Sample[]>;
  verify(): { identical: boolean; replicaIdentical: boolean; detail: string };
  /** `features` null: bare ProseMirror (`contained`: with its clauses contained as the app's). */
  diagnose(kind: OpKind, seed: number, count: number, features: Features | null, contained?: boolean): Promise<Diagnosis>;
  teardown(): void;
}

declare global {
  interface Window {
    editorBench: EditorBenchApi;
  }
}

const REMOTE = 'bench-remote-replica';
const author = (side: NegotiationSide) =>
  side === 'region'
    ? { name: 'Anne Mette Holm', organisation: 'Region Midtjylland' }
    : { name: 'Jens Ravn', organisation: 'Aarhus Kommune' };

/** The chip the app renders (clicks open nothing here). */
const renderChip = (status: ChipStatus, _view: EditorView, chip?: HTMLElement): HTMLElement => renderStatusChip(status, () => {}, chip);

/** Records the signed positions in `doc`, in the order they were taken (each one's signature covers
 *  the clause's previous log entry). */
function recordSigned(doc: Y.Doc): void {
  for (const position of config.signed) {
    if (!recordPosition(doc, position)) throw new Error(`the signed position on ${position.clauseId} (${position.side}) was not recorded`);
  }
}

/**
 * Waits until every signature is verified (the WebCrypto verifier answers 'pending' first), reading
 * the directory again while it is pending as useDirectory does, and until every clause's counted
 * positions are the ones its ledger holds. Throws when a genuine position does not count.
 */
async function verifyAll(doc: Y.Doc, structureDoc: Y.Doc, clauseIds: readonly string[]): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    if (directory.pending) directory = readDirectory(structureDoc, rendererVerify, config.rootKey, verdictCache);
    let pending = directory.pending;
    if (!pending) {
      for (const clauseId of clauseIds) {
        const current = currentPositions(doc, clauseId);
        const judged = judgedPositions(doc, BENCH_SECTION_ID, directory, clauseId);
        const counted = countedPositions(doc, BENCH_SECTION_ID, directory, clauseId);
        for (const side of NegotiationSide.options) {
          if (!current[side]) continue;
          const verdict = judged[side]!.verdict;
          if (verdict.status === 'unverified' && verdict.pending) pending = true;
          else if (!counts(verdict)) throw new Error(`the signed ${side} position on ${clauseId} does not count: ${verdict.status} ${'reason' in verdict ? verdict.reason : ''}`);
          else if (counted[side] !== current[side]) throw new Error(`the ${side} position on ${clauseId} is verified but not counted`);
        }
      }
    }
    if (!pending) return;
    if (performance.now() - t0 > 120_000) throw new Error('the signatures were not verified within 120 s');
    // Verdicts arrive in batches (the verifier tells the cache's listeners); wait for the next one.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve();
      }, 50);
      const stop = verdictCache.onChange(() => {
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }
}

/** Waits until the browser has painted and run its other tasks, as between two real keystrokes. */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** The start position of every textblock, in document order. */
function textblockStarts(doc: PMNode): { pos: number; size: number }[] {
  const out: { pos: number; size: number }[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      out.push({ pos, size: node.content.size });
      return false;
    }
    return true;
  });
  return out;
}

/** A place to type: the n-th textblock, at a fraction of its length; the characters typed there. */
interface TypingPlace {
  textblock: number;
  fraction: number;
  chars: string;
}

/** A remote edit: `word` inserted at `offset` in paragraph `child` of the top-level clause `index`. */
interface RemoteEdit {
  index: number;
  child: number;
  offset: number;
  word: string;
}

interface Editor {
  view: EditorView;
  mount: HTMLElement;
}

function mountPoint(label: string): HTMLElement {
  const column = document.createElement('div');
  column.className = 'bench-column';
  column.dataset.variant = label;
  const page = document.createElement('div');
  page.className = 'page';
  const mount = document.createElement('div');
  mount.className = 'section-editor';
  page.append(mount);
  column.append(page);
  document.getElementById('bench-root')!.append(column);
  return mount;
}

let ydoc: Y.Doc;
let replica: Y.Doc;
let pendingForReplica: Uint8Array[] = [];
let bare: Editor;
let full: Editor;
let threads: CommentThread[] = [];
let round: { kind: OpKind; places: TypingPlace[]; edits: RemoteEdit[] } | null = null;
/** The editor whose document prepareRound picks places in (every editor's document is equal to it). */
let reference: EditorView;
let config: PageConfig;
let generated: GeneratedSection;
/** The participant directory the chips judge positions with (SectionView's directoryRef). */
let directory: Directory;
/** The full editor's section awareness (what the relay applies others' states to), the five others,
 *  and the timed awareness updates. */
const RELAYED = 'relay';
const PEOPLE = 5;
let awareness: Awareness | null = null;
let people: Awareness[] = [];
let awarenessSamples: Sample[] = [];
let moves = 0;
/** Seed of the comment threads, so that diagnose() rebuilds the same editor. */
let threadsSeed = 0;

/** The app's editor on `doc`; with `instrument`, every plugin hook reports its time there. */
function makeFull(doc: Y.Doc, mount: HTMLElement, instrument?: Instrument, features: Features = ALL_FEATURES, section?: Awareness): EditorView {
  const keyOf = (plugin: Plugin) => (plugin as unknown as { key: string }).key;
  const plugins = sectionEditorPlugins({
    ...(features.presence && section ? { presence: othersOnly(section, (origin) => origin !== 'local') } : {}),
    fragment: doc.getXmlFragment(SECTION_FRAGMENT),
    sectionNumber: 3,
    // As SectionView: only positions that count under the directory, and a flag for those that do not.
    ...(features.chips
      ? {
          clauseStatus: {
            positionsOf: (clauseId: string) => countedPositions(doc, BENCH_SECTION_ID, directory, clauseId),
            flagOf: (clauseId: string) => notCountedFlag(judgedPositions(doc, BENCH_SECTION_ID, directory, clauseId)),
            renderChip,
          },
        }
      : {}),
    ...(features.comments ? { comments: { threads: () => threads, activeThreadId: () => null } } : {}),
  }).filter(
    (plugin) => (features.numbers || !keyOf(plugin).startsWith('clauseNumbers$')) && (features.suggestions || !/suggest/i.test(keyOf(plugin))),
  );
  if (instrument) for (const plugin of plugins) instrument.wrapPlugin(plugin);
  const apply = function (this: EditorView, tr: Transaction) {
    this.updateState(this.state.apply(tr));
  };
  const view = new EditorView(mount, {
    state: EditorState.create({ schema, plugins }),
    // As SectionView: edits pass through suggestingDispatch (suggestion mode is off here, as by default).
    dispatchTransaction: suggestingDispatch(doc, () => null, instrument ? instrument.dispatch : apply),
    attributes: { 'aria-label': 'Teksten', role: 'textbox', lang: 'da', spellcheck: 'true' },
  });
  return view;
}

/** Bare ProseMirror on `doc`. `contained`: for reference, its clauses carry the class of the app's
 *  clause view (clauseView.ts), so that they are contained as the app's are (styles.css:
 *  content-visibility), and nothing else of the app's: the clause's own DOM, by a node view that
 *  only adds the class. */
function makeBare(doc: Y.Doc, mount: HTMLElement, contained = false): EditorView {
  const pmDoc = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(SECTION_FRAGMENT), schema);
  const clause = (node: PMNode) => {
    const dom = document.createElement('section');
    dom.className = `clause ${CLAUSE_VIEW_CLASS}`;
    if (node.attrs.id) dom.setAttribute('data-clause-id', node.attrs.id as string);
    return { dom, contentDOM: dom };
  };
  return new EditorView(mount, {
    state: EditorState.create({ schema, doc: pmDoc, plugins: [keymap(baseKeymap)] }),
    attributes: { 'aria-label': 'Teksten', role: 'textbox', lang: 'da', spellcheck: 'true' },
    ...(contained ? { nodeViews: { clause } } : {}),
  });
}

/** Starts `count` comment threads on 2–6 words of random clauses (spread over the document). */
function startThreads(view: EditorView, doc: Y.Doc, count: number, gen: prng.PRNG): void {
  const clauses = clausesOf(view.state.doc);
  for (let i = 0; i < count; i++) {
    // One clause from each of `count` equal stretches of the document.
    const c = clauses[Math.floor(((i + prng.real53(gen)) / count) * clauses.length)];
    const paragraph = c.node.child(0);
    const text = paragraph.textContent;
    const starts = [0, ...[...text.matchAll(/ /g)].map((m) => m.index! + 1)];
    const w = prng.int32(gen, 0, Math.max(0, starts.length - 7));
    const endWord = Math.min(starts.length - 1, w + prng.int32(gen, 2, 6));
    const from = c.pos + 2 + starts[w];
    const to = c.pos + 2 + (endWord > w ? starts[endWord] - 1 : text.length);
    const anchor = createAnchor(view.state, from, to);
    if (!anchor) throw new Error(`no anchor for ${from}–${to}`);
    startThread(doc, {
      anchor,
      text: 'Skal fristen ikke følge bekendtgørelsen? Vi foreslår at tage den op på næste møde.',
      by: { ...author(i % 2 === 0 ? 'region' : 'kommune'), side: i % 2 === 0 ? 'region' : 'kommune' },
      at: new Date(Date.UTC(2011, 4, 1) + i * 60_000).toISOString(),
    });
  }
  threads = readThreads(doc, 'shared');
  view.dispatch(refreshCommentAnchors(view.state));
}

function timerResolution(): number {
  let smallest = Infinity;
  for (let i = 0; i < 50; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    smallest = Math.min(smallest, b - a);
  }
  return smallest;
}

const names = ['Anne Mette Holm', 'Jens Ravn', 'Birgitte Lund', 'Ole Kjær', 'Fatima Nielsen'];

/**
 * Person `i` moves their cursor (a collapsed cursor, or a selection of a few characters) to a
 * random place, as their machine would: the relative positions are computed there (untimed), the
 * encoded update is applied here through the relay (timed when `record`).
 */
function moveCursor(view: EditorView, section: Awareness, i: number, gen: prng.PRNG, record: boolean): void {
  const ystate = ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment; binding: { mapping: Map<unknown, unknown> } };
  const blocks = textblockStarts(view.state.doc);
  const block = blocks[prng.int32(gen, 0, blocks.length - 1)];
  const anchor = block.pos + 1 + prng.int32(gen, 0, block.size);
  const head = Math.min(block.pos + 1 + block.size, anchor + (prng.bool(gen) ? 0 : prng.int32(gen, 1, 12)));
  const rel = (pos: number) => absolutePositionToRelativePosition(pos, ystate.type, ystate.binding.mapping as never);
  const person = people[i];
  person.setLocalState({
    user: { name: names[i], side: i % 2 === 0 ? 'region' : 'kommune', verified: true },
    cursor: { anchor: rel(anchor), head: rel(head) },
  });
  const update = encodeAwarenessUpdate(person, [person.clientID]);
  const sample = timed(view, () => applyAwarenessUpdate(section, update, RELAYED));
  if (record) awarenessSamples.push(sample);
}

/** How long each placing of every caret after a change took (ms; remoteCursors.ts measures it),
 *  since the last call. */
function takePlacings(): number[] {
  const entries = performance.getEntriesByName(PLACE_MEASURE, 'measure');
  performance.clearMeasures(PLACE_MEASURE);
  return entries.map((e) => e.duration);
}

/** How many remote carets the full editor shows elsewhere than their relative positions resolve to
 *  now: by the position the caret was placed at, and on screen (its bar against the text's
 *  coordinates there). A caret off screen is parked (remoteCursors.ts), so each one's place is
 *  scrolled to first: the caret must then be shown there, once the clauses scrolled past have been laid out and the carets placed again (a few
 *  frames: content-visibility). The column's scroll is put back afterwards. */
async function misplacedCursors(): Promise<number> {
  const view = full.view;
  const column = view.dom.closest<HTMLElement>('.bench-column')!;
  const scrolled = column.scrollTop;
  const ystate = ySyncPluginKey.getState(view.state) as { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Map<unknown, unknown> } };
  let misplaced = 0;
  for (const person of people) {
    const cursor = (person.getLocalState() as { cursor: { head: unknown } }).cursor;
    const at = relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.createRelativePositionFromJSON(cursor.head), ystate.binding.mapping as never);
    if (at === null) {
      misplaced++;
      continue;
    }
    const pos = Math.min(at, view.state.doc.content.size - 1);
    const { node } = view.domAtPos(pos);
    (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement!).scrollIntoView({ block: 'center' });
    for (let f = 0; f < 8; f++) await nextFrame();
    const caret = full.mount.querySelector<HTMLElement>(`.remote-cursor[data-client="${person.clientID}"]`);
    if (!caret || caret.hidden) {
      misplaced++;
      continue;
    }
    const drawn = caret.getBoundingClientRect();
    const text = view.coordsAtPos(pos);
    if (caret.dataset.pos !== String(pos) || Math.abs(drawn.left + 1 - text.left) > 2 || Math.abs(drawn.top - text.top) > 2) misplaced++;
  }
  column.scrollTop = scrolled;
  await nextFrame();
  return misplaced;
}

async function setup(cfg: PageConfig): Promise<SetupInfo> {
  config = cfg;
  // The section editor-bench.ts signed the positions for.
  ({ generated, threadsSeed } = benchSection(cfg.seed, cfg.clauses));
  ydoc = new Y.Doc();
  prosemirrorToYXmlFragment(generated.doc, ydoc.getXmlFragment(SECTION_FRAGMENT));
  recordSigned(ydoc);
  const structureDoc = new Y.Doc();
  Y.applyUpdate(structureDoc, fromBase64(cfg.structure));
  const verification0 = performance.now();
  directory = readDirectory(structureDoc, rendererVerify, cfg.rootKey, verdictCache);
  const bareMount = mountPoint('bare');
  bare = { mount: bareMount, view: makeBare(ydoc, bareMount) };
  const fullMount = mountPoint('full');
  awareness = new Awareness(new Y.Doc());
  awareness.setLocalState({ cursor: null });
  people = Array.from({ length: PEOPLE }, () => new Awareness(new Y.Doc()));
  full = { mount: fullMount, view: makeFull(ydoc, fullMount, undefined, ALL_FEATURES, awareness) };
  reference = bare.view;
  startThreads(full.view, ydoc, cfg.threads, prng.create(threadsSeed));

  // Before any measurement: every signature verified, then the chips derived again (as SectionView
  // does when verdicts arrive), so their statuses are final.
  await verifyAll(ydoc, structureDoc, generated.clauseIds);
  full.view.dispatch(refreshClauseStatus(full.view.state));
  // The change highlights on, as after coming back: every tenth clause changed by others since last
  // seen (its words inserted since are marked), and three flagged Samtidige ændringer.
  full.view.dispatch(
    setAwayHighlights(full.view.state, {
      unseen: new Map(generated.clauseIds.filter((_, i) => i % 10 === 0).map((id) => [id, 'Teksten som den var, da den sidst blev set.'])),
      concurrent: new Set(generated.clauseIds.slice(1, 4)),
    }),
  );
  const verificationMs = performance.now() - verification0;
  structureDoc.destroy();

  const placeGen = prng.create(threadsSeed + 1);
  for (let i = 0; i < PEOPLE; i++) moveCursor(full.view, awareness, i, placeGen, false);

  replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(ydoc));
  ydoc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) pendingForReplica.push(update);
  });

  const statuses: Record<string, number> = {};
  for (const e of clauseStatusEntries(full.view.state)) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  const places = commentPlaces(full.view.state);
  void full.view.dom.offsetHeight;
  return {
    topLevelBlocks: generated.topLevelBlocks,
    clauses: cfg.clauses,
    words: generated.words,
    pages: pagesOf(generated.words),
    chips: full.view.dom.querySelectorAll('.clause-chip').length,
    statuses,
    signedPositions: cfg.signed.length,
    verificationMs,
    threads: threads.length,
    anchoredThreads: [...places.values()].filter((p) => p.kind === 'text').length,
    anchorElements: full.view.dom.querySelectorAll('.comment-anchor').length,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    timerResolutionMs: timerResolution(),
  };
}

/** Clause paragraphs without marks (so that Yjs and ProseMirror agree on what an insert inherits). */
function remoteTargets(doc: PMNode): { index: number; child: number; offsets: number[] }[] {
  const out: { index: number; child: number; offsets: number[] }[] = [];
  doc.forEach((node, _offset, index) => {
    if (node.type.name !== 'clause') return;
    node.forEach((child, _o, j) => {
      if (child.type.name !== 'paragraph' || child.childCount !== 1 || !child.firstChild!.isText || child.firstChild!.marks.length > 0) return;
      const offsets = [...child.textContent.matchAll(/ /g)].map((m) => m.index! + 1);
      if (offsets.length > 0) out.push({ index, child: j, offsets });
    });
  });
  return out;
}

function prepareRound(kind: OpKind, seed: number, count: number): void {
  const g = prng.create(seed);
  const doc = reference.state.doc;
  if (kind === 'keystroke') {
    const blocks = textblockStarts(doc).length;
    const places: TypingPlace[] = [];
    let left = count;
    while (left > 0) {
      const word = `${prng.oneOf(g, editWords)} `.slice(0, left);
      places.push({ textblock: prng.int32(g, 0, blocks - 1), fraction: prng.real53(g), chars: word });
      left -= word.length;
    }
    round = { kind, places, edits: [] };
  } else {
    const targets = remoteTargets(doc);
    const edits = Array.from({ length: count }, () => {
      const t = prng.oneOf(g, targets);
      return { index: t.index, child: t.child, offset: prng.oneOf(g, t.offsets), word: `${prng.oneOf(g, editWords)} ` };
    });
    round = { kind, places: [], edits };
  }
}

/** Position `offset` characters into paragraph `child` of top-level node `index`. */
function paragraphPos(doc: PMNode, index: number, child: number, offset: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  const clause = doc.child(index);
  pos += 1;
  for (let j = 0; j < child; j++) pos += clause.child(j).nodeSize;
  return pos + 1 + offset;
}

function flushReplica(): void {
  for (const update of pendingForReplica) Y.applyUpdate(replica, update, 'main');
  pendingForReplica = [];
}

/** The replica's edit, as the update another machine would send. */
function remoteUpdate(edit: RemoteEdit): Uint8Array {
  flushReplica();
  let update: Uint8Array | null = null;
  const listener = (u: Uint8Array) => (update = u);
  replica.on('update', listener);
  const clause = replica.getXmlFragment(SECTION_FRAGMENT).get(edit.index) as Y.XmlElement;
  const text = (clause.get(edit.child) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert(edit.offset, edit.word);
  replica.off('update', listener);
  if (!update) throw new Error('the replica made no update');
  return update;
}

/** For bare ProseMirror, the same edit as the message another machine would send: the step, as JSON. */
function remoteStep(view: EditorView, edit: RemoteEdit): string {
  const pos = paragraphPos(view.state.doc, edit.index, edit.child, edit.offset);
  return JSON.stringify(view.state.tr.insertText(edit.word, pos).steps[0].toJSON());
}

/**
 * Applies a received step as prosemirror-collab's receiveTransaction does with nothing unconfirmed:
 * the message is decoded, the transaction built and dispatched. For the app's editor, the timed
 * Y.applyUpdate likewise decodes the update and builds (y-prosemirror) and dispatches the transaction.
 */
function receiveStep(view: EditorView, message: string): void {
  const step = Step.fromJSON(schema, JSON.parse(message) as unknown);
  view.dispatch(view.state.tr.step(step).setMeta('addToHistory', false));
}

/** Times `operation` alone, and with the layout it leaves to do (forced by reading a size). */
function timed(view: EditorView, operation: () => void): Sample {
  const t0 = performance.now();
  operation();
  const t1 = performance.now();
  void view.dom.offsetHeight;
  const t2 = performance.now();
  return { dispatch: t1 - t0, total: t2 - t0 };
}

async function runRound(kind: OpKind, variant: Variant): Promise<Sample[]> {
  if (!round || round.kind !== kind) throw new Error('prepareRound first');
  const view = (variant === 'bare' ? bare : full).view;
  view.focus();
  await nextFrame();
  const samples: Sample[] = [];
  // In the app's editor, one of the five others moves their cursor before every operation.
  const gen = prng.create(moves + 7);
  const others = async () => {
    if (variant !== 'full' || !awareness) return;
    moveCursor(view, awareness, moves++ % PEOPLE, gen, true);
    await nextFrame();
  };
  if (kind === 'keystroke') {
    for (const place of round.places) {
      const block = textblockStarts(view.state.doc)[place.textblock];
      const pos = block.pos + 1 + Math.floor(place.fraction * block.size);
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)));
      await nextFrame();
      for (const ch of place.chars) {
        await others();
        const tr = view.state.tr.insertText(ch);
        samples.push(timed(view, () => view.dispatch(tr)));
        await nextFrame();
      }
    }
    return samples;
  }
  for (const edit of round.edits) {
    await others();
    if (variant === 'full') {
      const update = remoteUpdate(edit);
      samples.push(timed(view, () => Y.applyUpdate(ydoc, update, REMOTE)));
    } else {
      const message = remoteStep(view, edit);
      samples.push(timed(view, () => receiveStep(view, message)));
    }
    await nextFrame();
  }
  return samples;
}

function verify(): { identical: boolean; replicaIdentical: boolean; detail: string } {
  flushReplica();
  const a = bare.view.state.doc;
  const b = full.view.state.doc;
  const fromReplica = yXmlFragmentToProseMirrorRootNode(replica.getXmlFragment(SECTION_FRAGMENT), schema);
  const identical = a.eq(b);
  const start = identical ? null : a.content.findDiffStart(b.content);
  return {
    identical,
    replicaIdentical: fromReplica.eq(b),
    detail: identical ? `${a.content.size} positions` : `first difference at ${start}`,
  };
}

// --- instrumentation (diagnose) -------------------------------------------------------------------

class Instrument {
  /** The current operation's parts (a new map from the driver before each). */
  op = new Map<string, number>();
  /** Off while the driver dispatches what is not measured (moving the cursor). */
  enabled = true;
  private add(label: string, ms: number): void {
    if (this.enabled) this.op.set(label, (this.op.get(label) ?? 0) + ms);
  }
  private timed<A extends unknown[], R>(label: string, fn: (...args: A) => R): (...args: A) => R {
    const add = (ms: number) => this.add(label, ms);
    return function (this: unknown, ...args: A): R {
      const t0 = performance.now();
      try {
        return fn.apply(this, args);
      } finally {
        add(performance.now() - t0);
      }
    };
  }
  /** Times the plugin's state apply, appendTransaction, decorations prop and view update. */
  wrapPlugin(plugin: Plugin): void {
    const name = (plugin as unknown as { key: string }).key.replace(/\$\d*$/, '');
    const spec = plugin.spec;
    if (spec.state) spec.state.apply = this.timed(`state.apply ${name}`, spec.state.apply);
    if (spec.appendTransaction) spec.appendTransaction = this.timed(`appendTransaction ${name}`, spec.appendTransaction);
    const props = plugin.props as { decorations?: (...args: unknown[]) => unknown };
    if (props.decorations) props.decorations = this.timed(`decorations prop ${name}`, props.decorations);
    const makeView = spec.view;
    if (makeView) {
      spec.view = (view) => {
        const pluginView = makeView(view);
        if (pluginView.update) pluginView.update = this.timed(`view.update ${name}`, pluginView.update.bind(pluginView));
        return pluginView;
      };
    }
  }
  /** dispatchTransaction split in EditorState.apply (every plugin's apply and appendTransaction) and
   *  EditorView.updateState (decorations, the DOM update, plugin views). */
  dispatch: (this: EditorView, tr: Transaction) => void;

  constructor() {
    const add = (label: string, ms: number) => this.add(label, ms);
    this.dispatch = function (this: EditorView, tr: Transaction): void {
      const t0 = performance.now();
      const state = this.state.apply(tr);
      const t1 = performance.now();
      this.updateState(state);
      const t2 = performance.now();
      add('EditorState.apply (all plugins)', t1 - t0);
      add('EditorView.updateState (all)', t2 - t1);
      add('dispatches per operation (a count, not ms)', 1);
    };
  }
}

/**
 * Runs `count` operations of `kind` on a fresh, instrumented editor with the given features (after
 * the measurement, so the wrappers never touch the measured figures) and returns the mean ms per
 * operation of each part, and each operation's time.
 */
async function diagnose(kind: OpKind, seed: number, count: number, features: Features | null, contained = false): Promise<Diagnosis> {
  teardownViews();
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(generated.doc, doc.getXmlFragment(SECTION_FRAGMENT));
  recordSigned(doc);
  const instrument = new Instrument();
  instrument.enabled = false;
  const mount = mountPoint('diagnose');
  let view: EditorView;
  if (features) {
    const section = new Awareness(new Y.Doc());
    view = makeFull(doc, mount, instrument, features, section);
    if (features.presence) {
      const gen = prng.create(seed);
      for (let i = 0; i < PEOPLE; i++) moveCursor(view, section, i, gen, false);
    }
    // The threads exist in the document either way; only an editor with the comments feature anchors them.
    startThreads(view, doc, config.threads, prng.create(threadsSeed));
  } else {
    view = makeBare(doc, mount, contained);
  }
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  const pending: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array, origin: unknown) => origin !== REMOTE && pending.push(u));
  reference = view;
  prepareRound(kind, seed, count);
  view.focus();
  await nextFrame();
  let ops = 0;
  let total = 0;
  let layout = 0;
  const samples: number[] = [];
  const perOp: Map<string, number>[] = [];
  const measure = (op: () => void) => {
    instrument.op = new Map();
    instrument.enabled = true;
    const t0 = performance.now();
    op();
    const t1 = performance.now();
    void view.dom.offsetHeight;
    const t2 = performance.now();
    instrument.enabled = false;
    total += t1 - t0;
    layout += t2 - t1;
    samples.push(t2 - t0);
    instrument.op.set('operation, total', t1 - t0);
    instrument.op.set('forced layout after it', t2 - t1);
    perOp.push(instrument.op);
    ops++;
  };
  if (kind === 'keystroke') {
    for (const place of round!.places) {
      const block = textblockStarts(view.state.doc)[place.textblock];
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, block.pos + 1 + Math.floor(place.fraction * block.size))));
      await nextFrame();
      for (const ch of place.chars) {
        const tr = view.state.tr.insertText(ch);
        measure(() => view.dispatch(tr));
        await nextFrame();
      }
    }
  } else {
    for (const edit of round!.edits) {
      if (!features) {
        const message = remoteStep(view, edit);
        measure(() => receiveStep(view, message));
        await nextFrame();
        continue;
      }
      for (const u of pending.splice(0)) Y.applyUpdate(other, u, 'main');
      let update: Uint8Array | null = null;
      const listener = (u: Uint8Array) => (update = u);
      other.on('update', listener);
      const clause = other.getXmlFragment(SECTION_FRAGMENT).get(edit.index) as Y.XmlElement;
      ((clause.get(edit.child) as Y.XmlElement).get(0) as Y.XmlText).insert(edit.offset, edit.word);
      other.off('update', listener);
      measure(() => Y.applyUpdate(doc, update!, REMOTE));
      await nextFrame();
    }
  }
  const out: Breakdown = {};
  const totals = new Map<string, number>();
  for (const parts of perOp) for (const [k, v] of parts) if (k !== 'operation, total' && k !== 'forced layout after it') totals.set(k, (totals.get(k) ?? 0) + v);
  for (const [k, v] of totals) out[k] = v / ops;
  const inDispatch = (totals.get('EditorState.apply (all plugins)') ?? 0) + (totals.get('EditorView.updateState (all)') ?? 0);
  out[kind === 'remote' ? 'Y.applyUpdate, total' : 'view.dispatch, total'] = total / ops;
  if (kind === 'remote') out['Yjs integration + y-prosemirror rebuilding the document (outside dispatch)'] = (total - inDispatch) / ops;
  out['forced layout after it'] = layout / ops;
  const order = samples.map((_, i) => i).sort((a, b) => samples[b] - samples[a]);
  const tail = order.slice(0, Math.max(1, Math.round(ops / 10)));
  const slowest: Breakdown = {};
  for (const i of tail) for (const [k, v] of perOp[i]) slowest[k] = (slowest[k] ?? 0) + v / tail.length;
  view.destroy();
  doc.destroy();
  other.destroy();
  return { breakdown: out, slowest, samples };
}

function teardownViews(): void {
  for (const e of [bare, full]) {
    if (e && !e.view.isDestroyed) e.view.destroy();
  }
  document.getElementById('bench-root')!.replaceChildren();
}

window.editorBench = {
  setup,
  takeAwarenessSamples: async () => {
    const samples = awarenessSamples;
    awarenessSamples = [];
    const placings = takePlacings();
    return { samples, cursors: full.mount.querySelectorAll('.remote-cursor').length, misplaced: await misplacedCursors(), placings };
  },
  prepareRound,
  runRound,
  verify,
  diagnose,
  teardown: () => {
    teardownViews();
    for (const a of [awareness, ...people]) a?.destroy();
    ydoc?.destroy();
    replica?.destroy();
  },
};
