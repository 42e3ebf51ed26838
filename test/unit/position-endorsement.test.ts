// Endorsements (shared/identity/endorsement.ts): a device's next entry in a section names the signed
// hash of its previous one, and a position's signature holds when it verifies or when such a later
// entry of the same device, itself holding, names it. With real keys, signatures and Y.Docs:
// - judging a section from cold verifies one signature per device, not one per position;
// - altered content is vouched for by nobody; an entry of another device vouches for nothing;
// - an entry written under a device's key by someone else is never named by that device's next one;
// - a voucher later superseded still vouches (it is in the log);
// - while the check a chain rests on is pending, nothing below it is verified;
// - every replica judges every position alike, whichever order it meets them in.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { verifyBytes } from '../../electron/identity/ed25519.ts';
import { signPosition } from '../../electron/identity/sign.ts';
import { countedPositions, judgedPositions } from '../../shared/identity/counted.ts';
import { readDirectory } from '../../shared/identity/directory.ts';
import { signedHash } from '../../shared/identity/signedBytes.ts';
import { VerdictCache, type Verify } from '../../shared/identity/verifier.ts';
import { SECTION_KEYS } from '../../shared/documents/keys.ts';
import type { Position } from '../../shared/negotiation/position.ts';
import { recordPosition, sectionDecisionLog } from '../../shared/negotiation/positionsDoc.ts';
import { identityFixture, unsignedPosition, type IdentityFixture } from '../helpers/identity.ts';

const SECTION = 's1';
const HASH = 'h'.repeat(43);

/** Whether `bytes` are a position's signed message (not a directory entry's or a certificate's). */
const isPosition = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(0, 20)).startsWith('enighed/position/');

/** A verifier that counts the position signatures it checks. */
function countingVerify(): { verify: Verify; count: () => number } {
  let n = 0;
  return {
    verify: (key, bytes, signature) => {
      if (isPosition(bytes)) n++;
      return verifyBytes(key, bytes, signature);
    },
    count: () => n,
  };
}

/** An asynchronous verifier, as the window's: 'pending' for every position signature until
 *  `answer` stores the verdicts of those asked for since the last answer. */
function pendingVerify(cache: VerdictCache): { verify: Verify; asked: () => string[]; answer: () => void } {
  let asked: [string, Uint8Array, string][] = [];
  return {
    verify: (key, bytes, signature) => {
      if (!isPosition(bytes)) return verifyBytes(key, bytes, signature);
      asked.push([key, bytes, signature]);
      return 'pending';
    },
    asked: () => asked.map(([, , signature]) => signature),
    answer: () => {
      for (const [key, bytes, signature] of asked) cache.store(key, bytes, signature, verifyBytes(key, bytes, signature));
      asked = [];
    },
  };
}

/** A section where each co-chair took a position on clauses k0…k{n-1}. */
function section(f: IdentityFixture, clauses: number): Y.Doc {
  const doc = new Y.Doc();
  for (let c = 0; c < clauses; c++) {
    f.take('regionChair', doc, SECTION, `k${c}`, 'enig', HASH);
    f.take('kommuneChair', doc, SECTION, `k${c}`, 'enig', HASH);
  }
  return doc;
}

