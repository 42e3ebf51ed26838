// The sync server: Hocuspocus (the Yjs sync protocol over WebSocket) with the project's own Store as
// its persistence. This file only composes the parts, each in a module of its own (see
// ARCHITECTURE.md in this folder): persistence.ts (the store), authenticate.ts (who may do what),
// socketGate.ts (every message checked before Hocuspocus sees it), listener.ts (HTTP + WebSocket).
import { Hocuspocus } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';
import type { WebSocket } from 'ws';
import { DocId } from '../../shared/api/contract.ts';
import { Store } from '../store/store.ts';
import { agreementLookup } from './agreements.ts';
import { accessFileAuthenticator, openAccess, type Authenticate, type Participant } from './authenticate.ts';
import { INVALID_DOC_REASON } from './closeCodes.ts';
import { isSyncUpdate } from './messages.ts';
import { listen } from './listener.ts';
import { resolveWorkspacePath, type SyncServer, type SyncServerOptions } from './options.ts';
import { createPersistence } from './persistence.ts';
import { gateSocket, rejectedSockets } from './socketGate.ts';

export { CLOSE_MALFORMED, CLOSE_TOO_BIG, INVALID_DOC_REASON } from './closeCodes.ts';
export { SERVER_WORKSPACE_FILE, type SyncServer, type SyncServerOptions, type SyncServerStats } from './options.ts';

export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const host = options.host ?? '127.0.0.1';
  const compactEvery = options.compactEvery ?? 1000;
  const maxPayload = options.maxPayload ?? 16 * 1024 * 1024;
  const maxInvalidNameMessages = options.maxInvalidNameMessages ?? 64;
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.error(line)));
  const workspacePath = resolveWorkspacePath(options);

  // Throws WorkspaceOpenError (Danish) when the file is not ours, damaged, newer, or in use.
  const store = Store.open(workspacePath);
  const persistence = createPersistence(store, { compactEvery, log });
  let rejectedConnections = 0;
  let closing = false;

  const hocuspocus: Hocuspocus = new Hocuspocus({
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
      if (!DocId.safeParse(documentName).success) {
        log(`Afviste dokumentnavnet ${JSON.stringify(documentName.slice(0, 100))}.`);
        // Hocuspocus sends `reason` to the client as "permission denied"; other documents on the same
        // socket are not affected. An object without `message` so Hocuspocus does not log it again.
        throw { reason: INVALID_DOC_REASON };
      }
      if (persistence.isFailed(documentName)) throw { reason: 'dokumentet genindlæses' };
    },

    async onAuthenticate({ token, documentName, connectionConfig, request }) {
      const address = request?.socket?.remoteAddress ?? '?';
      const result = await authenticate({ token: String(token ?? ''), documentName, address });
      if (!result.ok) {
        if (result.cause === 'unknown-token') log(`Afviste en ukendt adgangskode fra ${address} til ${documentName}.`);
        else log(`Afviste ${result.participant?.name ?? 'ukendt'} (${result.participant?.side ?? '?'}) adgang til ${documentName}.`);
        throw { reason: result.reason };
      }
      // Hocuspocus refuses updates on a read-only connection (SyncStatus false) and leaves the
      // document unchanged; beforeHandleMessage logs each refusal.
      connectionConfig.readOnly = result.access === 'read';
      return { participant: result.participant };
    },

    ...persistence.hooks,

    async beforeHandleMessage({ connection, update, documentName, context }) {
      // A queued message replayed after its connection was closed for a bad one (see socketGate.ts).
      // (Only for rejected sockets: throwing here makes Hocuspocus log, which an ordinary disconnect
      // should not.)
      if (rejectedSockets.has(connection.webSocket as WebSocket)) throw new Error('connection is closing');
      if (connection.readOnly && isSyncUpdate(update)) {
        const participant = (context as { participant?: Participant }).participant;
        log(`Afviste en ændring fra ${participant?.name ?? 'ukendt'} (${participant?.side ?? '?'}) til ${documentName}: kun læseadgang.`);
      }
    },
  });

  const authenticate: Authenticate =
    options.authenticate ?? (options.access ? accessFileAuthenticator(options.access, agreementLookup(store, hocuspocus)) : openAccess);

  const listener = await listen({
    host,
    port: options.port ?? 0,
    maxPayload,
    tls: options.tls,
    accept: (ws, request) =>
      gateSocket(hocuspocus, ws, request, { maxPayload, maxInvalidNameMessages, log, onRejected: () => rejectedConnections++ }),
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });
  const urlHost = host.includes(':') ? `[${host}]` : host;

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    persistence.setClosing();
    hocuspocus.closeConnections();
    await listener.close();
    // Every update is already on disk; fold what is loaded into snapshots while it is in memory.
    persistence.snapshotAll(hocuspocus);
    store.close();
  }

  return {
    url: `${options.tls ? 'wss' : 'ws'}://${urlHost}:${listener.port}`,
    host,
    port: listener.port,
    workspacePath,
    stats: () => ({
      ...persistence.stats,
      rejectedConnections,
      openConnections: listener.sockets.size,
      loadedDocuments: hocuspocus.getDocumentsCount(),
    }),
    close,
  };
}
