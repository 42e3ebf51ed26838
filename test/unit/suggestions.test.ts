// Suggestion mode (track changes) with the real editor plugin set on real Y.Docs, in HeadlessViews
// (no DOM) whose dispatch is the renderer's: suggestingDispatch. Covers attribution, the library's
// reuse of an adjacent suggestion's id, two replicas, accept/reject, and the clause hash.
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, NodeSelection, TextSelection, type Command } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import { baseKeymap } from 'prosemirror-commands';
import { redo, undo, yUndoPluginKey, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import {
  insertClause,
  insertSubgoal,
  insertTable,
  setHeading,
  setParagraph,
  toggleBulletList,
  toggleOrderedList,
  toggleStrong,
} from '../../shared/editor/commands.ts';
import { setSectionNumber } from '../../shared/editor/clauseNumbers.ts';
import { clausesOf } from '../../shared/schema/clauseIds.ts';
import {
  acceptAllFrom,
  acceptSuggestion,
  isSuggesting,
  listSuggestions,
  rejectAllFrom,
  rejectSuggestion,
  setSuggesting,
  suggestingDispatch,
  toggleSuggesting,
  ZERO_WIDTH_SPACE,
} from '../../shared/editor/suggestions.ts';
import { suggestionAuthors, type SuggestionAuthor } from '../../shared/negotiation/suggestionsDoc.ts';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { posOf, seededSection as seeded } from '../helpers/sectionDocs.ts';

const region: SuggestionAuthor = { name: 'Søren Holm', organisation: 'Region Midtjylland', side: 'region' };
const kommune: SuggestionAuthor = { name: 'Åse Lund', organisation: 'Randers Kommune', side: 'kommune' };
const praksis: SuggestionAuthor = { name: 'Ib Krogh', organisation: 'PLO Midtjylland', side: 'praksis' };

const n = schema.nodes;
const p = (text: string) => n.paragraph.create(null, text ? schema.text(text) : undefined);
const clause = (id: string, ...content: Node[]) => n.clause.create({ id }, content);

const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

interface Editor {
  view: HeadlessView;
  ydoc: Y.Doc;
  /** Who is typing; can change, as when two people share one machine. */
  author: SuggestionAuthor | null;
}

/** An editor bound to `ydoc` like the renderer's: real plugins, dispatch through suggestingDispatch. */
function editor(ydoc: Y.Doc, author: SuggestionAuthor | null, suggesting = true): Editor {
  const state = EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment: ydoc.getXmlFragment(SECTION_FRAGMENT), sectionNumber: 1 }) });
  const view = new HeadlessView(state);
  views.push(view);
  const ed: Editor = { view, ydoc, author };
  const apply = view.dispatch;
  const dispatch = suggestingDispatch(ydoc, () => ed.author, (tr) => apply(tr));
  view.dispatch = (tr) => dispatch.call(view as never, tr);
  if (suggesting) view.dispatch(setSuggesting(view.state, true));
  return ed;
}

function cursor(ed: Editor, pos: number): void {
  ed.view.dispatch(ed.view.state.tr.setSelection(TextSelection.create(ed.view.state.doc, pos)));
}

/** Types `text` key by key at the cursor, as the browser's input does (one transaction a key). */
function type(ed: Editor, text: string): void {
  for (const char of text) ed.view.dispatch(ed.view.state.tr.insertText(char));
}

/** Selects `text` and presses Backspace. */
function deleteText(ed: Editor, text: string): void {
  const from = posOf(ed.view.state.doc, text);
  ed.view.dispatch(ed.view.state.tr.setSelection(TextSelection.create(ed.view.state.doc, from, from + text.length)));
  run(ed, baseKeymap.Backspace);
}

function run(ed: Editor, command: Command): boolean {
  return command(ed.view.state, ed.view.dispatch);
}

/** The text as it reads now (suggestions included, zero-width anchors left out), block by block. */
function blocks(doc: Node): string[] {
  const out: string[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) out.push(node.textContent.split(ZERO_WIDTH_SPACE).join(''));
    return !node.isTextblock;
  });
  return out;
}

