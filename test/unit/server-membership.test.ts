// Membership on the real sync server (loopback, real SQLite, real Ed25519): a bootstrap secretariat
// account from init-secretariat, invitations redeemed once over HTTP, device tokens, an agreement
// created by its founder, revocation that closes an open connection within a second and refuses the
// reconnect, theme-group changes on open connections, and the audit of who stored what.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLines } from '../../electron/server/adminCommands.ts';
import { CLOSE_REVOKED } from '../../electron/server/closeCodes.ts';
import { startSyncServer, SERVER_WORKSPACE_FILE, type SyncServer } from '../../electron/server/server.ts';
import { generateKeyPair } from '../../electron/identity/ed25519.ts';
import { toBase64Url } from '../../shared/identity/base64url.ts';
import { newInviteSecret } from '../../electron/identity/invite.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { decodeInvitation } from '../../shared/identity/invitation.ts';
import { writeAgreement } from '../../shared/structure/structureDoc.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { appendParagraph, paragraphTexts } from '../helpers/docContent.ts';
import {
  agreementWithRoot,
  entry,
  fieldsOf,
  openDoc,
  person,
  postRedeem,
  putEntries,
  redeemBody,
  rootSigner,
  type Opened,
  type Person,
} from '../helpers/membership.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dir = tempDir('enighed-membership-');
const dataDir = path.join(dir, 'server');
const workspacePath = path.join(dataDir, SERVER_WORKSPACE_FILE);
const A = 'aftale-m';
let server: SyncServer;
const opened: Opened[] = [];
const logged: string[] = [];

// The founding secretariat: its server-level account comes from init-secretariat.
let secretariat: Person;
let secretariatToken: string;
const kim = person({ name: 'Kim Kommune', organisation: 'Aarhus Kommune', side: 'kommune', role: 'formand', themeGroupIds: ['g1'] });
const rikke = person({ name: 'Rikke Region', organisation: 'Region Midtjylland', side: 'region', role: 'medlem', themeGroupIds: ['g2'] });
const mette = person({ name: 'Mette Kommune', organisation: 'Randers Kommune', side: 'kommune', role: 'medlem', themeGroupIds: ['g1'] });
const tokens: Record<string, string> = {};
/** A refused write as the server logs it: dropped on a read-only connection, or refused by the
 *  per-update rights check (shared/access). */
const REFUSED_WRITE = /kun læseadgang|ikke er med i|afvist/;

async function open(docId: string, token: string): Promise<Opened> {
  const o = await openDoc(server.url, docId, token);
  opened.push(o);
  return o;
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

beforeAll(async () => {
  // The command line, as the operator runs it before starting the server.
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'electron', 'server', 'main.ts'), 'init-secretariat', '--name', 'Sundhedsaftalesekretariatet', '--org', 'Region Midtjylland', '--data', dataDir, '--public-url', 'wss://aftaler.example.dk'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/Åbn invitation/);
  const text = run.stdout.split('\n').find((l) => l.startsWith('enighed-invitation:'))!;
  const invitation = decodeInvitation(text);
  expect(invitation).toMatchObject({ v: 1, server: 'wss://aftaler.example.dk', agreementId: null, rootKey: null, title: null });
  secretariat = person({ id: invitation.participantId, name: 'Sundhedsaftalesekretariatet', organisation: 'Region Midtjylland', side: 'region', role: 'sekretariat', secret: invitation.secret });
  // The refusals below count against 127.0.0.1 like wrong tokens; the back-off has its own test.
  server = await startSyncServer({ dataDir, quiet: false, log: (l) => logged.push(l), access: { version: 1, grants: [] }, limits: { authFailuresBeforeBackoff: 100 } });
});

afterAll(async () => {
  for (const o of opened) o.destroy();
  await server?.close();
});

