// The secretariat server's access rules, enforced by a running server: a test per rule.
import fs from 'node:fs';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, SERVER_WORKSPACE_FILE, type SyncServer } from '../../electron/server/server.ts';
import { hashToken, newToken, type AccessFile, type Grant } from '../../electron/sync/access.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { Store } from '../../electron/store/store.ts';
import { SyncClient } from '../../electron/sync/syncClient.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { setSectionRequirements } from '../../shared/structure/requirements.ts';
import { REQUIREMENTS_2009 } from '../../shared/requirements/bekendtgoerelse2009.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { addCommentThread, commentTexts, loggedClauseIds, recordTestPosition } from '../helpers/docContent.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const dir = tempDir('enighed-access-');
const tokens = { secretariat: newToken(), regionTraining: newToken(), kommuneTraining: newToken(), observer: newToken() };
let server: SyncServer;
let agreementId: string;
const logged: string[] = [];

function grant(token: string, partial: Partial<Grant>): Grant {
  return { tokenSha256: hashToken(token), name: 'X', organisation: 'Y', side: 'region', rights: 'member', themeGroupIds: [], agreementIds: [], ...partial };
}

/** A provider for one document with a token; resolves with how the server answered. */
async function open(docId: string, token: string): Promise<{ doc: Y.Doc; provider: HocuspocusProvider; outcome: 'synced' | string }> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
  const outcome = await new Promise<string>((resolve) => {
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: docId,
      document: doc,
      token,
      onSynced: () => resolve('synced'),
      onAuthenticationFailed: ({ reason }) => resolve(reason),
    });
    provider.attach();
    opened.push({ provider, socket });
  });
  return { doc, provider: opened[opened.length - 1].provider, outcome };
}
const opened: { provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket }[] = [];

function typeInto(doc: Y.Doc, text: string): void {
  const paragraph = doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement;
  paragraph.insert(paragraph.length, [new Y.XmlText(text)]);
}

beforeAll(async () => {
  // The secretariat's own workspace holds the agreement; it reaches the server through the app's sync.
  const file = path.join(dir, 'sekretariat.sqlite');
  const service = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
  agreementId = service.listAgreements()[0].id;
  const access: AccessFile = {
    version: 1,
    grants: [
      grant(tokens.secretariat, { name: 'Sekretariatet', rights: 'secretariat', agreementIds: [agreementId] }),
      grant(tokens.regionTraining, { name: 'Rikke Region', side: 'region', themeGroupIds: ['tg-traening'], agreementIds: [agreementId] }),
      grant(tokens.kommuneTraining, { name: 'Kim Kommune', side: 'kommune', themeGroupIds: ['tg-traening'], agreementIds: [agreementId] }),
      grant(tokens.observer, { name: 'Pia Praksis', side: 'praksis', rights: 'observer', agreementIds: [agreementId] }),
    ],
  };
  server = await startSyncServer({ dataDir: path.join(dir, 'server'), quiet: false, log: (line) => logged.push(line), access });
  await service.handlers.setSyncSettings({ settings: { url: server.url, token: tokens.secretariat } }, { id: 's', send: () => {} });
  await service.whenSynced();
  service.close();
});

afterAll(async () => {
  for (const { provider, socket } of opened) {
    provider.destroy();
    socket.destroy();
  }
  await server?.close();
});

