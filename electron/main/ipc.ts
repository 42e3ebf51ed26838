// Serves the contract over Electron IPC: one handler per method, derived from the contract, each
// checking that the call comes from our own page's top frame before dispatching.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { methodNames } from '../../shared/api/contract.ts';
import { createDispatcher } from '../../shared/api/dispatch.ts';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '../../shared/api/ipcChannels.ts';
import type { Client, WorkspaceService } from '../workspace/service.ts';
import { APP_ORIGIN } from './protocol.ts';

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
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'failed', message: 'Afvist: kaldet kom ikke fra Enigheds eget vindue.' } };
      }
      return dispatch(name, params, clientFor(event.sender));
    });
  }
  return () => {
    for (const name of methodNames) ipcMain.removeHandler(ipcMethodChannel(name));
  };
}

/** Only the top frame of a page we loaded from our own origin may call the API. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}
