// Remembered verdicts: the window's verdict cache loads the digests of signatures its workspace
// verified before (electron/store/verifiedSignatures.ts, through the contract) and counts a match
// as verified without verifying again; altered content or another key under a remembered signature
// is verified as usual and fails. Real Ed25519, real SQLite files, the real dispatcher.
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { VerdictCache, type Verify } from '../../shared/identity/verifier.ts';
import { verdictDigest } from '../../shared/identity/digest.ts';
import { countedPositions } from '../../shared/identity/counted.ts';
import { readDirectory } from '../../shared/identity/directory.ts';
import { generateKeyPair, signBytes, verifyBytes } from '../../electron/identity/ed25519.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { Store } from '../../electron/store/store.ts';
import { MAX_DIGESTS, VerifiedSignatures } from '../../electron/store/verifiedSignatures.ts';
import { identityFixture } from '../helpers/identity.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { tempDir } from '../helpers/tempDir.ts';

const templatesDir = path.join(repoRoot, 'resources', 'templates');
const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** verifyBytes, counting how often it really verifies. */
function countingVerify(): Verify & { calls: number } {
  const verify = ((publicKey: string, bytes: Uint8Array, signature: string) => {
    verify.calls++;
    return verifyBytes(publicKey, bytes, signature);
  }) as Verify & { calls: number };
  verify.calls = 0;
  return verify;
}

describe('remembered verdicts', () => {
  it('count a remembered signature without verifying it, and never lend its verdict to other bytes or another key', () => {
    const key = generateKeyPair();
    const other = generateKeyPair();
    const bytes = new TextEncoder().encode('position: enig');
    const signature = signBytes(key.privateKey, bytes);

    const first = new VerdictCache(1000, true);
    const verify = countingVerify();
    expect(first.check(verify, key.publicKey, bytes, signature)).toBe(true);
    const digests = first.takeNewlyVerified();
    expect(digests).toEqual([verdictDigest(key.publicKey, bytes, signature)]);
    expect(first.takeNewlyVerified()).toEqual([]);

    const reopened = new VerdictCache(1000, true);
    reopened.remember(digests);
    const again = countingVerify();
    expect(reopened.check(again, key.publicKey, bytes, signature)).toBe(true);
    expect(again.calls).toBe(0);
    // Nothing new to keep: it was remembered, not verified.
    expect(reopened.takeNewlyVerified()).toEqual([]);
    expect(reopened.check(again, key.publicKey, new TextEncoder().encode('position: uenig'), signature)).toBe(false);
    expect(reopened.check(again, other.publicKey, bytes, signature)).toBe(false);
    expect(again.calls).toBe(2);
  });

  it("count a whole agreement's positions on reopening without one verification", () => {
    const f = identityFixture('a1');
    const doc = new Y.Doc();
    for (let i = 0; i < 20; i++) f.take(i % 2 ? 'regionChair' : 'kommuneChair', doc, 's1', `k${i}`, 'enig', `h${i}`);
    const cache = new VerdictCache(1000, true);
    const counted = (c: VerdictCache, verify: Verify) => {
      const directory = readDirectory(f.structure, verify, f.root.publicKey, c);
      return Array.from({ length: 20 }, (_, i) => countedPositions(doc, 's1', directory, `k${i}`)).filter((p) => p.region || p.kommune).length;
    };
    expect(counted(cache, verifyBytes)).toBe(20);
    const remembered = new VerdictCache(1000, true);
    remembered.remember(cache.takeNewlyVerified());
    const verify = countingVerify();
    expect(counted(remembered, verify)).toBe(20);
    expect(verify.calls).toBe(0);
  });

  it('are kept in the workspace file through the contract, across a reopen, and bounded', async () => {
    const file = path.join(tempDir('enighed-verdicts-'), 'ws.sqlite');
    const c = recordingClient('w');
    const a = WorkspaceService.open({ workspacePath: file, templatesDir });
    open.push(a);
    const digests = ['a', 'b', 'c'].map((x) => verdictDigest(x.repeat(43), new Uint8Array([1]), 's'.repeat(86)));
    await call(a, c, 'rememberVerifiedSignatures', { digests });
    await call(a, c, 'rememberVerifiedSignatures', { digests: digests.slice(0, 1) });
    await expect(call(a, c, 'rememberVerifiedSignatures', { digests: ['kort'] })).rejects.toThrow();
    a.close();
    open.pop();
    const b = WorkspaceService.open({ workspacePath: file, templatesDir });
    open.push(b);
    expect(((await call<{ digests: string[] }>(b, c, 'verifiedSignatures', {})).digests).sort()).toEqual([...digests].sort());
    b.close();
    open.pop();

    const store = Store.open(file);
    open.push(store);
    const table = new VerifiedSignatures(store);
    table.remember(Array.from({ length: MAX_DIGESTS - 3 }, (_, i) => `d${i}`));
    expect(table.digests().length).toBe(MAX_DIGESTS);
    table.remember(['ny']);
    expect(table.digests()).toEqual(['ny']);
  });
});
