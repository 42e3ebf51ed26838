// Nyt siden sidst and Samtidige ændringer: the word diff of a changed number, the detection of
// clauses both sides changed on real Y.Docs that diverged offline, and the whole Node side path on
// two real workspace files merging by change bundle.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { awayDecorations, awayHighlightsPlugin, awayMarks, setAwayHighlights } from '../../shared/editor/awayHighlights.ts';
import { wordDiff } from '../../shared/negotiation/wordDiff.ts';
import { docClauseVersions } from '../../shared/negotiation/clauseVersions.ts';
import { mergeAndJudge } from '../../shared/negotiation/concurrentEdits.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import type { AwayChanges } from '../../shared/api/awayContract.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { seededSection } from '../helpers/sectionDocs.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';

const clause = (id: string, text: string) => schema.nodes.clause.create({ id }, schema.nodes.paragraph.create(null, schema.text(text)));

/** Replaces the first `from` in the section's text by `to`, in one transaction. */
function replaceText(doc: Y.Doc, from: string, to: string): void {
  const walk = (type: Y.XmlElement | Y.XmlFragment): boolean => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) {
        // toString() would include the marks as tags; the delta's inserts are the characters.
        const plain = (child.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : ' ')).join('');
        const at = plain.indexOf(from);
        if (at >= 0) {
          doc.transact(() => {
            child.delete(at, from.length);
            child.insert(at, to);
          });
          return true;
        }
      } else if (child instanceof Y.XmlElement && walk(child)) return true;
    }
    return false;
  };
  if (!walk(doc.getXmlFragment(SECTION_FRAGMENT))) throw new Error(`${from} not found`);
}

function replicaOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('word diff of a changed number', () => {
  it('"tre døgn" → "to døgn" is one word deleted and one inserted, the rest the same', () => {
    expect(wordDiff('en opfølgning inden for de første tre døgn.', 'en opfølgning inden for de første to døgn.')).toEqual([
      { kind: 'same', text: 'en opfølgning inden for de første' },
      { kind: 'del', text: 'tre' },
      { kind: 'ins', text: 'to' },
      { kind: 'same', text: 'døgn.' },
    ]);
  });
});

