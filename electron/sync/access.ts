// The legacy access file of the secretariat's sync server: every participant a token tied to a
// name, a side and rights. The server looks the token up here; what the grant may do is the one
// rule's (shared/access/rules.ts), with the grant mapped onto an actor.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { Side } from '../../shared/domain/agreement.ts';
import type { Agreement } from '../../shared/domain/agreement.ts';
import { accessLevel, actorFromGrant, rightsOn, type Actor } from '../../shared/access/rules.ts';

export const Grant = z.object({
  /** SHA-256 (hex) of the token; the file never holds tokens themselves. */
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().min(1),
  organisation: z.string().min(1),
  side: Side,
  /** The secretariat sets up the structure; members write their theme groups' sections. */
  rights: z.enum(['secretariat', 'member', 'observer']),
  /** The theme groups whose sections a member may write. */
  themeGroupIds: z.array(z.string()).default([]),
  /** Agreements this grant covers. */
  agreementIds: z.array(z.string()).min(1),
});
export type Grant = z.infer<typeof Grant>;

export const AccessFile = z.object({ version: z.literal(1), grants: z.array(Grant) });
export type AccessFile = z.infer<typeof AccessFile>;

export type Access = 'write' | 'read' | 'none';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token (shown once to the secretariat, stored only as its hash). */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function readAccessFile(path: string): AccessFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Adgangsfilen "${path}" kunne ikke læses: ${(error as Error).message}`);
  }
  const parsed = AccessFile.safeParse(raw);
  if (!parsed.success) throw new Error(`Adgangsfilen "${path}" er ugyldig: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The grant a token opens, compared in constant time. */
export function grantForToken(file: AccessFile, token: string): Grant | null {
  const digest = Buffer.from(hashToken(token), 'hex');
  let found: Grant | null = null;
  for (const grant of file.grants) {
    if (crypto.timingSafeEqual(digest, Buffer.from(grant.tokenSha256, 'hex'))) found = grant;
  }
  return found;
}

/** The grant as an actor of the one rule (shared/access/rules.ts). */
export function grantActor(grant: Grant): Actor {
  return actorFromGrant(grant);
}

/**
 * What `grant` may do with `docId` at the connection level: the one rule's rights
 * (shared/access/rules.ts, `rightsOn`) added up — write when it may change anything of the document
 * (comments included; each update is then checked against the rights item by item), read when it
 * may only read. `agreement` is the agreement's structure as the server holds it (null while it
 * does not exist yet: only the secretariat may create it).
 */
export function accessTo(grant: Grant, docId: string, agreement: Agreement | null): Access {
  return accessLevel(rightsOn(actorFromGrant(grant), docId, agreement));
}
