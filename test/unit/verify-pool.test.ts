// The signature-verification pool (electron/identity/verifyPool.ts): verdicts equal to verifying one
// at a time, verified on the threads (not the fallback), the cache filled ahead so judging verifies
// nothing more, and the bundled layout of the built app (a worker that starts the pool's threads
// from verifyWorker.cjs beside it) working in plain Node, run from a directory with no node_modules
// (as a packaged app is), so sodium-native must be found from the bundled files' own place.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateKeyPair, signBytes, verifyBytes } from '../../electron/identity/ed25519.ts';
import { IN_THREAD_BELOW, verifyAheadInto, verifyMany, verifyPoolStats } from '../../electron/identity/verifyPool.ts';
import { countedPositions } from '../../shared/identity/counted.ts';
import { readDirectory } from '../../shared/identity/directory.ts';
import { currentPositionChecks } from '../../shared/identity/positionChecks.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { identityFixture, unsignedPosition } from '../helpers/identity.ts';

describe('verifyMany', () => {
  it('gives the verdicts of verifyBytes, in order, verified on the threads', async () => {
    const pair = generateKeyPair();
    const other = generateKeyPair();
    const checks = Array.from({ length: IN_THREAD_BELOW * 3 + 7 }, (_, i) => {
      const bytes = new TextEncoder().encode(`standpunkt ${i}`);
      const signature = signBytes(pair.privateKey, bytes);
      if (i % 7 === 0) return { publicKey: other.publicKey, bytes, signature }; // another's key
      if (i % 11 === 0) return { publicKey: pair.publicKey, bytes: new TextEncoder().encode(`ændret ${i}`), signature };
      if (i % 13 === 0) return { publicKey: pair.publicKey, bytes, signature: signature.slice(0, 85) + (signature[85] === 'A' ? 'B' : 'A') };
      return { publicKey: pair.publicKey, bytes, signature };
    });
    const before = verifyPoolStats();
    const verdicts = await verifyMany(checks);
    expect(verdicts).toEqual(checks.map((c) => verifyBytes(c.publicKey, c.bytes, c.signature)));
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(50);
    const after = verifyPoolStats();
    expect(after.onThreads - before.onThreads).toBe(checks.length);
    expect(after.fallenBack).toBe(before.fallenBack);
  });

  it('verifies ahead into the cache what judging needs: one position per device and section, and what no later entry vouches for', async () => {
    const f = identityFixture('pool');
    const docs = Array.from({ length: 3 }, (_, s) => {
      const doc = new Y.Doc();
      for (let c = 0; c < 150; c++) {
        const position = f.sign(c % 2 === 0 ? 'regionChair' : 'kommuneChair', doc, `s${s}`, unsignedPosition(`k${c}`, c % 2 === 0 ? 'region' : 'kommune', 'enig', 'h'.repeat(43), 'x'));
        recordPosition(doc, position);
      }
      return doc;
    });
    // One forged: the region's position altered after signing (its time moved).
    const tampered = docs[1].getMap('positions');
    const key = 'k4/region';
    tampered.set(key, { ...(tampered.get(key) as object), at: '2026-12-02T10:00:00.000Z' });
    const cache = new VerdictCache();
    // Each device's latest position in each section vouches, through its chain, for its earlier
    // ones (shared/identity/endorsement.ts): 3 sections × 2 devices, and the forged one, which no
    // later entry names (its bytes changed).
    const verified = await verifyAheadInto(cache, currentPositionChecks(docs));
    expect(verified).toBe(7);
    let verifiedAfter = 0;
    // Only position signatures count here (the two device certificates are verified when first used).
    const counting: typeof verifyBytes = (k, b, s) => {
      if (new TextDecoder().decode(b.subarray(0, 20)).startsWith('enighed/position/')) verifiedAfter++;
      return verifyBytes(k, b, s);
    };
    const directory = readDirectory(f.structure, counting, f.root.publicKey, cache);
    let counted = 0;
    docs.forEach((doc, s) => {
      for (let c = 0; c < 150; c++) counted += Object.keys(countedPositions(doc, `s${s}`, directory, `k${c}`)).length;
    });
    // The forged position still names the one before it (k2), but does not hold; the genuine k4,
    // still in the decision log, vouches for k2 instead. Nothing is verified again.
    expect(verifiedAfter).toBe(0);
    expect(counted).toBe(449);
  });
});

describe('the bundled layout', () => {
  it('a bundled worker starts the pool from verifyWorker.cjs beside it and verifies on its threads', async () => {
    const out = path.join(repoRoot, 'test-results', 'verify-pool-bundle');
    fs.rmSync(out, { recursive: true, force: true });
    const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', external: ['sodium-native'], define: { 'import.meta.url': 'undefined' }, logLevel: 'error' as const };
    await Promise.all([
      build({ ...common, entryPoints: [path.join(repoRoot, 'electron/identity/verifyWorker.ts')], outfile: path.join(out, 'verifyWorker.cjs') }),
      build({ ...common, entryPoints: [path.join(repoRoot, 'test/helpers/verifyPoolBundled/nested.ts')], outfile: path.join(out, 'nested.cjs') }),
      build({ ...common, entryPoints: [path.join(repoRoot, 'test/helpers/verifyPoolBundled/runner.ts')], outfile: path.join(out, 'runner.cjs') }),
    ]);
    const answer = JSON.parse(execFileSync(process.execPath, [path.join(out, 'runner.cjs')], { cwd: os.tmpdir(), encoding: 'utf8', timeout: 60_000 })) as {
      verdicts: boolean[];
      stats: { onThreads: number; fallenBack: number };
    };
    expect(answer.verdicts).toEqual(Array.from({ length: 600 }, (_, i) => i % 5 !== 0));
    expect(answer.stats).toEqual({ onThreads: 600, fallenBack: 0 });
  }, 90_000);
});
