// Starts the browser test host (the real Node side), or the sync server's command line, as a child
// process, so a test can kill and restart it like a crashing or quitting app.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../electron/workspace/paths.ts';

export interface HostProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Kills the process with `signal` and waits until it is gone; its exit code (null: a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startHostProcess(workspace: string, extraArgs: string[] = []): Promise<HostProcess> {
  return startUrlProcess('electron/testhost/main.ts', ['--workspace', workspace, ...extraArgs], 'ENIGHED_URL', 'test host');
}

/** The sync server's command line (electron/server/main.ts) as a child process, once it listens. */
export async function startServerProcess(args: string[]): Promise<HostProcess & { port: number }> {
  const server = await startUrlProcess('electron/server/main.ts', args, 'ENIGHED_SYNC_URL', 'sync server');
  return { ...server, port: Number(new URL(server.url).port) };
}

/** Runs `script` with tsx; resolves once it prints `<marker>=<url>` (rejects if it exits first). */
async function startUrlProcess(script: string, args: string[], marker: string, label: string): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pattern = new RegExp(`${marker}=(\\S+)`);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
