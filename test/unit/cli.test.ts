// The workspace command line, run as a real process.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { runCli } from '../helpers/cli.ts';

const cli = (...args: string[]) => runCli('workspace', ...args);

describe('workspace CLI', () => {
  it('checks and compacts a good workspace', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources/templates'), seedDemo: true }).close();
    const check = cli('check', file);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('Aftaler: 1');
    expect(check.stdout).toContain('Integritet: i orden');
    const compact = cli('compact', file);
    expect(compact.status).toBe(0);
    expect(compact.stdout).toMatch(/Komprimeret: \d+ dokumenter/);
  });

  it('exits non-zero with a Danish message for a corrupt or missing file and changes nothing', () => {
    const dir = tempDir();
    const corrupt = path.join(dir, 'corrupt.sqlite');
    fs.writeFileSync(corrupt, Buffer.alloc(4096, 7));
    const result = cli('check', corrupt);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ikke et Enighed-arbejdsområde eller er beskadiget/);
    expect(fs.readFileSync(corrupt).equals(Buffer.alloc(4096, 7))).toBe(true);

    const missing = cli('check', path.join(dir, 'findes-ikke.sqlite'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/findes ikke/);
    expect(fs.existsSync(path.join(dir, 'findes-ikke.sqlite'))).toBe(false);

    expect(cli('slet', corrupt).status).toBe(2);
  });
});
