// ClauseVersionTracker's report of the clauses a change from elsewhere touched (prepare before,
// takeChanges after) against reading the whole section before and after: the same changed clauses
// with the same earlier text, over random edits — typing, new clauses, deleted ones, clauses moved
// (deleted and inserted again with their id) — with this replica's own edits in between.
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ClauseVersionTracker, changedClauses, docClauseVersions } from '../../shared/negotiation/clauseVersions.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';

function clause(id: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement('clause');
  element.setAttribute('id', id);
  const paragraph = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  paragraph.insert(0, [t]);
  element.insert(0, [paragraph]);
  return element;
}

function textOf(element: Y.XmlElement): Y.XmlText {
  return (element.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function randomEdit(gen: prng.PRNG, fragment: Y.XmlFragment, next: () => string): void {
  const n = fragment.length;
  const kind = n < 3 ? 0 : prng.int32(gen, 0, 5);
  if (kind === 0) {
    fragment.insert(prng.int32(gen, 0, n), [clause(next(), `ny klausul ${next()}`)]);
  } else if (kind === 1) {
    fragment.delete(prng.int32(gen, 0, n - 1), 1);
  } else if (kind === 2) {
    // Moved: deleted and inserted again elsewhere with the same id and text.
    const from = prng.int32(gen, 0, n - 1);
    const moved = fragment.get(from) as Y.XmlElement;
    const id = moved.getAttribute('id') as string;
    const text = textOf(moved).toString();
    fragment.delete(from, 1);
    fragment.insert(prng.int32(gen, 0, fragment.length), [clause(id, text)]);
  } else {
    const t = textOf(fragment.get(prng.int32(gen, 0, n - 1)) as Y.XmlElement);
    if (kind === 3 && t.length > 2) t.delete(prng.int32(gen, 0, t.length - 2), 1);
    else t.insert(prng.int32(gen, 0, t.length), prng.oneOf(gen, ['to', 'tre', ' døgn', 'æ']));
  }
}

describe('ClauseVersionTracker.takeChanges', () => {
  it('reports what a full reading before and after would, over 300 random transactions', () => {
    const gen = prng.create(42);
    let counter = 0;
    const next = () => `k${counter++}`;
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    doc.transact(() => {
      for (let i = 0; i < 20; i++) fragment.insert(i, [clause(next(), `Klausul ${i}: kommunen giver besked.`)]);
    });
    const tracker = new ClauseVersionTracker(doc);
    let reported = 0;
    for (let i = 0; i < 300; i++) {
      const own = prng.int32(gen, 0, 2) === 0;
      const edits = prng.int32(gen, 1, 3);
      if (own) {
        doc.transact(() => {
          for (let e = 0; e < edits; e++) randomEdit(gen, fragment, next);
        }, 'own');
        continue;
      }
      tracker.prepare();
      const fullBefore = docClauseVersions(doc);
      doc.transact(() => {
        for (let e = 0; e < edits; e++) randomEdit(gen, fragment, next);
      }, 'remote');
      const fullAfter = docClauseVersions(doc);
      const changes = tracker.takeChanges();
      const expected = changedClauses(fullBefore, fullAfter).sort();
      expect(changedClauses(changes.before, changes.after).sort()).toEqual(expected);
      for (const id of expected) expect(changes.before.get(id)?.text).toBe(fullBefore.get(id)?.text);
      reported += expected.length;
    }
    expect(reported).toBeGreaterThan(100);
    expect(tracker.versions()).toEqual(docClauseVersions(doc));
    tracker.dispose();
  });
});
