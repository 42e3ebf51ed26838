// The sync server: Hocuspocus (the Yjs sync protocol over WebSocket) with the project's own Store as
// its persistence. This file only composes the parts, each in a module of its own (see
// ARCHITECTURE.md in this folder): persistence.ts (the store), authenticate.ts (who may do what),
// socketGate.ts and messagePolicy.ts (every message checked and bounded before Hocuspocus sees it),
// addressGuard.ts (connections and failed tokens per address), listener.ts (HTTP + WebSocket);
// every bound is in limits.ts.
import { Hocuspocus } from '@hocuspocus/server';
import { RedisRelay } from './redisRelay.ts';
import type { WebSocket } from 'ws';
import { DocId } from '../../shared/api/contract.ts';
import { AddressGuard } from './addressGuard.ts';
import { agreementLookup } from './agreements.ts';
import { clientAddress } from './clientAddress.ts';
import { openAccess, type Authenticate } from './authenticate.ts';
import { LiveAccessFile } from './liveAccessFile.ts';
import { AwarenessOwners } from './awarenessPolicy.ts';
import { BACKOFF_REASON, CLOSE_AUTH_FAILURES, INVALID_DOC_REASON } from './closeCodes.ts';
import { resolveLimits } from './limits.ts';
import { listen } from './listener.ts';
import { quotaFileFor, resolveWorkspacePath, type SyncServer, type SyncServerOptions, type SyncServerStats } from './options.ts';
import { Membership } from './membership.ts';
import { directoryProblemFor, positionProblemFor } from '../../shared/access/positionCheck.ts';
import { verifyBytes } from '../identity/ed25519.ts';
import { MembershipRelay } from './membershipRelay.ts';
import { createPersistence } from './persistence.ts';
import { Durability, holdSends } from './durability.ts';
import { levelOf } from './log.ts';
import { createMetrics } from './metrics.ts';
import { openServerStore } from './openStore.ts';
import { handleOperations } from './operations.ts';
import { listenControl, type ControlServer } from './controlSocket.ts';
import path from 'node:path';
import { StructureHolds } from './structureHolds.ts';
import type { ServerStore } from '../store/serverStore.ts';
import { handleRedeem } from './redeem.ts';
import { QuotaLedger } from './quota.ts';
import { rateLimitedLog } from './rateLimitedLog.ts';
import { newRefusals } from './refusals.ts';
import { watchSlowReaders } from './slowReaders.ts';
import { gateSocket, type GateContext, type SessionContext } from './socketGate.ts';

export { CLOSE_MALFORMED, CLOSE_TOO_BIG, INVALID_DOC_REASON } from './closeCodes.ts';
export { SERVER_WORKSPACE_FILE, type SyncServer, type SyncServerOptions, type SyncServerStats } from './options.ts';

