// Command line for the sync server:
//   tsx electron/server/main.ts --data DIR [--access FILE] [--port N] [--host ADDR] [--postgres URL]
//     [--redis HOST:PORT] [--tls-cert FILE --tls-key FILE] [--limits FILE] [--trust-proxy ADDR,…]
//     [--log text|json] [--quiet]
// (built: node dist/server/main.mjs …) or with the environment: ENIGHED_DATA, ENIGHED_ACCESS,
// ENIGHED_PORT, ENIGHED_HOST, ENIGHED_POSTGRES, ENIGHED_REDIS, ENIGHED_TLS_CERT, ENIGHED_TLS_KEY,
// ENIGHED_LOG (flags win). --postgres keeps documents, devices and the audit in PostgreSQL instead
// of the data folder's SQLite file; with it and --redis, several instances behind a load balancer
// serve the same agreements (--redis without --postgres is refused). --log json writes one JSON
// object per log line (time, level, cause, msg); the default is plain text. With a certificate and key (PEM) the server serves wss:// itself; without,
// it serves ws:// and belongs on loopback behind a reverse proxy that terminates TLS (README); name
// that proxy with --trust-proxy so that its X-Forwarded-For gives each client's address for the
// per-address limits (clientAddress.ts). --limits names a JSON file overriding some of the bounds
// in limits.ts.
// The access file (electron/sync/access.ts) holds the secretariat's grants; without one the server
// is open to anyone who can reach it, and says so.
// Administrative commands, run while the server is stopped (adminCommands.ts):
//   tsx electron/server/main.ts init-secretariat --name "…" --org "…" [--data DIR] [--public-url URL]
//   tsx electron/server/main.ts audit --agreement ID [--section ID] [--data DIR]
//   tsx electron/server/main.ts devices [--agreement ID] [--data DIR]
//   tsx electron/server/main.ts revoke-device --device KEY [--data DIR]
//   tsx electron/server/main.ts backup --out FILE [--data DIR] — an online backup of the SQLite
//     workspace, taken by the running server (controlSocket.ts) or, when none runs, directly.
//     A PostgreSQL store is backed up with pg_dump (README).
// Prints "ENIGHED_SYNC_URL=ws://host:port" (or wss://) on stdout once it listens. SIGTERM/SIGINT close every
// connection and the workspace cleanly. Exit codes: 0 after a clean stop, 1 if the workspace could
// not be opened or the port not bound, 2 for bad arguments.
import fs from 'node:fs';
import path from 'node:path';
import { auditText, devicesText, initSecretariat, initSecretariatIn, revokeDeviceText, type StoreSource } from './adminCommands.ts';
import { openPostgresStore } from '../store/postgres/store.ts';
import { SERVER_WORKSPACE_FILE } from './options.ts';
import { startSyncServer, type SyncServer } from './server.ts';
import { readAccessFile, type AccessFile } from '../sync/access.ts';
import type { SyncLimits } from './limits.ts';
import { readLimitsFile } from './limitsFile.ts';
import { readTlsFiles } from './tlsFiles.ts';
import { requestBackup } from './controlSocket.ts';
import { jsonLine } from './log.ts';
import { Store } from '../store/store.ts';
import type { LogEvent, TlsOptions } from './options.ts';
import { REDIS_NEEDS_SHARED_STORE } from './openStore.ts';
import { parseFlags } from './cliArgs.ts';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const command = process.argv[2];
const ADMIN_COMMANDS = ['init-secretariat', 'audit', 'devices', 'revoke-device'] as const;
type AdminCommand = (typeof ADMIN_COMMANDS)[number];
if (command === 'backup') {
  await runBackup(process.argv.slice(3));
  process.exit(0);
}
if ((ADMIN_COMMANDS as readonly string[]).includes(command)) {
  await runAdminCommand(command as AdminCommand, process.argv.slice(3));
  process.exit(0);
}

