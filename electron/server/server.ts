// The sync server: Hocuspocus (the Yjs sync protocol over WebSocket) with the project's own Store as
// its persistence. See ARCHITECTURE.md in this folder for why each update is written where it is.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { Hocuspocus, type Document, type Extension } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';
import { WebSocketServer, WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { DocId } from '../../shared/api/contract.ts';
import { agreementOfDoc, Store } from '../store/store.ts';
import { accessTo, grantForToken, type AccessFile, type Grant } from '../sync/access.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { structureDocId } from '../../shared/structure/docIds.ts';
import { checkClientMessage, MalformedMessageError } from './messages.ts';

/** The server's workspace file inside its data directory. */
export const SERVER_WORKSPACE_FILE = 'server.sqlite';

/** Close code for a message that is not valid Hocuspocus/Yjs (1007: "invalid frame payload data"). */
export const CLOSE_MALFORMED = 1007;
/** What `ws` closes with when a message exceeds `maxPayload` (1009: "message too big"). */
export const CLOSE_TOO_BIG = 1009;

/** Reason a refused document name gets (the contract's own message for a bad DocId). */
export const INVALID_DOC_REASON = 'ugyldigt dokument-id';

export interface SyncServerOptions {
  /** Folder for the server's workspace (`server.sqlite`), created if missing. */
  dataDir?: string;
  /** Or the workspace file itself. One of the two is required. */
  workspacePath?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** No log lines (errors included). */
  quiet?: boolean;
  /** Write a document's in-memory state as its snapshot after this many logged updates (default 1,000). */
  compactEvery?: number;
  /** Largest WebSocket message accepted, in bytes (default 16 MiB, the contract's limit for one
   *  update); a larger one closes that connection. */
  maxPayload?: number;
  /** Messages for names that are not document ids a connection may send before it is closed. */
  maxInvalidNameMessages?: number;
  /**
   * Who may do what (electron/sync/access.ts): every connection must present a token with a grant,
   * and gets write, read-only or no access per document. Without it the server is open to anyone
   * who can reach it — for tests and closed networks only.
   */
  access?: AccessFile;
  /**
   * Scale-out: several servers behind a load balancer share changes through this Redis (Hocuspocus'
   * Redis extension: pub/sub between instances, a lock so one instance stores a document at a time).
   * Each instance keeps its own workspace file.
   */
  redis?: { host: string; port: number; prefix?: string };
  /** Serve wss:// with this certificate and key (PEM) instead of ws://. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * More Hocuspocus hooks, run beside the server's own (every onAuthenticate must pass). Meeting
   * mode admits guests by meeting code this way (electron/sync/meeting/host.ts).
   */
  extensions?: Extension[];
  log?: (line: string) => void;
}

export interface SyncServerStats {
  /** Updates appended to the store since start. */
  appendedUpdates: number;
  /** Snapshots written from memory. */
  snapshots: number;
  /** Connections closed for malformed or oversized messages. */
  rejectedConnections: number;
  openConnections: number;
  loadedDocuments: number;
}

export interface SyncServer {
  /** ws://host:port, or wss://host:port with `tls` */
  url: string;
  host: string;
  port: number;
  workspacePath: string;
  stats(): SyncServerStats;
  /** Closes every connection, snapshots the loaded documents and closes the store. */
  close(): Promise<void>;
}

/** Per loaded document. */
interface DocState {
  /** Updates logged since the last snapshot. */
  sinceSnapshot: number;
  snapshotScheduled: boolean;
  /** A write failed: memory is ahead of the store, so this copy must never be written or served. */
  failed: boolean;
  /** The pending (not yet integrable) parts last logged, compared by identity. */
  pendingStructs: Uint8Array | null;
  pendingDs: Uint8Array | null;
}

export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const host = options.host ?? '127.0.0.1';
  const compactEvery = options.compactEvery ?? 1000;
  const maxPayload = options.maxPayload ?? 16 * 1024 * 1024;
  const maxInvalidNameMessages = options.maxInvalidNameMessages ?? 64;
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.error(line)));

  let workspacePath: string;
  if (options.workspacePath) workspacePath = path.resolve(options.workspacePath);
  else if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    workspacePath = path.resolve(options.dataDir, SERVER_WORKSPACE_FILE);
  } else throw new Error('startSyncServer: dataDir or workspacePath is required');

  // Throws WorkspaceOpenError (Danish) when the file is not ours, damaged, newer, or in use.
  const store = Store.open(workspacePath);

  /** The agreement a document belongs to, as this server holds it (null if it has none yet). */
  function agreementFor(documentName: string) {
    let agreementId: string;
    try {
      agreementId = agreementOfDoc(documentName);
    } catch {
      return null;
    }
    const id = structureDocId(agreementId);
    const loaded = hocuspocus.documents.get(id);
    if (loaded) return readAgreement(loaded);
    if (!store.agreementIds().includes(agreementId)) return null;
    const doc = store.loadYDoc(id);
    const agreement = readAgreement(doc);
    doc.destroy();
    return agreement;
  }
  const agreements = new Set(store.agreementIds());
  const docs = new Map<string, DocState>();
  const sockets = new Set<WebSocket>();
  /** Sockets closed for a bad message: what they still had queued must not be handled. */
  const rejectedSockets = new WeakSet<WebSocket>();
  const stats = { appendedUpdates: 0, snapshots: 0, rejectedConnections: 0 };
  let closing = false;

  const validName = (name: string) => DocId.safeParse(name).success;

  /** Appends one update; false (and the document's connections dropped) when the write failed. */
  function persist(document: Document, state: DocState, update: Uint8Array): boolean {
    if (state.failed) return false;
    try {
      const agreementId = agreementOfDoc(document.name);
      if (!agreements.has(agreementId)) {
        store.insertAgreement(agreementId, new Date().toISOString());
        agreements.add(agreementId);
      }
      store.appendUpdate(document.name, update);
      stats.appendedUpdates++;
    } catch (error) {
      // Memory now holds a change the store does not. Drop every connection of this document
      // before anything is sent (terminate() makes the socket CLOSING at once, so neither the
      // broadcast nor the acknowledgement goes out): each client keeps the change as unsynced and
      // sends it again once the document has been reloaded from the store.
      state.failed = true;
      log(`Kunne ikke gemme en ændring i ${document.name}: ${(error as Error).message}. Forbindelserne til dokumentet lukkes.`);
      for (const connection of document.getConnections()) connection.webSocket.terminate();
      return false;
    }
    state.sinceSnapshot++;
    if (state.sinceSnapshot >= compactEvery && !state.snapshotScheduled) {
      // After the acknowledgement has gone out, not on its path.
      state.snapshotScheduled = true;
      setImmediate(() => {
        state.snapshotScheduled = false;
        snapshot(document, state);
      });
    }
    return true;
  }

  /** Writes the in-memory state as the snapshot; it includes every logged update (see afterLoadDocument). */
  function snapshot(document: Document, state: DocState): void {
    if (state.failed || state.sinceSnapshot === 0 || document.isDestroyed || !store.db.open) return;
    try {
      store.snapshotFromMemory(document.name, Y.encodeStateAsUpdate(document));
      state.sinceSnapshot = 0;
      stats.snapshots++;
    } catch (error) {
      // The log rows are still there (the snapshot is written in one transaction), so nothing is lost.
      log(`Kunne ikke komprimere ${document.name}: ${(error as Error).message}`);
    }
  }

  const hocuspocus = new Hocuspocus({
    name: 'enighed-sync',
    quiet: true,
    extensions: options.redis
      ? [
          new Redis({
            host: options.redis.host,
            port: options.redis.port,
            prefix: options.redis.prefix ?? 'enighed',
            // Workaround for ioredis ≥ 5.8.2 (redis/ioredis#2037): its CLIENT SETINFO handshake can land
            // after SUBSCRIBE on the subscriber connection and fail every command there.
            options: { disableClientInfo: true },
          }),
          ...(options.extensions ?? []),
        ]
      : [...(options.extensions ?? [])],
    async onConnect({ documentName }) {
      if (!validName(documentName)) {
        log(`Afviste dokumentnavnet ${JSON.stringify(documentName.slice(0, 100))}.`);
        // Hocuspocus sends `reason` to the client as "permission denied"; other documents on the same
        // socket are not affected. An object without `message` so Hocuspocus does not log it again.
        throw { reason: INVALID_DOC_REASON };
      }
      if (docs.get(documentName)?.failed) throw { reason: 'dokumentet genindlæses' };
    },

    async onAuthenticate({ token, documentName, connectionConfig, request }) {
      if (!options.access) return;
      const grant = grantForToken(options.access, String(token ?? ''));
      if (!grant) {
        log(`Afviste en ukendt adgangskode fra ${request?.socket?.remoteAddress ?? '?'} til ${documentName}.`);
        throw { reason: 'ukendt adgangskode' };
      }
      const access = accessTo(grant, documentName, agreementFor(documentName));
      if (access === 'none') {
        log(`Afviste ${grant.name} (${grant.side}) adgang til ${documentName}.`);
        throw { reason: 'ingen adgang' };
      }
      // Hocuspocus refuses updates on a read-only connection (SyncStatus false) and leaves the
      // document unchanged; beforeHandleMessage logs each refusal.
      connectionConfig.readOnly = access === 'read';
      return { grant };
    },

    async onLoadDocument({ documentName, document }) {
      if (!validName(documentName)) throw { reason: INVALID_DOC_REASON };
      const stored = store.loadDoc(documentName);
      Y.transact(document, () => {
        if (stored.snapshot) Y.applyUpdate(document, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(document, u);
      });
      docs.set(documentName, {
        sinceSnapshot: 0,
        snapshotScheduled: false,
        failed: false,
        pendingStructs: document.store.pendingStructs?.update ?? null,
        pendingDs: document.store.pendingDs,
      });
    },

    async afterLoadDocument({ document }) {
      const state = docs.get(document.name)!;
      // Hocuspocus has just installed its own update callback (onChange and the debounced
      // onStoreDocument hooks, both asynchronous). Document.handleUpdate calls it first and then
      // broadcasts the update; MessageReceiver acknowledges to the sender (SyncStatus) only after
      // applyUpdate has returned. Wrapping it is the one place that sees each update synchronously
      // before it is broadcast or acknowledged, so an acknowledged change is always on disk.
      const hocuspocusOnUpdate = document.callbacks.onUpdate;
      document.onUpdate((doc, connection, update) => {
        if (persist(doc, state, update)) hocuspocusOnUpdate(doc, connection, update);
      });
      // An update whose dependencies have not arrived yet is held back by Yjs as "pending" and no
      // update event fires for it, yet Hocuspocus acknowledges it. Log the pending part too (a valid
      // update that loads as pending again) so that the acknowledgement still means "on disk".
      document.on('afterTransaction', () => {
        // Yjs replaces these arrays (never mutates them) when the pending set changes.
        const pendingStructs = document.store.pendingStructs?.update ?? null;
        const pendingDs = document.store.pendingDs;
        if (pendingStructs === state.pendingStructs && pendingDs === state.pendingDs) return;
        state.pendingStructs = pendingStructs;
        state.pendingDs = pendingDs;
        const parts = [pendingStructs, pendingDs].filter((u): u is Uint8Array => u != null);
        if (parts.length === 0) return;
        persist(document, state, Y.convertUpdateFormatV2ToV1(Y.mergeUpdatesV2(parts)));
      });
    },

    async beforeHandleMessage({ connection, update, documentName, context }) {
      // A queued message replayed after its connection was closed for a bad one (see acceptSocket).
      // (Only for rejected sockets: throwing here makes Hocuspocus log, which an ordinary disconnect
      // should not.)
      if (rejectedSockets.has(connection.webSocket as WebSocket)) throw new Error('connection is closing');
      if (connection.readOnly && isSyncUpdate(update)) {
        const grant = (context as { grant?: Grant }).grant;
        log(`Afviste en ændring fra ${grant?.name ?? 'ukendt'} (${grant?.side ?? '?'}) til ${documentName}: kun læseadgang.`);
      }
    },

    async beforeUnloadDocument({ documentName, document }) {
      const state = docs.get(documentName);
      if (state && !closing) snapshot(document, state);
    },

    async afterUnloadDocument({ documentName }) {
      docs.delete(documentName);
    },
  });

  function acceptSocket(ws: WebSocket, request: http.IncomingMessage): void {
    sockets.add(ws);
    let invalidNameMessages = 0;
    const reject = (code: number, reason: string) => {
      stats.rejectedConnections++;
      log(`Lukker forbindelsen fra ${request.socket.remoteAddress}: ${reason}.`);
      rejectedSockets.add(ws);
      ws.close(code, reason);
    };
    ws.on('close', () => sockets.delete(ws));
    // Errors of one socket (e.g. a message over maxPayload: ws closes it with 1009) stay with it.
    ws.on('error', (error) => {
      const code = (error as { code?: string }).code;
      if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        stats.rejectedConnections++;
        log(`Lukker forbindelsen fra ${request.socket.remoteAddress}: beskeden er større end ${maxPayload} bytes.`);
      } else log(`Fejl på forbindelsen fra ${request.socket.remoteAddress}: ${error.message}`);
    });
    hocuspocus.handleConnection(ws, request);
    // The check goes in front of Hocuspocus' own message listener, which then only ever sees
    // messages that passed (Hocuspocus logs and half-handles broken ones itself).
    const hocuspocusListeners = ws.listeners('message') as ((...args: unknown[]) => void)[];
    ws.removeAllListeners('message');
    ws.on('message', (data: Buffer, isBinary: boolean | undefined) => {
      // Hocuspocus re-emits the messages it queued while a document was loading, without
      // `isBinary`; those were checked when they arrived.
      if (isBinary !== undefined) {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (!isBinary) return reject(CLOSE_MALFORMED, 'tekstbesked i stedet for binær');
        try {
          const { documentName } = checkClientMessage(data);
          if (!validName(documentName) && ++invalidNameMessages > maxInvalidNameMessages) {
            return reject(CLOSE_MALFORMED, 'for mange beskeder til ugyldige dokumenter');
          }
        } catch (error) {
          if (!(error instanceof MalformedMessageError)) throw error;
          return reject(CLOSE_MALFORMED, 'ugyldig besked');
        }
      }
      for (const listener of hocuspocusListeners) listener.call(ws, data, isBinary);
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload });
  const answerPlainRequest = (_request: http.IncomingMessage, response: http.ServerResponse) => {
    response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Enighed-synkroniseringsserver: forbind med WebSocket.\n');
  };
  const httpServer = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, answerPlainRequest)
    : http.createServer(answerPlainRequest);
  httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (closing) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => acceptSocket(ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });
  const port = (httpServer.address() as { port: number }).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    hocuspocus.closeConnections();
    const open = [...sockets];
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => ws.terminate(), 2000);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(1001, 'serveren lukker');
          }),
      ),
    );
    wss.close();
    await httpClosed;
    // Every update is already on disk; fold what is loaded into snapshots while it is in memory.
    for (const document of hocuspocus.documents.values()) {
      const state = docs.get(document.name);
      if (state) snapshot(document, state);
      // Runs Hocuspocus' pending debounced store (a no-op for us) now instead of after its timer.
      hocuspocus.debouncer.executeNow(`onStoreDocument-${document.name}`);
    }
    store.close();
  }

  return {
    url: `${options.tls ? 'wss' : 'ws'}://${urlHost}:${port}`,
    host,
    port,
    workspacePath,
    stats: () => ({
      ...stats,
      openConnections: sockets.size,
      loadedDocuments: hocuspocus.getDocumentsCount(),
    }),
    close,
  };
}

/** Whether a client message is a Yjs sync update (sync step 2 or update), i.e. a write. */
function isSyncUpdate(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  try {
    decoding.readVarString(decoder); // document name
    if (decoding.readVarUint(decoder) !== 0) return false; // not a sync message
    const syncType = decoding.readVarUint(decoder);
    return syncType === 2; // an update (step 2 is also sent, empty, by a client just catching up)
  } catch {
    return false;
  }
}
