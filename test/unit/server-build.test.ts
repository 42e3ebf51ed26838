// The production build (issue 13): `npm run build:server` bundles the server into plain JavaScript;
// a folder holding only that build, package.json, package-lock.json and the production packages
// runs it with `node` (no tsx), serves clients, answers /healthz and /metrics, logs JSON lines with
// a level, and stops cleanly on SIGTERM.
//
// The production packages: `npm ci --omit=dev --ignore-scripts --prefer-offline` in that folder (the
// npm cache first, the registry for what it lacks). Only where no registry can be reached at all
// are exactly the packages package-lock.json marks as not dev copied from the installed
// node_modules — the set `npm ci --omit=dev` installs; the test prints which way it went. Copies,
// not links, so that nothing resolves into the dev tree.
// better-sqlite3's native binding comes from the installed package either way (--ignore-scripts
// skips its download).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { connectProvider, waitFor } from '../../electron/server/replayTrace.ts';
import { bundleServer, SERVER_BUNDLE } from '../../electron/tools/bundleServer.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { appendParagraph, paragraphTexts } from '../helpers/docContent.ts';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dir = tempDir('enighed-server-build-');
let server: ServerProcess | null = null;

afterAll(async () => {
  await server?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Installs the production packages into `app`; says how. */
function installProduction(app: string): string {
  const installed = path.join(repoRoot, 'node_modules');
  try {
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, stdio: 'pipe', timeout: 240_000 });
    const binding = path.join(installed, 'better-sqlite3', 'build');
    fs.cpSync(binding, path.join(app, 'node_modules', 'better-sqlite3', 'build'), { recursive: true });
    return 'npm ci --omit=dev --ignore-scripts --prefer-offline';
  } catch (error) {
    const why = String((error as { stderr?: Buffer }).stderr ?? error).split('\n').find((l) => /ENOTCACHED|error/.test(l)) ?? '';
    fs.rmSync(path.join(app, 'node_modules'), { recursive: true, force: true });
    const lock = JSON.parse(fs.readFileSync(path.join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    let copied = 0;
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (!key.startsWith('node_modules/') || entry.dev) continue;
      const name = key.slice('node_modules/'.length);
      if (name.includes('node_modules/')) continue; // nested: copied with its parent
      fs.cpSync(path.join(installed, name), path.join(app, 'node_modules', name), { recursive: true, dereference: true });
      copied++;
    }
    return `npm ci impossible here, no registry and no cache (${why.trim()}); copied the ${copied} production packages of package-lock.json from the installed node_modules`;
  }
}

describe('the production build of the server', () => {
  it('runs from a folder with only the build and the production packages, serves a client and stops on SIGTERM', async () => {
    const started = Date.now();
    const app = path.join(dir, 'app');
    const { packages } = await bundleServer(path.join(app, SERVER_BUNDLE));
    expect(packages).toContain('@hocuspocus/server');
    const built = Date.now() - started;
    for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(repoRoot, file), path.join(app, file));
    const how = installProduction(app);
    const manifest = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of packages) expect(manifest.dependencies[name], `${name} in dependencies`).toBeDefined();
    // No dev tooling in the folder.
    expect(fs.existsSync(path.join(app, 'node_modules', 'tsx'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules', '@hocuspocus', 'provider'))).toBe(false);
    expect(fs.readdirSync(app).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);

    server = await startServerProcess({
      command: [process.execPath, [SERVER_BUNDLE]],
      cwd: app,
      // A clean environment: no tsx loader or NODE_OPTIONS from the test runner.
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      args: ['--data', path.join(dir, 'data'), '--port', '0', '--log', 'json'],
    });

    const docId = 'a1/section/s1';
    const writer = new Y.Doc();
    const one = connectProvider(server.url, docId, writer);
    await waitFor(() => one.isSynced, 15_000, () => 'did not sync');
    appendParagraph(writer, 'Skrevet mod den byggede server.');
    await waitFor(() => one.unsyncedChanges === 0, 10_000, () => 'not acknowledged');
    const reader = new Y.Doc();
    const two = connectProvider(server.url, docId, reader);
    await waitFor(() => two.isSynced, 15_000, () => 'reader did not sync');
    expect(paragraphTexts(reader)).toEqual(['Skrevet mod den byggede server.']);

    const http = server.url.replace(/^ws/, 'http');
    const health = await fetch(`${http}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { store: 'ok' } });
    const metrics = await (await fetch(`${http}/metrics`)).text();
    expect(metrics).toMatch(/^enighed_connections\{store="sqlite"\} 2$/m);
    expect(metrics).toMatch(/^enighed_updates_appended_total\{store="sqlite"\} [1-9]/m);
    expect(metrics).toMatch(/^enighed_append_seconds_count\{store="sqlite"\} [1-9]/m);
    expect(metrics).toMatch(/^enighed_refusals_total\{cause="unknownToken",store="sqlite"\} 0$/m);
    one.destroy();
    two.destroy();

    expect(await server.stop('SIGTERM')).toBe(0);
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { time: string; level: string; cause: string; msg: string });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(['info', 'warn', 'error']).toContain(l.level);
    expect(lines.at(-1)!.msg).toBe('Serveren er lukket.');
    server = null;
    console.log(`server build: bundled in ${built} ms; production packages: ${how}; whole test ${Date.now() - started} ms`);
  }, 300_000);
});
