// What a sync server is started with and what it offers once it runs.
import fs from 'node:fs';
import path from 'node:path';
import type { Extension } from '@hocuspocus/server';
import type { WriteHooks } from '../../shared/access/checkWrite.ts';
import type { AccessFile } from '../sync/access.ts';
import type { Authenticate } from './authenticate.ts';
import type { SyncLimits } from './limits.ts';
import type { Refusals } from './refusals.ts';

/** The server's workspace file inside its data directory. */
export const SERVER_WORKSPACE_FILE = 'server.sqlite';

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
  /**
   * Addresses of reverse proxies in front of the server: for a socket from one of them, the client's
   * address (for per-address limits and logs) is the last X-Forwarded-For hop. Default: none.
   */
  trustedProxies?: string[];
  /** Bounds on what clients may send and hold (limits.ts has every default); tests pass small ones. */
  limits?: Partial<SyncLimits>;
  /**
   * Who may do what (electron/sync/access.ts): every connection must present a token with a grant,
   * and gets write, read-only or no access per document. Without it (and without `authenticate`)
   * the server is open to anyone who can reach it — for tests and closed networks only.
   */
  access?: AccessFile;
  /**
   * Another way to decide who may do what (e.g. a meeting host's code): used instead of `access`.
   * See authenticate.ts.
   */
  authenticate?: Authenticate;
  /**
   * Scale-out: several servers behind a load balancer share changes through this Redis (Hocuspocus'
   * Redis extension: pub/sub between instances, a lock so one instance stores a document at a time).
   * Requires the shared store (`postgres`): refused without it.
   */
  redis?: { host: string; port: number; prefix?: string };
  /**
   * The shared store: a PostgreSQL URL (`--postgres`, `ENIGHED_POSTGRES`). Documents, snapshots,
   * devices, invitations and the audit live there instead of the workspace file, so any instance
   * serves any document. The data folder still holds the per-instance quota ledger.
   */
  postgres?: string;
  /** Listen on the local control socket (`<data>/server.control`, controlSocket.ts) for
   *  `backup`; main.ts turns it on. */
  control?: boolean;
  /** Serve wss:// with this certificate and key (PEM) instead of ws:// (`--tls-cert`, `--tls-key`). */
  tls?: TlsOptions;
  /**
   * More Hocuspocus hooks, run beside the server's own (e.g. a meeting host follows who is connected
   * through `connected` and `onDisconnect`). Authentication belongs in `authenticate`.
   */
  extensions?: Extension[];
  /**
   * Checks of the per-update write check (shared/access/checkWrite.ts) beyond the rule itself:
   * `positionProblem` judges every new position (e.g. its signature). Default: none.
   */
  writeHooks?: WriteHooks;
  /** Receives every log line with its cause and level (log.ts); `jsonLog` writes them as JSON. */
  log?: (line: string, event: LogEvent) => void;
}

export interface LogEvent {
  level: 'info' | 'warn' | 'error';
  cause: string;
}

export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
}

export interface SyncServerStats {
  /** Updates appended to the store since start. */
  appendedUpdates: number;
  /** Snapshots written from memory. */
  snapshots: number;
  /** Connections closed for what they sent (malformed, oversized, over a bound). */
  rejectedConnections: number;
  /** Everything refused, by cause (closed sockets, refused upgrades and tokens, dropped messages). */
  refusals: Refusals;
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
  /**
   * Revokes every device with this key (membership.ts): its open connections are closed at once
   * (4108) on this instance and, with Redis, on the others; its token is refused after. Returns how
   * many devices were revoked.
   */
  revokeDevice(deviceKey: string): Promise<number>;
  /** Which store it uses: 'sqlite' or 'postgres'. */
  storeKind: 'sqlite' | 'postgres';
  /** Append latency so far (seconds, until durable): p50, p99 and how many. */
  appendLatency(): Promise<{ p50: number; p99: number; count: number }>;
  /**
   * Takes a new version of the access file (liveAccessFile.ts): connections whose token it no
   * longer holds, or whose grant no longer opens their document, are closed at once; changed grants
   * apply to open connections. Throws for a server started without one.
   */
  replaceAccess(access: AccessFile): void;
  /** Closes every connection, snapshots the loaded documents and closes the store. */
  close(): Promise<void>;
}

/** The workspace file the options name (creating the data directory if needed). */
export function resolveWorkspacePath(options: Pick<SyncServerOptions, 'dataDir' | 'workspacePath'>): string {
  if (options.workspacePath) return path.resolve(options.workspacePath);
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    return path.resolve(options.dataDir, SERVER_WORKSPACE_FILE);
  }
  throw new Error('startSyncServer: dataDir or workspacePath is required');
}

/** The quota ledger's file beside the workspace (quota.ts): `server.sqlite` → `server-quota.sqlite`. */
export function quotaFileFor(workspacePath: string): string {
  return path.join(path.dirname(workspacePath), `${path.basename(workspacePath, '.sqlite')}-quota.sqlite`);
}
