// What the app lets a server or meeting host put into its documents (electron/sync/incomingCheck.ts):
// the same bounds and rules the server applies to clients, checked before the provider applies it.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { screenIncoming } from '../../electron/sync/incomingCheck.ts';
import { DEFAULT_LIMITS } from '../../electron/server/limits.ts';
import { insertParagraph, paragraphOfItems } from '../../electron/server/flood/sectionText.ts';
import { nestedElementsUpdate } from '../helpers/poison.ts';

const docId = 'a1/section/s1';

/** A Hocuspocus sync message carrying `update` for `docId` (type Sync, step Update). */
function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, docId);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

describe('updates from a server or meeting host', () => {
  const local = new Y.Doc();
  const docFor = (id: string) => (id === docId ? local : null);

  it('lets a genuine edit through', () => {
    const sender = new Y.Doc();
    insertParagraph(sender, 'Kommunen tilbyder en træningsaftale.');
    expect(screenIncoming(syncUpdate(Y.encodeStateAsUpdate(sender)), docFor)).toBeNull();
  });

  it('refuses an update of more items than the server would take, before building any', () => {
    const huge = paragraphOfItems(DEFAULT_LIMITS.maxUpdateItems + 10);
    expect(screenIncoming(syncUpdate(huge), docFor)).toEqual({ docId, reason: expect.stringMatching(/elementer/) });
  });

  it('refuses 20,000 nested blockquotes and a malformed message', () => {
    expect(screenIncoming(syncUpdate(nestedElementsUpdate(20_000)), docFor)?.docId).toBe(docId);
    expect(screenIncoming(syncUpdate(new Uint8Array([1, 0xff, 0xff, 0xff])), docFor)).not.toBeNull();
  });
});
