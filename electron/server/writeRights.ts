// The per-update write check on the server: what an admitted connection's update writes must be
// within its actor's rights (shared/access/rules.ts) on the document, computed at that moment from
// the agreement's structure as the server holds it — so a section moved to another theme group is
// read-only for the old group's members on connections that stay open. Called by messagePolicy.ts
// after the document check, before the update is applied.
import type * as Y from 'yjs';
import { checkWrite, type WriteHooks } from '../../shared/access/checkWrite.ts';
import { accessLevel, rightsOn } from '../../shared/access/rules.ts';
import { actorOf } from './actor.ts';
import type { AgreementLookup } from './agreements.ts';
import type { Participant } from './authenticate.ts';

/** Why an update is refused: the reason (Danish), and whether the actor may read the document but
 *  write nothing of it now (its connection is then as good as read-only: see messagePolicy.ts). */
export interface WriteRefusal {
  reason: string;
  readOnly: boolean;
}

/** Null when `update` is within the connection's rights on `documentName`; else why not. */
export function writeRefusal(
  agreements: AgreementLookup,
  hooks: WriteHooks | undefined,
  participant: Participant | null,
  documentName: string,
  document: Y.Doc,
  update: Uint8Array,
): WriteRefusal | null {
  const actor = actorOf({ documentName, participant, structure: () => agreements.structure(documentName) });
  if (!actor) return null;
  const rights = rightsOn(actor, documentName, agreements(documentName));
  const verdict = checkWrite(documentName, document, update, rights, hooks);
  return verdict.ok ? null : { reason: verdict.reason, readOnly: accessLevel(rights) === 'read' };
}
