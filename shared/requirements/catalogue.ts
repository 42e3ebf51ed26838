// The requirements of an executive order (bekendtgørelse) that a health agreement must meet, as
// shipped in resources/requirements/*.json. The secretariat links sections to them (the section's
// `requirementIds` in the structure, shared/structure/requirements.ts); the overview lists the ones
// no section covers, and the reading guide (læsevejledning, shared/print/guide.ts) says where each
// is met. Plain data, validated here when loaded (the file is data, not code).
import { z } from 'zod';

/** A requirement's id: stable, short, as the file writes it ("1", "G.1"). */
export const RequirementId = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/, 'forventede et kravs id');

const Text = z.string().trim().min(1).max(1000);

export const Requirement = z.object({ id: RequirementId, title: Text.max(200), text: Text }).strict();
export type Requirement = z.infer<typeof Requirement>;

export const RequirementGroup = z.object({ id: RequirementId, title: Text.max(200), requirements: z.array(Requirement).min(1).max(200) }).strict();
export type RequirementGroup = z.infer<typeof RequirementGroup>;

/** The shape of a requirements file. `summarised`: the texts are summaries, not the order's wording
 *  (the documents say so). */
export const RequirementsFile = z
  .object({
    id: RequirementId,
    title: Text.max(200),
    issued: Text.max(100),
    source: Text,
    summarised: z.boolean(),
    note: Text,
    groups: z.array(RequirementGroup).min(1).max(50),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    for (const r of file.groups.flatMap((g) => g.requirements)) {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', message: `kravet «${r.id}» står to gange` });
      seen.add(r.id);
    }
  });
export type RequirementsFile = z.infer<typeof RequirementsFile>;

/** The file's requirements in its order. */
export function requirementsOf(file: RequirementsFile): Requirement[] {
  return file.groups.flatMap((g) => g.requirements);
}

/** Parses a requirements file; a broken one is refused with a Danish message. */
export function parseRequirementsFile(json: unknown): RequirementsFile {
  const parsed = RequirementsFile.safeParse(json);
  if (!parsed.success) throw new Error(`Kravene fra bekendtgørelsen kan ikke læses: ${parsed.error.issues[0]?.message ?? 'forkert form'}.`);
  return parsed.data;
}

/** "Krav 1 – Indlæggelses- og udskrivningsforløb". */
export function requirementLabel(requirement: Requirement): string {
  return `Krav ${requirement.id} – ${requirement.title}`;
}
