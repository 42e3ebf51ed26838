// Serves the contract over Electron IPC: one handler per method, derived from the contract, each
// checking that the call comes from our own page's top frame before dispatching.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { methodNames } from '../../shared/api/contract.ts';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '../../shared/api/ipcChannels.ts';
import type { Client, WorkspaceService } from '../workspace/service.ts';
import { isTrustedSender, UNTRUSTED_SENDER_MESSAGE } from './senderTrust.ts';

export function serveContractOverIpc(service: WorkspaceService): () => void {
  const dispatch = createDispatcher(service.handlers);
  const clients = new WeakMap<WebContents, Client>();

  const clientFor = (contents: WebContents): Client => {
    let client = clients.get(contents);
    if (!client) {
      const created: Client = {
        id: `window-${contents.id}`,
        send: (name, payload) => {
          if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
        },
      };
      service.connect(created);
      contents.once('destroyed', () => service.disconnect(created));
      clients.set(contents, created);
      client = created;
    }
    return client;
  };

  for (const name of methodNames) {
    ipcMain.handle(ipcMethodChannel(name), (event: IpcMainInvokeEvent, params: unknown) => {
      if (!isTrustedSender(senderOf(event))) {
        return { ok: false, error: { code: 'failed', message: UNTRUSTED_SENDER_MESSAGE } };
      }
      return dispatch(name, params, clientFor(event.sender));
    });
  }
  return () => {
    for (const name of methodNames) ipcMain.removeHandler(ipcMethodChannel(name));
  };
}

/** What the trust rule (senderTrust.ts) needs from Electron's event. */
function senderOf(event: IpcMainInvokeEvent): { frameUrl: string | undefined; isMainFrame: boolean } {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame };
}
