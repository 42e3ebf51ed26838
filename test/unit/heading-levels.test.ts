// The convention between in-section headings and Word's heading levels (shared/word/headingLevels.ts),
// which the Word export writes and the Word import reads: every editor level comes back as itself.
import { describe, expect, it } from 'vitest';
import { headingLevelOfWord, SECTION_WORD_LEVEL, wordLevelOfHeading } from '../../shared/word/headingLevels.ts';

describe('heading levels in Word', () => {
  it('writes in-section headings below the section title and reads them back as the same level', () => {
    expect([1, 2, 3, 4, 5, 6].map((level) => wordLevelOfHeading(level))).toEqual([3, 3, 4, 5, 6, 7]);
    for (const level of [2, 3, 4, 5, 6]) {
      expect(headingLevelOfWord(wordLevelOfHeading(level), SECTION_WORD_LEVEL)).toEqual({ level, tooDeep: false });
    }
  });

  it('reads a foreign document relative to its own section level, and says when Word goes deeper than the editor', () => {
    // Sections start at Overskrift 1: Overskrift 2 is an in-section level-2 heading.
    expect(headingLevelOfWord(2, 1)).toEqual({ level: 2, tooDeep: false });
    expect(headingLevelOfWord(6, 1)).toEqual({ level: 6, tooDeep: false });
    expect(headingLevelOfWord(7, 1)).toEqual({ level: 6, tooDeep: true });
    expect(headingLevelOfWord(9, 2)).toEqual({ level: 6, tooDeep: true });
    // A heading at the section's own level inside its text is kept as the shallowest in-section level.
    expect(headingLevelOfWord(2, 2)).toEqual({ level: 2, tooDeep: false });
  });
});
