// "Senest redigeret af …": the record of who last edited a section, kept in the section document's
// meta map (key SECTION_META_LAST_EDIT) so it travels with the text. Written by the renderer
// (renderer/src/sync/attribution.ts); its shape is checked wherever a section document is accepted.
import { z } from 'zod';
import { Side } from '../domain/agreement.ts';

export const LastEdit = z.object({
  name: z.string(),
  organisation: z.string(),
  side: Side,
  at: z.string(),
});
export type LastEdit = z.infer<typeof LastEdit>;