describe('membership on the sync server', () => {
  it('redeems the bootstrap invitation once; a second redemption, a forged certificate, an unusable device key and garbage are refused', async () => {
    const forged = await postRedeem(server.url, redeemBody(secretariat, null, newInviteSecret()));
    expect(forged.status).toBe(403);
    expect(forged.body.error).toMatch(/underskrevet/);

    // A device key of small order (here the identity point): no replica would accept its signatures.
    const weakKey = { ...secretariat.device, publicKey: toBase64Url(Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0))) };
    const weak = await postRedeem(server.url, redeemBody(secretariat, null, secretariat.secret, weakKey));
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatch(/ikke en gyldig Ed25519-nøgle/);

    const first = await postRedeem(server.url, redeemBody(secretariat, null));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ participantId: secretariat.id, agreementId: null });
    secretariatToken = `device:${first.body.deviceToken}`;

    // The same invitation again, even for another key made on another machine.
    const again = await postRedeem(server.url, redeemBody(secretariat, null, secretariat.secret, generateKeyPair()));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/allerede brugt/);

    expect((await postRedeem(server.url, null, '{ikke json')).status).toBe(400);
    expect((await postRedeem(server.url, { v: 1, agreementId: null, participantId: 'x' })).status).toBe(400);
    expect((await postRedeem(server.url, null, JSON.stringify({ pad: 'x'.repeat(20_000) }))).status).toBe(413);
    expect((await postRedeem(server.url, redeemBody(person({ name: 'Ukendt', side: 'region', role: 'medlem' }), null))).status).toBe(404);
  });

  it('the secretariat connects with its device token and creates an agreement whose root key is its device key', async () => {
    const structure = await open(structureDocId(A), secretariatToken);
    expect(structure.outcome).toBe('synced');
    const root = rootSigner(secretariat.device);
    structure.doc.transact(() => {
      writeAgreement(structure.doc, agreementWithRoot(A, secretariat.device.publicKey));
      putEntries(structure.doc, [
        entry(A, fieldsOf(secretariat, { invitePublicKey: null }), root),
        entry(A, fieldsOf(kim), root),
        entry(A, fieldsOf(rikke), root),
        entry(A, fieldsOf(mette), root),
      ]);
    });
    await until(() => structure.provider.unsyncedChanges === 0);
    // Someone else's key is not this agreement's secretariat: an unknown token gets nothing.
    expect((await open(structureDocId(A), 'device:' + 'x'.repeat(40))).outcome).toMatch(/ukendt adgangskode/);
  });

  it('participants redeem their agreement invitations once, and a forged certificate is refused', async () => {
    const forged = await postRedeem(server.url, redeemBody(kim, A, newInviteSecret()));
    expect(forged.status).toBe(403);
    for (const p of [kim, rikke, mette]) {
      const r = await postRedeem(server.url, redeemBody(p, A));
      expect(r.status, r.body.error).toBe(200);
      tokens[p.id] = `device:${r.body.deviceToken}`;
    }
    expect((await postRedeem(server.url, redeemBody(kim, A, kim.secret, generateKeyPair()))).status).toBe(409);
    // Not in the directory.
    expect((await postRedeem(server.url, redeemBody(person({ name: 'Mads', side: 'region', role: 'medlem' }), A))).status).toBe(404);
  });

  it('a member writes their theme group section; another member reads it, and writes once the directory adds them — without reconnecting', async () => {
    const kimS1 = await open(sectionDocId(A, 's1'), tokens[kim.id]);
    expect(kimS1.outcome).toBe('synced');
    appendParagraph(kimS1.doc, 'Kommunen skriver.');
    await until(() => kimS1.provider.unsyncedChanges === 0);

    const rikkeS1 = await open(sectionDocId(A, 's1'), tokens[rikke.id]);
    expect(rikkeS1.outcome).toBe('synced');
    expect(paragraphTexts(rikkeS1.doc)).toContain('Kommunen skriver.');
    // Read-only: shown by a second replica of hers (a dropped update would leave every later one of
    // the same replica pending on the server, so the one that gains rights below stays clean).
    const probe = await open(sectionDocId(A, 's1'), tokens[rikke.id]);
    appendParagraph(probe.doc, 'FORBUDT');
    await until(() => logged.some((l) => l.includes('Rikke Region') && REFUSED_WRITE.test(l)));
    probe.destroy();

    // The secretariat puts Rikke in g1 (a new signed version of her entry).
    const structure = opened.find((o) => o.provider.configuration.name === structureDocId(A) && o.outcome === 'synced')!;
    putEntries(structure.doc, [entry(A, fieldsOf(rikke, { themeGroupIds: ['g1', 'g2'], version: 2 }), rootSigner(secretariat.device))]);
    await until(() => structure.provider.unsyncedChanges === 0);
    appendParagraph(rikkeS1.doc, 'Regionen skriver nu også.');
    await until(() => paragraphTexts(kimS1.doc).includes('Regionen skriver nu også.'));
    expect(paragraphTexts(kimS1.doc)).not.toContain('FORBUDT');
  });

  it('moving a section to another theme group makes it read-only for the old group on an open connection', async () => {
    const structure = opened.find((o) => o.provider.configuration.name === structureDocId(A) && o.outcome === 'synced')!;
    const kimS1 = opened.find((o) => o.provider.configuration.name === sectionDocId(A, 's1') && o.provider.configuration.token === tokens[kim.id])!;
    const rikkeS1 = opened.find((o) => o.provider.configuration.name === sectionDocId(A, 's1') && o.provider.configuration.token === tokens[rikke.id])!;
    const sections = structure.doc.getMap('sections');
    sections.set('s1', { ...(sections.get('s1') as object), themeGroupId: 'g2' });
    await until(() => structure.provider.unsyncedChanges === 0);
    const before = logged.length;
    appendParagraph(kimS1.doc, 'Kim efter flytningen');
    await until(() => logged.slice(before).some((l) => l.includes('Kim Kommune') && REFUSED_WRITE.test(l)));
    // Kim's replica is stuck behind its refused change (every later one depends on it).
    kimS1.destroy();
    // Rikke (g1 and g2) still writes it; Kim's refused change never reaches her.
    appendParagraph(rikkeS1.doc, 'Rikke efter flytningen');
    await until(() => rikkeS1.provider.unsyncedChanges === 0);
    const reader = await open(sectionDocId(A, 's1'), secretariatToken);
    expect(paragraphTexts(reader.doc)).toContain('Rikke efter flytningen');
    expect(paragraphTexts(reader.doc)).not.toContain('Kim efter flytningen');
    // And back, for the tests below.
    sections.set('s1', { ...(sections.get('s1') as object), themeGroupId: 'g1' });
    await until(() => structure.provider.unsyncedChanges === 0);
  });

  it("a removed participant's open connection is closed within a second, and the reconnect is refused", async () => {
    const kimS1 = await open(sectionDocId(A, 's1'), tokens[kim.id]);
    expect(kimS1.outcome).toBe('synced');
    const structure = opened.find((o) => o.provider.configuration.name === structureDocId(A) && o.outcome === 'synced')!;
    const removedAt = Date.now();
    putEntries(structure.doc, [
      entry(A, fieldsOf(kim, { removed: { at: new Date().toISOString(), standing: [] }, version: 2 }), rootSigner(secretariat.device)),
    ]);
    await until(() => kimS1.closes.some((c) => c.code === CLOSE_REVOKED), 2_000);
    const closed = kimS1.closes.find((c) => c.code === CLOSE_REVOKED)!;
    expect(closed.at - removedAt).toBeLessThan(1_000);
    expect(closed.reason).toMatch(/trukket tilbage/);
    // The provider reconnects by itself: refused.
    await until(() => kimS1.refusals.length > 0, 3_000);
    expect(kimS1.refusals[0]).toMatch(/trukket tilbage/);
    appendParagraph(kimS1.doc, 'Efter fjernelsen');
    const fresh = await open(sectionDocId(A, 's1'), tokens[kim.id]);
    expect(fresh.outcome).toMatch(/trukket tilbage/);
    const reader = await open(sectionDocId(A, 's1'), tokens[rikke.id]);
    expect(paragraphTexts(reader.doc)).not.toContain('Efter fjernelsen');
  });

  it('a device the directory revokes (lost or stolen) is closed within a second; its participant stays', async () => {
    const metteS1 = await open(sectionDocId(A, 's1'), tokens[mette.id]);
    expect(metteS1.outcome).toBe('synced');
    const structure = opened.find((o) => o.provider.configuration.name === structureDocId(A) && o.outcome === 'synced')!;
    const revokedAt = Date.now();
    const revoked = { deviceKey: mette.device.publicKey, at: new Date().toISOString(), standing: [] };
    putEntries(structure.doc, [entry(A, fieldsOf(mette, { revokedDevices: [revoked], version: 2 }), rootSigner(secretariat.device))]);
    await until(() => metteS1.closes.some((c) => c.code === CLOSE_REVOKED), 2_000);
    expect(metteS1.closes.find((c) => c.code === CLOSE_REVOKED)!.at - revokedAt).toBeLessThan(1_000);
    expect((await open(structureDocId(A), tokens[mette.id])).outcome).toMatch(/trukket tilbage/);
    // Her entry is valid still: a new device of hers would be let in (with a new invitation).
    expect(structure.doc.getMap('participants').get(mette.id)).toMatchObject({ removed: null });
  });

  it("a device revoked on the server is closed within a second, and its token refused after", async () => {
    const rikkeS1 = opened.find((o) => o.provider.configuration.name === sectionDocId(A, 's1') && o.provider.configuration.token === tokens[rikke.id] && o.outcome === 'synced')!;
    const revokedAt = Date.now();
    expect(await server.revokeDevice(rikke.device.publicKey)).toBe(1);
    await until(() => rikkeS1.closes.some((c) => c.code === CLOSE_REVOKED), 2_000);
    expect(rikkeS1.closes.find((c) => c.code === CLOSE_REVOKED)!.at - revokedAt).toBeLessThan(1_000);
    expect((await open(sectionDocId(A, 's2'), tokens[rikke.id])).outcome).toMatch(/trukket tilbage/);
    expect(await server.revokeDevice(rikke.device.publicKey)).toBe(0);
  });

  it('failed redemptions from one address earn it a back-off (429 with Retry-After), as wrong tokens do', async () => {
    const other = await startSyncServer({ dataDir: path.join(dir, 'backoff'), quiet: true, limits: { authFailuresBeforeBackoff: 2, authBackoffBaseMs: 5_000 } });
    try {
      const forged = redeemBody(kim, A, newInviteSecret());
      expect((await postRedeem(other.url, forged)).status).toBe(404);
      expect((await postRedeem(other.url, forged)).status).toBe(404);
      const url = other.url.replace(/^ws/, 'http') + '/enighed/redeem';
      const waiting = await fetch(url, { method: 'POST', body: JSON.stringify(redeemBody(kim, A)) });
      expect(waiting.status).toBe(429);
      expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await waiting.json()) as { error: string }).error).toMatch(/prøv igen om/);
      expect(other.stats().refusals.redeem).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('the audit lists the author of each stored update, oldest first', async () => {
    for (const o of opened.splice(0)) o.destroy();
    await server.close();
    const lines = await auditLines({ workspacePath, agreementId: A });
    const structureLines = lines.filter((l) => l.docId === structureDocId(A));
    const sectionLines = lines.filter((l) => l.docId === sectionDocId(A, 's1'));
    expect(structureLines.length).toBeGreaterThanOrEqual(3);
    for (const l of structureLines) {
      expect(l).toMatchObject({ participantId: secretariat.id, deviceKey: secretariat.device.publicKey, name: 'Sundhedsaftalesekretariatet' });
    }
    const authorsOfS1 = new Set(sectionLines.map((l) => l.participantId));
    expect(authorsOfS1).toEqual(new Set([kim.id, rikke.id]));
    expect(sectionLines.find((l) => l.participantId === kim.id)).toMatchObject({ name: 'Kim Kommune', organisation: 'Aarhus Kommune', deviceKey: kim.device.publicKey });
    expect([...lines].sort((a, b) => a.at.localeCompare(b.at))).toEqual(lines);
    expect(await auditLines({ workspacePath, agreementId: A, sectionId: 's2' })).toEqual([]);

    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'server', 'main.ts'), 'audit', '--agreement', A, '--section', 's1', '--data', dataDir], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ældste først/);
    expect(run.stdout).toMatch(/Kim Kommune \(Aarhus Kommune\) \[deltager p\d+, enhed [A-Za-z0-9_-]{43}\] ændrede aftale-m\/section\/s1/);
    expect(run.stdout).toMatch(/Rikke Region/);

    // The operator's device commands (server stopped): list, revoke; the revoked token is refused
    // once the server runs again.
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'server', 'main.ts'), ...args, '--data', dataDir], { cwd: repoRoot, encoding: 'utf8' });
    const devices = cli('devices');
    expect(devices.status, devices.stderr).toBe(0);
    expect(devices.stdout).toContain(`${rikke.device.publicKey}  deltager ${rikke.id}, aftale ${A}`);
    expect(devices.stdout).toMatch(new RegExp(`${rikke.device.publicKey}.*spærret`));
    expect(devices.stdout).toMatch(new RegExp(`${secretariat.device.publicKey}  Sundhedsaftalesekretariatet \\(Region Midtjylland\\).*sekretariatskonto.*aktiv`));
    const revoke = cli('revoke-device', '--device', secretariat.device.publicKey);
    expect(revoke.status, revoke.stderr).toBe(0);
    expect(revoke.stdout).toMatch(/er spærret/);
    expect(cli('revoke-device', '--device', secretariat.device.publicKey).status).toBe(1);
    server = await startSyncServer({ dataDir, quiet: true, access: { version: 1, grants: [] } });
    expect((await open(structureDocId(A), secretariatToken)).outcome).toMatch(/trukket tilbage/);
  });
});
