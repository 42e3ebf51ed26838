// The preload bridge: exposes the contract as one named object, window.enighed, and nothing else —
// no ipcRenderer, no generic invoke. Runs sandboxed; bundled to one file by electron/tools/bundle.ts.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge, EventName, EventPayload, MethodName } from '../../shared/api/contract.ts';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '../../shared/api/ipcChannels.ts';

type BridgeMethods = Omit<Bridge, 'onEvent'>;

/** The contract's method names, written in by electron/tools/bundle.ts from `methodNames`, so the
 *  sandboxed preload stays small (no zod) and still cannot drift from the contract. */
declare const ENIGHED_METHOD_NAMES: MethodName[];
const methodNames = ENIGHED_METHOD_NAMES;

const calls = Object.fromEntries(
  methodNames.map((name: MethodName) => [name, (params: unknown) => ipcRenderer.invoke(ipcMethodChannel(name), params)]),
) as BridgeMethods;

const bridge = {
  ...calls,
  onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const handler = (_event: IpcRendererEvent, eventName: string, payload: EventPayload<E>) => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
} satisfies Bridge;

contextBridge.exposeInMainWorld('enighed', bridge);
