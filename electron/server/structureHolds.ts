// With a shared store (PostgreSQL) the server reads an agreement's structure synchronously (access
// decisions, the per-update write check, the directory) but cannot read the store synchronously.
// So while any connection of an agreement is being authenticated or open, its structure document
// is held loaded (a direct connection), and — with Redis — kept current with the other instances.
import type { Hocuspocus } from '@hocuspocus/server';
import { parseDocId, structureDocId } from '../../shared/structure/docIds.ts';

interface Held {
  holders: Set<string>;
  connection: Promise<{ disconnect(): Promise<void> } | null>;
}

export class StructureHolds {
  private readonly held = new Map<string, Held>();

  constructor(private readonly hocuspocus: Hocuspocus) {}


  /** Holds the structure of `documentName`'s agreement for `holder` (once per holder and document);
   *  resolves when it is loaded. */
  async hold(holder: object, documentName: string): Promise<void> {
    const agreementId = parseDocId(documentName)?.agreementId;
    if (!agreementId) return;
    let held = this.held.get(agreementId);
    if (!held) {
      held = { holders: new Set(), connection: this.hocuspocus.openDirectConnection(structureDocId(agreementId)).catch(() => null) };
      this.held.set(agreementId, held);
    }
    held.holders.add(key(holder, documentName));
    await held.connection;
  }

  release(holder: object, documentName: string): void {
    const agreementId = parseDocId(documentName)?.agreementId;
    const held = agreementId ? this.held.get(agreementId) : undefined;
    if (!held || !agreementId) return;
    held.holders.delete(key(holder, documentName));
    if (held.holders.size > 0) return;
    this.held.delete(agreementId);
    void held.connection.then((c) => c?.disconnect()).catch(() => {});
  }

  async releaseAll(): Promise<void> {
    const all = [...this.held.values()];
    this.held.clear();
    await Promise.all(all.map((h) => h.connection.then((c) => c?.disconnect()).catch(() => {})));
  }
}

/** One key per (holder, document): a number for the holder object's identity, and the name. */
const ids = new WeakMap<object, number>();
let nextId = 0;
function key(holder: object, documentName: string): string {
  let id = ids.get(holder);
  if (id === undefined) ids.set(holder, (id = ++nextId));
  return `${id}\u0000${documentName}`;
}
