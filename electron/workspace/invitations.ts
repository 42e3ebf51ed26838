// Invitations, both ends, in the main process (shared/identity/ARCHITECTURE.md, "Device keys and
// certificates"):
// - *Invitér* (the secretariat): a one-time secret; the public half of its derived key pair goes
//   into the participant's signed entry, and the invitation (server, agreement, participant,
//   secret, root key) is returned once as text. The secret is kept nowhere.
// - *Åbn invitation …* (the participant): decode; this machine's device key for the server; a
//   device certificate signed with the invitation key; `POST /enighed/redeem` at the server; the
//   device token kept in the secret store (never plain JSON); sync to that server with
//   `device:<token>`; the agreement identity stored; then the agreement's structure is awaited.
// The workspace side is reached through InvitationHost, so this module holds the steps only.
import type { KeyPair } from '../identity/ed25519.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import type { InvitationProgress, IssuedInvitation } from '../../shared/api/participantsContract.ts';
import { certAgreementId, decodeInvitation, encodeInvitation, INVITATION_FILE_EXTENSION, type Invitation } from '../../shared/identity/invitation.ts';
import { DeviceCert, type PublicKey } from '../../shared/identity/shapes.ts';
import { inviteKeyPair, newInviteSecret } from '../identity/invite.ts';
import { signDeviceCert } from '../identity/sign.ts';
import { setInviteKey, type DirectoryHost } from './participants.ts';
import { z } from 'zod';

export interface InvitationHost {
  directory: DirectoryHost;
  /** The server this workspace syncs with (the address invitations name), or null. */
  serverUrl(): string | null;
  rootKey(agreementId: string): PublicKey | null;
  title(agreementId: string): string | null;
  /** This machine's device key (made on first use, kept sealed: electron/identity/deviceKeyStore.ts). */
  deviceKey(): KeyPair;
  /** Keeps the device token in the secret store and syncs with the server using it. */
  connect(server: string, deviceToken: string): void;
  /** Records who this workspace is in the agreement (null: a server-level secretariat account). */
  setIdentity(agreementId: string | null, identity: { participantId: string; deviceCert: DeviceCert; server: string; rootKey: PublicKey | null }): void;
  /** Makes the agreement known to the workspace (empty until its structure arrives by sync). */
  addAgreement(agreementId: string): void;
  /** Resolves once the agreement's structure has arrived; rejects after `ms`. */
  whenStructure(agreementId: string, ms: number): Promise<void>;
  /** Called once the structure is there: the person's profile follows their entry. */
  joined(agreementId: string, participantId: string): void;
  progress(step: InvitationProgress['step']): void;
}

/** *Invitér*: a new invitation for the participant (a new one voids the one before). */
export function inviteParticipant(host: InvitationHost, agreementId: string, participantId: string): IssuedInvitation {
  const server = host.serverUrl();
  if (!server) throw new UserFacingError('Denne computer er ikke forbundet til en server. Invitationer går gennem serveren: forbind først under Synkronisering.');
  const rootKey = host.rootKey(agreementId);
  if (!rootKey) throw new UserFacingError('Aftalen er ikke knyttet til en server endnu (den har ingen rodnøgle), så der kan ikke inviteres til den.');
  const secret = newInviteSecret();
  const entry = setInviteKey(host.directory, agreementId, participantId, inviteKeyPair(secret).publicKey);
  const text = encodeInvitation({ v: 1, server, agreementId, participantId, secret, rootKey, title: host.title(agreementId) });
  return { text, fileName: `invitation-${fileSlug(entry.name)}${INVITATION_FILE_EXTENSION}`, server };
}

/** "søren-ærø" from "Søren Ærø": a file name part that every system accepts. */
function fileSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'deltager';
}

/** The server's answer to a redemption. */
const RedeemAnswer = z.union([
  z.object({ deviceToken: z.string().min(16).max(200), participantId: z.string().min(1).max(120), agreementId: z.string().min(1).max(120).nullable() }),
  z.object({ error: z.string().max(1000) }),
]);

/** The HTTP(S) address of the redemption endpoint of a ws(s):// server. */
export function redeemUrl(server: string): string {
  const url = new URL(server);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/enighed/redeem';
  url.search = '';
  return url.toString();
}

/** How long opening waits for the agreement's structure to arrive. */
const STRUCTURE_WAIT_MS = 30_000;

/** *Åbn invitation …*: redeems the invitation, connects, and waits for the agreement. */
export async function openInvitation(
  host: InvitationHost,
  text: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ agreementId: string | null; participantId: string; server: string }> {
  host.progress('reading');
  const invitation = decodeInvitation(text);
  const device = host.deviceKey();
  // The certificate of a server-level account (agreementId null) is bound to no agreement.
  const deviceCert = signDeviceCert(certAgreementId(invitation.agreementId), invitation.participantId, device.publicKey, invitation.secret, new Date().toISOString());
  host.progress('redeeming');
  const deviceToken = await redeem(invitation, deviceCert, fetchImpl);
  host.progress('connecting');
  host.setIdentity(invitation.agreementId, { participantId: invitation.participantId, deviceCert, server: invitation.server, rootKey: invitation.rootKey });
  if (invitation.agreementId) host.addAgreement(invitation.agreementId);
  host.connect(invitation.server, deviceToken);
  if (invitation.agreementId) {
    host.progress('downloading');
    try {
      await host.whenStructure(invitation.agreementId, STRUCTURE_WAIT_MS);
    } catch {
      throw new UserFacingError(
        'Invitationen er indløst, men aftalen er ikke kommet fra serveren endnu. Den hentes, så snart der er forbindelse; prøv at vælge den om lidt.',
      );
    }
    host.joined(invitation.agreementId, invitation.participantId);
  }
  host.progress('done');
  return { agreementId: invitation.agreementId, participantId: invitation.participantId, server: invitation.server };
}

async function redeem(invitation: Invitation, deviceCert: DeviceCert, fetchImpl: typeof fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(redeemUrl(invitation.server), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, agreementId: invitation.agreementId, participantId: invitation.participantId, deviceCert }),
      signal: AbortSignal.timeout(20_000),
    });
  } catch {
    throw new UserFacingError(`Serveren ${invitation.server} kunne ikke nås. Tjek netværksforbindelsen, og prøv igen; invitationen er ikke brugt.`);
  }
  let body: unknown;
  try {
    body = JSON.parse((await response.text()).slice(0, 10_000));
  } catch {
    throw new UserFacingError(`Serveren ${invitation.server} svarede ikke som en Enighed-server (HTTP ${response.status}).`);
  }
  const answer = RedeemAnswer.safeParse(body);
  if (!answer.success) throw new UserFacingError(`Serveren ${invitation.server} svarede ikke som en Enighed-server (HTTP ${response.status}).`);
  if ('error' in answer.data) throw new UserFacingError(`Serveren afviste invitationen: ${answer.data.error}`);
  if (!response.ok) throw new UserFacingError(`Serveren afviste invitationen (HTTP ${response.status}).`);
  if (answer.data.participantId !== invitation.participantId || answer.data.agreementId !== invitation.agreementId) {
    throw new UserFacingError('Serveren svarede for en anden deltager eller aftale end invitationens.');
  }
  return answer.data.deviceToken;
}