async function runBackup(args: string[]): Promise<void> {
  let opts: { data?: string; out?: string };
  try {
    opts = parseFlags(args, { data: { type: 'string' }, out: { type: 'string' } });
  } catch (error) {
    fail(`${(error as Error).message}\nBrug: npm run server -- backup --out <fil> [--data <mappe>]`, 2);
  }
  const data = opts.data ?? process.env.ENIGHED_DATA;
  if (!data) fail('Angiv servermappen med --data <mappe> eller ENIGHED_DATA.', 2);
  if (!opts.out) fail('Angiv sikkerhedskopiens fil med --out <fil>.', 2);
  if (process.env.ENIGHED_POSTGRES) {
    fail('Serveren gemmer i PostgreSQL (ENIGHED_POSTGRES): tag sikkerhedskopien med pg_dump, fx «pg_dump --format=custom --file=enighed.dump "$ENIGHED_POSTGRES"» (se README).', 2);
  }
  const out = path.resolve(opts.out);
  try {
    const answer = await requestBackup(data, out);
    if (answer && !answer.ok) fail(answer.error, 1);
    if (!answer) {
      // No server runs on this folder: back the file up directly.
      const store = Store.open(path.resolve(data, SERVER_WORKSPACE_FILE), { create: false });
      try {
        await store.backup(out);
      } finally {
        store.close();
      }
    }
  } catch (error) {
    fail((error as Error).message, 1);
  }
  console.log(`Sikkerhedskopi gemt i ${out}.`);
}