describe('concurrent clauses (two replicas diverge offline, then merge)', () => {
  const seed = () => seededSection(clause('k1', 'Opfølgning inden for tre døgn.'), clause('k2', 'Kommunen svarer hurtigt.'), clause('k3', 'Uændret tekst.'));

  it('flags the clause both changed, not the one only the other side changed, on both replicas', () => {
    const region = seed();
    const kommune = replicaOf(region);
    const common = Y.encodeStateAsUpdate(region);
    replaceText(region, 'tre døgn', 'to døgn');
    replaceText(kommune, 'tre døgn', 'fem hverdage');
    replaceText(kommune, 'hurtigt', 'inden for en uge');

    // Each side receives what it lacks of the other's, as on reconnecting.
    const toRegion = Y.encodeStateAsUpdate(kommune, Y.encodeStateVector(region));
    const toKommune = Y.encodeStateAsUpdate(region, Y.encodeStateVector(kommune));
    const atRegion = mergeAndJudge(region, common, toRegion);
    const atKommune = mergeAndJudge(kommune, common, toKommune);
    for (const [verdict, ours, theirs] of [
      [atRegion, 'Opfølgning inden for to døgn.', 'Opfølgning inden for fem hverdage.'],
      [atKommune, 'Opfølgning inden for fem hverdage.', 'Opfølgning inden for to døgn.'],
    ] as const) {
      expect(verdict.seenBeyondCommon).toBe(false);
      expect(verdict.clauses.map((c) => c.clauseId)).toEqual(['k1']);
      expect(verdict.clauses[0].common).toBe('Opfølgning inden for tre døgn.');
      expect(verdict.clauses[0].ours.text).toBe(ours);
      expect(verdict.clauses[0].theirs.text).toBe(theirs);
    }
    // Merged, both replicas hold the same text: Yjs keeps both insertions (the glued result).
    const merged = docClauseVersions(region).get('k1')!.text;
    expect(docClauseVersions(kommune).get('k1')!.text).toBe(merged);
    expect(merged).toContain('to');
    expect(merged).toContain('fem hverdage');
  });

  it('the side that reconnected first sees their version without the words both replaced (the relay drops that deletion)', () => {
    const region = seed();
    const kommune = replicaOf(region);
    const server = replicaOf(region);
    const common = Y.encodeStateAsUpdate(region);
    replaceText(region, 'tre døgn', 'to døgn');
    replaceText(kommune, 'tre døgn', 'fem hverdage');
    // The region reconnects first; then the kommune's changes reach the server, which passes on
    // only what was new to it — the kommune's deletion of "tre døgn" was not.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(region, Y.encodeStateVector(server)));
    let relayed: Uint8Array | null = null;
    server.once('update', (u: Uint8Array) => (relayed = u));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(kommune, Y.encodeStateVector(server)));
    const verdict = mergeAndJudge(region, common, relayed!);
    expect(verdict.clauses.map((c) => [c.ours.text, c.theirs.text])).toEqual([['Opfølgning inden for to døgn.', 'Opfølgning inden for fem hverdage.']]);
  });

  it('still flags when the same update also overwrites our "Senest redigeret af" (only the text counts)', () => {
    const region = seed();
    const kommune = replicaOf(region);
    const common = Y.encodeStateAsUpdate(region);
    replaceText(region, 'tre døgn', 'to døgn');
    region.getMap('meta').set('lastEdit', { name: 'Søren Ærø', organisation: 'Region Midtjylland', side: 'region', at: '2026-12-01T10:00:00.000Z' });
    replaceText(kommune, 'tre døgn', 'fem hverdage');
    // The kommune receives the region's changes and then records itself as the last editor (the
    // attribution's trailing write), before its own text has reached the region.
    const seenByKommune = Y.encodeStateVector(kommune);
    Y.applyUpdate(kommune, Y.encodeStateAsUpdate(region, seenByKommune));
    kommune.getMap('meta').set('lastEdit', { name: 'Åse Øster', organisation: 'Horsens Kommune', side: 'kommune', at: '2026-12-01T10:01:00.000Z' });
    const verdict = mergeAndJudge(region, common, Y.encodeStateAsUpdate(kommune, Y.encodeStateVector(region)));
    expect(verdict.seenBeyondCommon).toBe(false);
    expect(verdict.clauses.map((c) => [c.clauseId, c.ours.text, c.theirs.text])).toEqual([['k1', 'Opfølgning inden for to døgn.', 'Opfølgning inden for fem hverdage.']]);
  });

  it('a change that built on our edits (the other side had seen them) is not concurrent', () => {
    const region = seed();
    const common = Y.encodeStateAsUpdate(region);
    replaceText(region, 'tre døgn', 'to døgn');
    const kommune = replicaOf(region); // the other side received our edit …
    replaceText(kommune, 'to døgn', 'to hverdage'); // … and changed it further
    const verdict = mergeAndJudge(region, common, Y.encodeStateAsUpdate(kommune, Y.encodeStateVector(region)));
    expect(verdict.seenBeyondCommon).toBe(true);
    expect(verdict.clauses).toEqual([]);
  });

  it('the same change on both sides is not a conflict', () => {
    const region = seed();
    const kommune = replicaOf(region);
    const common = Y.encodeStateAsUpdate(region);
    replaceText(region, 'Uændret tekst.', 'Ny tekst.');
    replaceText(kommune, 'Uændret tekst.', 'Ny tekst.');
    const verdict = mergeAndJudge(region, common, Y.encodeStateAsUpdate(kommune, Y.encodeStateVector(region)));
    // Both replaced the words; the texts agree only if Yjs merged them to one, which it does not:
    // ours and theirs are equal, so nothing is flagged either way.
    expect(verdict.clauses).toEqual([]);
  });
});

