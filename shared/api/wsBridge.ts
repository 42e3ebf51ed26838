// A Bridge over WebSocket: what a page gets when it runs outside Electron (the browser test host).
// It has the same shape as the preload's window.enighed, so the renderer cannot tell them apart.
import { events, methodNames, type Bridge, type EventName, type Outcome } from './contract.ts';
import { decodeFrame, encodeFrame } from './wire.ts';

export interface WsBridge extends Bridge {
  /** Resolves when the socket is open. */
  ready: Promise<void>;
  /** Called when the socket closes (the Node side stopped); pending calls fail. */
  onClose(listener: () => void): void;
  close(): void;
}

export function createWsBridge(url: string, WebSocketImpl: typeof WebSocket = WebSocket): WsBridge {
  const socket = new WebSocketImpl(url);
  let nextId = 1;
  const pending = new Map<number, (outcome: Outcome<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const closeListeners = new Set<() => void>();

  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`Kunne ikke forbinde til ${url}`)), { once: true });
  });

  socket.addEventListener('message', (event) => {
    const frame = decodeFrame(String(event.data));
    if (frame.type === 'result') {
      pending.get(frame.id)?.(frame.outcome);
      pending.delete(frame.id);
    } else if (frame.type === 'event') {
      const schema = events[frame.name as EventName];
      if (!schema) return;
      const payload = schema.parse(frame.payload);
      for (const listener of listeners.get(frame.name) ?? []) listener(payload);
    }
  });

  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'failed', message: 'Forbindelsen til Enighed blev afbrudt.' } });
    }
    pending.clear();
    for (const listener of closeListeners) listener();
  });

  const bridge: Record<string, unknown> = {
    ready,
    onClose: (listener: () => void) => closeListeners.add(listener),
    close: () => socket.close(),
    onEvent: (name: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  };
  for (const method of methodNames) {
    bridge[method] = async (params: unknown) => {
      try {
        await ready;
      } catch (error) {
        return { ok: false, error: { code: 'failed', message: (error as Error).message } };
      }
      if (socket.readyState !== socket.OPEN) {
        return { ok: false, error: { code: 'failed', message: 'Forbindelsen til Enighed er afbrudt.' } };
      }
      const id = nextId++;
      return new Promise<Outcome<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(encodeFrame({ type: 'call', id, method, params }));
      });
    };
  }
  return bridge as unknown as WsBridge;
}
