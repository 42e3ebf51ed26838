// The local push applies the one rule too (electron/workspace/localWrites.ts): what the renderer
// sends through the contract is checked against the local actor — the profile in an agreement
// without a directory, the directory entry named by the stored identity in one with — and a refused
// update leaves every document as it was. Real service, real SQLite file, real Y.Docs.
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SECTION_KEYS, STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import type { Profile } from '../../shared/domain/agreement.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { Store } from '../../electron/store/store.ts';
import { appendParagraph, recordTestPosition } from '../helpers/docContent.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { identityFixture } from '../helpers/identity.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const services: WorkspaceService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.close();
});

function open(file: string): WorkspaceService {
  const s = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo: true });
  services.push(s);
  return s;
}

const profile = (side: Profile['side'], role: Profile['role']): Profile => ({ name: 'Lokal Person', organisation: 'Org', side, role });

/** What `change` adds to the service's copy of `docId`, as the renderer would push it. */
async function updateOf(s: WorkspaceService, docId: string, change: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const c = recordingClient('probe');
  const { update } = await call<{ update: Uint8Array }>(s, c, 'openDoc', { docId, stateVector: Y.encodeStateVector(new Y.Doc()) });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

async function stateOf(s: WorkspaceService, docId: string): Promise<string> {
  const { update } = await call<{ update: Uint8Array }>(s, recordingClient('x'), 'openDoc', { docId, stateVector: Y.encodeStateVector(new Y.Doc()) });
  return Buffer.from(update).toString('base64');
}

describe('the local push', () => {
  it("refuses an observer's text edit and one side's position for the other, passes a co-chair's", async () => {
    const s = open(path.join(tempDir('enighed-local-'), 'w.sqlite'));
    const agreementId = s.listAgreements()[0].id;
    const docId = sectionDocId(agreementId, 'traening-politisk');
    const c = recordingClient('window');
    await call(s, c, 'setProfile', profile('region', 'observatoer'));
    const edit = await updateOf(s, docId, (d) => appendParagraph(d, 'Observatøren retter.'));
    const before = await stateOf(s, docId);
    await expect(call(s, c, 'pushUpdate', { docId, update: edit })).rejects.toThrow(/observatør/);
    expect(await stateOf(s, docId)).toBe(before);

    await call(s, c, 'setProfile', profile('kommune', 'formand'));
    const forged = await updateOf(s, docId, (d) => recordTestPosition(d, 'k1', 'region'));
    await expect(call(s, c, 'pushUpdate', { docId, update: forged })).rejects.toThrow(/på vegne af regionen/);
    expect(await stateOf(s, docId)).toBe(before);
    await call(s, c, 'pushUpdate', { docId, update: edit });
    await call(s, c, 'pushUpdate', { docId, update: await updateOf(s, docId, (d) => recordTestPosition(d, 'k1', 'kommune')) });
    expect(await stateOf(s, docId)).not.toBe(before);

    const emptied = await updateOf(s, docId, (d) => d.getArray(SECTION_KEYS.decisionLog).delete(0, 1));
    await expect(call(s, c, 'pushUpdate', { docId, update: emptied })).rejects.toThrow(/beslutningsloggen/);
  });

  it('follows the directory entry the stored identity names, over the profile', async () => {
    const file = path.join(tempDir('enighed-local-'), 'w.sqlite');
    const s = open(file);
    const agreementId = s.listAgreements()[0].id;
    const structure = structureDocId(agreementId);
    const c = recordingClient('window');
    await call(s, c, 'setProfile', profile('region', 'sekretariat'));
    // The secretariat (a local profile) writes a directory signed with real keys (shared/identity).
    const fx = identityFixture(agreementId);
    const ole = fx.people.regionMember;
    fx.update('regionMember', { themeGroupIds: ['tg-indlaeggelse'] });
    await call(s, c, 'pushUpdate', {
      docId: structure,
      update: await updateOf(s, structure, (d) => {
        d.getMap(STRUCTURE_KEYS.meta).set('rootKey', fx.root.publicKey);
        const map = d.getMap(STRUCTURE_KEYS.participants);
        fx.structure.getMap(STRUCTURE_KEYS.participants).forEach((value, key) => map.set(key, value));
      }),
    });
    s.close();
    services.splice(0);
    const store = Store.open(file);
    store.setSetting(`identity/${agreementId}`, { participantId: ole.fields.id, deviceCert: ole.cert, pinnedRootKey: fx.root.publicKey });
    store.close();

    const t = open(file);
    const docId = sectionDocId(agreementId, 'traening-politisk');
    await expect(call(t, c, 'pushUpdate', { docId, update: await updateOf(t, docId, (d) => appendParagraph(d, 'Ole retter.')) })).rejects.toThrow(/temagruppe, du ikke er med i/);
    const own = sectionDocId(agreementId, 'indlaeggelse-politisk');
    await call(t, c, 'pushUpdate', { docId: own, update: await updateOf(t, own, (d) => appendParagraph(d, 'Ole i sin egen gruppe.')) });
    const actor = await call<{ role: string } | null>(t, c, 'myActor', { agreementId });
    expect(actor).toMatchObject({ role: 'medlem', side: 'region', themeGroupIds: ['tg-indlaeggelse'], participantId: ole.fields.id });
    // A directory whose root key is not the pinned one is not trusted: nobody.
    t.close();
    services.splice(0);
    const again = Store.open(file);
    again.setSetting(`identity/${agreementId}`, { participantId: ole.fields.id, deviceCert: ole.cert, pinnedRootKey: 'C'.repeat(43) });
    again.close();
    const u = open(file);
    expect(await call(u, c, 'myActor', { agreementId })).toMatchObject({ removed: true });
    await expect(call(u, c, 'pushUpdate', { docId: own, update: await updateOf(u, own, (d) => appendParagraph(d, 'Uden tillid.')) })).rejects.toThrow(/fjernet/);
  });
});