/** Runs of text with their suggestion mark: [text, 'ins' | 'del' | '', id]. */
function runs(doc: Node): [string, string, string][] {
  const out: [string, string, string][] = [];
  doc.descendants((node) => {
    if (!node.isText) return true;
    const mark = node.marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
    const kind = mark ? (mark.type.name === 'insertion' ? 'ins' : 'del') : '';
    const id = mark ? String(mark.attrs.id) : '';
    const text = node.text!.split(ZERO_WIDTH_SPACE).join('');
    const last = out[out.length - 1];
    if (last && last[1] === kind && last[2] === id) last[0] += text;
    else if (text) out.push([text, kind, id]);
    return false;
  });
  return out;
}

const list = (ed: Editor) => listSuggestions(ed.view.state.doc, suggestionAuthors(ed.ydoc));
const yDocOf = (ydoc: Y.Doc) => yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(SECTION_FRAGMENT), schema);

const sentence = 'Kommunen giver besked senest to hverdage før udskrivning.';

describe('suggestion mode', () => {
  it('is toggled by its command and leaves edits alone while off', () => {
    const ed = editor(seeded(clause('k1', p(sentence))), region, false);
    expect(isSuggesting(ed.view.state)).toBe(false);
    cursor(ed, posOf(ed.view.state.doc, 'før'));
    type(ed, 'ca. ');
    expect(runs(ed.view.state.doc)).toEqual([['Kommunen giver besked senest to hverdage ca. før udskrivning.', '', '']]);
    expect(run(ed, toggleSuggesting)).toBe(true);
    expect(isSuggesting(ed.view.state)).toBe(true);
    run(ed, toggleSuggesting);
    expect(isSuggesting(ed.view.state)).toBe(false);
  });

  it('typing makes an insertion suggestion under one random id of the author, recorded in the Y.Doc', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, kommune);
    cursor(ed, posOf(ed.view.state.doc, 'hverdage', true));
    type(ed, ' eller mere');
    const r = runs(ed.view.state.doc);
    expect(r.map(([t, k]) => [t, k])).toEqual([
      ['Kommunen giver besked senest to hverdage', ''],
      [' eller mere', 'ins'],
      [' før udskrivning.', ''],
    ]);
    const id = r[1][2];
    expect(id).toMatch(/^kommune-[0-9a-z]{12}$/);
    const entry = suggestionAuthors(ydoc).get(id)!;
    expect(entry.by).toEqual({ name: 'Åse Lund', organisation: 'Randers Kommune' });
    expect(entry.side).toBe('kommune');
    expect(Date.parse(entry.at)).not.toBeNaN();
    // The marks are stored in Yjs as formatting, so other replicas and a reload see them.
    expect(runs(yDocOf(ydoc))).toEqual(r);
  });

  it('deleting marks the text as deleted instead of removing it', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, region);
    deleteText(ed, ' senest');
    expect(blocks(ed.view.state.doc)).toEqual([sentence]);
    const r = runs(ed.view.state.doc);
    expect(r.map(([t, k]) => [t, k])).toEqual([
      ['Kommunen giver besked', ''],
      [' senest', 'del'],
      [' to hverdage før udskrivning.', ''],
    ]);
    expect(suggestionAuthors(ydoc).get(r[1][2])?.side).toBe('region');
    const [s] = list(ed);
    expect(s).toMatchObject({ kind: 'deletion', deleted: 'senest', inserted: '', clauseId: 'k1', side: 'region' });
    expect(s.author?.by.name).toBe('Søren Holm');
  });

  it('replacing a word is one suggestion with both kinds', () => {
    const ed = editor(seeded(clause('k1', p(sentence))), kommune);
    const from = posOf(ed.view.state.doc, 'to ');
    ed.view.dispatch(ed.view.state.tr.setSelection(TextSelection.create(ed.view.state.doc, from, from + 2)));
    type(ed, 'tre');
    expect(list(ed)).toEqual([expect.objectContaining({ kind: 'replacement', deleted: 'to', inserted: 'tre', side: 'kommune' })]);
  });

  it('remote changes, undo and meta-only transactions are not turned into suggestions', () => {
    const a = seeded(clause('k1', p(sentence)));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const ed = editor(a, region);
    // Another replica edits directly; its change arrives while suggestion mode is on here.
    const other = editor(b, kommune, false);
    cursor(other, posOf(other.view.state.doc, 'to'));
    type(other, 'højst ');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    expect(runs(ed.view.state.doc)).toEqual([['Kommunen giver besked senest højst to hverdage før udskrivning.', '', '']]);
    expect(suggestionAuthors(a).size).toBe(0);
    // Meta-only transactions (clause numbers) pass through untouched.
    const before = ed.view.state.doc;
    ed.view.dispatch(setSectionNumber(ed.view.state, 4));
    expect(ed.view.state.doc).toBe(before);
    // Undo replays from Yjs: it removes the suggestion instead of suggesting its removal.
    cursor(ed, posOf(ed.view.state.doc, 'før'));
    type(ed, 'ca. ');
    expect(runs(ed.view.state.doc).filter(([, k]) => k)).toEqual([['ca. ', 'ins', expect.stringMatching(/^region-/)]]);
    yUndoPluginKey.getState(ed.view.state)!.undoManager.stopCapturing();
    expect(undo(ed.view.state)).toBe(true);
    expect(runs(ed.view.state.doc)).toEqual([['Kommunen giver besked senest højst to hverdage før udskrivning.', '', '']]);
    expect(redo(ed.view.state)).toBe(true);
    expect(runs(ed.view.state.doc).filter(([, k]) => k).map(([t, k]) => [t, k])).toEqual([['ca. ', 'ins']]);
  });

  it('keeps clause ids unique when a clause is split in suggestion mode', () => {
    const ydoc = seeded(clause('k1', p('Første halvdel. Anden halvdel.')));
    const ed = editor(ydoc, region);
    ed.view.dispatch(ed.view.state.tr.split(posOf(ed.view.state.doc, 'Anden'), 2));
    const ids = clausesOf(ed.view.state.doc).map((c) => c.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe('k1');
    expect(ids[1]).toMatch(/^k[0-9a-z]{12}$/);
    expect(clausesOf(yDocOf(ydoc)).map((c) => c.id)).toEqual(ids);
    // The split is a suggestion; rejecting it joins the clause again.
    const [s] = list(ed);
    expect(s.kind).toBe('insertion');
    run(ed, rejectSuggestion(s.id));
    expect(clausesOf(ed.view.state.doc).map((c) => c.id)).toEqual(['k1']);
    expect(blocks(ed.view.state.doc)).toEqual(['Første halvdel. Anden halvdel.']);
  });
});

