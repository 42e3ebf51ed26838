// Command line for the sync server:
//   tsx electron/server/main.ts --data DIR [--access FILE] [--port N] [--host ADDR] [--redis HOST:PORT]
//     [--limits FILE] [--trust-proxy ADDR,…] [--quiet]
// or with the environment: ENIGHED_DATA, ENIGHED_ACCESS, ENIGHED_PORT, ENIGHED_HOST, ENIGHED_REDIS
// (flags win). With --redis, several instances behind a load balancer share changes. --limits names
// a JSON file overriding some of the bounds in limits.ts; --trust-proxy the reverse proxies whose
// X-Forwarded-For gives the client's address (clientAddress.ts).
// The access file (electron/sync/access.ts) holds the secretariat's grants; without one the server
// is open to anyone who can reach it, and says so.
// Prints "ENIGHED_SYNC_URL=ws://host:port" on stdout once it listens. SIGTERM/SIGINT close every
// connection and the workspace cleanly. Exit codes: 0 after a clean stop, 1 if the workspace could
// not be opened or the port not bound, 2 for bad arguments.
import { parseArgs } from 'node:util';
import { startSyncServer, type SyncServer } from './server.ts';
import { readAccessFile, type AccessFile } from '../sync/access.ts';
import type { SyncLimits } from './limits.ts';
import { readLimitsFile } from './limitsFile.ts';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

let values: {
  data?: string;
  access?: string;
  port?: string;
  host?: string;
  redis?: string;
  limits?: string;
  'trust-proxy'?: string;
  quiet?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      data: { type: 'string' },
      access: { type: 'string' },
      redis: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      limits: { type: 'string' },
      'trust-proxy': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\nBrug: npm run server -- --data <mappe> [--port N] [--host adresse]`, 2);
}

const dataDir = values.data ?? process.env.ENIGHED_DATA;
const portText = values.port ?? process.env.ENIGHED_PORT ?? '7420';
const host = values.host ?? process.env.ENIGHED_HOST ?? '127.0.0.1';
if (!dataDir) fail('Angiv servermappen med --data <mappe> eller ENIGHED_DATA.', 2);
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`Ugyldigt portnummer: ${JSON.stringify(portText)}.`, 2);

const accessPath = values.access ?? process.env.ENIGHED_ACCESS;
let access: AccessFile | undefined;
try {
  access = accessPath ? readAccessFile(accessPath) : undefined;
} catch (error) {
  fail((error as Error).message, 2);
}
if (!access) console.error('Advarsel: ingen adgangsfil (--access) – serveren er åben for alle, der kan nå den.');

let limits: Partial<SyncLimits> | undefined;
try {
  limits = values.limits ? readLimitsFile(values.limits) : undefined;
} catch (error) {
  fail((error as Error).message, 2);
}
const trustedProxies = (values['trust-proxy'] ?? '').split(',').map((a) => a.trim()).filter(Boolean);

const redisText = values.redis ?? process.env.ENIGHED_REDIS;
const redisMatch = redisText ? /^([^:\s]+):(\d{1,5})$/.exec(redisText) : null;
if (redisText && !redisMatch) fail(`Ugyldig Redis-adresse ${JSON.stringify(redisText)}; skriv vært:port.`, 2);
const redis = redisMatch ? { host: redisMatch[1], port: Number(redisMatch[2]) } : undefined;

let server: SyncServer;
try {
  server = await startSyncServer({ dataDir, host, port, quiet: values.quiet, access, redis, limits, trustedProxies });
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') fail(`Porten ${port} på ${host} er optaget.`, 1);
  // WorkspaceOpenError carries a Danish message meant for the user.
  fail((error as Error).message, 1);
}
console.log(`ENIGHED_SYNC_URL=${server.url}`);
if (!values.quiet) console.error(`Enighed-synkroniseringsserveren kører på ${server.url} (data: ${server.workspacePath}).`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await server.close();
  } catch (error) {
    fail(`Serveren kunne ikke lukke rent: ${(error as Error).message}`, 1);
  }
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
