// The document check (shared/documents/check.ts) on real Yjs documents: the poison inputs
// are refused with a Danish reason, without modifying the replica and without overflowing the stack;
// genuine documents (the demo agreement, edits made through the real editor plugins, positions,
// comments, suggestions) pass, whole and update by update.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import * as Y from 'yjs';
import { checkDoc, checkUpdate, MAX_NODE_DEPTH, MAX_TEXT_CHARS } from '../../shared/documents/check.ts';
import { SECTION_KEYS, STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { schema } from '../../shared/schema/schema.ts';
import { editorKeymap, sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { insertClause, insertSubgoal, insertTable, setHeading, setLink, toggleBulletList, toggleStrike, toggleStrong, toggleUnderline } from '../../shared/editor/commands.ts';
import { tableActions } from '../../shared/editor/tables.ts';
import { setSuggesting, suggestingDispatch } from '../../shared/editor/suggestions.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { replyToThread, setThreadResolved, startThread } from '../../shared/negotiation/comments.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement, writeAgreement } from '../../shared/structure/structureDoc.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { generatedAgreement } from '../helpers/agreements.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { posOf, seededSection } from '../helpers/sectionDocs.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { call as callService } from '../helpers/serviceCalls.ts';

const n = schema.nodes;
const p = (text: string) => n.paragraph.create(null, text ? schema.text(text) : undefined);
const sectionId = sectionDocId('a1', 's1');
const structureId = structureDocId('a1');

/** Every update `change` makes to `doc`, each checked against the document as it was just before. */
function checkedChanges(docId: string, doc: Y.Doc, change: () => void): ReturnType<typeof checkUpdate>[] {
  const mirror = new Y.Doc();
  Y.applyUpdate(mirror, Y.encodeStateAsUpdate(doc));
  const results: ReturnType<typeof checkUpdate>[] = [];
  const onUpdate = (update: Uint8Array) => {
    results.push(checkUpdate(docId, mirror, update));
    Y.applyUpdate(mirror, update);
  };
  doc.on('update', onUpdate);
  try {
    change();
  } finally {
    doc.off('update', onUpdate);
  }
  return results;
}

function updateOf(build: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  doc.transact(() => build(doc));
  return Y.encodeStateAsUpdate(doc, before);
}

function refused(result: ReturnType<typeof checkUpdate>): string {
  if (result.ok) throw new Error('expected the check to refuse');
  return result.reason;
}

/** `count` elements named `name`, each inside the previous one, under the section's text. */
function nested(doc: Y.Doc, count: number, names: (i: number) => string): void {
  let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(SECTION_KEYS.text);
  for (let i = 0; i < count; i++) {
    const el = new Y.XmlElement(names(i));
    parent.insert(0, [el]);
    parent = el;
  }
}

describe('poison inputs are refused', () => {
  it('20,000 nested blockquotes (about 424 KB): the update and the stored document', () => {
    const update = updateOf((doc) => nested(doc, 20_000, () => 'blockquote'));
    expect(update.byteLength).toBeGreaterThan(400_000);
    const current = new Y.Doc();
    const before = Y.encodeStateAsUpdate(current);
    expect(refused(checkUpdate(sectionId, current, update))).toBe(
      'Ændringen afvises, fordi den ikke passer til et afsnit: ukendt elementtype «blockquote».',
    );
    expect(Y.encodeStateAsUpdate(current)).toEqual(before);

    const stored = new Y.Doc();
    Y.applyUpdate(stored, update);
    expect(refused(checkDoc(sectionId, stored))).toBe('Dokumentet passer ikke til et afsnit: ukendt elementtype «blockquote».');
  });

  it('nesting of known node types deeper than the bound, in one update and one level at a time', () => {
    // clause > bullet_list > list_item > bullet_list > …: every parent allows its child.
    const names = (i: number) => (i === 0 ? 'clause' : i % 2 === 1 ? 'bullet_list' : 'list_item');
    const deep = updateOf((doc) => nested(doc, 20_000, names));
    expect(refused(checkUpdate(sectionId, new Y.Doc(), deep))).toContain(`dybere end ${MAX_NODE_DEPTH} niveauer`);

    const atBound = new Y.Doc();
    Y.applyUpdate(atBound, updateOf((doc) => nested(doc, MAX_NODE_DEPTH, names)));
    expect(checkDoc(sectionId, atBound)).toEqual({ ok: true });
    // One more level whose parent is only in the current document.
    let deepest = atBound.getXmlFragment(SECTION_KEYS.text).get(0) as Y.XmlElement;
    while (deepest.length > 0) deepest = deepest.get(0) as Y.XmlElement;
    const oneMore = updateOf((doc) => {
      let el = doc.getXmlFragment(SECTION_KEYS.text).get(0) as Y.XmlElement;
      while (el.length > 0) el = el.get(0) as Y.XmlElement;
      el.insert(0, [new Y.XmlElement(deepest.nodeName === 'list_item' ? 'bullet_list' : 'list_item')]);
    }, atBound);
    expect(refused(checkUpdate(sectionId, atBound, oneMore))).toContain(`dybere end ${MAX_NODE_DEPTH} niveauer`);

    const tooDeep = new Y.Doc();
    Y.applyUpdate(tooDeep, deep);
    expect(refused(checkDoc(sectionId, tooDeep))).toContain(`dybere end ${MAX_NODE_DEPTH} niveauer`);
  });

  it('a 20,000-deep map in the structure', () => {
    const base = new Y.Doc();
    writeAgreement(base, generatedAgreement(['s1'], 1));
    const update = updateOf((doc) => {
      let map = new Y.Map<unknown>();
      doc.getMap(STRUCTURE_KEYS.sections).set('s1', map);
      for (let i = 0; i < 20_000; i++) {
        const inner = new Y.Map<unknown>();
        map.set('x', inner);
        map = inner;
      }
    }, base);
    expect(refused(checkUpdate(structureId, base, update))).toBe(
      'Ændringen afvises, fordi den ikke passer til aftalens struktur: «sections» indeholder andet end almindelige poster.',
    );
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(stored, update);
    expect(refused(checkDoc(structureId, stored))).toContain('«sections» indeholder andet end almindelige poster');
  });

  it('a plain value nested 20,000 deep (which Yjs cannot even decode) is refused, not thrown', () => {
    let value: unknown = 'bund';
    for (let i = 0; i < 20_000; i++) value = [value];
    let update: Uint8Array;
    try {
      update = updateOf((doc) => doc.getMap(STRUCTURE_KEYS.meta).set('title', value));
    } catch {
      // lib0 cannot encode it either on this stack; build it 500 deep and check the bound instead.
      value = 'bund';
      for (let i = 0; i < 500; i++) value = { v: value };
      update = updateOf((doc) => doc.getMap(STRUCTURE_KEYS.meta).set('title', value));
    }
    expect(checkUpdate(structureId, new Y.Doc(), update).ok).toBe(false);
  });

  it('an unknown node type, a bad attribute, an unknown mark and over-long text', () => {
    const top = (build: (fragment: Y.XmlFragment) => void) => updateOf((doc) => build(doc.getXmlFragment(SECTION_KEYS.text)));
    const paragraphWith = (text: Y.XmlText) => {
      const el = new Y.XmlElement('paragraph');
      el.insert(0, [text]);
      return el;
    };
    const cases: [Uint8Array, string][] = [
      [top((f) => f.insert(0, [new Y.XmlElement('script')])), 'ukendt elementtype «script»'],
      [top((f) => f.insert(0, [new Y.XmlElement('list_item')])), '«list_item» kan ikke stå i «teksten»'],
      [top((f) => f.insert(0, [new Y.XmlText('løs tekst')])), '«teksten» kan ikke indeholde tekst direkte'],
      [
        top((f) => {
          const h = new Y.XmlElement('heading');
          h.setAttribute('level', 'x' as never);
          f.insert(0, [h]);
        }),
        'egenskaben «level» på «heading» har en ugyldig værdi',
      ],
      [
        top((f) => {
          const h = new Y.XmlElement('heading');
          h.setAttribute('level', 9 as never);
          f.insert(0, [h]);
        }),
        'egenskaben «level» på «heading» har en ugyldig værdi',
      ],
      [
        top((f) => {
          const el = new Y.XmlElement('paragraph');
          el.setAttribute('onclick', 'alert(1)');
          f.insert(0, [el]);
        }),
        '«paragraph» har ingen egenskab «onclick»',
      ],
      [
        top((f) => {
          const text = new Y.XmlText();
          f.insert(0, [paragraphWith(text)]);
          text.insert(0, 'hej', { blink: {} });
        }),
        'ukendt formatering «blink»',
      ],
      [
        top((f) => {
          const text = new Y.XmlText();
          f.insert(0, [paragraphWith(text)]);
          text.insert(0, 'hej', { underline: { color: 'red' } });
        }),
        '«underline» har ingen egenskab «color»',
      ],
      [
        top((f) => {
          const table = new Y.XmlElement('table');
          const row = new Y.XmlElement('table_row');
          const cell = new Y.XmlElement('table_cell');
          cell.setAttribute('colwidth', 'bred' as never);
          row.insert(0, [cell]);
          table.insert(0, [row]);
          f.insert(0, [table]);
        }),
        'egenskaben «colwidth» på «table_cell» har en ugyldig værdi',
      ],
      [
        top((f) => {
          const text = new Y.XmlText();
          f.insert(0, [paragraphWith(text)]);
          text.insert(0, 'hej', { link: { href: 42 } });
        }),
        'egenskaben «href» på «link» har en ugyldig værdi',
      ],
      [
        top((f) => {
          const text = new Y.XmlText();
          f.insert(0, [paragraphWith(text)]);
          text.insert(0, 'x'.repeat(MAX_TEXT_CHARS + 1));
        }),
        'teksten er for lang',
      ],
      [updateOf((doc) => doc.getMap('ukendt').set('a', 1)), 'ukendt felt «ukendt» i dokumentet'],
      [updateOf((doc) => doc.getMap(SECTION_KEYS.positions).set('k1/region', { stance: 'måske' })), 'en post i «positions» har ikke den forventede form'],
      [updateOf((doc) => doc.getArray(SECTION_KEYS.decisionLog).push([new Uint8Array(4)])), '«decisionLog» indeholder andet end almindelige poster'],
    ];
    for (const [update, reason] of cases) {
      expect(refused(checkUpdate(sectionId, new Y.Doc(), update))).toBe(`Ændringen afvises, fordi den ikke passer til et afsnit: ${reason}.`);
      const stored = new Y.Doc();
      Y.applyUpdate(stored, update);
      expect(refused(checkDoc(sectionId, stored))).toBe(`Dokumentet passer ikke til et afsnit: ${reason}.`);
    }
  });

  it('the wrong kind of content for a document kind, an unknown id and an unreadable update', () => {
    const text = updateOf((doc) => doc.getXmlFragment(SECTION_KEYS.text).insert(0, [new Y.XmlElement('paragraph')]));
    expect(refused(checkUpdate(internalDocId('a1', 'region', 's1'), new Y.Doc(), text))).toBe(
      'Ændringen afvises, fordi den ikke passer til interne kommentarer: ukendt felt «prosemirror» i dokumentet.',
    );
    expect(refused(checkUpdate(structureId, new Y.Doc(), text))).toContain('ukendt felt «prosemirror»');
    expect(refused(checkUpdate('a1/andet', new Y.Doc(), text))).toBe('«a1/andet» er ikke navnet på et dokument i en aftale.');
    expect(refused(checkUpdate(sectionId, new Y.Doc(), new Uint8Array([1, 200, 200, 200, 7])))).toBe(
      'Ændringen afvises, fordi den ikke passer til et afsnit: ændringen kan ikke læses.',
    );
    const wrongId = updateOf((doc) => doc.getMap(STRUCTURE_KEYS.sections).set('s9', generatedAgreement(['s1'], 1).sections[0]));
    expect(refused(checkUpdate(structureId, new Y.Doc(), wrongId))).toContain('nøglen «s9» i «sections» passer ikke til posten');
  });

  it('an update building on items neither it nor the replica holds', () => {
    const source = seededSection(p('Første afsnit'));
    const missingBase = updateOf((doc) => {
      const text = (doc.getXmlFragment(SECTION_KEYS.text).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(3, 'xyz');
    }, source);
    expect(checkUpdate(sectionId, source, missingBase)).toEqual({ ok: true });
    // Held back, as Yjs holds it: accepted, not part of the document until its base arrives.
    const replica = new Y.Doc();
    expect(checkUpdate(sectionId, replica, missingBase)).toEqual({ ok: true });
    Y.applyUpdate(replica, missingBase);
    expect(replica.store.pendingStructs).not.toBeNull();
    const base = Y.encodeStateAsUpdate(source);
    expect(checkUpdate(sectionId, replica, base)).toEqual({ ok: true });
    Y.applyUpdate(replica, base);
    expect(replica.store.pendingStructs).toBeNull();
    expect(replica.getXmlFragment(SECTION_KEYS.text).toString()).toContain('Førxyzste afsnit');
  });

  it('a held-back item is checked with the update that brings its base', () => {
    // The poison (a node type the schema lacks) builds on a paragraph the replica has not got yet.
    const source = seededSection(p('Første afsnit'));
    const poison = updateOf((doc) => {
      const fragment = doc.getXmlFragment(SECTION_KEYS.text);
      fragment.insert(1, [new Y.XmlElement('script')]);
    }, source);
    const replica = new Y.Doc();
    expect(checkUpdate(sectionId, replica, poison)).toEqual({ ok: true });
    Y.applyUpdate(replica, poison);
    expect(refused(checkUpdate(sectionId, replica, Y.encodeStateAsUpdate(source)))).toContain('script');
  });
});

const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

describe('genuine documents pass', () => {
  it('every document of the demo agreement, whole and as one update', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources', 'templates'), seedDemo: true });
    try {
      const client: Client = { id: 'c', send: () => {} };
      const call = <T,>(method: string, params: unknown) => callService<T>(service, client, method, params);
      const [{ id }] = await call<{ id: string }[]>('listAgreements', {});
      const load = async (docId: string) => {
        const doc = new Y.Doc();
        const { update } = await call<{ update: Uint8Array }>('openDoc', { docId, stateVector: Y.encodeStateVector(doc) });
        expect(checkUpdate(docId, doc, update)).toEqual({ ok: true });
        Y.applyUpdate(doc, update);
        expect(checkDoc(docId, doc)).toEqual({ ok: true });
        return doc;
      };
      const agreement = readAgreement(await load(structureDocId(id)))!;
      expect(agreement.sections.length).toBeGreaterThan(20);
      let textChars = 0;
      for (const section of agreement.sections) {
        const doc = await load(sectionDocId(id, section.id));
        textChars += doc.getXmlFragment(SECTION_KEYS.text).toString().length;
      }
      expect(textChars).toBeGreaterThan(1000);
    } finally {
      service.close();
    }
  });

  it('edits made through the real editor: typing, headings, lists, tables, sub-goals, links, marks, suggestions', () => {
    const ydoc = seededSection(n.clause.create({ id: 'k1' }, [p('Kommunen giver besked før udskrivning.')]), p('Slut'));
    const state = EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment: ydoc.getXmlFragment(SECTION_KEYS.text), sectionNumber: 1 }) });
    const view = new HeadlessView(state);
    views.push(view);
    const author = { name: 'Søren Holm', organisation: 'Region Midtjylland', side: 'region' as const };
    const plain = view.dispatch;
    const run = (command: Command) => command(view.state, view.dispatch);
    const at = (text: string, length = 0) => {
      const from = posOf(view.state.doc, text);
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, from + length)));
    };
    const typeText = (text: string) => {
      for (const char of text) view.dispatch(view.state.tr.insertText(char));
    };
    const results = checkedChanges(sectionId, ydoc, () => {
      at('før');
      typeText('senest to hverdage ');
      at('Kommunen', 8);
      run(toggleStrong);
      run(toggleUnderline);
      run(toggleStrike);
      run(setLink('https://www.rm.dk/sundhed'));
      at('Slut');
      run(setHeading(2));
      at('Slut');
      run(toggleBulletList);
      run(insertClause());
      typeText('En ny klausul');
      run(insertTable(2, 2));
      typeText('celle');
      for (const name of ['header-row', 'row-after', 'column-after', 'delete-column']) run(tableActions.find((a) => a.name === name)!.command);
      run(editorKeymap().Tab);
      typeText('næste celle');
      run(insertSubgoal);
      typeText('Færre genindlæggelser');
      const dispatch = suggestingDispatch(ydoc, () => author, (tr) => plain(tr));
      view.dispatch = (tr) => dispatch.call(view as never, tr);
      view.dispatch(setSuggesting(view.state, true));
      at('udskrivning', 11);
      typeText('hjemsendelse');
    });
    expect(results.length).toBeGreaterThan(30);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(checkDoc(sectionId, ydoc)).toEqual({ ok: true });
  });

  it('positions, the decision log and comment threads beside the text and in an internal document', () => {
    const ydoc = seededSection(n.clause.create({ id: 'k1' }, [p('Tekst')]));
    const by = { name: 'Åse Lund', organisation: 'Randers Kommune', side: 'kommune' as const };
    const results = checkedChanges(sectionId, ydoc, () => {
      recordPosition(ydoc, { clauseId: 'k1', side: 'kommune', stance: 'uenig', reason: 'For kort frist', textHash: 'h', text: 'Tekst', by, at: new Date(0).toISOString() });
      const threadId = startThread(ydoc, { anchor: { start: 'AA==', end: 'AA==', quote: 'Tekst', clauseId: 'k1' }, text: 'Hvorfor?', by });
      replyToThread(ydoc, { threadId, text: 'Fordi.', by });
      setThreadResolved(ydoc, threadId, true, by);
    });
    expect(results).toHaveLength(4);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(checkDoc(sectionId, ydoc)).toEqual({ ok: true });

    const internal = new Y.Doc();
    const internalId = internalDocId('a1', 'kommune', 's1');
    const internalResults = checkedChanges(internalId, internal, () => {
      startThread(internal, { anchor: { start: 'AA==', end: 'AA==', quote: 'Tekst', clauseId: null }, text: 'Kun os', by });
    });
    expect(internalResults).toEqual([{ ok: true }]);
    expect(checkDoc(internalId, internal)).toEqual({ ok: true });
  });
});
