// The renderer's DocConnection on the real test host (real WebSocket, real service, real SQLite):
// a change that breaks the document rules and reaches it anyway (past a peer that did not check)
// is not applied, so an editor bound to the document (the real y-prosemirror binding) never
// converts it, and the connection says why the document cannot be shown.
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { apiFromBridge, type EventName, type EventPayload } from '../../shared/api/contract.ts';
import { createWsBridge } from '../../shared/api/wsBridge.ts';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import { schema } from '../../shared/schema/schema.ts';
import { sectionEditorPlugins } from '../../shared/editor/plugins.ts';
import { sectionDocId } from '../../shared/structure/docIds.ts';
import { DocConnection } from '../../renderer/src/sync/DocConnection.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { startTestHost } from '../../electron/testhost/server.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { HeadlessView } from '../helpers/headlessView.ts';
import { nestedElementsUpdate } from '../helpers/poison.ts';
import { tempDir } from '../helpers/tempDir.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('DocConnection and a damaged change', () => {
  it('refuses to apply it, keeps the bound editor intact and reports the reason', async () => {
    const service = WorkspaceService.open({
      workspacePath: path.join(tempDir(), 'w.sqlite'),
      templatesDir: path.join(repoRoot, 'resources', 'templates'),
      seedDemo: true,
    });
    const host = await startTestHost({ service, rendererDir: path.join(repoRoot, 'renderer') });
    cleanups.push(() => service.close(), () => host.close());
    // As the host's own page opens it: the test host refuses an upgrade without its Origin (403).
    const origin = host.url.replace(/\/$/, '');
    const PageSocket = class extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { origin });
      }
    } as unknown as typeof globalThis.WebSocket;
    const bridge = createWsBridge(host.url.replace('http', 'ws') + 'api', PageSocket);
    cleanups.push(() => bridge.close());
    const real = apiFromBridge(bridge);
    // The real transport, plus a way for this test to deliver a change as if the Node side had
    // forwarded one that got in past a peer without the check.
    const docUpdateListeners: ((payload: EventPayload<'docUpdate'>) => void)[] = [];
    const api = {
      ...real,
      onEvent: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => {
        if (name === 'docUpdate') docUpdateListeners.push(listener as (payload: EventPayload<'docUpdate'>) => void);
        return real.onEvent(name, listener);
      },
    };
    const [{ id }] = await real.listAgreements({});
    const docId = sectionDocId(id, 'traening-politisk');
    const connection = new DocConnection(api, docId, { callTimeoutMs: 30_000 });
    cleanups.push(() => connection.destroy());
    await connection.ready;
    expect(connection.current.damaged).toBeNull();

    const fragment = connection.doc.getXmlFragment(SECTION_KEYS.text);
    const view = new HeadlessView(EditorState.create({ schema, plugins: sectionEditorPlugins({ fragment, sectionNumber: 2 }) }));
    cleanups.push(() => view.destroy());
    const before = fragment.length;
    expect(before).toBeGreaterThan(0);

    // An honest change from another window arrives through the Node side and is applied.
    const otherBridge = createWsBridge(host.url.replace('http', 'ws') + 'api', PageSocket);
    cleanups.push(() => otherBridge.close());
    const otherApi = apiFromBridge(otherBridge);
    const other = new Y.Doc();
    Y.applyUpdate(other, (await otherApi.openDoc({ docId, stateVector: new Uint8Array([0]) })).update);
    const sv = Y.encodeStateVector(other);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Fra et andet vindue')]);
    other.getXmlFragment(SECTION_KEYS.text).insert(0, [paragraph]);
    await otherApi.pushUpdate({ docId, update: Y.encodeStateAsUpdate(other, sv) as Uint8Array<ArrayBuffer> });
    await expect.poll(() => fragment.length, { timeout: 10_000 }).toBe(before + 1);

    // 20,000 nested blockquotes: not applied (y-prosemirror would recurse through them and
    // overflow the stack inside the update), and the reason is on the connection.
    const poison = nestedElementsUpdate(20_000, () => 'blockquote', connection.doc);
    expect(() => docUpdateListeners.forEach((listener) => listener({ docId, update: poison as Uint8Array<ArrayBuffer> }))).not.toThrow();
    expect(connection.current.damaged).toBe('Ændringen afvises, fordi den ikke passer til et afsnit: ukendt elementtype «blockquote».');
    expect(fragment.length).toBe(before + 1);
    expect(view.state.doc.textContent).toContain('Fra et andet vindue');
  });
});