describe('access on the sync server', () => {
  it('refuses an unknown token', async () => {
    expect((await open(structureDocId(agreementId), newToken())).outcome).toMatch(/ukendt adgangskode/);
    expect(logged.some((l) => l.includes('ukendt adgangskode'))).toBe(true);
  });

  it('lets a member write their theme group section', async () => {
    const { doc, provider, outcome } = await open(sectionDocId(agreementId, 'traening-politisk'), tokens.regionTraining);
    expect(outcome).toBe('synced');
    typeInto(doc, 'Regionen skriver i sin egen temagruppe.');
    await expect.poll(() => provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
  });

  it("refuses a member's write to another theme group's section, logs it, and leaves it unchanged", async () => {
    const docId = sectionDocId(agreementId, 'indlaeggelse-politisk');
    const { doc, provider, outcome } = await open(docId, tokens.kommuneTraining);
    expect(outcome).toBe('synced'); // the text is there to read (and to comment on)
    expect(doc.getXmlFragment(SECTION_FRAGMENT).toString()).toContain('Vision');
    typeInto(doc, 'FORBUDT ÆNDRING');
    await expect.poll(() => logged.some((l) => l.includes('Kim Kommune') && l.includes(docId) && l.includes('temagruppe, du ikke er med i')), { timeout: 5_000 }).toBe(true);
    expect(provider.unsyncedChanges).toBeGreaterThan(0);
    // A fresh reader sees the text without the refused change.
    const reader = await open(docId, tokens.secretariat);
    expect(reader.doc.getXmlFragment(SECTION_FRAGMENT).toString()).not.toContain('FORBUDT');
  });

  it('keeps the structure writable by the secretariat only', async () => {
    const member = await open(structureDocId(agreementId), tokens.regionTraining);
    expect(member.outcome).toBe('synced');
    member.doc.getMap('meta').set('title', 'Overtaget af regionen');
    await expect.poll(() => logged.some((l) => l.includes('Rikke Region') && l.includes('/structure')), { timeout: 5_000 }).toBe(true);
    const secretariat = await open(structureDocId(agreementId), tokens.secretariat);
    expect(secretariat.doc.getMap('meta').get('title')).not.toBe('Overtaget af regionen');
    secretariat.doc.getMap('meta').set('title', 'Sundhedsaftale 2011–2014 (høringsudgave)');
    await expect.poll(() => secretariat.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
  });

  it("takes the reading guide's links from the secretariat only", async () => {
    const member = await open(structureDocId(agreementId), tokens.kommuneTraining);
    expect(member.outcome).toBe('synced');
    setSectionRequirements(member.doc, 'traening-politisk', ['1', '2'], REQUIREMENTS_2009, { by: { name: 'Kim Kommune', organisation: 'Y' }, at: new Date().toISOString() });
    await expect.poll(() => logged.some((l) => l.includes('Kim Kommune') && l.includes('/structure')), { timeout: 5_000 }).toBe(true);
    const secretariat = await open(structureDocId(agreementId), tokens.secretariat);
    expect(readAgreement(secretariat.doc)!.sections.find((s) => s.id === 'traening-politisk')!.requirementIds).toBeUndefined();
    setSectionRequirements(secretariat.doc, 'traening-politisk', ['2'], REQUIREMENTS_2009, { by: { name: 'Sekretariatet', organisation: 'Y' }, at: new Date().toISOString() });
    await expect.poll(() => secretariat.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
  });

  it("never gives one side's internal data to the other side or to an observer", async () => {
    const internal = `${agreementId}/internal/kommune/traening-politisk`;
    const own = await open(internal, tokens.kommuneTraining);
    expect(own.outcome).toBe('synced');
    addCommentThread(own.doc, 'Kun for kommunerne', { name: 'Kim Kommune', organisation: 'Y', side: 'kommune' });
    await expect.poll(() => own.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
    expect((await open(internal, tokens.regionTraining)).outcome).toMatch(/ingen adgang/);
    expect((await open(internal, tokens.observer)).outcome).toMatch(/ingen adgang/);
  });

  it('lets an observer read but not write', async () => {
    const docId = sectionDocId(agreementId, 'traening-politisk');
    const { doc, outcome } = await open(docId, tokens.observer);
    expect(outcome).toBe('synced');
    typeInto(doc, 'Praksis skriver med');
    await expect.poll(() => logged.some((l) => l.includes('Pia Praksis') && l.includes(docId)), { timeout: 5_000 }).toBe(true);
  });

  it("refuses an observer's text edit with the rule's reason, and passes the observer's comment", async () => {
    const docId = sectionDocId(agreementId, 'traening-politisk');
    const commenter = await open(docId, tokens.observer);
    addCommentThread(commenter.doc, 'Praksis spørger', { name: 'Pia Praksis', organisation: 'Y', side: 'praksis' });
    await expect.poll(() => commenter.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
    typeInto(commenter.doc, 'Observatøren retter');
    await expect.poll(() => logged.some((l) => l.includes('Pia Praksis') && l.includes(docId) && l.includes('praksis')), { timeout: 5_000 }).toBe(true);
    const reader = await open(docId, tokens.secretariat);
    expect(reader.doc.getXmlFragment(SECTION_FRAGMENT).toString()).not.toContain('Observatøren retter');
    expect(commentTexts(reader.doc)).toContain('Praksis spørger');
  });

  it('makes a section read-only for the old group on an open connection once it moves to another group', async () => {
    const docId = sectionDocId(agreementId, 'traening-sundhedsfaglig');
    const member = await open(docId, tokens.regionTraining);
    typeInto(member.doc, 'Før flytningen.');
    await expect.poll(() => member.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
    const structure = await open(structureDocId(agreementId), tokens.secretariat);
    const sections = structure.doc.getMap('sections');
    sections.set('traening-sundhedsfaglig', { ...(sections.get('traening-sundhedsfaglig') as object), themeGroupId: 'tg-indlaeggelse' });
    await expect.poll(() => structure.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);
    typeInto(member.doc, 'Efter flytningen.');
    await expect.poll(() => logged.some((l) => l.includes('Rikke Region') && l.includes(docId) && l.includes('temagruppe, du ikke er med i')), { timeout: 5_000 }).toBe(true);
    const reader = await open(docId, tokens.secretariat);
    const text = reader.doc.getXmlFragment(SECTION_FRAGMENT).toString();
    expect(text).toContain('Før flytningen.');
    expect(text).not.toContain('Efter flytningen.');
  });

  it("refuses one side's position written by the other side, and a deleted decision-log entry; passes a genuine position", async () => {
    const docId = sectionDocId(agreementId, 'traening-politisk');
    const region = await open(docId, tokens.regionTraining);
    recordTestPosition(region.doc, 'k-ægte', 'region');
    await expect.poll(() => region.provider.unsyncedChanges, { timeout: 5_000 }).toBe(0);

    const forger = await open(docId, tokens.kommuneTraining);
    recordTestPosition(forger.doc, 'k-falsk', 'region');
    await expect.poll(() => logged.some((l) => l.includes('Kim Kommune') && l.includes(docId) && l.includes('på vegne af regionen')), { timeout: 5_000 }).toBe(true);

    const eraser = await open(docId, tokens.regionTraining);
    expect(loggedClauseIds(eraser.doc)).toContain('k-ægte');
    eraser.doc.getArray('decisionLog').delete(0, eraser.doc.getArray('decisionLog').length);
    await expect.poll(() => logged.some((l) => l.includes('Rikke Region') && l.includes(docId) && l.includes('beslutningsloggen')), { timeout: 5_000 }).toBe(true);

    const reader = await open(docId, tokens.secretariat);
    expect(loggedClauseIds(reader.doc)).toContain('k-ægte');
    expect(loggedClauseIds(reader.doc)).not.toContain('k-falsk');
  });

  it('asks again for a refused internal document once the structure lists its section', async () => {
    // The kommune's workspace holds internal comments on a section the server's structure does not
    // list yet (it came by meeting); the server refuses that document until the secretariat's
    // structure with the section reaches it, and the app then syncs it without being told.
    const docs = new Map([
      [structureDocId(agreementId), new Y.Doc()],
      [internalDocId(agreementId, 'kommune', 'nyt-afsnit'), new Y.Doc()],
    ]);
    addCommentThread(docs.get(internalDocId(agreementId, 'kommune', 'nyt-afsnit'))!, 'Vores forbehold', { name: 'Kim Kommune', organisation: 'Y', side: 'kommune' });
    const client = new SyncClient({ docIds: () => [...docs.keys()], doc: (id) => docs.get(id)!, onDocsChanged: () => () => {} }, { url: server.url, token: tokens.kommuneTraining });
    try {
      await expect.poll(() => client.status().error, { timeout: 5_000 }).toMatch(/afviste adgang til .*internal\/kommune\/nyt-afsnit/);
      const structure = await open(structureDocId(agreementId), tokens.secretariat);
      const sections = structure.doc.getMap('sections');
      sections.set('nyt-afsnit', { ...(sections.get('traening-politisk') as object), id: 'nyt-afsnit', title: 'Nyt afsnit', order: 99 });
      await client.whenSynced(10_000);
      expect(client.status().error).toBeNull();
      const reader = await open(internalDocId(agreementId, 'kommune', 'nyt-afsnit'), tokens.kommuneTraining);
      expect(commentTexts(reader.doc)).toContain('Vores forbehold');
    } finally {
      client.destroy();
    }
  });

  it('stored exactly the permitted changes', async () => {
    await server.close();
    const store = Store.open(path.join(dir, 'server', SERVER_WORKSPACE_FILE));
    const text = (id: string) => store.loadYDoc(sectionDocId(agreementId, id)).getXmlFragment(SECTION_FRAGMENT).toString();
    expect(text('traening-politisk')).toContain('Regionen skriver i sin egen temagruppe.');
    expect(text('traening-politisk')).not.toContain('Praksis skriver med');
    expect(text('indlaeggelse-politisk')).not.toContain('FORBUDT');
    expect(store.loadYDoc(structureDocId(agreementId)).getMap('meta').get('title')).toBe('Sundhedsaftale 2011–2014 (høringsudgave)');
    expect(readAgreement(store.loadYDoc(structureDocId(agreementId)))!.sections.find((s) => s.id === 'traening-politisk')!.requirementIds).toEqual(['2']);
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
