// What the app lets a server or meeting host put into its documents (electron/sync/incomingCheck.ts):
// the same bounds and rules the server applies to clients, checked before the provider applies it.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { screenIncoming } from '../../electron/sync/incomingCheck.ts';
import { DEFAULT_LIMITS } from '../../electron/server/limits.ts';
import { insertParagraph, paragraphOfItems } from '../../electron/server/flood/sectionText.ts';
import { nestedElementsUpdate } from '../helpers/poison.ts';
import { identityFixture, unsignedPosition } from '../helpers/identity.ts';
import { recordTestPosition } from '../helpers/docContent.ts';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';

const docId = 'a1/section/s1';

/** A Hocuspocus sync message carrying `update` for `docId` (type Sync, step Update). */
function syncUpdate(update: Uint8Array, id = docId): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, id);
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

describe('a section of an agreement with a directory, from a host that may be the other side', () => {
  const f = identityFixture('a1');
  const section = 'a1/section/s1';
  const docFor = (local: Y.Doc) => (id: string) => (id === section ? local : id === 'a1/structure' ? f.structure : null);
  /** The update that takes `local` from what it holds to what `sender` holds. */
  const diff = (sender: Y.Doc, local: Y.Doc) => syncUpdate(Y.encodeStateAsUpdate(sender, Y.encodeStateVector(local)), section);
  const copyOf = (doc: Y.Doc) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    return copy;
  };

  it("lets a genuine signed position through, whoever relays it", () => {
    const host = new Y.Doc();
    const local = copyOf(host);
    f.take('regionChair', host, 's1', 'k1', 'enig', 'h1');
    expect(screenIncoming(diff(host, local), docFor(local))).toBeNull();
  });

  it('refuses an unsigned position, a forged one and a rewritten decision log, and leaves the document unchanged', () => {
    const host = new Y.Doc();
    f.take('kommuneChair', host, 's1', 'k1', 'enig', 'h1');
    const local = copyOf(host);
    const before = Y.encodeStateAsUpdate(local);

    const unsigned = copyOf(local);
    recordTestPosition(unsigned, 'k2', 'region');
    expect(screenIncoming(diff(unsigned, local), docFor(local))?.reason).toMatch(/uden underskrift/);

    // The kommune's chair signs a position for the region: the signature is real, the side is not his.
    const forged = copyOf(local);
    const position = f.sign('kommuneChair', forged, 's1', unsignedPosition('k2', 'region', 'enig', 'h1'));
    forged.transact(() => {
      forged.getMap(SECTION_KEYS.positions).set('k2/region', position);
      forged.getArray(SECTION_KEYS.decisionLog).push([position]);
    });
    expect(screenIncoming(diff(forged, local), docFor(local))?.reason).toMatch(/verificeres|underskrift/);

    const erased = copyOf(local);
    erased.getArray(SECTION_KEYS.decisionLog).delete(0, 1);
    expect(screenIncoming(diff(erased, local), docFor(local))?.reason).toMatch(/beslutningsloggen/);

    expect(Y.encodeStateAsUpdate(local)).toEqual(before);
  });

  it('judges nothing by signature in an agreement without a root key (local positions)', () => {
    const local = new Y.Doc();
    const host = new Y.Doc();
    recordTestPosition(host, 'k1', 'region');
    const noDirectory = (id: string) => (id === section ? local : id === 'a1/structure' ? new Y.Doc() : null);
    expect(screenIncoming(diff(host, local), noDirectory)).toBeNull();
  });
});
