// Our patches of packages (patches/, applied by patch-package on install) change y-prosemirror's
// binding and prosemirror-view's decoration lookup. A patch is worth something only where it is
// loaded, so:
// - each patch is for the exact version installed, and package.json pins that version;
// - every build the app is made of (the Electron main process, preload and workers as
//   electron/tools/bundle.ts builds them; the window's code as the browser resolves it) loads each
//   patched package from a file the patch changed: y-prosemirror ships an unpatched CommonJS copy
//   (dist/y-prosemirror.cjs) that no build may pick up;
// - Node (the server, the tests) resolves them to patched files too.
// What the patches do is tested by behaviour in yjs-binding.test.ts and prosemirror-view-patch.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { electronBuilds } from '../../electron/tools/bundle.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const MARK = 'Enighed patch';

/** Each patch file's package and version ("y-prosemirror+1.3.7.patch"). */
const patches = fs
  .readdirSync(path.join(repoRoot, 'patches'))
  .filter((f) => f.endsWith('.patch'))
  .map((file) => {
    const m = /^(.+)\+(\d+\.\d+\.\d+)\.patch$/.exec(file);
    if (!m) throw new Error(`unexpected patch file name ${file}`);
    return { file, name: m[1], version: m[2] };
  });

/** The files of package `name` a build read (paths relative to the repository). */
async function packageInputs(options: Parameters<typeof build>[0], name: string): Promise<string[]> {
  const result = await build({ ...options, write: false, metafile: true, logLevel: 'silent' });
  return Object.keys(result.metafile!.inputs).filter((input) => input.startsWith(`node_modules/${name}/`));
}

describe('patched packages', () => {
  it('are the two we know, each for the exact version installed and pinned', () => {
    expect(patches.map((p) => p.name).sort()).toEqual(['prosemirror-view', 'y-prosemirror']);
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<'dependencies' | 'devDependencies', Record<string, string>>;
    for (const { name, version } of patches) {
      const installed = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      expect(installed.version, name).toBe(version);
      expect(manifest.dependencies[name] ?? manifest.devDependencies[name], `package.json pins ${name}`).toBe(version);
    }
  });

  it('are loaded patched by every Electron build and by the window', async () => {
    const builds = [
      ...electronBuilds(),
      // The window, resolved as Vite resolves it for the browser (the "import" and "browser" conditions).
      {
        entryPoints: [path.join(repoRoot, 'renderer/src/main.tsx')],
        bundle: true,
        platform: 'browser' as const,
        format: 'esm' as const,
        outdir: path.join(repoRoot, 'test-results/patched-packages'),
      },
    ];
    const seen = new Map<string, Set<string>>();
    for (const options of builds) {
      for (const { name } of patches) {
        for (const input of await packageInputs(options, name)) {
          const files = seen.get(name) ?? new Set<string>();
          files.add(input);
          seen.set(name, files);
        }
      }
    }
    // Both packages are part of the app (the editor, the export); each file of theirs a build read
    // that holds code the patch changes is the patched one.
    expect([...(seen.get('y-prosemirror') ?? [])].some((f) => f.endsWith('src/plugins/sync-plugin.js'))).toBe(true);
    for (const input of seen.get('y-prosemirror') ?? []) expect(input, 'no build reads the unpatched CommonJS copy').not.toMatch(/\/dist\//);
    const views = [...(seen.get('prosemirror-view') ?? [])].filter((f) => /\.c?js$/.test(f));
    expect(views.length).toBeGreaterThan(0);
    for (const input of views) expect(fs.readFileSync(path.join(repoRoot, input), 'utf8'), input).toContain(MARK);
  }, 60_000);

  it('are resolved to patched files by Node (the server, the tests)', () => {
    for (const { name } of patches) {
      const resolved = fileURLToPath(import.meta.resolve(name));
      const source = fs.readFileSync(resolved, 'utf8');
      // y-prosemirror's entry re-exports its plugins; the patch is in the sync plugin beside it.
      const patchedFile = name === 'y-prosemirror' ? path.join(path.dirname(resolved), 'plugins/sync-plugin.js') : resolved;
      expect(fs.readFileSync(patchedFile, 'utf8'), name).toContain(MARK);
      expect(source.length).toBeGreaterThan(0);
    }
  });
});
