// "Acknowledged means stored" when appends are asynchronous (PostgreSQL). Hocuspocus applies an
// update, broadcasts it and acknowledges it to its sender synchronously, before an asynchronous
// append can have committed. So every socket's outgoing messages are held back while an append
// is in flight: a message is sent only once every append of its document started before it has
// settled (order kept per socket: a message waits behind the ones queued before it). With SQLite
// (appends are synchronous) nothing is ever in flight and messages go out at once.
//
// Per document: every message of the Hocuspocus protocol names its document first, and what it
// carries (an update, a sync reply, an acknowledgement, awareness) is about that document only. A
// barrier over every document's appends made a keystroke in one section wait for the commits of
// keystrokes in all the others (with 200 clients typing in 8 sections some append was always in
// flight: npm run bench -- --only sync). A message also waits for its agreement's structure
// appends: what a connection may write is decided from the structure in memory (a member just added
// to a theme group), so nothing it wrote on that ground is acknowledged before the structure change
// is stored. A message whose document cannot be read waits for all.
// If an append fails, persistence.ts terminates the document's sockets, so what was held for them
// (the acknowledgement, the broadcast) is never sent; other sockets' messages go out.
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { parseDocId, structureDocId } from '../../shared/structure/docIds.ts';

interface Waiter {
  upTo: number;
  resolve: () => void;
}

/** Appends in flight, in increasing ticket order (a Set keeps insertion order), and who waits. */
class Tickets {
  readonly inFlight = new Set<number>();
  /** Waiters for "every ticket up to `upTo` settled", in increasing order of upTo. */
  readonly waiters: Waiter[] = [];

  settle(ticket: number): void {
    this.inFlight.delete(ticket);
    const lowest = this.inFlight.values().next().value ?? Infinity;
    while (this.waiters.length > 0 && this.waiters[0].upTo < lowest) this.waiters.shift()!.resolve();
  }

  barrier(upTo: number): Promise<void> | null {
    if (this.inFlight.size === 0) return null;
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }
}

export class Durability {
  private issued = 0;
  private readonly all = new Tickets();
  private readonly byDoc = new Map<string, Tickets>();

  /** Follows an append to `documentName`; its outcome is the caller's. */
  track(documentName: string, append: Promise<unknown>): void {
    const ticket = ++this.issued;
    let doc = this.byDoc.get(documentName);
    if (!doc) this.byDoc.set(documentName, (doc = new Tickets()));
    doc.inFlight.add(ticket);
    this.all.inFlight.add(ticket);
    const settle = () => {
      doc.settle(ticket);
      if (doc.inFlight.size === 0 && this.byDoc.get(documentName) === doc) this.byDoc.delete(documentName);
      this.all.settle(ticket);
    };
    append.then(settle, settle);
  }

  /** Appends in flight now. */
  get pending(): number {
    return this.all.inFlight.size;
  }

  /** Settles when every append of these documents started so far has settled (with none named:
   *  every append); null when none is in flight. */
  barrier(documentNames?: readonly string[]): Promise<void> | null {
    if (documentNames === undefined) return this.all.barrier(this.issued);
    const waits = documentNames.map((name) => this.byDoc.get(name)?.barrier(this.issued) ?? null).filter((w) => w !== null);
    if (waits.length === 0) return null;
    return waits.length === 1 ? waits[0] : Promise.all(waits).then(() => {});
  }
}

/** The documents a message about `documentName` waits for: itself and its agreement's structure. */
export function dependencies(documentName: string): string[] {
  const parsed = parseDocId(documentName);
  if (!parsed) return [documentName];
  const structure = structureDocId(parsed.agreementId);
  return structure === documentName ? [documentName] : [documentName, structure];
}

/** The document a Hocuspocus message is about (its first field), or undefined when it is not one. */
export function messageDocument(data: unknown): string | undefined {
  if (!(data instanceof Uint8Array)) return undefined;
  try {
    return decoding.readVarString(decoding.createDecoder(data));
  } catch {
    return undefined;
  }
}

/** Makes `ws.send` wait for its document's appends in flight when it is called (order kept per socket). */
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
    const documentName = messageDocument(args[0]);
    const barrier = durability.barrier(documentName === undefined ? undefined : dependencies(documentName));
    if (!barrier && queue.length === 0) return send(...args);
    const item = { ready: false, args };
    queue.push(item);
    void (barrier ?? Promise.resolve()).then(() => {
      item.ready = true;
      flush();
    });
  };
}