describe('attribution next to another person’s suggestion (the library reuses adjacent ids)', () => {
  it('typing right after, right before and inside another side’s insertion gives the typist their own suggestion', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, region);
    cursor(ed, posOf(ed.view.state.doc, 'hverdage', true));
    type(ed, ' eller');
    const regionId = runs(ed.view.state.doc)[1][2];

    ed.author = kommune; // the municipality continues at the same machine
    type(ed, ' mere'); // directly after the region's insertion: markBefore is the region's
    cursor(ed, posOf(ed.view.state.doc, ' eller')); // directly before it: markAfter is the region's
    type(ed, ' (i alt)');
    cursor(ed, posOf(ed.view.state.doc, 'ller')); // inside it
    type(ed, 'x');

    const r = runs(ed.view.state.doc).filter(([, k]) => k);
    const byText = Object.fromEntries(r.map(([t, , id]) => [t, id]));
    expect(r.map(([t]) => t)).toEqual([' (i alt)', ' e', 'x', 'ller', ' mere']);
    expect(byText[' e']).toBe(regionId);
    expect(byText.ller).toBe(regionId);
    for (const t of [' (i alt)', 'x', ' mere']) {
      expect(byText[t]).toMatch(/^kommune-/);
      expect(suggestionAuthors(ydoc).get(byText[t])?.by.name).toBe('Åse Lund');
    }
    // The region's suggestion still reads as it was made.
    const regionEntry = list(ed).find((s) => s.id === regionId)!;
    expect(regionEntry.inserted).toBe('eller');
    expect(regionEntry.author?.side).toBe('region');
  });

  it('deleting next to another side’s deletion keeps both attributions; the author’s own suggestions still merge', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, region);
    deleteText(ed, 'senest ');
    const regionId = runs(ed.view.state.doc).find(([, k]) => k === 'del')![2];
    ed.author = kommune;
    deleteText(ed, 'to '); // directly after the region's deletion
    deleteText(ed, 'besked '); // directly before it: the library would re-mark the region's with this id
    const r = runs(ed.view.state.doc);
    expect(r.map(([t, k]) => [t, k])).toEqual([
      ['Kommunen giver ', ''],
      ['besked ', 'del'],
      ['senest ', 'del'],
      ['to ', 'del'],
      ['hverdage før udskrivning.', ''],
    ]);
    expect(r[2][2]).toBe(regionId);
    expect(r[1][2]).toMatch(/^kommune-/);
    expect(r[3][2]).toMatch(/^kommune-/);
    // The author's own adjacent typing joins one suggestion, as the library intends.
    cursor(ed, posOf(ed.view.state.doc, 'hverdage'));
    type(ed, 'fire ');
    type(ed, 'hele ');
    const own = runs(ed.view.state.doc).filter(([, k]) => k === 'ins');
    expect(own).toHaveLength(1);
    expect(own[0][0]).toBe('fire hele ');
    // Accepting the region's deletion takes only its own text, not the adjacent ones (the library's
    // apply runs to the end of a run of deletion marks whatever their id).
    run(ed, acceptSuggestion(regionId));
    expect(runs(ed.view.state.doc).map(([t, k]) => [t, k])).toEqual([
      ['Kommunen giver ', ''],
      ['besked ', 'del'],
      ['to ', 'del'],
      ['fire hele ', 'ins'],
      ['hverdage før udskrivning.', ''],
    ]);
    expect(list(ed).map((s) => [s.side, s.kind])).toEqual([
      ['kommune', 'deletion'],
      ['kommune', 'replacement'], // typing right after one's own deletion continues that suggestion
    ]);
  });

  it('reject all from the region leaves the municipality’s text that was typed next to it', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, region);
    cursor(ed, posOf(ed.view.state.doc, 'hverdage', true));
    type(ed, ' eller');
    ed.author = kommune;
    type(ed, ' mere');
    expect(run(ed, rejectAllFrom('region', suggestionAuthors(ydoc)))).toBe(true);
    expect(blocks(ed.view.state.doc)).toEqual(['Kommunen giver besked senest to hverdage mere før udskrivning.']);
    expect(list(ed)).toEqual([expect.objectContaining({ side: 'kommune', inserted: 'mere' })]);
  });
});

