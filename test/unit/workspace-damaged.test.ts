// A workspace file that already holds a poison section and a poison structure (stored before the
// document check existed, or arriving some other way) still opens: real SQLite, real Yjs.
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { WorkspaceService, type Client } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { Store } from '../../electron/store/store.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { deepStructureMapUpdate, nestedElementsUpdate } from '../helpers/poison.ts';
import { call as callService } from '../helpers/serviceCalls.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const services: WorkspaceService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.close();
});

function open(file: string, seedDemo = false): WorkspaceService {
  const s = WorkspaceService.open({ workspacePath: file, templatesDir, seedDemo });
  services.push(s);
  return s;
}

const client: Client = { id: 'c', send: () => {} };

const call = <T,>(s: WorkspaceService, method: string, params: unknown) => callService<T>(s, client, method, params);

describe('a workspace holding damaged documents', () => {
  it('opens: the damaged ones are reported, the rest reads and takes edits', async () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const first = open(file, true);
    const [{ id }] = await call<{ id: string }[]>(first, 'listAgreements', {});
    // Sync configured, so opening reads every document's id from the structure.
    await call(first, 'setSyncSettings', { settings: { url: 'ws://127.0.0.1:9', token: 'hemmelig-kode' } });
    const structure = new Y.Doc();
    Y.applyUpdate(structure, (await call<{ update: Uint8Array }>(first, 'openDoc', { docId: structureDocId(id), stateVector: new Uint8Array([0]) })).update);
    const [poisoned, healthy] = readAgreement(structure)!.sections;
    first.close();
    services.splice(0);

    // Written straight into the file, past every check, as an older version or a peer would have.
    const store = Store.open(file);
    store.appendUpdate(sectionDocId(id, poisoned.id), nestedElementsUpdate(20_000));
    store.appendUpdate(structureDocId(id), deepStructureMapUpdate(20_000));
    store.close();

    const service = open(file);
    expect(service.status.state).toBe('ready');
    const agreements = await call<{ id: string }[]>(service, 'listAgreements', {});
    expect(agreements.map((a) => a.id)).toEqual([id]);
    // Opening checked every stored document: both damaged ones are reported, with their reason.
    expect(service.damagedDocs()).toEqual([
      { docId: structureDocId(id), reason: 'Dokumentet passer ikke til aftalens struktur: «meta» indeholder andet end almindelige poster.' },
      { docId: sectionDocId(id, poisoned.id), reason: 'Dokumentet passer ikke til et afsnit: ukendt elementtype «blockquote».' },
    ]);
    // The damaged section is still served as stored (the app shows an error in its place); a
    // healthy one opens and takes an edit; a poison push is refused.
    await call(service, 'openDoc', { docId: sectionDocId(id, poisoned.id), stateVector: new Uint8Array([0]) });
    const healthyId = sectionDocId(id, healthy.id);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(service, 'openDoc', { docId: healthyId, stateVector: new Uint8Array([0]) })).update);
    const before = Y.encodeStateVector(doc);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Ny tekst')]);
    doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    await call(service, 'pushUpdate', { docId: healthyId, update: Y.encodeStateAsUpdate(doc, before) });
    await expect(call(service, 'pushUpdate', { docId: healthyId, update: nestedElementsUpdate(3, () => 'blockquote', doc) })).rejects.toThrow(
      'Ændringen afvises, fordi den ikke passer til et afsnit: ukendt elementtype «blockquote».',
    );
    expect(service.damagedDocs().map((d) => d.docId)).not.toContain(healthyId);
  });
});
