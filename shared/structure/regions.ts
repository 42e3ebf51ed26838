// The five Danish regions and their municipalities (resources/regions.json, shipped with the app) as
// parties of an agreement. The ids are derived from the names the way the templates' are
// (`region-midtjylland`, `kommune-ringkoebing-skjern`), so an agreement made from a template and one
// whose region is chosen in the setup screen name the same party the same way.
import { z } from 'zod';
import type { Party } from '../domain/agreement.ts';
import { slug } from '../domain/slug.ts';

const Municipality = z.object({ name: z.string().min(1).max(100), officialName: z.string().min(1).max(120) });

export const Region = z.object({ name: z.string().min(1).max(100), municipalities: z.array(Municipality).min(1).max(200) });
export type Region = z.infer<typeof Region>;

/** The shape of resources/regions.json. */
export const RegionsFile = z.object({ source: z.string(), regions: z.array(Region).min(1).max(20) });
export type RegionsFile = z.infer<typeof RegionsFile>;

export function regionPartyId(region: Region): string {
  return slug(region.name);
}

export function municipalityPartyId(municipality: Region['municipalities'][number]): string {
  return `kommune-${slug(municipality.name)}`;
}

/** The region's party first, then its municipalities' in the order given. */
export function regionParties(region: Region): Party[] {
  return [
    { id: regionPartyId(region), name: region.name, kind: 'region' },
    ...region.municipalities.map((m): Party => ({ id: municipalityPartyId(m), name: m.officialName, kind: 'kommune' })),
  ];
}
