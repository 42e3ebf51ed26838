// Invitations end to end without a browser: real workspaces (SQLite files), a real sync server on
// loopback with an init-secretariat invitation, and the contract's methods through the dispatcher.
// The secretariat founds an agreement (root key = its device key, its own entry signed by it) and
// invites a participant, who redeems once and receives the same agreement. Secrets stay out of the
// workspace's settings and in an owner-only file.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServer, SERVER_WORKSPACE_FILE, type SyncServer } from '../../electron/server/server.ts';
import { initSecretariat } from '../../electron/server/adminCommands.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { Store } from '../../electron/store/store.ts';
import { participantMessage } from '../../shared/identity/messages.ts';
import { verifyBytes } from '../../electron/identity/ed25519.ts';
import type { AgreementDetails } from '../../shared/api/participantsContract.ts';
import type { AgreementMeta } from '../../shared/domain/agreement.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { readParticipants } from '../../shared/structure/participantsDoc.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-invitations-'));
let server: SyncServer;
let bootstrap: string;
const services: WorkspaceService[] = [];

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function open(name: string): WorkspaceService {
  const workspacePath = path.join(dir, `${name}.sqlite`);
  const service = WorkspaceService.open({ workspacePath, templatesDir: path.join(repoRoot, 'resources/templates') });
  services.push(service);
  return service;
}

beforeAll(async () => {
  const port = await freePort();
  const dataDir = path.join(dir, 'server');
  fs.mkdirSync(dataDir);
  bootstrap = initSecretariat({ workspacePath: path.join(dataDir, SERVER_WORKSPACE_FILE), name: 'Sekretariatet', organisation: 'Region Midtjylland', serverUrl: `ws://127.0.0.1:${port}` }).text;
  server = await startSyncServer({ dataDir, host: '127.0.0.1', port, quiet: true });
});

afterAll(async () => {
  for (const s of services) s.close();
  await server?.close();
});

describe('invitations', () => {
  it('founds an agreement, invites, redeems once, and both workspaces hold the same agreement', async () => {
    const client = recordingClient('c');
    const secretariat = open('sekretariat');
    secretariat.connect(client);
    const founded = await call<{ agreementId: string | null }>(secretariat, client, 'openInvitation', { text: bootstrap });
    expect(founded.agreementId).toBeNull();
    expect(client.events.filter((e) => e.name === 'invitationProgress').map((e) => (e.payload as { step: string }).step)).toEqual(['reading', 'redeeming', 'connecting', 'done']);
    await call(secretariat, client, 'setProfile', { name: 'Signe Sekretær', organisation: 'Region Midtjylland', side: 'region', role: 'sekretariat' });
    const { agreementId } = await call<{ agreementId: string }>(secretariat, client, 'createAgreement', { templateId: 'gen2-midtjylland', demo: false });

    // The root key is this machine's device key; the secretariat's own entry is signed with it.
    const meta = (await call<AgreementMeta[]>(secretariat, client, 'listAgreements', {}))[0];
    expect(meta.rootKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [details] = await call<AgreementDetails[]>(secretariat, client, 'agreementDetails', {});
    expect(details).toMatchObject({ agreementId, region: 'Region Midtjylland', server: server.url });
    expect(details.participantId).toMatch(/^sekretariat-/);

    const participantId = (await call<{ participantId: string }>(secretariat, client, 'saveParticipant', {
      agreementId,
      name: 'Åse Øster',
      organisation: 'Horsens Kommune',
      side: 'kommune',
      role: 'formand',
      themeGroupIds: ['tg-traening'],
    })).participantId;
    // Bad input is refused by the contract with a Danish message.
    await expect(call(secretariat, client, 'saveParticipant', { agreementId, name: ' ', organisation: 'x', side: 'kommune', role: 'formand', themeGroupIds: [] })).rejects.toThrow(/Skriv navnet/);
    const invitation = await call<{ text: string; fileName: string }>(secretariat, client, 'inviteParticipant', { agreementId, participantId });
    expect(invitation.fileName).toBe('invitation-åse-øster.enighed-invitation');
    await secretariat.whenSynced(10_000);

    const kommune = open('kommune');
    const joined = await call<{ agreementId: string }>(kommune, client, 'openInvitation', { text: invitation.text });
    expect(joined.agreementId).toBe(agreementId);
    expect((await call<AgreementMeta[]>(kommune, client, 'listAgreements', {})).map((a) => a.id)).toEqual([agreementId]);
    // The profile follows the signed entry.
    expect(await call(kommune, client, 'getProfile', {})).toEqual({ name: 'Åse Øster', organisation: 'Horsens Kommune', side: 'kommune', role: 'formand' });

    // Redeemed once: a second machine is refused, in Danish, and gets no agreement.
    const thief = open('tyv');
    await expect(call(thief, client, 'openInvitation', { text: invitation.text })).rejects.toThrow(/allerede brugt/);
    expect(await call(thief, client, 'listAgreements', {})).toEqual([]);

    // The directory both hold is the same, and its entries verify with the root key.
    secretariat.close();
    kommune.close();
    for (const name of ['sekretariat', 'kommune']) {
      const file = path.join(dir, `${name}.sqlite`);
      const store = Store.open(file);
      const doc = store.loadYDoc(`${agreementId}/structure`);
      const entries = readParticipants(doc);
      expect(entries.map((e) => e.name).sort()).toEqual(['Signe Sekretær', 'Åse Øster']);
      for (const e of entries as ParticipantEntry[]) expect(verifyBytes(meta.rootKey!, participantMessage(agreementId, e), e.signature)).toBe(true);
      // No secret in the settings: the device token and key are in the owner-only file.
      const settings = JSON.stringify(store.db.prepare('SELECT key, value FROM settings').all());
      expect(settings).not.toMatch(/device:|token/i);
      doc.destroy();
      store.close();
      for (const secret of [`${file}.device-tokens`, `${file}.device-default.key`]) expect(fs.statSync(secret).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(`${file}.device-tokens`, 'utf8')).not.toMatch(/device:/);
    }
  });

  it('says in Danish when the text is no invitation or the server cannot be reached', async () => {
    const client = recordingClient('c');
    const lonely = open('alene');
    await expect(call(lonely, client, 'openInvitation', { text: 'hej' })).rejects.toThrow(/ikke en gyldig Enighed-invitation/);
    // An invitation naming a loopback port nobody listens on.
    const port = await freePort();
    const unreachable = bootstrap.replace(/^enighed-invitation:/, '');
    const json = JSON.parse(Buffer.from(unreachable, 'base64url').toString('utf8'));
    const text = `enighed-invitation:${Buffer.from(JSON.stringify({ ...json, server: `ws://127.0.0.1:${port}` })).toString('base64url')}`;
    await expect(call(lonely, client, 'openInvitation', { text })).rejects.toThrow(/kunne ikke nås/);
    expect(await call(lonely, client, 'syncStatus', {})).toMatchObject({ state: 'off' });
  });
});
