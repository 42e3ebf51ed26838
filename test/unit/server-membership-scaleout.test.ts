// Membership over two server instances sharing a real redis-server (loopback) and one PostgreSQL
// store (a throwaway cluster, test/helpers/postgresServer.ts): a device redeemed on one works on the other, an invitation is redeemed once across
// both, and removing a participant through one instance closes their connection on the other within
// a second; their reconnect to either instance is refused.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initSecretariatIn } from '../../electron/server/adminCommands.ts';
import { CLOSE_REVOKED } from '../../electron/server/closeCodes.ts';
import { startSyncServer, type SyncServer } from '../../electron/server/server.ts';
import { openPostgresStore } from '../../electron/store/postgres/store.ts';
import { postgresMissing } from '../helpers/postgresServer.ts';
import { useSharedStores } from '../helpers/sharedStores.ts';
import { generateKeyPair } from '../../electron/identity/ed25519.ts';
import { writeAgreement } from '../../shared/structure/structureDoc.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { appendParagraph } from '../helpers/docContent.ts';
import { agreementWithRoot, entry, fieldsOf, openDoc, person, postRedeem, putEntries, redeemBody, rootSigner, type Opened } from '../helpers/membership.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dir = tempDir('enighed-membership-scaleout-');
const A = 'aftale-r';
let database = '';
const servers: SyncServer[] = [];
const opened: Opened[] = [];
const kim = person({ name: 'Kim Kommune', organisation: 'Aarhus Kommune', side: 'kommune', role: 'formand', themeGroupIds: ['g1'] });

const until = async (check: () => boolean | Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};
async function open(server: SyncServer, docId: string, token: string): Promise<Opened> {
  const o = await openDoc(server.url, docId, token);
  opened.push(o);
  return o;
}

if (postgresMissing) console.warn(postgresMissing);

const stores = useSharedStores({ clients: opened, servers });

beforeAll(async () => {
  if (postgresMissing) return;
  database = await stores.postgres.database();
  for (const name of ['one', 'two']) {
    servers.push(
      await startSyncServer({ dataDir: path.join(dir, name), quiet: true, access: { version: 1, grants: [] }, postgres: database, redis: { host: stores.redis.host, port: stores.redis.port, prefix: 'm' } }),
    );
  }
}, 60_000);

describe.skipIf(postgresMissing !== null)('membership across two instances', () => {
  it('shares devices and redemptions, and a removal on one instance closes the connection on the other within a second', async () => {
    // The operator makes the bootstrap account in the shared store while both instances run: it
    // reaches them through the store alone.
    {
      const store = await openPostgresStore(database);
      const made = await initSecretariatIn(store.membership, { name: 'Sekretariatet', organisation: 'Region Midtjylland', serverUrl: 'ws://127.0.0.1:1' });
      Object.assign(bootstrap, made.invitation);
      await store.close();
    }
    const [one, two] = servers;
    const secretariat = person({ id: bootstrap.participantId, name: 'Sekretariatet', side: 'region', role: 'sekretariat', secret: bootstrap.secret });

    // Redeemed on instance one.
    let redeemed!: Awaited<ReturnType<typeof postRedeem>>;
    await until(async () => {
      redeemed = await postRedeem(one.url, redeemBody(secretariat, null));
      return redeemed.status !== 404;
    });
    expect(redeemed.status, redeemed.body.error).toBe(200);
    const secretariatToken = `device:${redeemed.body.deviceToken}`;
    // Once across instances.
    expect((await postRedeem(two.url, redeemBody(secretariat, null, secretariat.secret, generateKeyPair()))).status).toBe(409);

    // The secretariat creates the agreement on instance one, and its device works on two as well.
    const onOne = await open(one, structureDocId(A), secretariatToken);
    expect(onOne.outcome).toBe('synced');
    onOne.doc.transact(() => {
      writeAgreement(onOne.doc, agreementWithRoot(A, secretariat.device.publicKey));
      putEntries(onOne.doc, [entry(A, fieldsOf(secretariat, { invitePublicKey: null }), rootSigner(secretariat.device)), entry(A, fieldsOf(kim), rootSigner(secretariat.device))]);
    });
    await until(() => onOne.provider.unsyncedChanges === 0);
    const onTwo = await open(two, structureDocId(A), secretariatToken);
    expect(onTwo.outcome).toBe('synced');
    await until(() => onTwo.doc.getMap('participants').has(kim.id));

    // Kim redeems on instance two; the same invitation on instance one is refused.
    let kimRedeemed!: Awaited<ReturnType<typeof postRedeem>>;
    await until(async () => {
      kimRedeemed = await postRedeem(two.url, redeemBody(kim, A));
      return kimRedeemed.status !== 404;
    });
    expect(kimRedeemed.status, kimRedeemed.body.error).toBe(200);
    const kimToken = `device:${kimRedeemed.body.deviceToken}`;
    expect((await postRedeem(one.url, redeemBody(kim, A, kim.secret, generateKeyPair()))).status).toBe(409);

    const kimS1 = await open(two, sectionDocId(A, 's1'), kimToken);
    expect(kimS1.outcome).toBe('synced');
    appendParagraph(kimS1.doc, 'Kommunen skriver på instans to.');
    await until(() => kimS1.provider.unsyncedChanges === 0);
    onTwo.destroy();
    // Long enough for instance two to unload a structure nobody there has open (Hocuspocus waits
    // for its debounced store first): it stays loaded because Kim's device is connected to it.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(two.stats().loadedDocuments).toBe(2);

    // Removed through instance one only: the change reaches two through Redis.
    const removedAt = Date.now();
    putEntries(onOne.doc, [entry(A, fieldsOf(kim, { removed: { at: new Date().toISOString(), standing: [] }, version: 2 }), rootSigner(secretariat.device))]);
    await until(() => kimS1.closes.some((c) => c.code === CLOSE_REVOKED), 2_000);
    expect(kimS1.closes.find((c) => c.code === CLOSE_REVOKED)!.at - removedAt).toBeLessThan(1_000);

    // Refused on both instances afterwards.
    for (const server of [one, two]) expect((await open(server, sectionDocId(A, 's1'), kimToken)).outcome).toMatch(/trukket tilbage/);
  });
});

const bootstrap = { participantId: '', secret: '' };
