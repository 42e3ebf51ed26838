// The flood tool (`npm run flood`, electron/server/flood/flood.ts) run briefly as its own process:
// a real server in a child process under every attack at once, two honest clients that must end
// identical with nothing lost, and the server's memory under the stated ceiling. The tool's exit
// code says whether that held; the printed report must name each part.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../electron/workspace/paths.ts';

describe('the sync server under a bounded flood', () => {
  it('keeps its memory under the ceiling while two honest clients converge with nothing lost', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/server/flood/flood.ts'), '--seconds', '5'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    console.log(output);
    expect(code, output).toBe(0);
    expect(output).toMatch(/højeste RSS \d+ MiB \(loft \d+ MiB\)/);
    expect(output).toMatch(/ens: ja; mangler: 0; serverens gemte tekst er den samme/);
    expect(output).toMatch(/udbredelse p50 \d+ ms, p99 \d+ ms/);
    // Refused by cause: the server saw and bounded each kind of attack.
    for (const cause of ['connectionsPerAddress', 'preAuth', 'unknownToken', 'readOnly', 'awareness', 'updateItems']) {
      expect(output, cause).toMatch(new RegExp(`^\\s+${cause}\\s+\\d+$`, 'm'));
    }
  }, 180_000);
});
