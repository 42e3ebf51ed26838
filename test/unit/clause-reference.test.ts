// One clause reference unique across the agreement: numbering restarts in each part, so the
// reference names the part with the number (clauseNumber's, as the editor shows it).
import { describe, expect, it } from 'vitest';
import { clauseNumber, clauseReference } from '../../shared/editor/clauseNumbers.ts';

describe('clauseReference', () => {
  it('names the part with the section and clause number', () => {
    expect(clauseReference('politisk', clauseNumber(1, 1))).toBe('Politisk del 1.1');
    expect(clauseReference('sundhedsfaglig', clauseNumber(1, 1))).toBe('Sundhedsfaglig del 1.1');
    expect(clauseReference('politisk', clauseNumber(1, 1))).not.toBe(clauseReference('sundhedsfaglig', clauseNumber(1, 1)));
    expect(clauseReference('allonge', clauseNumber(null, 3))).toBe('Allonge 3');
  });
});
