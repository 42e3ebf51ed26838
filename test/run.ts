// `npm test`: builds the renderer the browser tests load, runs every vitest project (unit and
// browser, and the Electron smoke test where a binary exists), and ends with the one line CI reads:
// "N passed, N failed" (with ", N skipped" when something was skipped).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../electron/workspace/paths.ts';

const resultsFile = path.join(repoRoot, 'test-results', 'vitest.json');
const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' }).status ?? 1;

if (run(bin('vite'), ['build', '--logLevel', 'warn']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
fs.rmSync(resultsFile, { force: true });
const status = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(resultsFile)) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    testResults: { status: string; assertionResults: { status: string }[] }[];
  };
  passed = results.numPassedTests;
  // Skipped: the Electron smoke test where no Electron binary is installed (it says why).
  skipped = results.numPendingTests;
  // A file that failed to load has no failed test, but must not pass silently: count it once.
  const brokenFiles = results.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  failed = results.numFailedTests + brokenFiles;
} else {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(skipped > 0 ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