describe('the Node side: two workspaces merging by change bundle', () => {
  const templatesDir = path.join(repoRoot, 'resources', 'templates');
  const open: WorkspaceService[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  async function machine(file: string, name: string, side: 'region' | 'kommune') {
    const s = WorkspaceService.open({ workspacePath: file, templatesDir });
    open.push(s);
    const c = recordingClient(name);
    s.connect(c);
    await call(s, c, 'setProfile', { name, organisation: side === 'region' ? 'Region Midtjylland' : 'Horsens Kommune', side, role: 'formand' });
    return { s, c };
  }

  /** Opens the section as a window does and returns an editing replica that pushes its changes. */
  async function editor(m: Awaited<ReturnType<typeof machine>>, docId: string) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(m.s, m.c, 'openDoc', { docId, stateVector: Y.encodeStateVector(doc) })).update);
    const pending: Promise<unknown>[] = [];
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'service') pending.push(call(m.s, m.c, 'pushUpdate', { docId, update }));
    });
    m.c.send = ((name: string, payload: { docId: string; update: Uint8Array }) => {
      m.c.events.push({ name, payload });
      if (name === 'docUpdate' && payload.docId === docId) Y.applyUpdate(doc, payload.update, 'service');
    }) as typeof m.c.send;
    return { doc, saved: () => Promise.all(pending) };
  }

  it('lists the other side\'s changed number in Nyt siden sidst, flags the clause both changed on both, until seen or resolved — kept in the file', async () => {
    const dir = tempDir();
    const fileA = path.join(dir, 'region.sqlite');
    const fileB = path.join(dir, 'kommune.sqlite');
    const seed = WorkspaceService.open({ workspacePath: fileA, templatesDir, seedDemo: true });
    seed.close();
    fs.copyFileSync(fileA, fileB);
    const region = await machine(fileA, 'Søren Ærø', 'region');
    const kommune = await machine(fileB, 'Åse Øster', 'kommune');
    const [{ id: agreementId }] = await call<{ id: string }[]>(region.s, region.c, 'listAgreements', {});
    const docId = sectionDocId(agreementId, 'indlaeggelse-politisk');
    const edA = await editor(region, docId);
    const edB = await editor(kommune, docId);

    // Apart: the region changes a number; both change the same sentence of another clause.
    replaceText(edA.doc, 'tre døgn', 'to døgn');
    replaceText(edA.doc, 'senest to hverdage før', 'senest tre hverdage før');
    replaceText(edB.doc, 'senest to hverdage før', 'senest én hverdag før');
    await Promise.all([edA.saved(), edB.saved()]);

    const bundleA = await call<{ bytes: Uint8Array }>(region.s, region.c, 'exportBundle', { agreementId });
    const bundleB = await call<{ bytes: Uint8Array }>(kommune.s, kommune.c, 'exportBundle', { agreementId });
    await call(kommune.s, kommune.c, 'importBundle', { bytes: bundleA.bytes });
    await call(region.s, region.c, 'importBundle', { bytes: bundleB.bytes });

    const atKommune = await call<AwayChanges>(kommune.s, kommune.c, 'awayChanges', { docId });
    const atRegion = await call<AwayChanges>(region.s, region.c, 'awayChanges', { docId });
    expect(kommune.c.events.some((e) => e.name === 'awayChanged')).toBe(true);
    // The kommune sees the region's two clauses as new since last seen, with the text it had seen.
    expect(atKommune.unseen.map((u) => u.seenText).sort()).toEqual([
      expect.stringContaining('senest én hverdag før'),
      expect.stringContaining('inden for de første tre døgn'),
    ].sort());
    const number = atKommune.unseen.find((u) => u.seenText.includes('tre døgn'))!;
    const now = docClauseVersions(edB.doc).get(number.clauseId)!.text;
    expect(wordDiff(number.seenText, now).filter((op) => op.kind !== 'same')).toEqual([
      { kind: 'del', text: 'tre' },
      { kind: 'ins', text: 'to' },
    ]);
    // Both flag the clause both changed, with both versions; nothing else.
    for (const [at, ours, theirs] of [
      [atKommune, 'senest én hverdag før', 'senest tre hverdage før'],
      [atRegion, 'senest tre hverdage før', 'senest én hverdag før'],
    ] as const) {
      expect(at.concurrent).toHaveLength(1);
      expect(at.concurrent[0].common).toContain('senest to hverdage før');
      expect(at.concurrent[0].ours).toContain(ours);
      expect(at.concurrent[0].theirs).toContain(theirs);
      expect(JSON.parse(at.concurrent[0].theirsJson).type).toBe('clause');
    }
    // The navigator's summary: per section, the unseen and the flagged clauses.
    expect(await call(kommune.s, kommune.c, 'awaySummary', { agreementId })).toEqual([{ docId, unseen: 2, concurrent: 1 }]);
    expect(await call(kommune.s, kommune.c, 'concurrentInAgreement', { agreementId })).toEqual([
      { docId, clauseId: atKommune.concurrent[0].clauseId, detectedAt: atKommune.concurrent[0].detectedAt },
    ]);
    // The region's own edits are not news to the region.
    expect(atRegion.unseen.map((u) => u.clauseId)).toEqual([atRegion.concurrent[0].clauseId]);

    await call(kommune.s, kommune.c, 'markSeen', { docId, clauseIds: [number.clauseId] });
    await call(kommune.s, kommune.c, 'resolveConcurrent', { docId, clauseId: atKommune.concurrent[0].clauseId });
    const after = await call<AwayChanges>(kommune.s, kommune.c, 'awayChanges', { docId });
    expect(after.unseen.map((u) => u.clauseId)).not.toContain(number.clauseId);
    expect(after.concurrent).toEqual([]);

    // Kept in the workspace file: the region's flag is still there after a restart.
    region.s.close();
    open.splice(open.indexOf(region.s), 1);
    const reopened = await machine(fileA, 'Søren Ærø', 'region');
    expect((await call<AwayChanges>(reopened.s, reopened.c, 'awayChanges', { docId })).concurrent).toHaveLength(1);
    await call(reopened.s, reopened.c, 'markSeen', { docId, all: true });
    expect((await call<AwayChanges>(reopened.s, reopened.c, 'awayChanges', { docId })).unseen).toEqual([]);
  });
});

