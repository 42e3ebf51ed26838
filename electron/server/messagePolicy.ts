// What a socket admitted to a document may send on it. Read-only connections send nothing but sync
// requests (state vectors) and Close; everything else from them is dropped. Writable connections'
// updates are bounded (storage quota, the document check, the actor's write rights), their awareness is filtered
// (awarenessPolicy.ts) and their chatter (awareness, query-awareness, stateless) rate-limited.
import type { Document } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { AwarenessOwners } from './awarenessPolicy.ts';
import { filterAwareness } from './awarenessPolicy.ts';
import { CLOSE_CONTENT_REFUSED, CLOSE_DOCUMENT_FULL, CLOSE_QUOTA } from './closeCodes.ts';
import { checkUpdate } from './documentCheck.ts';
import type { SyncLimits } from './limits.ts';
import type { AgreementLookup } from './agreements.ts';
import type { WriteHooks } from '../../shared/access/checkWrite.ts';
import { writeRefusal } from './writeRights.ts';
import { MessageType, SYNC_STEP_1, syncStep2Message, type CheckedMessage } from './messages.ts';
import type { QuotaLedger } from './quota.ts';
import type { RefusalCause } from './refusals.ts';
import type { DocEntry, SocketSession } from './socketSession.ts';

export type Verdict =
  /** `dropped`: awareness entries left out of the forwarded message. */
  | { action: 'forward'; data: Uint8Array; dropped?: number }
  | { action: 'drop'; cause: RefusalCause | null; count?: number; log?: string }
  | { action: 'close'; code: number; cause: RefusalCause; reason: string };

export interface PolicyContext {
  limits: SyncLimits;
  quota: QuotaLedger;
  awarenessOwners: AwarenessOwners;
  document(name: string): Document | undefined;
  /** Bytes the store holds for a loaded document. */
  storedBytes(name: string): number;
  /** The agreement (and its structure) as the server holds it now, for the write check. */
  agreements: AgreementLookup;
  writeHooks?: WriteHooks;
}

const who = (entry: DocEntry) => `${entry.participant?.name ?? 'ukendt'} (${entry.participant?.side ?? '?'})`;

/**
 * A sync step 2 or update from a connection that may not write the document. What the server holds
 * already (a member passing on the secretariat's change, got by a bundle or a meeting) is
 * acknowledged and not applied — Hocuspocus answers a read-only sync step 2 it contains so — or the
 * sender would count it as unsent for ever. Anything new is dropped (the connection stays).
 */
function readOnlyVerdict(ctx: PolicyContext, entry: DocEntry, name: string, payload: Uint8Array): Verdict {
  const held = ctx.document(name);
  if (held && Y.snapshotContainsUpdate(Y.snapshot(held), payload)) return { action: 'forward', data: syncStep2Message(name, payload) };
  return { action: 'drop', cause: 'readOnly', log: `Afviste en ændring fra ${who(entry)} til ${name}: kun læseadgang.` };
}

export function decide(ctx: PolicyContext, session: SocketSession, entry: DocEntry, message: CheckedMessage, data: Uint8Array): Verdict {
  const name = message.documentName;
  const readOnly = entry.access !== 'write';
  switch (message.type) {
    case MessageType.Sync:
    case MessageType.SyncReply: {
      if (message.step === SYNC_STEP_1) return { action: 'forward', data };
      const payload = message.payload!;
      if (message.items === 0) return { action: 'forward', data }; // an empty step 2: nothing to write
      if (readOnly) return readOnlyVerdict(ctx, entry, name, payload);
      // The cheap bounds first: the document check reads the whole update.
      if (ctx.quota.wouldExceed(entry.participant!.key, payload.byteLength)) {
        return {
          action: 'close',
          code: CLOSE_QUOTA,
          cause: 'quota',
          reason: `${entry.participant!.name} har brugt sin lagerplads på serveren (${Math.round(ctx.limits.storageQuotaBytes / 1024 / 1024)} MiB)`,
        };
      }
      if (ctx.storedBytes(name) + payload.byteLength > ctx.limits.maxDocumentBytes) {
        return {
          action: 'close',
          code: CLOSE_DOCUMENT_FULL,
          cause: 'documentSize',
          reason: `${name} ville fylde over ${Math.round(ctx.limits.maxDocumentBytes / 1024 / 1024)} MiB på serveren`,
        };
      }
      const document = ctx.document(name);
      if (document) {
        const check = checkUpdate(name, document, payload);
        if (!check.ok) {
          return { action: 'close', code: CLOSE_CONTENT_REFUSED, cause: 'content', reason: `ændringen til ${name} blev afvist: ${check.reason}` };
        }
        // Who may write what (shared/access): the actor's rights now, item by item.
        const refused = writeRefusal(ctx.agreements, ctx.writeHooks, entry.participant, name, document, payload);
        // One who may write nothing of the document now (a meeting guest on the structure, whose
        // connection the host admits for writing because rights are decided at every update) is
        // answered as a read-only connection: an honest member passing on the secretariat's change
        // must not lose the whole connection over it.
        if (refused?.readOnly) return readOnlyVerdict(ctx, entry, name, payload);
        if (refused) {
          return { action: 'close', code: CLOSE_CONTENT_REFUSED, cause: 'content', reason: `ændringen til ${name} fra ${who(entry)} blev afvist: ${refused.reason}` };
        }
      }
      ctx.quota.charge(entry.participant!.key, payload.byteLength);
      return { action: 'forward', data };
    }
    case MessageType.Close:
      return { action: 'forward', data };
    case MessageType.Auth:
      // Already admitted; Hocuspocus would only pass it to an onTokenSync hook, which we do not use.
      return { action: 'drop', cause: null };
    case MessageType.Awareness:
    case MessageType.QueryAwareness:
    case MessageType.Stateless:
    case MessageType.BroadcastStateless:
      break;
    default:
      return { action: 'drop', cause: null };
  }
  if (readOnly) return { action: 'drop', cause: 'readOnly' };
  if (!entry.chatter.take()) {
    return { action: 'drop', cause: message.type === MessageType.Awareness || message.type === MessageType.QueryAwareness ? 'awareness' : 'stateless' };
  }
  if (message.type === MessageType.Stateless || message.type === MessageType.BroadcastStateless) {
    if (message.statelessLength! > ctx.limits.maxStatelessLength) return { action: 'drop', cause: 'stateless' };
    return { action: 'forward', data };
  }
  if (message.type === MessageType.QueryAwareness) return { action: 'forward', data };
  const verdict = filterAwareness(name, message.awareness!, {
    clientID: entry.awarenessClientID,
    claim: (clientID) => ctx.awarenessOwners.claim(name, clientID, session),
    participant: entry.participant ?? { name: 'ukendt', side: null, namesItself: true },
    maxStateBytes: ctx.limits.maxAwarenessStateBytes,
  });
  entry.awarenessClientID = verdict.clientID;
  if (!verdict.ok) return { action: 'drop', cause: 'awareness', count: verdict.dropped };
  // Only the connection's own entry goes on; the rest (echoes of others' states, forgeries) stop here.
  return { action: 'forward', data: verdict.message, dropped: verdict.dropped };
}