/** Another replica of `doc`: its own objects, nothing remembered. */
function replica(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Each clause's verdict per side ('verified', 'unverified', …), judged with a fresh cache. */
function judgeAll(f: IdentityFixture, doc: Y.Doc, clauses: number, verify: Verify = verifyBytes): Record<string, string> {
  const directory = readDirectory(f.structure, verify, f.root.publicKey, new VerdictCache());
  const out: Record<string, string> = {};
  for (let c = 0; c < clauses; c++) {
    const judged = judgedPositions(doc, SECTION, directory, `k${c}`);
    for (const side of ['region', 'kommune'] as const) if (judged[side]) out[`k${c}/${side}`] = judged[side]!.verdict.status;
  }
  return out;
}

const positions = (doc: Y.Doc) => doc.getMap(SECTION_KEYS.positions);

describe('endorsements', () => {
  it('a device names its previous entry, and judging from cold verifies one signature per device', () => {
    const f = identityFixture();
    const doc = section(f, 60);
    const log = sectionDecisionLog(doc);
    // Each entry names the same device's entry before it; the first names none.
    const region = log.filter((p) => p.side === 'region');
    expect(region[0].sig!.prevOwn).toBeNull();
    for (let i = 1; i < region.length; i++) expect(region[i].sig!.prevOwn).toBe(signedHash(region[i - 1]));

    const fresh = replica(doc);
    const { verify, count } = countingVerify();
    const directory = readDirectory(f.structure, verify, f.root.publicKey, new VerdictCache());
    let counted = 0;
    for (let c = 0; c < 60; c++) counted += Object.keys(countedPositions(fresh, SECTION, directory, `k${c}`)).length;
    expect(counted).toBe(120);
    expect(count()).toBe(2);
  });

  it('altered content is vouched for by nobody; the entries around it still count', () => {
    const f = identityFixture();
    const doc = replica(section(f, 20));
    // k10's region position with its time changed after signing (signature and prevOwn kept).
    positions(doc).set('k10/region', { ...(positions(doc).get('k10/region') as object), at: '2026-12-24T10:00:00.000Z' });
    const { verify, count } = countingVerify();
    const verdicts = judgeAll(f, doc, 20, verify);
    expect(verdicts['k10/region']).toBe('unverified');
    expect(Object.entries(verdicts).filter(([, v]) => v !== 'verified').map(([k]) => k)).toEqual(['k10/region']);
    // The two chains' latest entries, the altered one, and k9, which the altered one still names:
    // its voucher fails, so its own signature is checked (the genuine k10 in the log vouches too).
    expect(count()).toBeLessThanOrEqual(4);
  });

  it('an entry of another device vouches for nothing', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    const genuine = f.take('regionChair', doc, SECTION, 'k1', 'enig', HASH);
    // The region's position rewritten with another stance, under the old signature…
    const forged: Position = { ...genuine, stance: 'uenig', reason: 'Fristen er for kort' };
    positions(doc).set('k1/region', forged);
    // …and a genuine kommune position naming the forgery's signed hash.
    const person = f.people.kommuneChair;
    const kommune = signPosition(unsignedPosition('k2', 'kommune', 'enig', HASH, person.fields.name), {
      agreementId: 'a1',
      sectionId: SECTION,
      participantId: person.fields.id,
      deviceCert: person.cert,
      prev: null,
      prevOwn: signedHash(forged),
      privateKey: person.device.privateKey,
    });
    recordPosition(doc, kommune);
    const verdicts = judgeAll(f, replica(doc), 3);
    expect(verdicts['k1/region']).toBe('unverified');
    expect(verdicts['k2/kommune']).toBe('verified');
  });

  it("an entry written under a device's key by someone else is not named by that device's next entry", () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    const genuine = f.take('regionChair', doc, SECTION, 'k1', 'enig', HASH);
    // Someone appends an entry claiming the region co-chair's device, with a signature that is not
    // its (copied from the genuine entry): the latest "own" entry the device's replica finds.
    const planted: Position = { ...genuine, clauseId: 'k2', sig: { ...genuine.sig!, prev: null } };
    positions(doc).set('k2/region', planted);
    doc.getArray(SECTION_KEYS.decisionLog).push([planted]);
    const next = f.take('regionChair', doc, SECTION, 'k3', 'enig', HASH);
    expect(next.sig!.prevOwn).toBeNull();
    const verdicts = judgeAll(f, replica(doc), 4);
    expect(verdicts).toEqual({ 'k1/region': 'verified', 'k2/region': 'unverified', 'k3/region': 'verified' });
  });

  it('a voucher superseded since still vouches: it is in the decision log', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    f.take('regionChair', doc, SECTION, 'k0', 'enig', HASH);
    f.take('regionChair', doc, SECTION, 'k1', 'enig', HASH); // names k0
    f.take('regionChair', doc, SECTION, 'k1', 'uenig', HASH); // supersedes it, names it
    const { verify, count } = countingVerify();
    expect(judgeAll(f, replica(doc), 2, verify)).toEqual({ 'k0/region': 'verified', 'k1/region': 'verified' });
    expect(count()).toBe(1);
  });

  it('while the check a chain rests on is pending, nothing below it is verified; then all hold', () => {
    const f = identityFixture();
    const doc = replica(section(f, 30));
    const cache = new VerdictCache();
    const verifier = pendingVerify(cache);
    const directory = readDirectory(f.structure, verifier.verify, f.root.publicKey, cache);
    const statuses = () => Array.from({ length: 30 }, (_, c) => judgedPositions(doc, SECTION, directory, `k${c}`).region!.verdict);
    expect(statuses().every((v) => v.status === 'unverified' && v.pending)).toBe(true);
    // Only each chain's latest entry was asked for (one per device), never the ones below it.
    expect(new Set(verifier.asked()).size).toBe(2);
    verifier.answer();
    expect(statuses().every((v) => v.status === 'verified')).toBe(true);
  });

  it('when the latest entry is forged, an asynchronous verifier settles the chain in a round or two', () => {
    const f = identityFixture();
    const doc = replica(section(f, 30));
    // The region's latest position altered after signing, in the positions and in the log: its
    // chain has no good head, and no genuine copy of it is left to vouch for the one below.
    const forgedHead = { ...(positions(doc).get('k29/region') as object), at: '2026-12-24T10:00:00.000Z' };
    positions(doc).set('k29/region', forgedHead);
    const log = doc.getArray(SECTION_KEYS.decisionLog);
    const at = log.toArray().findIndex((e) => (e as Position).clauseId === 'k29' && (e as Position).side === 'region');
    doc.transact(() => {
      log.delete(at, 1);
      log.insert(at, [forgedHead]);
    });
    const cache = new VerdictCache();
    const verifier = pendingVerify(cache);
    const directory = readDirectory(f.structure, verifier.verify, f.root.publicKey, cache);
    const region = () => Array.from({ length: 30 }, (_, c) => judgedPositions(doc, SECTION, directory, `k${c}`).region!.verdict);
    // Each round answers what was asked: the forged head, then the entry below it, whose own
    // signature then vouches for all the others.
    let rounds = 0;
    while (region().some((v) => v.status === 'unverified' && v.pending)) {
      verifier.answer();
      expect(++rounds).toBeLessThanOrEqual(3);
    }
    expect(rounds).toBe(2);
    const verdicts = region();
    expect(verdicts[29].status).toBe('unverified');
    expect(verdicts.slice(0, 29).every((v) => v.status === 'verified')).toBe(true);
  });

  it('every replica judges alike, whichever order it meets the entries in', () => {
    const f = identityFixture();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let c = 0; c < 25; c++) {
      f.take('regionChair', doc, SECTION, `k${c}`, 'enig', HASH);
      f.take('kommuneChair', doc, SECTION, `k${c}`, 'enig', HASH);
    }
    // A forged entry in the middle of the region's chain, and the tail of both chains.
    positions(doc).set('k12/region', { ...(positions(doc).get('k12/region') as object), textHash: 'x'.repeat(43) });
    const expected = judgeAll(f, replica(doc), 25);
    expect(expected['k12/region']).toBe('unverified');
    expect(Object.values(expected).filter((v) => v === 'verified')).toHaveLength(49);
    // Another replica judges clause by clause from the last to the first (chains climbed from the
    // top first), and one more after receiving the updates in reverse order.
    const backwards = replica(doc);
    const directory = readDirectory(f.structure, verifyBytes, f.root.publicKey, new VerdictCache());
    const seen: Record<string, string> = {};
    for (let c = 24; c >= 0; c--) {
      const judged = judgedPositions(backwards, SECTION, directory, `k${c}`);
      for (const side of ['region', 'kommune'] as const) seen[`k${c}/${side}`] = judged[side]!.verdict.status;
    }
    expect(seen).toEqual(expected);
    expect(updates.length).toBeGreaterThan(50);
    const late = new Y.Doc();
    for (const u of [...updates].reverse()) Y.applyUpdate(late, u);
    expect(judgeAll(f, late, 25)).toEqual(expected);
  });
});
