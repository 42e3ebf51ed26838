// Where another person's cursor is (shared/editor/remoteCursors.ts' cursorPositions), from the
// relative positions their machine sent: a genuine cursor resolves where y-prosemirror resolves it;
// positions from a hostile or confused machine (an item this replica does not have, an element that
// is not text, another root type, a type id that names a text item, nonsense) never throw and never
// land outside the document.
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import * as Y from 'yjs';
import { absolutePositionToRelativePosition, ySyncPluginKey } from 'y-prosemirror';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { cursorPositions } from '../../shared/editor/remoteCursors.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { seededSection } from '../helpers/sectionDocs.ts';

const n = schema.nodes;
const views: HeadlessView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

function editor() {
  const ydoc = seededSection(
    n.paragraph.create(null, schema.text('Formål')),
    n.clause.create({ id: 'k1' }, [n.paragraph.create(null, schema.text('Kommunen tilbyder genoptræning inden for syv dage.'))]),
    n.clause.create({ id: 'k2' }, [n.paragraph.create(null, schema.text('Regionen sikrer en plan.'))]),
  );
  const view = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment: ydoc.getXmlFragment(SECTION_FRAGMENT), sectionNumber: 2 }) }));
  views.push(view);
  const sync = ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment; binding: { mapping: Map<unknown, unknown> } };
  const rel = (pos: number) => Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, sync.type, sync.binding.mapping as never));
  return { ydoc, view, rel, fragment: sync.type };
}

describe('another person’s cursor positions', () => {
  it('resolve a genuine cursor and selection where they were taken', () => {
    const { view, rel } = editor();
    for (const [anchor, head] of [
      [3, 3],
      [12, 20],
      [30, 14],
      [view.state.doc.content.size - 2, 5],
    ]) {
      expect(cursorPositions(view.state, { anchor: rel(anchor), head: rel(head) })).toEqual({ anchor, head });
    }
  });

  it('never throw nor leave the document for positions another machine made up', () => {
    const { ydoc, view, rel, fragment } = editor();
    const paragraph = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const elsewhere = ydoc.getText('comments-elsewhere');
    elsewhere.insert(0, 'ikke sektionens tekst');
    const textItem = (text as unknown as { _start: { id: Y.ID } })._start.id;
    const hostile: unknown[] = [
      // An item of a client this replica has never heard of.
      { item: { client: 987654321, clock: 5 }, assoc: 0 },
      // A clock beyond what this replica has of a known client.
      { item: { client: ydoc.clientID, clock: 10_000_000 }, assoc: 0 },
      // Another root type than the section's text.
      { tname: 'comments-elsewhere', item: null, assoc: 0 },
      Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(elsewhere, 4)),
      // A "type" that is a text item, not a type.
      { type: textItem, item: null, assoc: 0 },
      // An index far past the end of a type.
      { type: (paragraph as unknown as { _item: { id: Y.ID } })._item.id, tname: null, item: null, assoc: 0 },
      // Nonsense.
      {},
      { item: 'x' },
      null,
      'hovedet',
      { item: { client: -1, clock: -1 } },
    ];
    const size = view.state.doc.content.size;
    for (const bad of hostile) {
      for (const cursor of [
        { anchor: bad, head: rel(5) },
        { anchor: rel(5), head: bad },
        { anchor: bad, head: bad },
      ]) {
        let at: ReturnType<typeof cursorPositions> = null;
        expect(() => (at = cursorPositions(view.state, cursor)), JSON.stringify(bad)).not.toThrow();
        if (at !== null) {
          const { anchor, head } = at as { anchor: number; head: number };
          for (const pos of [anchor, head]) expect(pos >= 0 && pos <= size - 1 && Number.isInteger(pos), `${JSON.stringify(bad)} → ${pos}`).toBe(true);
        }
      }
    }
  });
});
