// The lines an export writes around the text are recognised by a Word import from the same source.
import { describe, expect, it } from 'vitest';
import { DRAFT_NOTICE, damagedSectionLine, isExportLine, themeGroupLine, themeGroupOfLine } from '../../shared/print/exportLines.ts';

describe('export lines', () => {
  it('reads back what the exports write, and nothing else', () => {
    expect(themeGroupOfLine(themeGroupLine('Sundhed og IT'))).toBe('Sundhed og IT');
    expect(themeGroupOfLine('Temagruppe: ')).toBeNull();
    expect(themeGroupOfLine('Temagruppen mødes i morgen')).toBeNull();
    for (const line of [themeGroupLine('Genoptræning'), DRAFT_NOTICE, damagedSectionLine('dokumentet er beskadiget')]) expect(isExportLine(line)).toBe(true);
    for (const line of ['UDKAST', 'Kommunen sikrer opfølgning.', 'Afsnittet kan ikke vises', 'Temagruppe:']) expect(isExportLine(line)).toBe(false);
  });
});
