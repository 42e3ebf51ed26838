// The per-update write check reads the agreement's structure from the store when nobody has it
// open (agreements.ts keeps that copy while the store's version of it is unchanged). A change made
// while the structure was open must apply once it is closed again: the copy is read anew.
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_AGREEMENT, seedFixture, type Fixture } from '../../electron/server/flood/fixture.ts';
import { insertParagraph, paragraphTexts } from '../../electron/server/flood/sectionText.ts';
import { SERVER_WORKSPACE_FILE, startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { Store } from '../../electron/store/store.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dir = tempDir('enighed-structure-copy-');
const S1 = sectionDocId(FIXTURE_AGREEMENT, 's1');
let fixture: Fixture;
let server: SyncServer;
const logged: string[] = [];
const open: { provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket }[] = [];

function connect(name: string, token: string): { doc: Y.Doc; provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket } {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
  provider.attach();
  open.push({ provider, socket });
  return { doc, provider, socket };
}

beforeAll(async () => {
  fixture = seedFixture(path.join(dir, SERVER_WORKSPACE_FILE));
  server = await startSyncServer({ dataDir: dir, access: fixture.access, log: (line) => logged.push(line) });
});

afterAll(async () => {
  for (const { provider, socket } of open) {
    provider.destroy();
    socket.destroy();
  }
  await server?.close();
});

describe('the stored structure behind the write check', () => {
  it('applies a section moved to another theme group while the structure was open, once it is closed again', async () => {
    // Nobody has the structure open: alice's first update is checked against the stored copy.
    const alice = connect(S1, fixture.tokens.alice);
    await expect.poll(() => alice.provider.isSynced, { timeout: 10_000, message: logged.join('\n') }).toBe(true);
    expect(server.stats().loadedDocuments).toBe(1);
    insertParagraph(alice.doc, 'Før flytningen.');
    await expect.poll(() => alice.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);

    // The secretariat moves s1 from g1 (alice's group) to g2, then closes the structure.
    const secretariat = connect(structureDocId(FIXTURE_AGREEMENT), fixture.tokens.secretariat);
    await expect.poll(() => secretariat.provider.isSynced, { timeout: 10_000 }).toBe(true);
    const sections = secretariat.doc.getMap('sections');
    sections.set('s1', { ...(sections.get('s1') as object), themeGroupId: 'g2' });
    await expect.poll(() => secretariat.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
    secretariat.provider.destroy();
    secretariat.socket.destroy();
    await expect.poll(() => server.stats().loadedDocuments, { timeout: 10_000 }).toBe(1);

    // Alice's next update is refused: checked against the structure as stored now.
    insertParagraph(alice.doc, 'Efter flytningen.');
    await expect.poll(() => logged.some((l) => l.includes(fixture.names.alice) && l.includes(S1) && l.includes('temagruppe, du ikke er med i')), { timeout: 5_000 }).toBe(true);

    // Mallory (g2) may write s1 now.
    const mallory = connect(S1, fixture.tokens.mallory);
    await expect.poll(() => mallory.provider.isSynced, { timeout: 10_000 }).toBe(true);
    insertParagraph(mallory.doc, 'Mallory skriver nu her.');
    await expect.poll(() => mallory.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
    await server.close();
    const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
    try {
      const stored = store.loadYDoc(S1);
      expect(paragraphTexts(stored)).toEqual(['Før flytningen.', 'Mallory skriver nu her.']);
      stored.destroy();
    } finally {
      store.close();
    }
  });
});