async function runAdminCommand(name: AdminCommand, args: string[]): Promise<void> {
  let opts: Record<string, string | undefined>;
  try {
    opts = parseFlags(args, {
      data: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      'public-url': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      agreement: { type: 'string' },
      section: { type: 'string' },
      device: { type: 'string' },
      postgres: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    });
  } catch (error) {
    const usage = {
      audit: 'Brug: npm run server -- audit --agreement <id> [--section <id>] [--data <mappe>]',
      'init-secretariat': 'Brug: npm run server -- init-secretariat --name "<navn>" --org "<organisation>" [--data <mappe>] [--public-url wss://…]',
      devices: 'Brug: npm run server -- devices [--agreement <id>] [--data <mappe>]',
      'revoke-device': 'Brug: npm run server -- revoke-device --device <nøgle> [--data <mappe>]',
    }[name];
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  const data = opts.data ?? process.env.ENIGHED_DATA;
  if (!data) fail('Angiv servermappen med --data <mappe> eller ENIGHED_DATA.', 2);
  const workspacePath = path.resolve(data, SERVER_WORKSPACE_FILE);
  // With PostgreSQL (--postgres or ENIGHED_POSTGRES) the commands work on the shared store.
  const postgresUrl = opts.postgres ?? process.env.ENIGHED_POSTGRES;
  const source: StoreSource = postgresUrl ? { postgres: postgresUrl } : { workspacePath };
  try {
    if (name === 'init-secretariat') {
      if (!opts.name || !opts.org) fail('Angiv sekretariatets navn og organisation: --name "…" --org "…".', 2);
      const listenHost = opts.host ?? process.env.ENIGHED_HOST ?? '127.0.0.1';
      const listenPort = opts.port ?? process.env.ENIGHED_PORT ?? '7420';
      const hostPart = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
      // With a certificate the server serves wss:// itself (see the server's own flags below).
      const scheme = opts['tls-cert'] ?? process.env.ENIGHED_TLS_CERT ? 'wss' : 'ws';
      const serverUrl = opts['public-url'] ?? `${scheme}://${hostPart}:${listenPort}`;
      fs.mkdirSync(data, { recursive: true });
      if ('postgres' in source) {
        const store = await openPostgresStore(source.postgres, { poolSize: 1 });
        try {
          console.log((await initSecretariatIn(store.membership, { name: opts.name, organisation: opts.org, serverUrl })).message);
        } finally {
          await store.close();
        }
      } else console.log(initSecretariat({ workspacePath, name: opts.name, organisation: opts.org, serverUrl }).message);
    } else if (name === 'audit') {
      if (!opts.agreement) fail('Angiv aftalen med --agreement <id>.', 2);
      console.log(await auditText({ ...source, agreementId: opts.agreement, sectionId: opts.section }));
    } else if (name === 'devices') {
      console.log(await devicesText(source, opts.agreement));
    } else {
      if (!opts.device) fail('Angiv enhedens nøgle med --device <nøgle>.', 2);
      console.log(await revokeDeviceText(source, opts.device));
    }
  } catch (error) {
    // WorkspaceOpenError (e.g. the server is running and holds the file) carries a Danish message.
    fail((error as Error).message, 1);
  }
}

let values: {
  data?: string;
  access?: string;
  port?: string;
  host?: string;
  redis?: string;
  postgres?: string;
  log?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  limits?: string;
  'trust-proxy'?: string;
  quiet?: boolean;
};
try {
  values = parseFlags(process.argv.slice(2), {
    data: { type: 'string' },
    access: { type: 'string' },
    redis: { type: 'string' },
    postgres: { type: 'string' },
    log: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    limits: { type: 'string' },
    'trust-proxy': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  });
} catch (error) {
  fail(`${(error as Error).message}\nBrug: npm run server -- --data <mappe> [--port N] [--host adresse] [--tls-cert fil --tls-key fil]`, 2);
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
const postgres = values.postgres ?? process.env.ENIGHED_POSTGRES;
if (postgres && !/^postgres(ql)?:\/\//.test(postgres)) fail('Ugyldig PostgreSQL-adresse; skriv fx postgres://enighed@localhost/enighed.', 2);
if (redis && !postgres) fail(REDIS_NEEDS_SHARED_STORE, 2);
const logFormat = values.log ?? process.env.ENIGHED_LOG ?? 'text';
if (logFormat !== 'text' && logFormat !== 'json') fail(`Ugyldigt logformat ${JSON.stringify(logFormat)}; skriv text eller json.`, 2);
const log = logFormat === 'json' ? (line: string, event: LogEvent) => console.error(jsonLine(line, event)) : undefined;
/** A line of the program itself (start, stop), in the chosen format. */
const say = (line: string, level: LogEvent['level'] = 'info') => console.error(logFormat === 'json' ? jsonLine(line, { level, cause: 'start' }) : line);

let tls: TlsOptions | undefined;
try {
  tls = readTlsFiles(values['tls-cert'] ?? process.env.ENIGHED_TLS_CERT, values['tls-key'] ?? process.env.ENIGHED_TLS_KEY);
} catch (error) {
  fail((error as Error).message, 2);
}

const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
if (!tls && !loopback) {
  console.error(`Advarsel: serveren taler ukrypteret (ws://) på ${host}; adgangskoder kan aflyttes på netværket. Brug --tls-cert og --tls-key, eller lad en reverse proxy med TLS stå foran (se README).`);
}

let server: SyncServer;
try {
  server = await startSyncServer({ dataDir, host, port, quiet: values.quiet, access, redis, postgres, tls, limits, trustedProxies, log, control: true });
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') fail(`Porten ${port} på ${host} er optaget.`, 1);
  // WorkspaceOpenError carries a Danish message meant for the user.
  fail((error as Error).message, 1);
}
console.log(`ENIGHED_SYNC_URL=${server.url}`);
if (accessPath && access) {
  // A grant taken out of the file (or changed) applies to open connections within a second or two,
  // not at the next restart (liveAccessFile.ts). A file that does not read keeps the last good one.
  fs.watchFile(accessPath, { interval: 1000 }, (now, before) => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
    try {
      server.replaceAccess(readAccessFile(accessPath));
      if (!values.quiet) say(`Adgangsfilen ${accessPath} er læst igen.`);
    } catch (error) {
      say(`Adgangsfilen ${accessPath} kunne ikke læses igen; den hidtidige gælder stadig: ${(error as Error).message}`, 'error');
    }
  });
}
if (!values.quiet) say(`Enighed-synkroniseringsserveren kører på ${server.url} (data: ${server.storeKind === 'postgres' ? 'PostgreSQL' : server.workspacePath}).`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await server.close();
    if (!values.quiet) say('Serveren er lukket.');
  } catch (error) {
    fail(`Serveren kunne ikke lukke rent: ${(error as Error).message}`, 1);
  }
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
