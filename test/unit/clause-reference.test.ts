// One clause reference unique across the agreement: numbering restarts in each part, so the
// reference names the part with the number.
import { describe, expect, it } from 'vitest';
import { clauseReference } from '../../shared/editor/clauseNumbers.ts';

describe('clauseReference', () => {
  it('names the part with the section and clause number', () => {
    expect(clauseReference('politisk', 1, 1)).toBe('Politisk del 1.1');
    expect(clauseReference('sundhedsfaglig', 1, 1)).toBe('Sundhedsfaglig del 1.1');
    expect(clauseReference('politisk', 1, 1)).not.toBe(clauseReference('sundhedsfaglig', 1, 1));
    expect(clauseReference('allonge', null, 3)).toBe('Allonge 3');
  });
});