export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  /** The listener's sockets, once it listens (stats). */
  let openSockets: Set<WebSocket> | null = null;
  const host = options.host ?? '127.0.0.1';
  const compactEvery = options.compactEvery ?? 1000;
  const limits = resolveLimits(options.limits);
  const write = options.log ?? ((line: string) => console.error(line));
  const sink = options.quiet ? () => {} : (line: string, cause: string) => write(line, { cause, level: levelOf(cause) });
  const log = rateLimitedLog(sink, { linesPerCause: limits.logLinesPerCause, windowMs: limits.logWindowMs });
  const workspacePath = resolveWorkspacePath(options);

  const quota = new QuotaLedger(limits.storageQuotaBytes, quotaFileFor(workspacePath));
  let store: ServerStore;
  try {
    // Danish errors: a workspace file that is not ours, damaged, newer or in use; a database that
    // cannot be reached; --redis without a shared store.
    store = await openServerStore(options, workspacePath);
  } catch (error) {
    quota.close();
    throw error;
  }
  const durability = new Durability();
  const metrics = createMetrics(() => stats(), store.kind);
  const persistence = createPersistence(store, {
    compactEvery,
    log: (line) => log('store', line),
    authorOf: Membership.authorOf,
    durability,
    onAppend: (seconds) => metrics.observeAppend(seconds),
  });
  // A shared store cannot be read synchronously: each agreement's structure stays loaded while
  // anyone is connected to it (structureHolds.ts).
  let holds: StructureHolds | null = null;
  const refusals = newRefusals();
  const guard = new AddressGuard(limits);
  let rejectedConnections = 0;
  let closing = false;

  const redisExtension = options.redis
    ? new RedisRelay({
        host: options.redis.host,
        port: options.redis.port,
        prefix: options.redis.prefix ?? 'enighed',
        // Workaround for ioredis ≥ 5.8.2 (redis/ioredis#2037): its CLIENT SETINFO handshake can land
        // after SUBSCRIBE on the subscriber connection and fail every command there.
        options: { disableClientInfo: true },
      })
    : null;
  // ioredis retries on its own; its errors become (rate-limited) log lines instead of its own
  // "Unhandled error event" on the console.
  for (const connection of redisExtension ? [redisExtension.pub, redisExtension.sub] : []) {
    connection.on('error', (error: Error) => log('redis', `Redis svarer ikke: ${error.message}`));
  }
  const hocuspocus: Hocuspocus = new Hocuspocus({
    name: 'enighed-sync',
    quiet: true,
    extensions: redisExtension ? [redisExtension, ...(options.extensions ?? [])] : [...(options.extensions ?? [])],
    async onConnect({ documentName, context }) {
      const { session } = context as SessionContext;
      if (!DocId.safeParse(documentName).success) {
        session.entry(documentName).phase = 'refused';
        log('invalidName', `Afviste dokumentnavnet ${JSON.stringify(documentName.slice(0, 100))}.`);
        // Hocuspocus sends `reason` to the client as "permission denied"; other documents on the same
        // socket are not affected. An object without `message` so Hocuspocus does not log it again.
        throw { reason: INVALID_DOC_REASON };
      }
      if (persistence.isFailed(documentName)) {
        session.entry(documentName).phase = 'refused';
        throw { reason: 'dokumentet genindlæses' };
      }
    },

    async onAuthenticate({ token, documentName, connectionConfig, context }) {
      const { session, reject } = context as SessionContext;
      const entry = session.entry(documentName);
      const address = session.address;
      const failed = (reason: string) => {
        entry.phase = 'refused';
        if (++session.authFailures >= limits.maxAuthFailuresPerSocket) {
          // After Hocuspocus has sent the refusal for this document.
          setImmediate(() => reject(CLOSE_AUTH_FAILURES, 'authFailures', `${session.authFailures} forkerte adgangskoder`));
        }
        throw { reason };
      };
      const wait = guard.waitMs(address);
      if (wait > 0) {
        // Tokens from an address that must wait are not even looked up: guessing gains nothing.
        refusals.backoff++;
        log('backoff', `Afviste en adgangskode fra ${address} til ${documentName}: adressen venter efter forkerte adgangskoder.`);
        failed(`${BACKOFF_REASON}; prøv igen om ${Math.ceil(wait / 1000)} s`);
      }
      // Released in onDisconnect, or below when refused.
      if (holds) await holds.hold(session, documentName);
      let result: Awaited<ReturnType<Authenticate>>;
      try {
        result = await authenticate({ token: String(token ?? ''), documentName, address });
      } catch (error) {
        holds?.release(session, documentName);
        throw error;
      }
      if (!result.ok) holds?.release(session, documentName);
      if (!result.ok && result.cause === 'unknown-token') {
        refusals.unknownToken++;
        guard.authFailed(address);
        log('unknownToken', `Afviste en ukendt adgangskode fra ${address} til ${documentName}.`);
        failed(result.reason);
      }
      if (!result.ok) {
        refusals.noAccess++;
        entry.phase = 'refused';
        log('noAccess', `Afviste ${result.participant?.name ?? 'ukendt'} (${result.participant?.side ?? '?'}) adgang til ${documentName}.`);
        throw { reason: result.reason };
      }
      session.authenticated = true;
      entry.phase = 'admitted';
      entry.access = result.access;
      entry.participant = result.participant;
      entry.identity = result.identity ?? null;
      // A device's identity and access follow the agreement's directory from now on (membership.ts).
      if (result.live) membership.track(context as SessionContext, documentName, String(token));
      else accessFile?.track(context as SessionContext, documentName, String(token));
      // Hocuspocus refuses updates on a read-only connection too; messagePolicy.ts drops them first.
      connectionConfig.readOnly = result.access === 'read';
      return { participant: result.participant };
    },

    async connected({ documentName, context }) {
      const { session } = context as SessionContext;
      const entry = session.docs.get(documentName);
      if (entry && entry.phase === 'admitted') {
        entry.phase = 'open';
        session.release(entry);
      }
    },

    async onDisconnect({ documentName, context }) {
      // A direct connection (a held structure, structureHolds.ts) has no session.
      const session = (context as SessionContext | undefined)?.session;
      if (!session) return;
      const entry = session.docs.get(documentName);
      if (entry?.awarenessClientID != null) awarenessOwners.release(documentName, entry.awarenessClientID, session);
      membership.untrack(session, documentName);
      accessFile?.untrack(session, documentName);
      holds?.release(session, documentName);
      session.forget(documentName);
    },

    ...persistence.hooks,
    async afterLoadDocument(payload) {
      await persistence.hooks.afterLoadDocument!(payload);
      membership.watch(payload.document);
    },
    // No beforeHandleMessage: every message Hocuspocus sees was checked by the gate one turn at a
    // time (messageQueue.ts), and nothing of a socket it closed reaches Hocuspocus afterwards.
  });

  if (store.shared) holds = new StructureHolds(hocuspocus);
  const agreementFor = agreementLookup(store, hocuspocus);
  const membership = new Membership({
    store,
    hocuspocus,
    agreementFor,
    log: (cause, line) => log(cause, line),
    holdStructures: options.redis !== undefined,
  });
  // Device tokens (`device:…`, membership.ts) first; the access file (or an open server) is the
  // bootstrap and legacy path. A host with its own `authenticate` (a meeting) decides alone.
  const relay = redisExtension
    ? new MembershipRelay(redisExtension.pub, options.redis!.prefix ?? 'enighed', (tokenSha256) => membership.revokedElsewhere(tokenSha256))
    : null;
  // In the background: an unreachable Redis must not keep the server from starting (ioredis
  // queues commands and retries), as with the Redis extension itself.
  if (relay) {
    void relay
      .ready()
      .then(() => membership.attachRelay(relay))
      .catch((error: unknown) => log('redis', `Kunne ikke dele deltagere og enheder via Redis: ${(error as Error)?.message ?? String(error)}`));
  }
  const accessFile = options.access ? new LiveAccessFile(options.access, agreementFor, hocuspocus, (line) => log('revoked', line)) : null;
  const legacy: Authenticate = accessFile?.authenticate ?? openAccess;
  const authenticate: Authenticate = options.authenticate ?? ((request) => membership.authenticate(request) ?? legacy(request));
  const agreements = agreementFor;
  const awarenessOwners = new AwarenessOwners();
  const gate: GateContext = {
    limits,
    log,
    refusals,
    rejectedSockets: new WeakSet<WebSocket>(),
    onRejected: () => rejectedConnections++,
    quota,
    awarenessOwners,
    document: (name) => hocuspocus.documents.get(name),
    storedBytes: (name) => persistence.storedBytes(name),
    agreements,
    // Every new position must count in the agreement's directory as this host holds it.
    // A member may pass on the secretariat's signed directory entries (a revocation got elsewhere).
    writeHooks: options.writeHooks ?? {
      positionProblem: positionProblemFor((docId) => agreements.structure(docId), verifyBytes),
      directoryProblem: directoryProblemFor(verifyBytes),
    },
  };

  const operations = {
    metrics,
    pingStore: () => store.ping(),
    pingRedis: redisExtension
      ? async () => {
          await redisExtension.pub.ping();
        }
      : null,
  };

  const listener = await listen({
    host,
    port: options.port ?? 0,
    maxPayload: limits.maxPayload,
    tls: options.tls,
    requestTimeoutMs: limits.authTimeoutMs,
    admit(request) {
      const address = clientAddress(request, options.trustedProxies ?? []);
      const admission = guard.admit(address);
      if (!admission.ok) {
        refusals[admission.cause]++;
        log(admission.cause, `Afviste en ny forbindelse fra ${address} (${admission.status}): ${admission.cause === 'backoff' ? 'adressen venter efter forkerte adgangskoder' : 'for mange forbindelser'}.`);
      }
      return admission;
    },
    // A meeting host (its own `authenticate`) redeems nothing and has no operator endpoints.
    request: (request, response) =>
      (!options.authenticate && handleOperations(operations, request, response)) ||
      (!options.authenticate &&
      handleRedeem(
        {
          membership,
          guard,
          addressOf: (r) => clientAddress(r, options.trustedProxies ?? []),
          refused: (address, reason) => {
            refusals.redeem++;
            log('redeem', `Afviste en indløsning af en invitation fra ${address}: ${reason}`);
          },
        },
        request,
        response,
      )),
    accept(ws, request) {
      const address = clientAddress(request, options.trustedProxies ?? []);
      // Nothing leaves the server before the appends in flight are durable (durability.ts).
      if (store.shared) holdSends(ws, durability);
      guard.opened(address);
      ws.once('close', () => guard.closed(address));
      gateSocket(hocuspocus, ws, request, address, gate);
    },
  }).catch(async (error: unknown) => {
    quota.close();
    await store.close().catch(() => {});
    throw error;
  });
  openSockets = listener.sockets;
  let control: ControlServer | null = null;
  if (options.control) {
    control = await listenControl(path.dirname(workspacePath), (out) => store.backup(out)).catch(async (error: unknown) => {
      await listener.close();
      quota.close();
      await store.close().catch(() => {});
      throw error;
    });
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const stopWatching = watchSlowReaders(listener.sockets, limits.maxSendBufferBytes, (ws) => {
    refusals.slowReader++;
    log('slowReader', `Afbryder en forbindelse, der ikke læser sine svar (${Math.round(ws.bufferedAmount / 1024 / 1024)} MiB venter).`);
  });

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    stopWatching();
    persistence.setClosing();
    hocuspocus.closeConnections();
    await listener.close();
    relay?.close();
    await control?.close();
    await holds?.releaseAll();
    // Every update is already on disk; fold what is loaded into snapshots while it is in memory.
    await persistence.snapshotAll(hocuspocus);
    await store.close();
    quota.close();
    if (redisExtension) {
      // Documents unload a moment after their last connection (the extension's own delay); then
      // its connections can go without an unsubscribe failing on a closed one.
      const end = Date.now() + 3000;
      while (hocuspocus.getDocumentsCount() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      redisExtension.pub.disconnect(false);
      redisExtension.sub.disconnect(false);
    }
    log.flush();
  }

  function stats(): SyncServerStats {
    return {
      ...persistence.stats,
      rejectedConnections,
      refusals: { ...refusals },
      openConnections: openSockets?.size ?? 0,
      loadedDocuments: hocuspocus.getDocumentsCount(),
    };
  }

  return {
    url: `${options.tls ? 'wss' : 'ws'}://${urlHost}:${listener.port}`,
    host,
    port: listener.port,
    workspacePath,
    stats,
    revokeDevice: (deviceKey) => membership.revokeDeviceKey(deviceKey),
    replaceAccess: (access) => {
      if (!accessFile) throw new Error('serveren blev startet uden adgangsfil');
      accessFile.replace(access);
    },
    storeKind: store.kind,
    appendLatency: () => metrics.appendQuantiles(),
    close,
  };
}
