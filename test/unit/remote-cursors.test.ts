// Others' cursors drawn person by person (shared/editor/remoteCursors.ts) must show what
// y-prosemirror's own createDecorations draws from the same awareness states: seeded random moves,
// selections, people leaving, arriving, turning unreadable or hiding their cursor, and edits between
// them, compared after every step; and a person whose state did not change is not drawn again.
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import type { DecorationSet } from 'prosemirror-view';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { absolutePositionToRelativePosition, createDecorations, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { drawAllCursors, mapCursors, redrawChangedCursors, type CursorDrawing } from '../../shared/editor/remoteCursors.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { seededSection } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const words = ['borgeren', 'kommunen', 'regionen', 'sikrer', 'genoptræning', 'inden', 'for', 'syv', 'dage'];
const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, Node> };
}

function setup(gen: prng.PRNG) {
  const clauses = Array.from({ length: 10 }, (_, i) =>
    n.clause.create({ id: `k${i}` }, [n.paragraph.create(null, schema.text(Array.from({ length: 8 }, () => prng.oneOf(gen, words)).join(' ')))]),
  );
  const ydoc = seededSection(n.paragraph.create(null, schema.text('Formål')), ...clauses);
  const view = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment: ydoc.getXmlFragment(SECTION_FRAGMENT), sectionNumber: 2 }) }));
  views.push(view);
  const states = new Map<number, unknown>();
  const OWN = 1;
  const drawn: number[] = [];
  const drawing: CursorDrawing = {
    states: () => states,
    shows: (_doc, clientID, state) => clientID !== OWN && typeof (state as { user?: { name?: unknown } }).user?.name === 'string',
    cursor: () => {
      throw new Error('no DOM here');
    },
    selection: (user, clientID) => {
      drawn.push(clientID);
      return { class: 'remote-selection', 'data-name': (user as { name: string }).name };
    },
  };
  const sync = () => ySyncPluginKey.getState(view.state) as Binding;
  return { ydoc, view, states, drawing, drawn, sync, OWN };
}

/** What a set shows: each decoration's range and what it is, in order. */
function shown(set: DecorationSet): string[] {
  return set
    .find()
    .map((d) => {
      const spec = d.spec as { key?: string };
      const attrs = (d as unknown as { type: { attrs?: Record<string, string> } }).type.attrs;
      return `${d.from}-${d.to} ${spec.key !== undefined ? `cursor ${spec.key}` : `selection ${attrs?.['data-name']}`}`;
    })
    .sort();
}

describe('remote cursors drawn person by person', () => {
  const seed = Number(process.env.ENIGHED_TEST_SEED ?? 20261202);

  it(`show what y-prosemirror draws after random moves and edits (seed ${seed})`, () => {
    const gen = prng.create(seed);
    const { view, states, drawing, sync, OWN } = setup(gen);
    const textPositions = () => {
      const out: number[] = [];
      view.state.doc.descendants((node, pos) => {
        if (node.isTextblock) for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i);
        return true;
      });
      return out;
    };
    const rel = (pos: number) => Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, sync().type, sync().binding.mapping as never));
    const at = (json: unknown) => relativePositionToAbsolutePosition(sync().doc, sync().type, Y.createRelativePositionFromJSON(json), sync().binding.mapping as never);
    let set = drawAllCursors(view.state, drawing);
    let redraws = 0;
    for (let step = 0; step < 400; step++) {
      const op = prng.uint32(gen, 0, 99);
      const person = prng.uint32(gen, 2, 6);
      if (op < 50) {
        const anchor = prng.oneOf(gen, textPositions());
        const head = prng.bool(gen) ? anchor : Math.min(anchor + prng.uint32(gen, 1, 10), view.state.doc.content.size - 1);
        states.set(person, { user: { name: `Person ${person}` }, cursor: { anchor: rel(anchor), head: rel(head) } });
      } else if (op < 58) {
        states.delete(person);
      } else if (op < 64) {
        states.set(person, { user: { name: `Person ${person}` }, cursor: null });
      } else if (op < 68) {
        states.set(person, { unreadable: true });
      } else if (op < 72) {
        // The own state changes with every keystroke; it is never drawn.
        states.set(OWN, { user: { name: 'Mig' }, cursor: { anchor: rel(1), head: rel(1) } });
      } else if (op < 74) {
        // A person's name changes with the same cursor.
        const state = states.get(person) as { user?: { name: string }; cursor?: unknown } | undefined;
        if (state?.user) states.set(person, { ...state, user: { name: `${state.user.name}-omdøbt` } });
      } else {
        // Typing somewhere no cursor or selection starts or ends (there, mapping and Yjs' relative
        // positions may legitimately differ on which side the text goes).
        const ends = new Set<number>();
        for (const state of states.values()) {
          const cursor = (state as { cursor?: { anchor: unknown; head: unknown } | null }).cursor;
          if (cursor) for (const json of [cursor.anchor, cursor.head]) ends.add(at(json) ?? -1);
        }
        const free = textPositions().filter((pos) => !ends.has(pos));
        const tr = view.state.tr.insertText(prng.oneOf(gen, ['x', ' ', ` ${prng.oneOf(gen, words)}`]), prng.oneOf(gen, free));
        view.dispatch(tr);
        set = mapCursors(set, tr);
        continue;
      }
      set = redrawChangedCursors(view.state, set, drawing);
      redraws++;
      const expected = createDecorations(view.state, { getStates: () => states } as never, drawing.shows, drawing.cursor as never, drawing.selection as never) as DecorationSet;
      expect(shown(set), `step ${step}`).toEqual(shown(expected));
    }
    expect(redraws).toBeGreaterThan(250);
  });

  it('draws again only the person whose state changed', () => {
    const { view, states, drawing, drawn, sync } = setup(prng.create(7));
    const rel = (pos: number) => Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, sync().type, sync().binding.mapping as never));
    for (const person of [2, 3, 4]) states.set(person, { user: { name: `Person ${person}` }, cursor: { anchor: rel(10 * person), head: rel(10 * person + 3) } });
    let set = drawAllCursors(view.state, drawing);
    expect(drawn.sort()).toEqual([2, 3, 4]);
    drawn.length = 0;
    states.set(3, { user: { name: 'Person 3' }, cursor: { anchor: rel(40), head: rel(45) } });
    set = redrawChangedCursors(view.state, set, drawing);
    expect(drawn).toEqual([3]);
    expect(shown(set)).toContain('40-45 selection Person 3');
    drawn.length = 0;
    // Nothing changed: the same set.
    expect(redrawChangedCursors(view.state, set, drawing)).toBe(set);
    expect(drawn).toEqual([]);
  });
});
