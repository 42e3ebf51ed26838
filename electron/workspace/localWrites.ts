// The local push's write check: what the renderer sends (WorkspaceService.pushUpdate) must be
// within the local actor's rights (shared/access/localActor.ts, rules.ts) — the same rule the
// server, the meeting host and the bundle importer apply, so an edit the UI should not have let
// through is refused here instead of being stored and then refused by every peer.
import type * as Y from 'yjs';
import { currentAgreement } from '../../shared/access/agreementCache.ts';
import { checkWrite } from '../../shared/access/checkWrite.ts';
import { identityKey, localActor } from '../../shared/access/localActor.ts';
import { rightsOn, type Actor } from '../../shared/access/rules.ts';
import type { Profile } from '../../shared/domain/agreement.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';
import { verifyBytes } from '../identity/ed25519.ts';

export interface LocalContext {
  /** The agreement's structure document as this workspace holds it. */
  structure(agreementId: string): Y.Doc | null;
  setting(key: string): unknown;
  profile(): Profile | null;
}

/** The local actor in `agreementId`, or null (no profile and no identity). */
export function localActorIn(ctx: LocalContext, agreementId: string): Actor | null {
  return localActor(ctx.structure(agreementId), ctx.setting(identityKey(agreementId)), ctx.profile(), verifyBytes);
}

/** Null when `update` is within the local actor's rights on `docId`; else the reason (Danish).
 *  Without a profile or an identity there is nobody to hold to a rule: the UI asks for a profile
 *  before it lets anyone write. */
export function localWriteRefusal(ctx: LocalContext, docId: string, current: Y.Doc, update: Uint8Array): string | null {
  const parsed = parseDocId(docId);
  if (!parsed) return null; // the document check refuses it
  const actor = localActorIn(ctx, parsed.agreementId);
  if (!actor) return null;
  const structure = ctx.structure(parsed.agreementId);
  const verdict = checkWrite(docId, current, update, rightsOn(actor, docId, structure ? currentAgreement(structure) : null));
  return verdict.ok ? null : verdict.reason;
}
