// An invitation: what the secretariat hands a new participant (a small `.enighed-invitation` file,
// or the same text pasted): the server's address, the agreement (null: a server-level secretariat
// account made by `npm run server -- init-secretariat`), the participant's id and the one-time
// secret whose key pair signs the participant's device certificate (ARCHITECTURE.md beside this
// file). The text is `enighed-invitation:` + base64url(JSON). Pure: runs in the renderer too.
import { z } from 'zod';
import { UserFacingError } from '../api/dispatch.ts';
import { PublicKey } from './shapes.ts';

export const INVITATION_PREFIX = 'enighed-invitation:';
/** File extension of a saved invitation. */
export const INVITATION_FILE_EXTENSION = '.enighed-invitation';
/** The longest invitation text accepted (a real one is well under 1 KB). */
export const MAX_INVITATION_CHARS = 4096;

export const Invitation = z.object({
  v: z.literal(1),
  /** The sync server's address, ws:// or wss://. */
  server: z.string().max(500).regex(/^wss?:\/\/[^\s]+$/i, 'ugyldig serveradresse'),
  /** The agreement the participant joins; null for a server-level secretariat account. */
  agreementId: z.string().min(1).max(120).nullable(),
  participantId: z.string().min(1).max(120),
  /** The one-time secret (base64url); its derived key pair signs the device certificate. */
  secret: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'ugyldig hemmelighed'),
  /** The agreement's root key, pinned by the workspace on joining; null with agreementId null. */
  rootKey: PublicKey.nullable(),
  /** The agreement's title, to show before joining; null when unknown. */
  title: z.string().max(300).nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

/** The agreement id a device certificate is signed for (`deviceCertMessage`): the invitation's
 *  agreement, or '' for a server-level secretariat account (agreementId null). */
export function certAgreementId(agreementId: string | null): string {
  return agreementId ?? '';
}

const BAD = 'Teksten er ikke en gyldig Enighed-invitation. Kopiér hele invitationen (den begynder med «enighed-invitation:») eller åbn invitationsfilen.';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The invitation as text to paste or save (`enighed-invitation:` + base64url of its JSON). */
export function encodeInvitation(inv: Invitation): string {
  return INVITATION_PREFIX + toBase64Url(JSON.stringify(Invitation.parse(inv)));
}

/** Reads an invitation from pasted text or a file's content (surrounding white space is ignored).
 *  Throws a UserFacingError with a Danish message when it is not one. */
export function decodeInvitation(text: string): Invitation {
  if (typeof text !== 'string' || text.length > MAX_INVITATION_CHARS) throw new UserFacingError(BAD);
  const trimmed = text.trim();
  if (!trimmed.startsWith(INVITATION_PREFIX)) throw new UserFacingError(BAD);
  const body = trimmed.slice(INVITATION_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new UserFacingError(BAD);
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(body));
  } catch {
    throw new UserFacingError(BAD);
  }
  const parsed = Invitation.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserFacingError(`Invitationen er ugyldig (${issue?.path.join('.') || 'indhold'}: ${issue?.message ?? 'ukendt fejl'}).`);
  }
  if ((parsed.data.agreementId === null) !== (parsed.data.rootKey === null)) {
    throw new UserFacingError('Invitationen er ugyldig: en invitation til en aftale skal have aftalens rodnøgle, og kun den.');
  }
  return parsed.data;
}
