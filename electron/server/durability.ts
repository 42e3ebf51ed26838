// "Acknowledged means stored" when appends are asynchronous (PostgreSQL). Hocuspocus applies an
// update, broadcasts it and acknowledges it to its sender synchronously, before an asynchronous
// append can have committed. So every socket's outgoing messages are held back while an append
// is in flight: a message is sent only once every append started before it has settled. With
// SQLite (appends are synchronous) nothing is ever in flight and messages go out at once.
// If an append fails, persistence.ts terminates the document's sockets, so what was held for them
// (the acknowledgement, the broadcast) is never sent; other sockets' messages go out.
import { WebSocket } from 'ws';

export class Durability {
  private issued = 0;
  /** Tickets of appends in flight, in increasing order (a Set keeps insertion order). */
  private readonly inFlight = new Set<number>();
  /** Waiters for "every ticket up to `upTo` settled", in increasing order of upTo. */
  private readonly waiters: { upTo: number; resolve: () => void }[] = [];

  /** Follows an append; its outcome is the caller's. */
  track(append: Promise<unknown>): void {
    const ticket = ++this.issued;
    this.inFlight.add(ticket);
    const settle = () => {
      this.inFlight.delete(ticket);
      const lowest = this.inFlight.values().next().value ?? Infinity;
      while (this.waiters.length > 0 && this.waiters[0].upTo < lowest) this.waiters.shift()!.resolve();
    };
    append.then(settle, settle);
  }

  /** Appends in flight now. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Settles when every append started so far has settled; null when none is in flight. */
  barrier(): Promise<void> | null {
    if (this.inFlight.size === 0) return null;
    const upTo = this.issued;
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }
}

/** Makes `ws.send` wait for the appends in flight when it is called (order kept per socket). */
export function holdSends(ws: WebSocket, durability: Durability): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  const queue: { ready: boolean; args: unknown[] }[] = [];
  const flush = () => {
    while (queue.length > 0 && queue[0].ready) {
      const { args } = queue.shift()!;
      if (ws.readyState === WebSocket.OPEN) send(...args);
    }
  };
  (ws as { send: (...args: unknown[]) => void }).send = (...args: unknown[]) => {
    const barrier = durability.barrier();
    if (!barrier && queue.length === 0) return send(...args);
    const item = { ready: false, args };
    queue.push(item);
    void (barrier ?? Promise.resolve()).then(() => {
      item.ready = true;
      flush();
    });
  };
}