describe('two replicas', () => {
  it('suggestions from both sides made concurrently converge, with authorship on both', () => {
    const a = seeded(clause('k1', p(sentence)), clause('k2', p('Praktiserende læge orienteres.')));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const edA = editor(a, region);
    const edB = editor(b, kommune);
    // Offline: both edit the same sentence.
    cursor(edA, posOf(edA.view.state.doc, 'hverdage', true));
    type(edA, ' eller mere');
    deleteText(edB, 'senest ');
    cursor(edB, posOf(edB.view.state.doc, 'orienteres', true));
    type(edB, ' straks');
    // Back online: exchange updates both ways.
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    expect(edA.view.state.doc.eq(edB.view.state.doc)).toBe(true);
    expect(runs(edA.view.state.doc).map(([t, k]) => [t, k])).toEqual([
      ['Kommunen giver besked ', ''],
      ['senest ', 'del'],
      ['to hverdage', ''],
      [' eller mere', 'ins'],
      [' før udskrivning.Praktiserende læge orienteres', ''],
      [' straks', 'ins'],
      ['.', ''],
    ]);
    for (const ed of [edA, edB]) {
      const entries = list(ed);
      expect(entries.map((s) => [s.kind, s.side, s.author?.by.name, s.clauseId])).toEqual([
        ['deletion', 'kommune', 'Åse Lund', 'k1'],
        ['insertion', 'region', 'Søren Holm', 'k1'],
        ['insertion', 'kommune', 'Åse Lund', 'k2'],
      ]);
    }
    // Each accepts/rejects on their own machine; the results meet.
    run(edA, acceptAllFrom('kommune', suggestionAuthors(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    expect(blocks(edB.view.state.doc)).toEqual(['Kommunen giver besked to hverdage eller mere før udskrivning.', 'Praktiserende læge orienteres straks.']);
    expect(list(edB).map((s) => s.side)).toEqual(['region']);
  });
});

describe('accept and reject', () => {
  function twoSides() {
    const ydoc = seeded(clause('k1', p(sentence)), clause('k2', p('Praktiserende læge orienteres.')));
    const ed = editor(ydoc, region);
    cursor(ed, posOf(ed.view.state.doc, 'hverdage', true));
    type(ed, ' eller mere');
    deleteText(ed, 'Praktiserende ');
    ed.author = kommune;
    deleteText(ed, ' senest');
    cursor(ed, posOf(ed.view.state.doc, 'orienteres', true));
    type(ed, ' straks');
    ed.author = praksis;
    cursor(ed, posOf(ed.view.state.doc, 'læge'));
    type(ed, 'egen ');
    return { ydoc, ed };
  }

  it('accepting an insertion keeps its text, rejecting one removes it', () => {
    const { ed } = twoSides();
    const [del, ins] = list(ed);
    expect([del.deleted, ins.inserted]).toEqual(['senest', 'eller mere']);
    expect(run(ed, acceptSuggestion(ins.id))).toBe(true);
    expect(blocks(ed.view.state.doc)[0]).toBe('Kommunen giver besked senest to hverdage eller mere før udskrivning.');
    expect(run(ed, rejectSuggestion(del.id))).toBe(true);
    expect(runs(ed.view.state.doc)[0]).toEqual(['Kommunen giver besked senest to hverdage eller mere før udskrivning.', '', '']);
    expect(list(ed).map((s) => s.clauseId)).toEqual(['k2', 'k2', 'k2']);
    // Resolved ids are gone; asking again does nothing.
    expect(acceptSuggestion(ins.id)(ed.view.state)).toBe(false);
  });

  it('accepting a deletion removes the text, rejecting one keeps it', () => {
    const { ed } = twoSides();
    const del = list(ed)[0];
    run(ed, acceptSuggestion(del.id));
    expect(blocks(ed.view.state.doc)[0]).toBe('Kommunen giver besked to hverdage eller mere før udskrivning.');
    const other = list(ed).find((s) => s.kind === 'deletion')!;
    run(ed, rejectSuggestion(other.id));
    expect(blocks(ed.view.state.doc)[1]).toBe('Praktiserende egen læge orienteres straks.');
  });

  it('accept all from one side and reject all from another leave the third side’s suggestions pending', () => {
    const { ydoc, ed } = twoSides();
    expect(run(ed, acceptAllFrom('kommune', suggestionAuthors(ydoc)))).toBe(true);
    expect(blocks(ed.view.state.doc)).toEqual([
      'Kommunen giver besked to hverdage eller mere før udskrivning.',
      'Praktiserende egen læge orienteres straks.',
    ]);
    expect(list(ed).map((s) => s.side)).toEqual(['region', 'region', 'praksis']);
    expect(run(ed, rejectAllFrom('region', suggestionAuthors(ydoc)))).toBe(true);
    expect(blocks(ed.view.state.doc)).toEqual(['Kommunen giver besked to hverdage før udskrivning.', 'Praktiserende egen læge orienteres straks.']);
    expect(list(ed).map((s) => [s.side, s.inserted])).toEqual([['praksis', 'egen']]);
    // Nothing left from the region or the municipality: the commands say so.
    expect(acceptAllFrom('region', suggestionAuthors(ydoc))(ed.view.state)).toBe(false);
    expect(rejectAllFrom('kommune', suggestionAuthors(ydoc))(ed.view.state)).toBe(false);
    // Resolving is never itself tracked, though suggestion mode is still on.
    expect(isSuggesting(ed.view.state)).toBe(true);
    expect(runs(ed.view.state.doc).filter(([, k]) => k === 'del')).toEqual([]);
  });

  it('leaves no zero-width anchors behind once a paragraph split is resolved', () => {
    const ed = editor(seeded(clause('k1', p(sentence))), kommune);
    cursor(ed, posOf(ed.view.state.doc, 'før'));
    run(ed, baseKeymap.Enter);
    type(ed, 'Ny linje ');
    expect(blocks(ed.view.state.doc)).toEqual(['Kommunen giver besked senest to hverdage ', 'Ny linje før udskrivning.']);
    const [s] = list(ed);
    expect(s).toMatchObject({ kind: 'insertion', inserted: '¶ Ny linje' });
    run(ed, acceptSuggestion(s.id));
    expect(blocks(ed.view.state.doc)).toEqual(['Kommunen giver besked senest to hverdage ', 'Ny linje før udskrivning.']);
    expect(ed.view.state.doc.textContent).not.toContain(ZERO_WIDTH_SPACE);
  });
});

describe('blocks as suggestions (stored as inline marks: y-prosemirror keeps no node marks)', () => {
  it('a new clause is an insertion that survives a round trip through Yjs; rejecting removes the clause', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, region);
    cursor(ed, posOf(ed.view.state.doc, 'udskrivning.', true));
    run(ed, insertClause('k2'));
    type(ed, 'Ny aftale.');
    const doc = ed.view.state.doc;
    expect(doc.childCount).toBe(2);
    expect(doc.child(1).attrs.id).toBe('k2');
    let nodeMarks = 0;
    doc.descendants((node) => {
      if (!node.isInline) nodeMarks += node.marks.length;
    });
    expect(nodeMarks).toBe(0);
    expect(yDocOf(ydoc).eq(doc)).toBe(true);
    const [s] = list(ed);
    expect(s).toMatchObject({ kind: 'insertion', inserted: 'Ny aftale.', clauseId: 'k2' });
    run(ed, rejectSuggestion(s.id));
    expect(ed.view.state.doc.childCount).toBe(1);
    expect(blocks(ed.view.state.doc)).toEqual([sentence]);
  });

  it('deleting a paragraph as a block suggests its deletion; accepting removes the block, rejecting keeps it', () => {
    const ydoc = seeded(clause('k1', p(sentence), p('Anden sætning.')), clause('k2', p('Tredje.')));
    const ed = editor(ydoc, kommune);
    const secondPos = 1 + ed.view.state.doc.child(0).child(0).nodeSize;
    ed.view.dispatch(ed.view.state.tr.setSelection(NodeSelection.create(ed.view.state.doc, secondPos)));
    run(ed, baseKeymap.Backspace);
    expect(blocks(ed.view.state.doc)).toEqual([sentence, 'Anden sætning.', 'Tredje.']);
    expect(yDocOf(ydoc).eq(ed.view.state.doc)).toBe(true);
    const [s] = list(ed);
    expect(s).toMatchObject({ kind: 'deletion', deleted: 'Anden sætning.', clauseId: 'k1' });
    expect(rejectSuggestion(s.id)(ed.view.state)).toBe(true);
    run(ed, acceptSuggestion(s.id));
    expect(blocks(ed.view.state.doc)).toEqual([sentence, 'Tredje.']);
    expect(ed.view.state.doc.textContent).not.toContain(ZERO_WIDTH_SPACE);
  });

  it('deleting a paragraph’s text suggests deleting the text; accepting leaves the empty paragraph, as a direct edit would', () => {
    const ed = editor(seeded(clause('k1', p(sentence), p('Anden sætning.'))), kommune);
    deleteText(ed, 'Anden sætning.');
    const [s] = list(ed);
    run(ed, rejectSuggestion(s.id));
    expect(blocks(ed.view.state.doc)).toEqual([sentence, 'Anden sætning.']);
    expect(list(ed)).toEqual([]);
    deleteText(ed, 'Anden sætning.');
    run(ed, acceptSuggestion(list(ed)[0].id));
    expect(blocks(ed.view.state.doc)).toEqual([sentence, '']);
  });
});

describe('inserted structures', () => {
  for (const [name, command] of [
    ['table', insertTable(2, 2)],
    ['sub-goal', insertSubgoal],
  ] as const) {
    it(`a suggested ${name} is removed whole when rejected, kept without anchors when accepted`, () => {
      for (const accept of [false, true]) {
        const ydoc = seeded(clause('k1', p(sentence)));
        const ed = editor(ydoc, kommune);
        cursor(ed, posOf(ed.view.state.doc, 'udskrivning.', true));
        const before = ed.view.state.doc;
        run(ed, command);
        type(ed, 'Tekst');
        expect(yDocOf(ydoc).eq(ed.view.state.doc)).toBe(true);
        const entries = list(ed);
        expect(entries).toHaveLength(1);
        expect(entries[0].inserted).toContain('Tekst');
        run(ed, (accept ? acceptSuggestion : rejectSuggestion)(entries[0].id));
        if (accept) {
          expect(ed.view.state.doc.child(0).childCount).toBe(2);
          expect(ed.view.state.doc.textContent).toBe(sentence + 'Tekst');
        } else {
          expect(ed.view.state.doc.eq(before)).toBe(true);
        }
        expect(list(ed)).toEqual([]);
      }
    });
  }
});

describe('formatting in suggestion mode', () => {
  it('bold on a word is suggested as its replacement by the bold word; rejecting restores it', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, kommune);
    const from = posOf(ed.view.state.doc, 'senest');
    ed.view.dispatch(ed.view.state.tr.setSelection(TextSelection.create(ed.view.state.doc, from, from + 'senest'.length)));
    const agreed = clauseHash(ed.view.state.doc.child(0));
    run(ed, toggleStrong);
    expect(list(ed)).toEqual([expect.objectContaining({ kind: 'replacement', deleted: 'senest', inserted: 'senest' })]);
    expect(yDocOf(ydoc).eq(ed.view.state.doc)).toBe(true);
    expect(clauseHash(ed.view.state.doc.child(0))).toBe(agreed);
    run(ed, rejectSuggestion(list(ed)[0].id));
    expect(ed.view.state.doc.eq(yDocOf(seeded(clause('k1', p(sentence)))))).toBe(true);
  });

  it('every toolbar command keeps editor and Y.Doc equal, leaves no block marks, and rejecting restores the clause', () => {
    const commands: [string, Command][] = [
      ['bullet list', toggleBulletList],
      ['ordered list', toggleOrderedList],
      ['heading', setHeading(2)],
      ['paragraph', setParagraph],
      ['table', insertTable(2, 2)],
      ['sub-goal', insertSubgoal],
      ['clause', insertClause()],
      ['paragraph split', baseKeymap.Enter],
    ];
    for (const [name, command] of commands) {
      const ydoc = seeded(n.heading.create({ level: 1 }, schema.text('Overskrift')), clause('k1', p(sentence)));
      const ed = editor(ydoc, region);
      cursor(ed, posOf(ed.view.state.doc, name === 'heading' || name === 'paragraph' ? 'Overskrift' : 'hverdage'));
      run(ed, command);
      type(ed, 'x');
      let blockMarks = 0;
      ed.view.state.doc.descendants((node) => {
        if (!node.isInline) blockMarks += node.marks.length;
      });
      expect(blockMarks, name).toBe(0);
      expect(yDocOf(ydoc).eq(ed.view.state.doc), name).toBe(true);
      // A block's type or attributes change directly: y-prosemirror cannot store the library's
      // modification marks.
      if (name === 'heading') expect(ed.view.state.doc.child(0).attrs.level).toBe(2);
      // Rejecting everything gives back the clause's text.
      run(ed, rejectAllFrom('region', suggestionAuthors(ydoc)));
      expect(normaliseContent(ed.view.state.doc.lastChild!), name).toBe(`paragraph:${sentence}`);
    }
  });
});

