// The sync server in a child process (so that a test can SIGKILL it): from source through tsx, or
// a built server with plain `node` (command and args given). Resolves once it prints its URL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../electron/workspace/paths.ts';

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Sends the signal (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** The program's arguments after main.ts (--data, --port, --postgres …). */
  args: string[];
  /** Instead of tsx + electron/server/main.ts: e.g. [process.execPath, ['dist/server/main.mjs']]. */
  command?: [string, string[]];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const [cmd, pre] = options.command ?? [process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/server/main.ts')]];
  const child = spawn(cmd, [...pre, ...options.args], { cwd: options.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sync server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ENIGHED_SYNC_URL=(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sync server exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
