// The one table of where each kind of document may travel (shared/documents/routes.ts).
import { describe, expect, it } from 'vitest';
import { mayTravel, ROUTES } from '../../shared/documents/routes.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';

describe('document routes', () => {
  it('structure and sections travel every path; a side\'s internal notes only to the server', () => {
    for (const path of ['server', 'meeting', 'bundle'] as const) {
      expect(mayTravel(structureDocId('a1'), path)).toBe(true);
      expect(mayTravel(sectionDocId('a1', 's1'), path)).toBe(true);
    }
    for (const side of ['region', 'kommune', 'praksis'] as const) {
      expect(mayTravel(internalDocId('a1', side, 's1'), 'server')).toBe(true);
      expect(mayTravel(internalDocId('a1', side, 's1'), 'meeting')).toBe(false);
      expect(mayTravel(internalDocId('a1', side, 's1'), 'bundle')).toBe(false);
    }
  });

  it('nothing that is not a document id travels anywhere', () => {
    for (const id of ['', 'a1', 'a1/section/', 'a1/internal/observatoer/s1', '../a1/structure', 'a1/structure/x']) {
      for (const path of ['server', 'meeting', 'bundle'] as const) expect(mayTravel(id, path), `${id} ${path}`).toBe(false);
    }
    expect(Object.keys(ROUTES).sort()).toEqual(['internal', 'section', 'structure']);
  });
});