describe('the editor highlights (awayHighlightsPlugin)', () => {
  const make = (clauseNodeView = false) => {
    const doc = schema.nodes.doc.create(null, [clause('k1', 'Opfølgning inden for de første to døgn.'), clause('k2', 'Uændret tekst.'), clause('k3', 'Begge ændrede denne.')]);
    return EditorState.create({ schema, doc, plugins: [awayHighlightsPlugin({ clauseNodeView })] });
  };
  const texts = (state: EditorState) =>
    awayDecorations(state)
      .find()
      .filter((d) => (d.spec as { inline?: boolean }).inline !== false && d.from < d.to && state.doc.resolve(d.from).parent.isTextblock)
      .map((d) => state.doc.textBetween(d.from, d.to));
  const nodeClasses = (state: EditorState) =>
    awayDecorations(state)
      .find()
      .map((d) => (d as unknown as { type: { attrs?: { class?: string } } }).type.attrs?.class)
      .filter(Boolean)
      .sort();

  it('marks the changed clauses and the inserted words, and keeps them on the words through later edits', () => {
    let state = make();
    state = state.apply(setAwayHighlights(state, { unseen: new Map([['k1', 'Opfølgning inden for de første tre døgn.']]), concurrent: new Set(['k3']) }));
    const set = awayDecorations(state);
    expect(nodeClasses(state)).toEqual(['away-inserted', 'clause-concurrent', 'clause-unseen']);
    expect(texts(state)).toEqual(['to']);
    expect([...awayMarks(state)].map(([id, mark]) => [id, mark.classes, mark.away])).toEqual([
      ['k1', 'clause-unseen', 'unseen'],
      ['k3', 'clause-concurrent', 'concurrent'],
    ]);
    // Typing before the word moves the highlight with it (mapped, not computed again).
    const marks = awayMarks(state);
    state = state.apply(state.tr.insertText('Ny ', 2));
    expect(awayDecorations(state)).not.toBe(set);
    expect(awayMarks(state)).toBe(marks);
    expect(texts(state)).toEqual(['to']);
    // A transaction that changes nothing keeps the very same set.
    const kept = awayDecorations(state);
    state = state.apply(state.tr.setMeta('unrelated', true));
    expect(awayDecorations(state)).toBe(kept);
    // Marked seen: nothing is shown.
    state = state.apply(setAwayHighlights(state, { unseen: new Map(), concurrent: new Set() }));
    expect(awayDecorations(state).find()).toEqual([]);
    expect(awayMarks(state).size).toBe(0);
  });

  it('highlights consecutive inserted words of a line as one run, and a kept word or a new line ends it', () => {
    let state = make();
    const seen = 'Opfølgning inden for døgn.';
    state = state.apply(setAwayHighlights(state, { unseen: new Map([['k1', seen]]), concurrent: new Set() }));
    // "de første to" were inserted between "for" and "døgn."
    expect(texts(state)).toEqual(['de første to']);
    const doc = schema.nodes.doc.create(null, [
      schema.nodes.clause.create({ id: 'k1' }, [schema.nodes.paragraph.create(null, schema.text('Ny start her')), schema.nodes.paragraph.create(null, schema.text('og ny linje gammel slut'))]),
    ]);
    state = EditorState.create({ schema, doc, plugins: [awayHighlightsPlugin()] });
    state = state.apply(setAwayHighlights(state, { unseen: new Map([['k1', 'gammel slut']]), concurrent: new Set() }));
    expect(texts(state)).toEqual(['Ny start her', 'og ny linje']);
  });

  it('leaves the clause marks to the clause node view when the editor has one', () => {
    let state = make(true);
    state = state.apply(setAwayHighlights(state, { unseen: new Map([['k1', 'Opfølgning inden for de første tre døgn.']]), concurrent: new Set(['k1', 'k3']) }));
    expect(nodeClasses(state)).toEqual(['away-inserted']);
    expect(texts(state)).toEqual(['to']);
    expect(awayMarks(state).get('k1')).toMatchObject({ classes: 'clause-concurrent clause-unseen', away: 'concurrent' });
    expect(awayMarks(state).get('k3')?.title).toContain('Samtidige ændringer');
    expect(awayMarks(state).has('k2')).toBe(false);
  });
});
