// The Word document's styles and list numbering: real heading styles named as Danish Word names
// them (Overskrift 1–7, with outline levels so Word's navigation and TOC see them), Danish language
// on all text, and bullet/decimal lists nine levels deep.
import { AlignmentType, LevelFormat, type INumberingOptions, type IStylesOptions } from 'docx';

export const LANGUAGE = { value: 'da-DK' } as const;
export const FONT = 'Calibri';

/** A4 in twentieths of a point, with 2 cm margins. */
export const PAGE = { width: 11906, height: 16838, margin: 1134 } as const;
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

/** Indentation of a clause's text; its number hangs in front. */
export const CLAUSE_INDENT = 851;

export const BULLET_LIST = 'enighed-punkter';
export const ORDERED_LIST = 'enighed-nummereret';

const heading = (level: 1 | 2 | 3 | 4 | 5 | 6 | 7, size: number) => ({
  name: `Overskrift ${level}`,
  basedOn: 'Normal',
  next: 'Normal',
  quickFormat: true,
  run: { font: FONT, size, bold: true, color: '1F3864', language: LANGUAGE },
  paragraph: { spacing: { before: level === 1 ? 360 : 240, after: 120 }, keepNext: true, keepLines: true, outlineLevel: level - 1 },
});

export const styles: IStylesOptions = {
  default: {
    document: { run: { font: FONT, size: 22, language: LANGUAGE }, paragraph: { spacing: { after: 120, line: 276 } } },
    heading1: heading(1, 32),
    heading2: heading(2, 26),
    heading3: heading(3, 23),
    heading4: heading(4, 22),
    heading5: heading(5, 22),
    heading6: heading(6, 22),
    title: { name: 'Titel', run: { font: FONT, size: 48, bold: true, color: '1F3864', language: LANGUAGE }, paragraph: { spacing: { after: 240 } } },
  },
  paragraphStyles: [
    // docx's defaults stop at heading 6; a level-6 heading inside a section is Overskrift 7.
    { id: 'Heading7', ...heading(7, 22) },
    { id: 'TOC1', name: 'Indholdsfortegnelse 1', basedOn: 'Normal', next: 'Normal', run: { bold: true }, paragraph: { spacing: { before: 120, after: 40 } } },
    { id: 'TOC2', name: 'Indholdsfortegnelse 2', basedOn: 'Normal', next: 'Normal', paragraph: { indent: { left: 440 }, spacing: { after: 20 } } },
    { id: 'Klausul', name: 'Klausul', basedOn: 'Normal', next: 'Normal', paragraph: { indent: { left: CLAUSE_INDENT, hanging: CLAUSE_INDENT } } },
    { id: 'Markering', name: 'Ikke endeligt aftalt', basedOn: 'Normal', next: 'Normal', run: { bold: true, color: 'C00000' }, paragraph: { indent: { left: CLAUSE_INDENT }, shading: { type: 'clear', fill: 'FDE9E7', color: 'auto' } } },
    { id: 'Tabeltekst', name: 'Tabeltekst', basedOn: 'Normal', next: 'Normal', paragraph: { spacing: { before: 40, after: 40 } } },
  ],
};

const LEVELS = 9;

export const numbering: INumberingOptions = {
  config: [
    {
      reference: BULLET_LIST,
      levels: Array.from({ length: LEVELS }, (_, level) => ({
        level,
        format: LevelFormat.BULLET,
        text: ['•', '◦', '▪'][level % 3],
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 + 360 * level, hanging: 360 } } },
      })),
    },
    {
      reference: ORDERED_LIST,
      levels: Array.from({ length: LEVELS }, (_, level) => ({
        level,
        format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3],
        text: `%${level + 1}.`,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 + 360 * level, hanging: 360 } } },
      })),
    },
  ],
};
