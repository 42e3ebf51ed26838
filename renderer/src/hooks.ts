// React hooks over the sync layer. Each subscription is made in an effect and undone in its cleanup,
// so a component owns what it listens to (STYLE.md #7).
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Agreement } from '../../shared/domain/agreement.ts';
import type * as Y from 'yjs';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { activeParticipants } from '../../shared/structure/members.ts';
import type { ParticipantEntry } from '../../shared/identity/shapes.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { useServices } from './services.ts';
import { initialConnectionState, type ConnectionState, type DocConnection } from './sync/DocConnection.ts';
import type { SaveSummary } from './sync/ConnectionPool.ts';

/** The connection to `docId` while the component is mounted (null for a null id). */
export function useDocConnection(docId: string | null): DocConnection | null {
  const { pool } = useServices();
  const [connection, setConnection] = useState<DocConnection | null>(null);
  useEffect(() => {
    if (!docId) return;
    const lease = pool.acquire(docId);
    setConnection(lease.connection);
    return () => {
      setConnection(null);
      lease.release();
    };
  }, [pool, docId]);
  return connection && connection.docId === docId ? connection : null;
}


export function useConnectionState(connection: DocConnection | null): ConnectionState {
  return useSyncExternalStore(
    (onChange) => (connection ? connection.subscribe(onChange) : () => {}),
    () => connection?.current ?? initialConnectionState,
  );
}

export function useSaveSummary(): SaveSummary {
  const { pool } = useServices();
  return useSyncExternalStore(
    (onChange) => pool.subscribe(onChange),
    () => pool.current,
  );
}

export interface AgreementView {
  /** The agreement, re-read from its structure document on every change; null while loading. */
  agreement: Agreement | null;
  /** The participant directory's entries (not removed), read by shape with the agreement. */
  participants: ParticipantEntry[];
  /** The structure's Y.Doc, once synced: the setup screen writes its commands here, and the
   *  connection pushes them like any local change. Null while loading. */
  doc: Y.Doc | null;
  synced: boolean;
  error: string | null;
  /** Why the structure document breaks the document rules (Danish), or null. What can be read of
   *  it is still shown (readAgreement leaves out entries that do not validate). */
  damaged: string | null;
}

/** The structure of an agreement, live. */
export function useAgreement(agreementId: string | null): AgreementView {
  const connection = useDocConnection(agreementId ? structureDocId(agreementId) : null);
  const { synced, error, damaged } = useConnectionState(connection);
  const [view, setView] = useState<{ agreement: Agreement | null; participants: ParticipantEntry[] }>({ agreement: null, participants: [] });
  useEffect(() => {
    setView({ agreement: null, participants: [] });
    if (!connection) return;
    const doc = connection.doc;
    const read = () => setView({ agreement: readAgreement(doc), participants: activeParticipants(doc) });
    read();
    doc.on('update', read);
    return () => doc.off('update', read);
  }, [connection]);
  return { ...view, doc: connection && synced ? connection.doc : null, synced, error, damaged };
}

function loadStored(key: string, initial: string | null): string | null {
  try {
    return localStorage.getItem(key) ?? initial;
  } catch {
    return initial;
  }
}

/** A value stored in localStorage under `key` (the window's small UI memory: last agreement, …). */
export function useStoredState(key: string, initial: string | null = null): [string | null, (value: string | null) => void] {
  const [entry, setEntry] = useState(() => ({ key, value: loadStored(key, initial) }));
  const value = entry.key === key ? entry.value : loadStored(key, initial);
  const set = (next: string | null) => {
    setEntry({ key, value: next });
    try {
      if (next === null) localStorage.removeItem(key);
      else localStorage.setItem(key, next);
    } catch {
      // Storage unavailable: remembering is a convenience only.
    }
  };
  return [value, set];
}
