// A small agreement for tests of the overview: sections alternate between the two parts and are
// spread over `groupCount` theme groups of one mandatory area.
import type { Agreement, Section } from '../../shared/domain/agreement.ts';

export function generatedAgreement(sectionIds: readonly string[], groupCount: number): Agreement {
  const sections: Section[] = sectionIds.map((id, i) => ({
    id,
    title: `Afsnit ${id}`,
    part: i % 2 === 0 ? 'politisk' : 'sundhedsfaglig',
    level: 'generel',
    order: i,
    themeGroupId: `g${i % groupCount}`,
    partyIds: [],
  }));
  return {
    id: 'a1',
    title: 'Genereret aftale',
    generation: 2,
    period: { from: 2011, to: 2014 },
    regionPartyId: 'rm',
    createdAt: new Date(0).toISOString(),
    parties: [],
    areas: [{ id: 'omr', name: 'Træning', mandatory: true, ordinal: 2 }],
    themeGroups: Array.from({ length: groupCount }, (_, g) => ({
      id: `g${g}`,
      name: `Temagruppe ${g}`,
      areaId: 'omr',
      order: g,
      coChairs: { region: null, kommune: null },
      members: [],
    })),
    sections,
  };
}
