// The server's command-line flags (electron/server/cliArgs.ts): a value that begins with "-" (one
// device key in 64 does: base64url) is read as the flag's value, not refused as ambiguous, which made
// `revoke-device --device -…` fail for such a key (a CI run met one); what is refused is said in
// Danish. The last test runs the real command line on a real server folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { joinFlagValues, parseFlags, type FlagSpec } from '../../electron/server/cliArgs.ts';
import { initSecretariat } from '../../electron/server/adminCommands.ts';
import { SERVER_WORKSPACE_FILE } from '../../electron/server/options.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const flags: FlagSpec = { device: { type: 'string' }, data: { type: 'string' }, quiet: { type: 'boolean', default: false } };
const dashKey = '-Xk3v9QbT2mZr8LwP0sYcN7uHjF5aE1dGq4iK6oB_RU';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the server’s command-line flags', () => {
  it('take a value that begins with a dash, in either spelling', () => {
    expect(dashKey).toHaveLength(43);
    expect(parseFlags(['--device', dashKey, '--data', '/srv/enighed'], flags)).toEqual({ device: dashKey, data: '/srv/enighed', quiet: false });
    expect(parseFlags([`--device=${dashKey}`, '--quiet'], flags)).toEqual({ device: dashKey, quiet: true });
    expect(joinFlagValues(['--quiet', '--device', '--x', 'rest'], flags)).toEqual(['--quiet', '--device=--x', 'rest']);
    // Another known flag after it is not its value.
    expect(joinFlagValues(['--device', '--data', 'dir'], flags)).toEqual(['--device', '--data=dir']);
  });

  it('say in Danish what they refuse', () => {
    expect(() => parseFlags(['--devise', 'k'], flags)).toThrow('Ukendt tilvalg --devise.');
    expect(() => parseFlags(['--device'], flags)).toThrow('Tilvalget --device mangler sin værdi.');
    expect(() => parseFlags(['--device', '--data', 'dir'], flags)).toThrow('Tilvalget --device mangler sin værdi.');
    expect(() => parseFlags(['--quiet=ja'], flags)).toThrow('Tilvalget --quiet tager ingen værdi.');
    expect(() => parseFlags(['--data', 'a', 'b'], flags)).toThrow('Uventet argument: b.');
  });

  it('let revoke-device name a key that begins with a dash', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-cli-'));
    dirs.push(dataDir);
    initSecretariat({ workspacePath: path.join(dataDir, SERVER_WORKSPACE_FILE), name: 'Sekretariatet', organisation: 'Region Midtjylland', serverUrl: 'ws://127.0.0.1:7420' });
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'server', 'main.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
    // No device has this key: the command got as far as looking for it (exit 1, not 2 for bad arguments).
    const revoke = cli('revoke-device', '--device', dashKey, '--data', dataDir);
    expect(revoke.stderr).toContain(`Ingen aktiv enhed med nøglen ${dashKey}`);
    expect(revoke.status).toBe(1);
    const unknown = cli('revoke-device', '--devise', dashKey, '--data', dataDir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^Ukendt tilvalg --devise\.\nBrug: npm run server -- revoke-device/);
  });
});
