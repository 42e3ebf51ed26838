// One message of a socket at a time, each in its own turn of the event loop. Hocuspocus applies a
// message in a chain of promises (its hooks, then Y.applyUpdate); `ws` may emit several messages
// of one TCP read in a row, before any of those chains has run. The gate checks an update against
// the document as it is when the update will be applied (the document check), so an update must
// not be checked while the one before it from the same client is still on its way in: under load
// the honest client's next paragraph would seem to build on parts "not here yet". Between two
// turns of the event loop every promise chain of the earlier message has settled.
//
// While messages wait, the socket stops reading (`ws.pause()`) once they hold more than
// `maxQueuedBytes` or `maxQueuedMessages`, so a client cannot make the queue grow.
import type { WebSocket } from 'ws';

export type MessageHandler = (data: Buffer, isBinary: boolean | undefined) => void;

export function oneMessagePerTurn(ws: WebSocket, handle: MessageHandler, bounds: { maxQueuedBytes: number; maxQueuedMessages: number }): MessageHandler {
  const queue: [Buffer, boolean | undefined][] = [];
  let queuedBytes = 0;
  /** A message was handled in this turn: the next waits for the next turn. */
  let turnTaken = false;
  let paused = false;

  const nextTurn = () => {
    turnTaken = false;
    const next = queue.shift();
    if (!next) return;
    queuedBytes -= next[0].byteLength;
    if (paused && queuedBytes <= bounds.maxQueuedBytes / 2 && queue.length <= bounds.maxQueuedMessages / 2) {
      paused = false;
      ws.resume();
    }
    take(next[0], next[1]);
  };

  const take = (data: Buffer, isBinary: boolean | undefined) => {
    turnTaken = true;
    setImmediate(nextTurn);
    handle(data, isBinary);
  };

  return (data, isBinary) => {
    if (!turnTaken && queue.length === 0) return take(data, isBinary);
    queue.push([data, isBinary]);
    queuedBytes += data.byteLength;
    if (!paused && (queuedBytes > bounds.maxQueuedBytes || queue.length > bounds.maxQueuedMessages)) {
      paused = true;
      ws.pause();
    }
  };
}
