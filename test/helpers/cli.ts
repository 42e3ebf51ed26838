// Runs one of the project's command-line tools (electron/cli/<name>.ts) as a real process, as a
// user's shell would, and returns its exit status and output.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../electron/workspace/paths.ts';

export function runCli(name: 'workspace' | 'bundle' | 'export' | 'importDocx', ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'cli', `${name}.ts`), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
}
