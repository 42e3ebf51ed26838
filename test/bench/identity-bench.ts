// The identity benchmark (`npm run bench -- --only identity`): with every position signed,
//  - signing a position (the main process' signPosition, naming the device's previous entry after
//    checking its signature as the workspace does; and with prev taken from a section's log),
//  - verifying a 3,000-clause agreement's positions from cold (two signed positions per clause: a
//    fresh verdict cache and directory; what judging needs verified ahead, as an export does: each
//    device's latest entry per section, the others vouched for by the device's next entry,
//    shared/identity/endorsement.ts; also on one thread alone; and, for comparison, libsodium's and
//    node:crypto's OpenSSL's bare verification of every position),
//  - the disputes overview's recompute after an edit with signed positions and a warm cache (p95),
//    typing words and taking newly signed positions in random sections, as overview-bench.ts does.
// Prints absolute figures and whether each target is met.
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { countedPositions } from '../../shared/identity/counted.ts';
import { prevOf } from '../../shared/identity/decisionLogCheck.ts';
import { readDirectory } from '../../shared/identity/directory.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { currentPositionChecks } from '../../shared/identity/positionChecks.ts';
import { fromBase64Url } from '../../shared/identity/base64url.ts';
import { POOL_SIZE, verifyAheadInto, warmVerifyPool } from '../../electron/identity/verifyPool.ts';
import crypto from 'node:crypto';
import { clauseHash, normaliseContent } from '../../shared/negotiation/clauseText.ts';
import type { ClauseStatusEntry } from '../../shared/negotiation/clauseStatuses.ts';
import { computeOverview, SectionStatusTracker } from '../../shared/negotiation/overview.ts';
import { recordPosition, sectionDecisionLog } from '../../shared/negotiation/positionsDoc.ts';
import type { NegotiationSide } from '../../shared/negotiation/position.ts';
import { schema, SECTION_FRAGMENT } from '../../shared/schema/schema.ts';
import { verifyBytes } from '../../electron/identity/ed25519.ts';
import { signPosition, vouchedPrevious } from '../../electron/identity/sign.ts';
import { latestEntryPerDevice } from '../../shared/identity/endorsement.ts';
import { positionMessage } from '../../shared/identity/messages.ts';
import { generatedAgreement } from '../helpers/agreements.ts';
import { identityFixture, unsignedPosition, type PersonName } from '../helpers/identity.ts';
import { formatSummary, summarize, verdict, type Summary } from './stats.ts';
import path from 'node:path';
import { Store } from '../../electron/store/store.ts';
import { VerifiedSignatures } from '../../electron/store/verifiedSignatures.ts';
import { tempDir } from '../helpers/tempDir.ts';

export const SIGN_TARGET_MS = 5;
export const COLD_VERIFY_TARGET_MS = 300;
export const OVERVIEW_TARGET_MS = 50;

export interface IdentityBenchOptions {
  seed?: number;
  /** Clauses in the agreement (default 3,000), in sections of 100. */
  clauses?: number;
  edits?: number;
  log?: (line: string) => void;
}

export interface IdentityBenchResult {
  seed: number;
  sign: Summary;
  signWithPrev: Summary;
  coldVerifyMs: number;
  /** Of which verifying ahead on the pool (POOL_SIZE threads). */
  aheadMs: number;
  /** Starting the pool's threads before (once per process). */
  poolStartMs: number;
  /** The same cold verification on one thread, without the pool. */
  singleThreadMs: number;
  /** Counting every position again in a fresh process whose workspace remembers the verdicts
   *  (reading them from SQLite included), and how many signatures that verified anyway. */
  reopenedVerifyMs: number;
  verifiedAgain: number;
  /** As many bare Ed25519 verifications as there are positions: what verifying each would cost. */
  rawVerifyMs: number;
  signatures: number;
  recompute: Summary;
  targets: { sign: boolean; coldVerify: boolean; reopenedVerify: boolean; overviewP95: boolean };
}

const PER_SECTION = 100;
const words = ['kommunen', 'regionen', 'borgeren', 'senest', 'hverdage', 'udskrivning', 'genoptræning', 'aftalen', 'praksis', 'opfølgning'];

const ms = (x: number) => `${x.toFixed(2)} ms`;

