// The project's lint rules are part of its design (layering, no focused tests); test that they bite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { findImportCycles } from '../../electron/tools/importCycles.ts';

const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint rules', () => {
  it('keeps Node and Electron out of the renderer and out of shared code', async () => {
    expect(await ruleIds('renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import { Store } from '../electron/store/store.ts';\nexport const s = Store;\n")).toContain('no-restricted-imports');
  });

  it('lets only the Electron shell import Electron', async () => {
    expect(await ruleIds('electron/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('refuses focused and skipped tests', async () => {
    expect(await ruleIds('test/unit/x.test.ts', "import { it } from 'vitest';\nit.only('a', () => {});\n")).toContain('no-restricted-syntax');
    expect(await ruleIds('test/unit/x.test.ts', "import { it } from 'vitest';\nit.skip('a', () => {});\n")).toContain('no-restricted-syntax');
  });
});

describe('import cycles', () => {
  it('finds none in the project', () => {
    expect(findImportCycles(repoRoot, ['shared', 'electron', 'renderer/src', 'test'])).toEqual([]);
  });

  it('finds a runtime cycle, and ignores type-only imports', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-cycles-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/a.ts'), "import { b } from './b.ts';\nexport const a = b;\n");
    fs.writeFileSync(path.join(dir, 'src/b.ts'), "import { c } from './c.ts';\nexport const b = c;\n");
    fs.writeFileSync(path.join(dir, 'src/c.ts'), "import { a } from './a.ts';\nimport type { T } from './d.ts';\nexport const c = 1;\nexport type U = T;\n");
    fs.writeFileSync(path.join(dir, 'src/d.ts'), "import { c } from './c.ts';\nexport type T = typeof c;\n");
    const cycles = findImportCycles(dir, ['src']);
    expect(cycles).toHaveLength(1);
    expect([...cycles[0]].sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });
});