describe('the clause hash and pending suggestions', () => {
  const hashOf = (ed: Editor, index = 0) => clauseHash(ed.view.state.doc.child(index));

  it('pending insertions, deletions and a paragraph split leave the hash as it was', () => {
    const ed = editor(seeded(clause('k1', p(sentence))), kommune);
    const agreed = hashOf(ed);
    const text = normaliseContent(ed.view.state.doc.child(0));
    cursor(ed, posOf(ed.view.state.doc, 'hverdage', true));
    type(ed, ' eller mere');
    deleteText(ed, 'senest ');
    cursor(ed, posOf(ed.view.state.doc, 'før'));
    run(ed, baseKeymap.Enter);
    expect(blocks(ed.view.state.doc)).toHaveLength(2);
    expect(normaliseContent(ed.view.state.doc.child(0))).toBe(text);
    expect(hashOf(ed)).toBe(agreed);
  });

  it('accepting changes the hash to that of the new text; rejecting leaves it', () => {
    const ydoc = seeded(clause('k1', p(sentence)));
    const ed = editor(ydoc, region);
    const agreed = hashOf(ed);
    cursor(ed, posOf(ed.view.state.doc, 'hverdage', true));
    type(ed, ' eller mere');
    deleteText(ed, 'senest ');
    const [del, ins] = list(ed);
    run(ed, rejectSuggestion(ins.id));
    expect(hashOf(ed)).toBe(agreed);
    run(ed, acceptSuggestion(del.id));
    const accepted = hashOf(ed);
    expect(accepted).not.toBe(agreed);
    expect(accepted).toBe(clauseHash(clause('k1', p('Kommunen giver besked to hverdage før udskrivning.'))));
  });

  it('a suggested clause has no agreed text until accepted', () => {
    const ed = editor(seeded(clause('k1', p(sentence))), region);
    cursor(ed, posOf(ed.view.state.doc, 'udskrivning.', true));
    run(ed, insertClause('k2'));
    type(ed, 'Ny aftale.');
    expect(normaliseContent(ed.view.state.doc.child(1))).toBe('');
    run(ed, acceptAllFrom('region', suggestionAuthors(ed.ydoc)));
    expect(normaliseContent(ed.view.state.doc.child(1))).toBe('paragraph:Ny aftale.');
  });
});