export async function runIdentityBench(options: IdentityBenchOptions = {}): Promise<IdentityBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const seed = options.seed ?? prng.uint32(prng.create(Date.now()), 0, 2 ** 31);
  const gen = prng.create(seed);
  const clauseCount = options.clauses ?? 3000;
  const editCount = options.edits ?? 200;
  const f = identityFixture('bench');
  const sectionCount = Math.ceil(clauseCount / PER_SECTION);
  const sectionIds = Array.from({ length: sectionCount }, (_, i) => `s${i}`);
  const agreement = { ...generatedAgreement(sectionIds, 3), id: 'bench' };

  // Signing: the main process' signPosition over a realistic position.
  const regionChair = f.people.regionChair;
  const sample = unsignedPosition('k1', 'region', 'uenig', 'x'.repeat(44), regionChair.fields.name);
  // As the workspace signs (electron/workspace/identity.ts): the device's latest entry among the
  // window's candidates is checked and named (vouchedPrevious), then the position signed.
  const candidateDoc = new Y.Doc();
  f.take('regionChair', candidateDoc, 's0', 'k0', 'enig', 'x'.repeat(43));
  f.take('kommuneChair', candidateDoc, 's0', 'k0', 'enig', 'x'.repeat(43));
  const candidates = latestEntryPerDevice(sectionDecisionLog(candidateDoc));
  const signing: number[] = [];
  for (let i = 0; i < 20 + 300; i++) {
    const t0 = performance.now();
    signPosition({ ...sample, at: new Date(i).toISOString() }, {
      agreementId: 'bench', sectionId: 's0', participantId: regionChair.fields.id, deviceCert: regionChair.cert, prev: null,
      prevOwn: vouchedPrevious(candidates, { agreementId: 'bench', sectionId: 's0', deviceKey: regionChair.device.publicKey }), privateKey: regionChair.device.privateKey,
    });
    if (i >= 20) signing.push(performance.now() - t0);
  }

  // The agreement: every clause agreed by both sides, each position signed (prev from the log).
  const b0 = performance.now();
  const docs = new Map<string, Y.Doc>();
  const withPrev: number[] = [];
  let signatures = 0;
  for (const [s, id] of sectionIds.entries()) {
    const doc = new Y.Doc();
    const n = Math.min(PER_SECTION, clauseCount - s * PER_SECTION);
    const clauses = Array.from({ length: n }, (_, c) =>
      schema.node('clause', { id: `${id}k${c}` }, [schema.node('paragraph', null, [schema.text(`Afsnit ${s} klausul ${c}: kommunen giver besked senest to hverdage før udskrivning.`)])]),
    );
    prosemirrorToYXmlFragment(schema.node('doc', null, clauses), doc.getXmlFragment(SECTION_FRAGMENT));
    for (const node of clauses) {
      for (const name of ['regionChair', 'kommuneChair'] as PersonName[]) {
        const person = f.people[name];
        const side = person.fields.side as NegotiationSide;
        const unsigned = { ...unsignedPosition(node.attrs.id as string, side, 'enig', clauseHash(node), person.fields.name), text: normaliseContent(node) };
        const t0 = performance.now();
        const log = sectionDecisionLog(doc);
        const position = signPosition(unsigned, {
          agreementId: 'bench', sectionId: id, participantId: person.fields.id, deviceCert: person.cert,
          prev: prevOf(log, unsigned.clauseId),
          prevOwn: vouchedPrevious(latestEntryPerDevice(log), { agreementId: 'bench', sectionId: id, deviceKey: person.device.publicKey }),
          privateKey: person.device.privateKey,
        });
        withPrev.push(performance.now() - t0);
        recordPosition(doc, position);
        signatures++;
      }
    }
    docs.set(id, doc);
  }
  log(`identity bench: seed ${seed}; ${sectionCount} sections, ${clauseCount.toLocaleString('en-US')} clauses, ${signatures.toLocaleString('en-US')} signed positions; built in ${((performance.now() - b0) / 1000).toFixed(1)} s`);

  // Cold: a fresh cache and directory, every current position's signature verified ahead on the
  // pool's threads (as an export does, electron/export/exportAgreement.ts), then each judged once.
  // The threads are started first (the app keeps them warm once started); their start is reported.
  // Each cold reading gets copies of the documents decoded from their bytes (not timed), so nothing
  // read before — validated positions, signed bytes — is remembered, as in a fresh process.
  const fresh = () => new Map([...docs].map(([id, doc]) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    return [id, copy] as const;
  }));
  const coldDocs = fresh();
  const w0 = performance.now();
  await warmVerifyPool();
  const poolStartMs = performance.now() - w0;
  const v0 = performance.now();
  const cache = new VerdictCache();
  const directory = readDirectory(f.structure, verifyBytes, f.root.publicKey, cache);
  const verifiedAhead = await verifyAheadInto(cache, currentPositionChecks(coldDocs.values()));
  const aheadMs = performance.now() - v0;
  let counted = 0;
  for (const [id, doc] of coldDocs) {
    for (let c = 0; c < PER_SECTION; c++) {
      const positions = countedPositions(doc, id, directory, `${id}k${c}`);
      counted += (positions.region ? 1 : 0) + (positions.kommune ? 1 : 0);
    }
  }
  const coldVerifyMs = performance.now() - v0;
  if (counted !== signatures) throw new Error(`only ${counted} of ${signatures} genuine positions counted`);
  // Each device's latest position in each section; every other one is vouched for by its device's
  // next entry (shared/identity/endorsement.ts).
  if (verifiedAhead !== sectionCount * 2) throw new Error(`${verifiedAhead} signatures verified ahead, not one per device and section (${sectionCount * 2})`);
  // The same from cold on this thread alone, one position at a time (no pool). Its copies are made
  // only now, so that the pass above ran with one copy of the agreement read, as a fresh process has.
  const aloneDocs = fresh();
  const s0 = performance.now();
  const alone = readDirectory(f.structure, verifyBytes, f.root.publicKey, new VerdictCache());
  for (const [id, doc] of aloneDocs) for (let c = 0; c < PER_SECTION; c++) countedPositions(doc, id, alone, `${id}k${c}`);
  const singleThreadMs = performance.now() - s0;

  // Reopened: the workspace remembers the digests of what verified (electron/store/
  // verifiedSignatures.ts, as the window keeps them); a fresh process reads them from the SQLite file
  // and counts every position again, verifying none. Measured from opening the file, on copies decoded
  // from the documents' bytes (not timed), so every position is read, validated and its signed bytes
  // built again, as in that fresh process.
  const collecting = new VerdictCache(200_000, true);
  const collectingDirectory = readDirectory(f.structure, verifyBytes, f.root.publicKey, collecting);
  for (const [id, doc] of docs) for (let c = 0; c < PER_SECTION; c++) countedPositions(doc, id, collectingDirectory, `${id}k${c}`);
  const workspace = path.join(tempDir('enighed-identity-bench-'), 'ws.sqlite');
  const writer = Store.open(workspace);
  new VerifiedSignatures(writer).remember(collecting.takeNewlyVerified());
  writer.close();
  aloneDocs.clear();
  coldDocs.clear();
  const reopenedDocs = fresh();
  const o0 = performance.now();
  const reader = Store.open(workspace);
  const reopened = new VerdictCache(200_000, true);
  reopened.remember(new VerifiedSignatures(reader).digests());
  reader.close();
  let verifiedAgain = 0;
  const countingVerify: typeof verifyBytes = (key, bytes, signature) => {
    verifiedAgain++;
    return verifyBytes(key, bytes, signature);
  };
  const reopenedDirectory = readDirectory(f.structure, countingVerify, f.root.publicKey, reopened);
  let reCounted = 0;
  for (const [id, doc] of reopenedDocs) {
    for (let c = 0; c < PER_SECTION; c++) {
      const positions = countedPositions(doc, id, reopenedDirectory, `${id}k${c}`);
      reCounted += (positions.region ? 1 : 0) + (positions.kommune ? 1 : 0);
    }
  }
  const reopenedVerifyMs = performance.now() - o0;
  if (reCounted !== signatures) throw new Error(`reopened: only ${reCounted} of ${signatures} genuine positions counted`);
  // For comparison, what verifying every position would cost: as many bare Ed25519 verifications
  // (verifyBytes: libsodium), nothing else.
  const probe = f.sign('regionChair', new Y.Doc(), 's0', sample);
  const { sig: probeSig, ...probeFields } = probe;
  const { signature: probeSignature, ...probeRest } = probeSig!;
  const probeBytes = positionMessage(probeFields, probeRest);
  const r0 = performance.now();
  for (let i = 0; i < signatures; i++) verifyBytes(regionChair.device.publicKey, probeBytes, probeSignature);
  const rawVerifyMs = performance.now() - r0;
  const probeKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: regionChair.device.publicKey }, format: 'jwk' });
  const probeSigBytes = fromBase64Url(probeSignature)!;
  const o1 = performance.now();
  for (let i = 0; i < signatures; i++) crypto.verify(null, probeBytes, probeKey, probeSigBytes);
  const opensslMs = performance.now() - o1;

  // The overview with signed positions, cache warm; edits type words and take signed positions.
  const trackers = new Map([...docs].map(([id, doc]) => [id, new SectionStatusTracker(doc, id)]));
  const statuses = new Map<string, ClauseStatusEntry[]>();
  for (const [id, tracker] of trackers) statuses.set(id, tracker.statuses(directory));
  let overview = computeOverview(agreement, statuses);
  if (overview.total.enighed !== clauseCount) throw new Error(`the overview shows ${overview.total.enighed} agreed clauses, not ${clauseCount}`);
  const recompute: number[] = [];
  for (let i = 0; i < 20 + editCount; i++) {
    const id = prng.oneOf(gen, sectionIds);
    const doc = docs.get(id)!;
    if (prng.int32(gen, 0, 3) === 0) {
      const entry = prng.oneOf(gen, statuses.get(id)!);
      const name: PersonName = prng.bool(gen) ? 'regionChair' : 'kommuneChair';
      const person = f.people[name];
      const side = person.fields.side as NegotiationSide;
      const log = sectionDecisionLog(doc);
      const position = signPosition({ ...unsignedPosition(entry.clauseId, side, 'uenig', entry.hash, person.fields.name), text: entry.normalised }, {
        agreementId: 'bench', sectionId: id, participantId: person.fields.id, deviceCert: person.cert,
        prev: prevOf(log, entry.clauseId),
        prevOwn: vouchedPrevious(latestEntryPerDevice(log), { agreementId: 'bench', sectionId: id, deviceKey: person.device.publicKey }),
        privateKey: person.device.privateKey,
      });
      recordPosition(doc, position);
    } else {
      const clause = doc.getXmlFragment(SECTION_FRAGMENT).get(prng.int32(gen, 0, PER_SECTION - 1)) as Y.XmlElement;
      ((clause.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, `${prng.oneOf(gen, words)} `);
    }
    const t0 = performance.now();
    statuses.set(id, trackers.get(id)!.statuses(directory));
    overview = computeOverview(agreement, statuses);
    if (i >= 20) recompute.push(performance.now() - t0);
  }
  for (const tracker of trackers.values()) tracker.dispose();

  const result: IdentityBenchResult = {
    seed,
    sign: summarize(signing),
    signWithPrev: summarize(withPrev),
    coldVerifyMs,
    aheadMs,
    poolStartMs,
    singleThreadMs,
    reopenedVerifyMs,
    verifiedAgain,
    rawVerifyMs,
    signatures,
    recompute: summarize(recompute),
    targets: { sign: false, coldVerify: false, reopenedVerify: false, overviewP95: false },
  };
  result.targets.sign = result.sign.p95 < SIGN_TARGET_MS;
  result.targets.coldVerify = coldVerifyMs < COLD_VERIFY_TARGET_MS;
  result.targets.reopenedVerify = reopenedVerifyMs < COLD_VERIFY_TARGET_MS;
  result.targets.overviewP95 = result.recompute.p95 < OVERVIEW_TARGET_MS;
  log(`  sign a position (signPosition):                 ${formatSummary(result.sign, 3)}`);
  log(`  sign with prev from the section's log:          ${formatSummary(result.signWithPrev, 3)}`);
  log(`  verify all ${signatures.toLocaleString('en-US')} positions from cold:        ${ms(coldVerifyMs)} (${((coldVerifyMs / signatures) * 1000).toFixed(1)} µs a position)`);
  log(`    of which reading the positions and verifying ahead the ${verifiedAhead} that no later entry vouches for (one per device and section): ${ms(aheadMs)} (pool of ${POOL_SIZE} threads, started before, once: ${ms(poolStartMs)})`);
  log(`    for comparison, verifying every position: bare Ed25519 (libsodium), ${signatures.toLocaleString('en-US')}× on one thread: ${ms(rawVerifyMs)} (${((rawVerifyMs / signatures) * 1000).toFixed(1)} µs each)`);
  log(`    node:crypto (OpenSSL) for comparison, ${signatures.toLocaleString('en-US')}×:  ${ms(opensslMs)} (${((opensslMs / signatures) * 1000).toFixed(1)} µs each)`);
  log(`  the same from cold on one thread, no pool:      ${ms(singleThreadMs)}`);
  log(`  count them all again, reopened (verdicts kept): ${ms(reopenedVerifyMs)} (${verifiedAgain} verified again; reading ${signatures.toLocaleString('en-US')} digests from SQLite included)`);
  log(`  overview recompute, signed positions, warm:     ${formatSummary(result.recompute)}`);
  log(`  target: signing p95 ${ms(result.sign.p95)} < ${SIGN_TARGET_MS} ms: ${verdict(result.targets.sign)}`);
  log(`  target: cold verification, first sight ${ms(coldVerifyMs)} < ${COLD_VERIFY_TARGET_MS} ms: ${verdict(result.targets.coldVerify)}`);
  log(`  target: cold verification, reopened ${ms(reopenedVerifyMs)} < ${COLD_VERIFY_TARGET_MS} ms: ${verdict(result.targets.reopenedVerify)}`);
  log(`  target: overview recompute p95 ${ms(result.recompute.p95)} < ${OVERVIEW_TARGET_MS} ms: ${verdict(result.targets.overviewP95)}`);
  return result;
}
