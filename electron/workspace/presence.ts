// The contract's presence calls (shared/api/presenceContract.ts) over the workspace's PresenceHub
// (electron/sync/presence.ts).
import type { Handlers } from '../../shared/api/dispatch.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';
import type { PresenceHub } from '../sync/presence.ts';
import type { Client } from './service.ts';

export function presenceHandlers(hub: PresenceHub<Client>): Pick<Handlers<Client>, 'setPresence' | 'presenceSnapshot'> {
  return {
    setPresence: ({ docId, update }, client) => {
      hub.set(client, docId, update);
      return {};
    },
    presenceSnapshot: ({ agreementId }) =>
      hub
        .sectionsWithOthers()
        .filter((docId) => parseDocId(docId)?.agreementId === agreementId)
        .map((docId) => ({ docId, update: hub.snapshot(docId) as Uint8Array<ArrayBuffer> })),
  };
}
