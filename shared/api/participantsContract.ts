// The part of the API contract (contract.ts) for the participant directory and invitations: the
// secretariat adds, edits, invites and removes participants (each change an entry signed in the
// main process), and a participant opens an invitation. Spread into `methods` and `events` there.
import { z } from 'zod';
import { Role, Side } from '../domain/agreement.ts';
import { PublicKey } from '../identity/shapes.ts';

const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });
const empty = z.object({}).strict();

const Id = z.string().min(1).max(120);
const AgreementId = z.string().min(1).max(64);
const Name = (what: string) =>
  z.string().trim().min(1, `Skriv ${what}.`).max(300, 'Højst 300 tegn.');

/** What the secretariat fills in for a participant; the main process adds the rest and signs. */
export const ParticipantInput = z
  .object({
    agreementId: AgreementId,
    /** Absent for a new participant. */
    participantId: Id.optional(),
    name: Name('navnet'),
    organisation: Name('organisationen'),
    side: Side,
    role: Role,
    themeGroupIds: z.array(Id).max(200),
  })
  .strict();
export type ParticipantInput = z.infer<typeof ParticipantInput>;

/** An invitation made by *Invitér*: the text to paste (`enighed-invitation:…`) and a file name
 *  for the same text as a `.enighed-invitation` file. Shown once: its secret is kept nowhere. */
export const IssuedInvitation = z.object({ text: z.string(), fileName: z.string(), server: z.string() });
export type IssuedInvitation = z.infer<typeof IssuedInvitation>;

/** What this workspace knows about each agreement beyond its structure: the region's name, the
 *  server it came from, and who this workspace is in it (once joined). For the picker and top bar. */
export const AgreementDetails = z.object({
  agreementId: z.string(),
  region: z.string().nullable(),
  server: z.string().nullable(),
  participantId: z.string().nullable(),
});
export type AgreementDetails = z.infer<typeof AgreementDetails>;

/** How far opening an invitation has come (shown while it runs). */
export const InvitationProgress = z.object({
  step: z.enum(['reading', 'redeeming', 'connecting', 'downloading', 'done']),
});
export type InvitationProgress = z.infer<typeof InvitationProgress>;


/** The contract's bound on a pasted invitation; decodeInvitation (shared/identity/invitation.ts,
 *  not imported here: it imports the dispatcher, which imports this contract) applies the
 *  invitation's own, smaller limit. */
const MAX_INVITATION_TEXT = 8_000;

export const participantMethods = {
  /** Region, server and own participant id of every agreement in the workspace. */
  agreementDetails: method(empty, z.array(AgreementDetails)),
  /** Adds or edits a participant: a new version of their entry, signed with this machine's
   *  secretariat key and written into the structure document (so it syncs). */
  saveParticipant: method(ParticipantInput, z.object({ participantId: z.string() })),
  /** *Invitér*: a new one-time secret; its public key goes into the participant's entry. */
  inviteParticipant: method(z.object({ agreementId: AgreementId, participantId: Id }).strict(), IssuedInvitation),
  /** *Fjern adgang*: the participant is removed; what they signed that this replica holds stands. */
  removeParticipant: method(z.object({ agreementId: AgreementId, participantId: Id }).strict(), z.object({ standing: z.number().int() })),
  /** Revokes one device key of a participant (lost or stolen), with the same `standing` rule. */
  revokeDevice: method(
    z.object({ agreementId: AgreementId, participantId: Id, deviceKey: PublicKey }).strict(),
    z.object({ standing: z.number().int() }),
  ),
  /** Device keys this replica has seen per participant (in the decision logs' signatures). */
  participantDevices: method(z.object({ agreementId: AgreementId }).strict(), z.record(z.string(), z.array(z.string()))),
  /**
   * *Åbn invitation …*: redeems it at its server, registers this machine's key, connects and waits
   * for the agreement (null for the founding secretariat's invitation: it creates the agreement
   * next). Progress arrives as invitationProgress events; errors are Danish.
   */
  openInvitation: method(
    z.object({ text: z.string().trim().min(1, 'Indsæt invitationen.').max(MAX_INVITATION_TEXT, 'Teksten er for lang til at være en invitation.') }).strict(),
    z.object({ agreementId: z.string().nullable(), participantId: z.string(), server: z.string() }),
  ),
} as const;

export const participantEvents = {
  invitationProgress: InvitationProgress,
} as const;
