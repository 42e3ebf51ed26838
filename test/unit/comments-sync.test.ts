// Internal comment threads through the real sync server and real workspaces: they reach the other
// machines of the same side, and never the other side's machine, not even as bytes in its workspace
// file; a meeting (whose other laptop is the other side's) refuses them.
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { hashToken, newToken, type Grant } from '../../electron/sync/access.ts';
import { guestToken, startMeeting } from '../../electron/sync/meeting/host.ts';
import { socketClass } from '../../electron/sync/pinnedSocket.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import type { Profile } from '../../shared/domain/agreement.ts';
import { internalDocId, sectionDocId } from '../../shared/structure/docIds.ts';
import { readThreads, startThread, type CommentAnchor } from '../../shared/negotiation/comments.ts';
import { seedWorkspaces, workspaceBytes } from '../helpers/people.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';

const dir = tempDir('enighed-comments-sync-');
const SECTION = 'traening-politisk';
const tokens = { secretariat: newToken(), region: newToken(), kommune: newToken() };
const client: Client = { id: 'test', send: () => {} };
const services: WorkspaceService[] = [];
let server: SyncServer;
let agreementId: string;

const anchor: CommentAnchor = { start: 'AAAA', end: 'AAAA', quote: 'genoptræning', clauseId: null };

function grant(token: string, partial: Partial<Grant>): Grant {
  return { tokenSha256: hashToken(token), name: 'X', organisation: 'Y', side: 'region', rights: 'member', themeGroupIds: ['tg-traening'], agreementIds: [agreementId], ...partial };
}

function profile(name: string, side: 'region' | 'kommune'): Profile {
  return { name, organisation: side === 'region' ? 'Region Midtjylland' : 'Horsens Kommune', side, role: 'formand' };
}

async function person(file: string, who: Profile, token: string): Promise<WorkspaceService> {
  const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources/templates') });
  services.push(service);
  service.handlers.setProfile(who, client);
  await service.handlers.setSyncSettings({ settings: { url: server.url, token } }, client);
  await service.whenSynced(20_000);
  return service;
}

/** Writes a thread into a document of `service` through the contract, as the renderer does. */
async function writeThread(service: WorkspaceService, docId: string, text: string, by: Profile): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await service.handlers.openDoc({ docId, stateVector: Y.encodeStateVector(doc) }, client)).update);
  const before = Y.encodeStateVector(doc);
  startThread(doc, { anchor, text, by: { name: by.name, organisation: by.organisation, side: by.side } });
  await service.handlers.pushUpdate({ docId, update: Y.encodeStateAsUpdate(doc, before) as Uint8Array<ArrayBuffer> }, client);
}

async function threadsIn(service: WorkspaceService, docId: string, visibility: 'shared' | 'internal'): Promise<string[]> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await service.handlers.openDoc({ docId, stateVector: Y.encodeStateVector(doc) }, client)).update);
  return readThreads(doc, visibility).map((t) => t.text);
}

beforeAll(async () => {
  const files = ['sekretariat', 'region-a', 'region-b', 'kommune'].map((name) => path.join(dir, `${name}.sqlite`));
  seedWorkspaces(files[0], ...files.slice(1));
  const secretariat = WorkspaceService.open({ workspacePath: files[0], templatesDir: path.join(repoRoot, 'resources/templates') });
  agreementId = secretariat.listAgreements()[0].id;
  server = await startSyncServer({
    dataDir: path.join(dir, 'server'),
    quiet: true,
    access: {
      version: 1,
      grants: [
        grant(tokens.secretariat, { rights: 'secretariat', themeGroupIds: [] }),
        grant(tokens.region, { side: 'region' }),
        grant(tokens.kommune, { side: 'kommune' }),
      ],
    },
  });
  await secretariat.handlers.setSyncSettings({ settings: { url: server.url, token: tokens.secretariat } }, client);
  await secretariat.whenSynced(20_000);
  secretariat.close();
});

afterAll(async () => {
  for (const service of services) service.close();
  await server?.close();
});

describe('internal comment threads', () => {
  it("reach the same side's other machine and never the other side's", async () => {
    const rikke = profile('Rikke Region', 'region');
    const karl = profile('Karl Kommune', 'kommune');
    const regionA = await person(path.join(dir, 'region-a.sqlite'), rikke, tokens.region);
    const regionB = await person(path.join(dir, 'region-b.sqlite'), profile('Rasmus Region', 'region'), tokens.region);
    const kommuneFile = path.join(dir, 'kommune.sqlite');
    const kommune = await person(kommuneFile, karl, tokens.kommune);

    await writeThread(regionA, internalDocId(agreementId, 'region', SECTION), 'HEMMELIGT-REGION: vi kan acceptere 10 dage', rikke);
    await writeThread(regionA, sectionDocId(agreementId, SECTION), 'DELT: hvad med weekender?', rikke);
    await writeThread(kommune, internalDocId(agreementId, 'kommune', SECTION), 'HEMMELIGT-KOMMUNE: budgettet rækker til 8 dage', karl);
    await regionA.whenSynced(20_000);
    await kommune.whenSynced(20_000);

    await expect.poll(() => threadsIn(regionB, internalDocId(agreementId, 'region', SECTION), 'internal'), { timeout: 10_000 }).toEqual([
      'HEMMELIGT-REGION: vi kan acceptere 10 dage',
    ]);
    // The shared thread reaches the other side; the internal one does not.
    await expect.poll(() => threadsIn(kommune, sectionDocId(agreementId, SECTION), 'shared'), { timeout: 10_000 }).toEqual(['DELT: hvad med weekender?']);
    await regionB.whenSynced(20_000);
    await kommune.whenSynced(20_000);
    expect(await threadsIn(kommune, internalDocId(agreementId, 'region', SECTION), 'internal')).toEqual([]);
    expect(await threadsIn(regionB, internalDocId(agreementId, 'kommune', SECTION), 'internal')).toEqual([]);

    kommune.close();
    services.splice(services.indexOf(kommune), 1);
    const bytes = workspaceBytes(kommuneFile);
    expect(bytes.includes('DELT: hvad med weekender?')).toBe(true); // the check does see thread text
    expect(bytes.includes('HEMMELIGT-REGION')).toBe(false);
    expect(workspaceBytes(path.join(dir, 'region-b.sqlite')).includes('HEMMELIGT-KOMMUNE')).toBe(false);
  });

  it('are refused by a meeting, where the other laptop is the other side', async () => {
    const meeting = await startMeeting({ address: '127.0.0.1' });
    const socket = new HocuspocusProviderWebsocket({
      url: meeting.url,
      WebSocketPolyfill: socketClass({ fingerprint: meeting.fingerprint, onError: () => {} }),
    });
    try {
      const outcome = await new Promise<string>((resolve) => {
        const provider = new HocuspocusProvider({
          websocketProvider: socket,
          name: internalDocId(agreementId, 'region', SECTION),
          document: new Y.Doc(),
          token: guestToken(meeting.code, { name: 'Karl Kommune', side: 'kommune' }),
          onSynced: () => resolve('synced'),
          onAuthenticationFailed: ({ reason }) => resolve(reason),
        });
        provider.attach();
      });
      expect(outcome).toMatch(/interne kommentarer deles ikke/);
    } finally {
      socket.destroy();
      await meeting.close();
    }
  });
});
