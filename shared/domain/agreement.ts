// The domain of a health agreement (sundhedsaftale). Declared as zod schemas because every one of these
// values crosses a process boundary (IPC, WebSocket, later the sync server); the types are inferred.
import { z } from 'zod';

/** The two negotiating sides of the general agreement, plus general practice, which is represented
 *  in theme groups but cannot be bound beyond its collective agreement (almen praksis). */
export const Side = z.enum(['region', 'kommune', 'praksis']);
export type Side = z.infer<typeof Side>;

/** What a person does in the process. */
export const Role = z.enum([
  'formand', // co-chair of a theme group (delt formandskab)
  'medlem', // member of a theme group
  'sekretariat', // the agreement secretariat (SAS)
  'observatoer', // observer, e.g. almen praksis: comments but takes no position
]);
export type Role = z.infer<typeof Role>;

/** The two documents of the agreement, plus the common follow-up chapter and the annex. */
export const Part = z.enum([
  'politisk', // politisk/administrativ del
  'sundhedsfaglig', // sundhedsfaglig del ("pixi-udgave")
  'opfoelgning', // opfølgning: the common follow-up chapter
  'allonge', // annex collecting cluster and local agreements
]);
export type Part = z.infer<typeof Part>;

/** Level of an agreement text. */
export const Level = z.enum([
  'generel', // den generelle aftale: the region and all municipalities
  'klynge', // klyngeaftale: one hospital and the municipalities around it
  'lokal', // lokal aftale: the region and one municipality
]);
export type Level = z.infer<typeof Level>;

const Id = z.string().min(1).max(120);
const Name = z.string().trim().min(1).max(300);

/** Who last changed a structure entity (shown in the setup screen, *Opsætning*). */
export const ChangedBy = z.object({ name: Name, organisation: Name });
export type ChangedBy = z.infer<typeof ChangedBy>;

/** The attribution every structure entity carries once the setup screen has changed it; absent in
 *  entries written from a template. */
const changeFields = {
  changedBy: ChangedBy.optional(),
  /** ISO 8601. */
  changedAt: z.string().min(1).max(40).optional(),
};

/** Archived theme groups and sections leave the navigator, the overview and the numbering but stay
 *  in the structure (and a section's text stays in its own document); they can be restored. */
const archived = z.boolean().optional();

export const Party = z.object({
  id: Id,
  name: Name,
  kind: z.enum(['region', 'kommune']),
  ...changeFields,
});
export type Party = z.infer<typeof Party>;

export const Area = z.object({
  id: Id,
  name: Name,
  /** Mandatory under the executive order (bekendtgørelse, September 2009), or chosen locally. */
  mandatory: z.boolean(),
  /** Number in the executive order for mandatory areas. */
  ordinal: z.number().int().positive().optional(),
  ...changeFields,
});
export type Area = z.infer<typeof Area>;

export const Member = z.object({
  id: Id,
  name: Name,
  organisation: Name,
  side: Side,
  role: Role,
});
export type Member = z.infer<typeof Member>;

export const ThemeGroup = z.object({
  id: Id,
  name: Name,
  areaId: Id,
  order: z.number(),
  /** Shared chairmanship: one co-chair from each side; ids refer to participants (the structure's
   *  `participants` map, shared/identity/shapes.ts) or, in older documents, to `members`. */
  coChairs: z.object({ region: Id.nullable(), kommune: Id.nullable() }),
  /** Members as older documents list them; the participants' `themeGroupIds` are the source of
   *  membership now, and nothing writes here any more. */
  members: z.array(Member),
  archived,
  ...changeFields,
});
export type ThemeGroup = z.infer<typeof ThemeGroup>;

export const Section = z.object({
  id: Id,
  title: Name,
  part: Part,
  level: Level,
  order: z.number(),
  themeGroupId: Id.nullable(),
  /** For cluster and local agreements: the parties besides the region. */
  partyIds: z.array(Id),
  /** The requirements of the executive order this section meets (ids in resources/requirements/,
   *  shared/requirements/): the reading guide's links, set by the secretariat. Absent: none. */
  requirementIds: z.array(z.string().min(1).max(20)).max(100).optional(),
  archived,
  ...changeFields,
});
export type Section = z.infer<typeof Section>;

export const AgreementMeta = z.object({
  id: Id,
  title: Name,
  generation: z.number().int().min(1).max(20),
  period: z.object({ from: z.number().int(), to: z.number().int() }),
  regionPartyId: Id,
  createdAt: z.string(),
  /** The founding secretariat's device key (shared/identity/ARCHITECTURE.md); absent in an
   *  agreement that never joined a server. */
  rootKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  /** Who last changed one of these facts in the setup screen, and when. */
  ...changeFields,
});
export type AgreementMeta = z.infer<typeof AgreementMeta>;

export const Agreement = AgreementMeta.extend({
  parties: z.array(Party),
  areas: z.array(Area),
  themeGroups: z.array(ThemeGroup),
  sections: z.array(Section),
});
export type Agreement = z.infer<typeof Agreement>;

/** The local person using this machine; attributes their work. */
export const Profile = z.object({
  name: Name,
  organisation: Name,
  side: Side,
  role: Role,
});
export type Profile = z.infer<typeof Profile>;
