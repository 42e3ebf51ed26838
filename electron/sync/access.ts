// Who may read and write which document on the secretariat's sync server. The secretariat issues
// every participant a token tied to a name, a side and rights; the server looks the token up here
// and decides per document. Enforced on the server: the UI only mirrors it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { Side } from '../../shared/domain/agreement.ts';
import type { Agreement } from '../../shared/domain/agreement.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';

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

/**
 * What `grant` may do with `docId`. `agreement` is the agreement's structure as the server holds
 * it (null while it does not exist yet: only the secretariat may create it).
 * - structure: the secretariat writes, every participant of the agreement reads;
 * - a section: its theme group's members (and the secretariat) write, other participants read;
 *   sections outside theme groups (opfølgning, allonge) are the secretariat's;
 * - internal data of one side: that side only, never the other — not even to read; and only for a
 *   section the agreement's structure has (so nobody can make up documents, or the agreement's row,
 *   through internal data).
 */
export function accessTo(grant: Grant, docId: string, agreement: Agreement | null): Access {
  const doc = parseDocId(docId);
  if (!doc || !grant.agreementIds.includes(doc.agreementId)) return 'none';
  if (doc.kind === 'internal') {
    if (doc.side !== grant.side || grant.rights === 'observer') return 'none';
    return agreement?.sections.some((s) => s.id === doc.sectionId) ? 'write' : 'none';
  }
  if (grant.rights === 'secretariat') return 'write';
  if (!agreement) return 'none';
  if (doc.kind === 'structure') return 'read';
  const section = agreement.sections.find((s) => s.id === doc.sectionId);
  if (!section) return 'none';
  if (grant.rights === 'member' && section.themeGroupId && grant.themeGroupIds.includes(section.themeGroupId)) {
    return 'write';
  }
  return 'read';
}
