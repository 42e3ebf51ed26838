// A throwaway PostgreSQL cluster (Debian's postgresql package) for one test file: initdb into a
// temporary folder, `postgres` on a free loopback port (and a Unix socket in that folder), one fresh
// database per call of `database()`, everything stopped and removed at the end.
//
// initdb refuses to run as root. As root (CI runs .ci/run as root on a fresh Debian machine) the
// cluster is created and run as the unprivileged `nobody` user through `runuser`; the folder is
// handed to that user first. Otherwise it runs as the current user.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresProcess {
  host: string;
  port: number;
  /** A new empty database; its connection URL. */
  database(name?: string): Promise<string>;
  /** The binaries' folder (pg_dump, psql …). */
  bin: string;
  /** Runs a binary as the cluster's user (root: via runuser). */
  run(binary: string, args: string[]): string;
  stop(): Promise<void>;
}

/** The folder with initdb and postgres, or null when PostgreSQL is not installed. */
export function postgresBin(): string | null {
  if (process.env.PG_BIN && fs.existsSync(path.join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests are skipped here, or null when they can run. */
export const postgresMissing: string | null = postgresBin()
  ? null
  : 'PostgreSQL er ikke installeret (/usr/lib/postgresql/*/bin/initdb mangler; Debian-pakken postgresql): testene med den delte database springes over.';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;
const RUN_AS = 'nobody';

function command(binary: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', RUN_AS, '--', binary, ...args]] : [binary, args];
}

export async function startPostgres(): Promise<PostgresProcess> {
  const bin = postgresBin();
  if (!bin) throw new Error(postgresMissing!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', [RUN_AS, dir]);
  }
  const run = (binary: string, args: string[]): string => {
    const [cmd, argv] = command(path.join(bin, binary), args);
    return execFileSync(cmd, argv, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  run('initdb', ['-D', data, '-U', 'enighed', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // fsync stays on: the tests check what survives a killed server, not a power cut, but the
  // durability path must be the production one.
  const [cmd, argv] = command(path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    '-c', 'shared_buffers=32MB', '-c', 'max_connections=60', '-c', 'log_min_messages=warning',
  ]);
  const child: ChildProcess = spawn(cmd, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = Date.now() + 20_000;
  for (;;) {
    try {
      run('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-U', 'enighed', '-q']);
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > end) {
        child.kill('SIGKILL');
        throw new Error(`postgres did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let n = 0;
  return {
    host: '127.0.0.1',
    port,
    bin,
    run,
    async database(name = `t${++n}_${process.pid}`) {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'enighed', name]);
      return `postgres://enighed@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      // SIGINT to the postmaster itself ("fast" shutdown: disconnects clients); runuser does not
      // pass signals on.
      try {
        const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGINT');
      } catch {
        child.kill('SIGINT');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
