// Cuts off sockets that do not read what the server sends them. `ws` keeps everything it could not
// yet write in memory; a client that asks for a large document's state again and again and never
// reads would make the server hold every copy. Checked four times a second.
import type { WebSocket } from 'ws';

export function watchSlowReaders(sockets: Set<WebSocket>, maxBufferedBytes: number, onCutOff: (ws: WebSocket) => void): () => void {
  const timer = setInterval(() => {
    for (const ws of sockets) {
      if (ws.bufferedAmount > maxBufferedBytes) {
        onCutOff(ws);
        ws.terminate();
      }
    }
  }, 250);
  timer.unref();
  return () => clearInterval(timer);
}
