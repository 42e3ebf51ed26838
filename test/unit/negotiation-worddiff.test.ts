// The word diff between an agreed wording and the current one, and the readable form of normalised text.
import { describe, expect, it } from 'vitest';
import { schema } from '../../shared/schema/schema.ts';
import { normaliseContent } from '../../shared/negotiation/clauseText.ts';
import { isUnchanged, readableClauseText, wordDiff } from '../../shared/negotiation/wordDiff.ts';

describe('wordDiff', () => {
  it('marks one replaced word as a deletion and an insertion between unchanged text', () => {
    expect(wordDiff('Kommunen giver besked senest to hverdage før udskrivning.', 'Kommunen giver besked senest tre hverdage før udskrivning.')).toEqual([
      { kind: 'same', text: 'Kommunen giver besked senest' },
      { kind: 'del', text: 'to' },
      { kind: 'ins', text: 'tre' },
      { kind: 'same', text: 'hverdage før udskrivning.' },
    ]);
  });

  it('handles insertions and deletions at the ends and empty texts', () => {
    expect(wordDiff('', 'Ny tekst')).toEqual([{ kind: 'ins', text: 'Ny tekst' }]);
    expect(wordDiff('Gammel tekst', '')).toEqual([{ kind: 'del', text: 'Gammel tekst' }]);
    expect(wordDiff('a b c', 'x a b c y')).toEqual([
      { kind: 'ins', text: 'x' },
      { kind: 'same', text: 'a b c' },
      { kind: 'ins', text: 'y' },
    ]);
    expect(isUnchanged(wordDiff('a  b', 'a b'))).toBe(true);
  });

  it('finds the longest common run inside a rewritten middle', () => {
    const ops = wordDiff('a b c d e f', 'a x c d y f');
    const rebuilt = (kind: 'del' | 'ins') => ops.filter((o) => o.kind !== kind).map((o) => o.text).join(' ');
    expect(rebuilt('ins')).toBe('a b c d e f');
    expect(rebuilt('del')).toBe('a x c d y f');
    expect(ops.filter((o) => o.kind === 'same').map((o) => o.text)).toEqual(['a', 'c d', 'f']);
  });

  it('keeps line breaks between blocks', () => {
    const ops = wordDiff('a b\nc', 'a b\nc d');
    expect(ops).toEqual([
      { kind: 'same', text: 'a b\nc' },
      { kind: 'ins', text: 'd' },
    ]);
  });
});

describe('readableClauseText', () => {
  it('drops block and mark tags from normalised text', () => {
    const clause = schema.node('clause', { id: 'k1' }, [
      schema.node('paragraph', null, [schema.text('Se '), schema.text('vejledningen', [schema.marks.strong.create()])]),
      schema.node('bullet_list', null, [
        schema.node('list_item', null, [schema.node('paragraph', null, [schema.text('punkt et')])]),
        schema.node('list_item', null, [schema.node('paragraph', null, [schema.text('punkt to')])]),
      ]),
    ]);
    expect(readableClauseText(normaliseContent(clause))).toBe('Se vejledningen\npunkt et\npunkt to');
  });
});
