// The shape of an agreement's structure document: which top-level maps it has (names in
// shared/documents/keys.ts) and what each entry must be. structureDoc.ts writes and reads by it; the
// document check (shared/documents/check.ts) refuses anything else.
import type { z } from 'zod';
import { AgreementMeta, Area, Party, Section, ThemeGroup } from '../domain/agreement.ts';
import { STRUCTURE_KEYS } from '../documents/keys.ts';

/** The entity collections: one Y.Map each, an entry per entity keyed by its id. */
export const STRUCTURE_COLLECTIONS = {
  [STRUCTURE_KEYS.parties]: Party,
  [STRUCTURE_KEYS.areas]: Area,
  [STRUCTURE_KEYS.themeGroups]: ThemeGroup,
  [STRUCTURE_KEYS.sections]: Section,
} as const;
export type StructureCollection = keyof typeof STRUCTURE_COLLECTIONS;

/** The meta map holds one entry per AgreementMeta field, each of that field's type. */
export const STRUCTURE_META_FIELDS: Record<string, z.ZodType> = AgreementMeta.shape;
