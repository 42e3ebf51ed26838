// Random convergence of verified statuses (issue 14): replicas of one signed agreement take genuine
// signed positions, hand-edited ("hostile") replicas write forged ones straight into their Y.Docs,
// the secretariat revokes devices and removes participants (signed directory updates in the
// structure), and everything travels by the sync server (which restarts), by a real meeting host
// (wss://, pinned certificate, meeting code) and by change bundles. At the end every honest replica
// and the server's stored copy give the same verdict and the same counted status for every clause,
// each read through shared/identity/counted.ts with its own directory from its own structure, and
// that status equals the one the test computes from its own ledger of the genuine positions that
// still stand (not made with a revoked device or by a removed participant, unless in `standing`).
//
// Replicas other than r0 (the founding secretariat's) connect to the server as devices of their own
// participants, redeemed over HTTP; the negotiators' signing devices are separate, so revoking one
// cuts no replica off. Whether a path accepts a hostile replica's forgeries or refuses them is
// allowed either way; a refusal must leave the recipient unchanged. Hostile replicas are not
// required to converge (a path that refuses forgeries refuses every sync step that still carries one).
//
//   ENIGHED_IDENTITY_CONVERGENCE=0    leave it out (it runs in `npm test`: 12 schedules, ~40 s)
//   ENIGHED_IDENTITY_SCHEDULES=<n>    how many schedules (default 12)
//   ENIGHED_IDENTITY_BASE_SEED=<n>    seed of the first schedule (default 777000, so that CI runs the
//                                     same schedules; 'random' for a fresh range); the others follow.
//                                     After the fixes of 2026-12-01 (outcome check of position
//                                     deletions, signed directory entries passed on, read-only drops)
//                                     two ranges of 60 schedules passed in full (base seeds 777000
//                                     and 969535370; before them 3–4 in 100 failed)
//   ENIGHED_TEST_SEED=<n>             run only the schedule with that seed (printed on failure)
//   ENIGHED_IDENTITY_MEETING=0        leave the meeting path out
// As in sync-convergence.test.ts, the steps are replayed exactly, message interleaving is not.
import fs from 'node:fs';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as prng from 'lib0/prng';
import { pause, randomText, weighted } from '../helpers/schedule.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startSyncServer, SERVER_WORKSPACE_FILE, type SyncServer } from '../../electron/server/server.ts';
import { waitFor, type ReconnectOptions } from '../../electron/server/replayTrace.ts';
import { Store } from '../../electron/store/store.ts';
import { exportBundle, stateVectorsFromBundle, stateVectorsOf } from '../../electron/sync/bundle/export.ts';
import { guestToken, startMeeting, type Meeting } from '../../electron/sync/meeting/host.ts';
import { socketClass } from '../../electron/sync/pinnedSocket.ts';
import { generateKeyPair, signBytes, verifyBytes, type KeyPair } from '../../electron/identity/ed25519.ts';
import type { BundleSigner } from '../../electron/sync/bundle/format.ts';
import { proveJoin } from '../../electron/sync/meeting/joiner.ts';
import { inviteKeyPair } from '../../electron/identity/invite.ts';
import { signDeviceCert, signParticipantEntry, signPosition } from '../../electron/identity/sign.ts';
import { countedPositions, judgedPositions } from '../../shared/identity/counted.ts';
import { readDirectory, writeParticipantEntry, type Directory } from '../../shared/identity/directory.ts';
import { entryHash } from '../../shared/identity/digest.ts';
import { checkDecisionLog, prevOf } from '../../shared/identity/decisionLogCheck.ts';
import { positionVerdict } from '../../shared/identity/positionVerdict.ts';
import type { DeviceCert, ParticipantFields } from '../../shared/identity/shapes.ts';
import { VerdictCache } from '../../shared/identity/verifier.ts';
import { STRUCTURE_KEYS, SECTION_KEYS } from '../../shared/documents/keys.ts';
import { parseDocId } from '../../shared/structure/docIds.ts';
import { readAgreement } from '../../shared/structure/structureDoc.ts';
import { currentPositions, recordPosition, sectionDecisionLog } from '../../shared/negotiation/positionsDoc.ts';
import { deriveStatus, NegotiationSide, Position, type DerivedStatus } from '../../shared/negotiation/position.ts';
import { makeFixture, Replica, sameState, sectionText, textHash } from '../helpers/replicas.ts';
import { identityFixture, unsignedPosition, type IdentityFixture, type PersonName } from '../helpers/identity.ts';
import { tempDir } from '../helpers/tempDir.ts';

const SCHEDULES = Number(process.env.ENIGHED_IDENTITY_SCHEDULES ?? 12);
const BASE_SEED_TEXT = process.env.ENIGHED_IDENTITY_BASE_SEED ?? '777000';
const BASE_SEED = BASE_SEED_TEXT === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(BASE_SEED_TEXT);
const ONLY_SEED = process.env.ENIGHED_TEST_SEED;
const MEETING = process.env.ENIGHED_IDENTITY_MEETING !== '0';
const VERBOSE = process.env.ENIGHED_IDENTITY_VERBOSE === '1';
const seeds = ONLY_SEED !== undefined ? [Number(ONLY_SEED)] : Array.from({ length: SCHEDULES }, (_, i) => (BASE_SEED + i) >>> 0);

const CLAUSES = ['k1', 'k2'] as const;
const SIDES = NegotiationSide.options;
const RECONNECT: ReconnectOptions = { delay: 10, minDelay: 5, maxDelay: 80, factor: 2 };
const CONVERGE_MS = 20_000;
const MEETING_MS = 10_000;
const NEGOTIATORS: PersonName[] = ['regionChair', 'regionMember', 'kommuneChair'];

// Sections with a theme group: their co-chairs and members may take positions there.
const fixture = makeFixture('a1', 2, (s) => s.themeGroupId !== null);
const docIds = [fixture.structureId, ...fixture.sectionIds];
const sectionIdOf = (docId: string) => {
  const parsed = parseDocId(docId);
  if (parsed?.kind !== 'section') throw new Error(`${docId} is not a section`);
  return parsed.sectionId;
};
const shortId = (docId: string) => (docId === fixture.structureId ? 'structure' : `s${fixture.sectionIds.indexOf(docId)}`);

function editText(gen: prng.PRNG, text: Y.XmlText): string {
  const len = text.length;
  if (len === 0 || prng.real53(gen) < 0.65) {
    const at = prng.int32(gen, 0, len);
    const str = randomText(gen, 1, 6);
    text.insert(at, str);
    return `insert ${at} ${JSON.stringify(str)}`;
  }
  const at = prng.int32(gen, 0, len - 1);
  const n = prng.int32(gen, 1, Math.min(5, len - at));
  text.delete(at, n);
  return `delete ${at}+${n}`;
}

/**
 * The structure every replica starts from: the agreement, its root key and a directory signed with
 * it (every person in every theme group of the agreement). Written by client 1 after the fixture's
 * own seed, so every replica that applies it holds identical items.
 */
function identitySeed(ident: IdentityFixture, connections: Connection[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, fixture.structureSeed);
  // Set after the seed is in: Yjs takes a new id when an update brings items of its own.
  doc.clientID = 1;
  const groups = readAgreement(doc)!.themeGroups.map((g) => g.id);
  doc.transact(() => {
    doc.getMap(STRUCTURE_KEYS.meta).set('rootKey', ident.root.publicKey);
    for (const person of Object.values(ident.people)) {
      person.fields = { ...person.fields, themeGroupIds: groups };
      person.entry = signParticipantEntry(ident.agreementId, person.fields, { participantId: null, ...ident.root });
      writeParticipantEntry(doc, person.entry);
    }
    for (const c of connections) {
      const fields: ParticipantFields = { ...ident.people.regionMember.fields, id: c.id, name: `Forbindelse ${c.id}`, side: c.side, invitePublicKey: inviteKeyPair(c.secret).publicKey };
      writeParticipantEntry(doc, signParticipantEntry(ident.agreementId, { ...fields, themeGroupIds: groups }, { participantId: null, ...ident.root }));
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** What one replica (or the server's copy) shows for every clause: each side's verdict and the
 *  status counted from the positions that count. */
type Shown = Record<string, { verdicts: Partial<Record<NegotiationSide, string>>; status: DerivedStatus } | { logProblems: string[] }>;

function shown(docs: (docId: string) => Y.Doc, directory: Directory): Shown {
  const out: Shown = {};
  for (const docId of fixture.sectionIds) {
    const doc = docs(docId);
    const sectionId = sectionIdOf(docId);
    // The decision log's tamper evidence too (a hostile replica deletes entries).
    const current = new Map(CLAUSES.map((k) => [k, currentPositions(doc, k)] as const));
    const verdictOf = (entry: Position) => positionVerdict(entry, { agreementId: directory.agreementId, sectionId, directory });
    out[`${shortId(docId)}/log`] = { logProblems: checkDecisionLog(sectionDecisionLog(doc), { current, verdictOf }).map((p) => `${p.clauseId}@${p.index}:${p.kind}`) };
    for (const clauseId of CLAUSES) {
      const judged = judgedPositions(doc, sectionId, directory, clauseId);
      const verdicts: Partial<Record<NegotiationSide, string>> = {};
      for (const side of SIDES) if (judged[side]) verdicts[side] = judged[side]!.verdict.status;
      out[`${shortId(docId)}/${clauseId}`] = { verdicts, status: deriveStatus(countedPositions(doc, sectionId, directory, clauseId), textHash(doc)) };
    }
  }
  return out;
}

/**
 * The participant a replica other than r0 connects to the server as (a member of every theme group,
 * never revoked or removed: revoking the negotiators' signing devices must not cut a replica off),
 * with its own device key, redeemed over HTTP like an invitation. r0, the founding secretariat's
 * replica, connects on the server's open path (the founder's bootstrap account needs the CLI).
 */
interface Connection {
  id: string;
  side: NegotiationSide;
  secret: string;
  device: KeyPair;
}

const connectionsFor = (count: number): Connection[] =>
  Array.from({ length: count - 1 }, (_, i) => ({ id: `p-r${i + 1}`, side: i % 2 === 0 ? 'kommune' : 'region', secret: `secret-p-r${i + 1}`, device: generateKeyPair() }));

/** Redeems `c`'s invitation on the server at `wsUrl`; the token its replica connects with. */
async function redeem(wsUrl: string, agreementId: string, c: Connection): Promise<string> {
  const response = await fetch(`${wsUrl.replace(/^ws/, 'http')}/enighed/redeem`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ v: 1, agreementId, participantId: c.id, deviceCert: signDeviceCert(agreementId, c.id, c.device.publicKey, c.secret, new Date().toISOString()) }),
  });
  const body = (await response.json()) as { deviceToken?: string; error?: string };
  if (response.status !== 200 || !body.deviceToken) throw new Error(`redemption for ${c.id} refused (${response.status}): ${body.error}`);
  return `device:${body.deviceToken}`;
}

/** A replica's own participant and device. */
interface Self {
  participantId: string;
  deviceCert: DeviceCert;
  privateKey: KeyPair['privateKey'];
}

/** A genuine position the test signed, where it was recorded. */
interface Genuine {
  participantId: string;
  deviceKey: string;
}

async function runSchedule(seed: number): Promise<void> {
  const gen = prng.create(seed);
  const steps: string[] = [];
  const log = (line: string) => steps.push(`${String(steps.length).padStart(3)}: ${line}`);
  const dir = tempDir('enighed-identity-convergence-');
  const workspacePath = path.join(dir, SERVER_WORKSPACE_FILE);
  const replicas: Replica[] = [];
  const hostile = new Set<Replica>();
  let server: SyncServer | null = null;
  let meeting: Meeting | null = null;
  let failed = false;

  const ident = identityFixture(fixture.agreementId);
  const rootKey = ident.root.publicKey;
  const replicaCount = prng.int32(gen, 3, 5);
  const connections = connectionsFor(replicaCount);
  const structureSeed = identitySeed(ident, connections);
  /** The token each replica connects with (none for r0). */
  const tokens = new Map<Replica, string | undefined>();
  /** Who each replica is (r0 the founder, the others their connection participant): signs its
   *  bundles and proves itself when it joins a meeting. */
  const selves = new Map<Replica, Self>();
  /** Genuine positions by `<docId>|<clause>/<side>|<entry hash>`: the ledger the expected statuses come from. */
  const ledger = new Map<string, Genuine>();
  const ledgerKey = (docId: string, clauseId: string, side: string, position: unknown) => `${docId}|${clauseId}/${side}|${entryHash(position)}`;
  /** Revoked device keys with their `standing`, and removed participants with theirs (as signed). */
  const revoked = new Map<string, Set<string>>();
  const removed = new Map<string, Set<string>>();
  /** Device keys revoked, with their (stolen) private key and certificate: what a thief holds. */
  const stolen: { name: PersonName; device: KeyPair; cert: (typeof ident.people)[PersonName]['cert'] }[] = [];

  try {
    server = await startSyncServer({ dataDir: dir, quiet: process.env.ENIGHED_IDENTITY_VERBOSE !== "1" });
    const { port, url } = server;
    const usedIds = new Set<number>();
    const clientId = () => {
      let id: number;
      do id = prng.int32(gen, 2, 0x7fffffff);
      while (usedIds.has(id));
      usedIds.add(id);
      return id;
    };

    const wantsOnline: Replica[] = [];
    for (let i = 0; i < replicaCount; i++) {
      const replica = new Replica(`r${i}`, docIds, docIds.map(clientId));
      // r0 is the secretariat's replica; r1 is honest too; the others may be edited by hand.
      const isHostile = i >= 2 && prng.real53(gen) < 0.6;
      if (isHostile) hostile.add(replica);
      const late = i > 0 && prng.real53(gen) < 0.2;
      if (!late) {
        Y.applyUpdate(replica.doc(fixture.structureId), structureSeed, 'seed');
        for (const id of fixture.sectionIds) Y.applyUpdate(replica.doc(id), fixture.sectionSeed, 'seed');
      }
      const online = i === 0 || prng.real53(gen) < 0.7;
      if (online) wantsOnline.push(replica);
      const c = connections[i - 1];
      selves.set(
        replica,
        i === 0
          ? { participantId: ident.people.founder.fields.id, deviceCert: ident.people.founder.cert, privateKey: ident.root.privateKey }
          : { participantId: c.id, deviceCert: signDeviceCert(fixture.agreementId, c.id, c.device.publicKey, c.secret, '2026-12-01T08:00:00.000Z'), privateKey: c.device.privateKey },
      );
      log(`${replica.name}${isHostile ? ' (hostile)' : ''}: ${late ? 'empty (late joiner)' : 'seeded'}, ${online ? 'online' : 'offline'}`);
      replicas.push(replica);
    }
    const secretariat = replicas[0];
    // The server gets the signed structure from r0; then every other replica redeems its invitation.
    secretariat.connect(url, RECONNECT);
    await waitFor(() => secretariat.synced(), CONVERGE_MS, () => `r0 did not sync: ${secretariat.syncState()}`);
    for (const [i, c] of connections.entries()) tokens.set(replicas[i + 1], await redeem(url, fixture.agreementId, c));
    const connect = (r: Replica) => r.connect(url, RECONNECT, tokens.get(r));
    for (const r of wantsOnline) if (r !== secretariat) connect(r);
    log(`r1..r${replicaCount - 1} redeemed their invitations and connect as devices`);
    const honest = replicas.filter((r) => !hostile.has(r));

    const received = new Map<string, Uint8Array>();
    let serverUp = true;
    const stepCount = prng.int32(gen, 20, 45);

    /** The replica's genuine positions in `docId`'s log (what a forger can replay). */
    const genuineInLog = (doc: Y.Doc, docId: string) =>
      sectionDecisionLog(doc).filter((p) => p.sig && ledger.has(ledgerKey(docId, p.clauseId, p.side, p)));

    /** Re-signs `name`'s entry with `change` (by the root key, as the founding secretariat) on r0. */
    const updateEntry = (name: PersonName, change: (fields: ParticipantFields) => Partial<ParticipantFields>, at: string) => {
      const person = ident.people[name];
      person.fields = { ...person.fields, ...change(person.fields), version: person.fields.version + 1, updatedAt: at };
      person.entry = signParticipantEntry(ident.agreementId, person.fields, { participantId: null, ...ident.root });
      writeParticipantEntry(secretariat.doc(fixture.structureId), person.entry);
    };
    /** Hashes of every log entry r0 holds that `match` selects (a revocation's or removal's `standing`). */
    const heldBy = (match: (p: Position) => boolean) =>
      fixture.sectionIds.flatMap((docId) => sectionDecisionLog(secretariat.doc(docId)).filter((p) => p.sig && match(p)).map((p) => entryHash(p)));

    for (let step = 0; step < stepCount; step++) {
      const at = new Date(Date.UTC(2026, 11, 1) + step * 60_000).toISOString();
      const r = prng.oneOf(gen, replicas);
      const kind = weighted(gen, {
        edit: 14,
        genuine: 22,
        forged: hostile.size > 0 ? 18 : 0,
        revoke: 1.5,
        remove: 0.7,
        connectivity: 10,
        bundle: 12,
        meeting: MEETING ? 4 : 0,
        serverRestart: serverUp ? 3 : 0,
        serverStop: serverUp ? 2 : 0,
        serverStart: serverUp ? 0 : 25,
      });

      switch (kind) {
        case 'edit': {
          const docId = prng.oneOf(gen, fixture.sectionIds);
          const text = sectionText(r.doc(docId));
          if (!text) {
            log(`${r.name} edit ${shortId(docId)}: no paragraph yet, skipped`);
            break;
          }
          log(`${r.name} edit ${shortId(docId)}: ${editText(gen, text)}`);
          break;
        }
        case 'genuine': {
          const docId = prng.oneOf(gen, fixture.sectionIds);
          const doc = r.doc(docId);
          const name = prng.oneOf(gen, NEGOTIATORS);
          const person = ident.people[name];
          const clauseId = prng.oneOf(gen, [...CLAUSES]);
          const stance = prng.bool(gen) ? 'enig' : 'uenig';
          if (!sectionText(doc)) {
            log(`${r.name} genuine ${shortId(docId)}: no section yet, skipped`);
            break;
          }
          const side = person.fields.side as NegotiationSide;
          const position = Position.parse(ident.sign(name, doc, sectionIdOf(docId), { ...unsignedPosition(clauseId, side, stance, textHash(doc), person.fields.name), at }));
          recordPosition(doc, position);
          ledger.set(ledgerKey(docId, clauseId, side, position), { participantId: person.fields.id, deviceKey: person.device.publicKey });
          log(`${r.name} genuine ${shortId(docId)} ${clauseId} ${name} (${side}) ${stance} on ${position.textHash.slice(0, 6)}, device ${person.device.publicKey.slice(0, 6)}`);
          break;
        }
        case 'forged': {
          // Written by hand straight into a hostile replica's documents.
          const forger = hostile.has(r) ? r : prng.oneOf(gen, [...hostile]);
          const docId = prng.oneOf(gen, fixture.sectionIds);
          const doc = forger.doc(docId);
          const sectionId = sectionIdOf(docId);
          const clauseId = prng.oneOf(gen, [...CLAUSES]);
          const hash = textHash(doc);
          const how = weighted(gen, {
            otherSide: 2,
            alteredStance: 2,
            alteredHash: 2,
            replayClause: 2,
            replayKey: 1,
            replaySection: 2,
            observer: 1,
            secretariat: 1,
            unsigned: 1,
            stolenKey: 2,
            deleteLog: 1,
          });
          const existing = genuineInLog(doc, docId);
          const pickExisting = () => (existing.length > 0 ? prng.oneOf(gen, existing) : null);
          let what: string = how;
          switch (how) {
            case 'otherSide': {
              const name = prng.oneOf(gen, NEGOTIATORS);
              const own = ident.people[name].fields.side;
              const side: NegotiationSide = own === 'region' ? 'kommune' : 'region';
              recordPosition(doc, ident.sign(name, doc, sectionId, { ...unsignedPosition(clauseId, side, 'enig', hash), at }));
              what = `${name} signs ${side}'s position on ${clauseId}`;
              break;
            }
            case 'alteredStance':
            case 'alteredHash': {
              const old = pickExisting();
              if (!old) {
                recordPosition(doc, { ...unsignedPosition(clauseId, 'region', 'enig', hash), at });
                what = `${how}: nothing to alter, unsigned region position on ${clauseId}`;
                break;
              }
              const changed: Position =
                how === 'alteredHash'
                  ? { ...old, textHash: old.textHash === hash ? textHash(new Y.Doc()) : hash }
                  : old.stance === 'enig'
                    ? { ...old, stance: 'uenig', reason: 'Ændret bagefter' }
                    : (({ reason: _r, ...rest }) => ({ ...rest, stance: 'enig' as const }))(old);
              recordPosition(doc, changed);
              what = `${how} of ${old.side}'s ${old.clauseId} under its old signature`;
              break;
            }
            case 'replayClause': {
              const old = pickExisting();
              const other = old ? CLAUSES.find((k) => k !== old.clauseId)! : clauseId;
              if (!old) {
                recordPosition(doc, { ...unsignedPosition(clauseId, 'kommune', 'enig', hash), at });
                what = `${how}: nothing to replay, unsigned kommune position on ${clauseId}`;
                break;
              }
              recordPosition(doc, { ...old, clauseId: other });
              what = `replays ${old.side}'s ${old.clauseId} signature on ${other}`;
              break;
            }
            case 'replayKey': {
              const old = pickExisting();
              if (!old) {
                what = `${how}: nothing to replay, skipped`;
                break;
              }
              const other = CLAUSES.find((k) => k !== old.clauseId)!;
              doc.transact(() => {
                doc.getMap(SECTION_KEYS.positions).set(`${other}/${old.side}`, old);
                doc.getArray(SECTION_KEYS.decisionLog).push([old]);
              });
              what = `stores ${old.side}'s ${old.clauseId} position unchanged under ${other}/${old.side}`;
              break;
            }
            case 'replaySection': {
              const otherDocId = fixture.sectionIds.find((d) => d !== docId)!;
              const old = genuineInLog(forger.doc(otherDocId), otherDocId);
              if (old.length === 0 || !sectionText(doc)) {
                what = `${how}: nothing to replay, skipped`;
                break;
              }
              const position = prng.oneOf(gen, old);
              recordPosition(doc, position);
              what = `replays ${position.side}'s ${position.clauseId} from ${shortId(otherDocId)} in ${shortId(docId)}`;
              break;
            }
            case 'observer':
            case 'secretariat': {
              const name: PersonName = how === 'observer' ? 'observer' : prng.oneOf(gen, ['founder', 'secretary'] as PersonName[]);
              const side = prng.oneOf(gen, [...SIDES]);
              recordPosition(doc, ident.sign(name, doc, sectionId, { ...unsignedPosition(clauseId, side, 'enig', hash), at }));
              what = `${name} signs a ${side} position on ${clauseId}`;
              break;
            }
            case 'unsigned': {
              const side = prng.oneOf(gen, [...SIDES]);
              recordPosition(doc, { ...unsignedPosition(clauseId, side, 'enig', hash), at });
              what = `unsigned ${side} position on ${clauseId}`;
              break;
            }
            case 'stolenKey': {
              if (stolen.length === 0) {
                recordPosition(doc, { ...unsignedPosition(clauseId, 'kommune', 'uenig', hash), at });
                what = `${how}: no stolen key yet, unsigned kommune position on ${clauseId}`;
                break;
              }
              const thief = prng.oneOf(gen, stolen);
              const person = ident.people[thief.name];
              const side = person.fields.side as NegotiationSide;
              // Backdated to before the revocation: the signer's clock proves nothing.
              const position = signPosition(
                { ...unsignedPosition(clauseId, side, 'enig', hash, person.fields.name), at: '2026-11-01T08:00:00.000Z' },
                { agreementId: ident.agreementId, sectionId, participantId: person.fields.id, deviceCert: thief.cert, prev: prevOf(sectionDecisionLog(doc), clauseId), privateKey: thief.device.privateKey },
              );
              recordPosition(doc, position);
              what = `signs ${side} on ${clauseId} with ${thief.name}'s revoked device ${thief.device.publicKey.slice(0, 6)}, backdated`;
              break;
            }
            case 'deleteLog': {
              const logArray = doc.getArray(SECTION_KEYS.decisionLog);
              if (logArray.length === 0) {
                what = `${how}: empty log, skipped`;
                break;
              }
              const index = prng.int32(gen, 0, logArray.length - 1);
              logArray.delete(index, 1);
              what = `deletes decision-log entry ${index}`;
              break;
            }
          }
          log(`${forger.name} FORGES ${shortId(docId)}: ${what}`);
          break;
        }
        case 'revoke': {
          // The secretariat revokes a negotiator's current device, listing what r0 holds from it;
          // sometimes the person gets a new device right away.
          const name = prng.oneOf(gen, NEGOTIATORS);
          const person = ident.people[name];
          const deviceKey = person.device.publicKey;
          if (revoked.has(deviceKey)) {
            log(`r0 revoke ${name}'s device ${deviceKey.slice(0, 6)}: already revoked, skipped`);
            break;
          }
          const standing = heldBy((p) => p.sig!.deviceCert.deviceKey === deviceKey);
          updateEntry(name, (f) => ({ revokedDevices: [...f.revokedDevices, { deviceKey, at, standing }] }), at);
          revoked.set(deviceKey, new Set(standing));
          stolen.push({ name, device: person.device, cert: person.cert });
          const renew = prng.real53(gen) < 0.7;
          if (renew) {
            person.device = generateKeyPair();
            person.cert = signDeviceCert(ident.agreementId, person.fields.id, person.device.publicKey, person.inviteSecret!, at);
          }
          log(`r0 REVOKES ${name}'s device ${deviceKey.slice(0, 6)} (${standing.length} standing)${renew ? `, new device ${person.device.publicKey.slice(0, 6)}` : ''}`);
          break;
        }
        case 'remove': {
          const name = prng.oneOf(gen, NEGOTIATORS);
          const person = ident.people[name];
          if (person.fields.removed) {
            log(`r0 remove ${name}: already removed, skipped`);
            break;
          }
          const standing = heldBy((p) => p.sig!.participantId === person.fields.id);
          updateEntry(name, () => ({ removed: { at, standing } }), at);
          removed.set(person.fields.id, new Set(standing));
          log(`r0 REMOVES ${name} (${standing.length} standing)`);
          break;
        }
        case 'connectivity': {
          if (r.online) r.disconnect();
          else connect(r);
          log(`${r.name} ${r.online ? 'reconnects' : 'disconnects'}`);
          break;
        }
        case 'bundle': {
          const to = prng.oneOf(
            gen,
            replicas.filter((x) => x !== r),
          );
          const mode = weighted(gen, { full: 1, lacks: 1, reply: 2 });
          const source = r.endpoint();
          if (!source.hasAgreement(fixture.agreementId)) {
            log(`${r.name} bundle → ${to.name} (${mode}): has no agreement yet, skipped`);
            break;
          }
          const lastFromThem = received.get(`${to.name}>${r.name}`);
          const since =
            mode === 'lacks'
              ? stateVectorsOf(to.endpoint(), fixture.agreementId)
              : mode === 'reply' && lastFromThem
                ? stateVectorsFromBundle(lastFromThem, fixture.agreementId)
                : null;
          const self = selves.get(r)!;
          const signer: BundleSigner = { participantId: self.participantId, deviceCert: self.deviceCert, sign: (hash) => signBytes(self.privateKey, hash) };
          const bytes = exportBundle(source, { agreementId: fixture.agreementId, since, createdBy: r.name, signer, now: new Date(at) });
          const before = docIds.map((docId) => Y.snapshot(to.doc(docId)));
          try {
            const summary = to.importBundle(bytes, { expectedAgreementId: fixture.agreementId });
            received.set(`${r.name}>${to.name}`, bytes);
            log(`${r.name} bundle → ${to.name} (${mode}${since ? '' : ', everything'}): ${bytes.byteLength} bytes, ${summary.changed} docs changed`);
          } catch (error) {
            log(`${r.name} bundle → ${to.name} (${mode}): refused: ${error instanceof Error ? error.message : String(error)}`);
            docIds.forEach((docId, i) => expect(Y.equalSnapshots(Y.snapshot(to.doc(docId)), before[i]), `${to.name}'s ${shortId(docId)} changed by a refused bundle`).toBe(true));
          }
          break;
        }
        case 'meeting': {
          // The meeting host checks its guests' updates, not its own app's: a hand-edited host would
          // hand its forgeries to every guest (known gap, reported), so only honest replicas host.
          const host = hostile.has(r) ? secretariat : r;
          const others = replicas.filter((x) => x !== host);
          const guests = others.filter(() => prng.bool(gen));
          if (guests.length === 0) guests.push(prng.oneOf(gen, others));
          if (!meeting) meeting = await startMeeting({ address: '127.0.0.1' });
          const present = [host, ...guests];
          log(`meeting: ${host.name} hosts, ${guests.map((g) => g.name).join(', ')} join`);
          const refusals = await meet(meeting, host, guests, present.filter((x) => !hostile.has(x)), selves);
          log(`meeting: over${refusals ? `; ${refusals}` : ''}`);
          break;
        }
        case 'serverRestart': {
          await server!.close();
          server = await startSyncServer({ dataDir: dir, port, quiet: process.env.ENIGHED_IDENTITY_VERBOSE !== "1" });
          log('server restarts');
          break;
        }
        case 'serverStop': {
          await server!.close();
          server = null;
          serverUp = false;
          log('server stops');
          break;
        }
        case 'serverStart': {
          server = await startSyncServer({ dataDir: dir, port, quiet: process.env.ENIGHED_IDENTITY_VERBOSE !== "1" });
          serverUp = true;
          log('server starts');
          break;
        }
      }
      await pause(gen);
    }

    // --- everyone back online; the honest replicas must converge ---------------------------------
    if (!server) server = await startSyncServer({ dataDir: dir, port, quiet: process.env.ENIGHED_IDENTITY_VERBOSE !== "1" });
    for (const r of replicas) if (!r.online) connect(r);
    log('end: server up, every replica online');
    const differing = () =>
      docIds.flatMap((docId) => honest.slice(1).flatMap((r) => (sameState(r.doc(docId), honest[0].doc(docId)) ? [] : [`${r.name}/${shortId(docId)}`])));
    // A member's connection may only read the structure: the secretariat's directory updates it got
    // by bundle or meeting are never acknowledged by the server (which has them from r0), so the
    // structure's unsynced count of a member's replica may stay above zero. Handshakes must be done.
    const synced = (r: Replica) =>
      r === secretariat
        ? r.synced()
        : r.online && [...r.providers].every(([docId, p]) => p.isSynced && (docId === fixture.structureId || p.unsyncedChanges === 0));
    const converge = async (what: string) =>
      waitFor(
        () => honest.every(synced) && differing().length === 0,
        CONVERGE_MS,
        () => `${what}: no convergence within ${CONVERGE_MS} ms. ${honest.map((r) => r.syncState()).join(' | ')}; differing from r0: ${differing().join(', ') || 'none'}`,
      );
    await converge('all online');
    // The hostile replicas leave; whatever they still send must not be half-taken.
    for (const r of hostile) r.destroy();
    log('end: hostile replicas gone');
    // What they sent just before may still be on its way to the server, and from there to the rest.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await converge('after the hostile replicas left');

    // --- the same verdicts and statuses on every honest replica, each with its own directory --------
    const directoryOf = (structure: Y.Doc) => readDirectory(structure, verifyBytes, rootKey, new VerdictCache());
    const reference = shown((docId) => honest[0].doc(docId), directoryOf(honest[0].doc(fixture.structureId)));
    for (const r of honest.slice(1)) {
      expect(shown((docId) => r.doc(docId), directoryOf(r.doc(fixture.structureId))), `${r.name}'s verdicts and statuses vs r0's`).toEqual(reference);
    }

    // --- and they are the ones the genuine, still standing positions give ------------------------
    const expected: Record<string, DerivedStatus> = {};
    for (const docId of fixture.sectionIds) {
      const doc = honest[0].doc(docId);
      for (const clauseId of CLAUSES) {
        const current = currentPositions(doc, clauseId);
        const standingOnly: Partial<Record<NegotiationSide, Position>> = {};
        for (const side of SIDES) {
          const position = current[side];
          if (!position) continue;
          const genuine = ledger.get(ledgerKey(docId, clauseId, side, position));
          if (!genuine) continue;
          const hash = entryHash(position);
          const revokedStanding = revoked.get(genuine.deviceKey);
          const removedStanding = removed.get(genuine.participantId);
          if (revokedStanding && !revokedStanding.has(hash)) continue;
          if (removedStanding && !removedStanding.has(hash)) continue;
          standingOnly[side] = position;
        }
        expected[`${shortId(docId)}/${clauseId}`] = deriveStatus(standingOnly, textHash(doc));
      }
    }
    const counted = Object.fromEntries(Object.entries(reference).flatMap(([k, v]) => ('status' in v ? [[k, v.status]] : [])));
    expect(counted, 'counted statuses vs those of the genuine, standing positions').toEqual(expected);
    log(`end: ${JSON.stringify(reference)}`);

    // --- the server's stored copy: the same state, verdicts and statuses ---------------------------
    const snapshot = new Map(docIds.map((docId) => [docId, Y.encodeStateAsUpdate(honest[0].doc(docId))]));
    for (const r of replicas) if (!hostile.has(r)) r.destroy();
    replicas.length = 0;
    await server.close();
    server = null;
    const store = Store.open(workspacePath, { create: false });
    const stored = new Map<string, Y.Doc>();
    try {
      for (const docId of docIds) {
        const doc = store.loadYDoc(docId);
        stored.set(docId, doc);
        const mine = new Y.Doc();
        Y.applyUpdate(mine, snapshot.get(docId)!);
        expect(sameState(doc, mine), `server's ${shortId(docId)}: state vector or delete set differs from the honest replicas'`).toBe(true);
        mine.destroy();
      }
      expect(shown((docId) => stored.get(docId)!, directoryOf(stored.get(fixture.structureId)!)), "server's stored verdicts and statuses").toEqual(reference);
    } finally {
      for (const doc of stored.values()) doc.destroy();
      store.close();
    }
    if (VERBOSE) console.log(`seed ${seed}\n${steps.join('\n')}`);
  } catch (error) {
    failed = true;
    const header =
      `Schedule with seed ${seed} failed (rerun only it with ENIGHED_TEST_SEED=${seed}); server data kept in ${dir}\n` +
      `steps:\n${steps.join('\n')}\n`;
    if (error instanceof Error) {
      error.message = `${header}${error.message}`;
      throw error;
    }
    throw new Error(`${header}${String(error)}`);
  } finally {
    for (const r of replicas) r.destroy();
    await server?.close();
    await meeting?.close();
    if (!failed) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One meeting through the real meeting host: `host` connects with the host's token, `guests` with
 * the meeting code (each document on one pinned wss:// socket, as the app's meeting session does),
 * until the honest ones among them hold the same documents; then everyone leaves.
 */
async function meet(meeting: Meeting, host: Replica, guests: Replica[], honestPresent: Replica[], selves: Map<Replica, Self>): Promise<string> {
  const sockets: HocuspocusProviderWebsocket[] = [];
  const providers: { replica: Replica; provider: HocuspocusProvider }[] = [];
  /** Refusals the host sent (a close with an application code, a refused token), by replica. */
  const refused = new Map<Replica, string[]>();
  const refuse = (replica: Replica, why: string) => refused.set(replica, [...(refused.get(replica) ?? []), why]);
  const attach = (replica: Replica, token: string) => {
    const socket = new HocuspocusProviderWebsocket({
      url: meeting.url,
      WebSocketPolyfill: socketClass({ fingerprint: meeting.fingerprint, onError: () => {} }),
      maxAttempts: 0,
      ...RECONNECT,
    });
    socket.on('close', ({ event }: { event: { code: number; reason: string } }) => {
      if (event.code >= 4000) refuse(replica, `${event.code} ${event.reason}`);
    });
    sockets.push(socket);
    for (const [docId, doc] of replica.docs) {
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: docId,
        document: doc,
        token,
        awareness: null,
        onAuthenticationFailed: ({ reason }) => refuse(replica, `token: ${reason}`),
      });
      provider.attach();
      providers.push({ replica, provider });
    }
  };
  attach(host, meeting.hostToken);
  guests.forEach((g, i) => {
    const self = selves.get(g)!;
    const claim = { participantId: self.participantId, deviceCert: self.deviceCert, proof: proveJoin(self.privateKey, meeting.fingerprint) };
    attach(g, guestToken(meeting.code, { name: g.name, side: i % 2 === 0 ? 'kommune' : 'region' }, claim));
  });
  const synced = (r: Replica) => providers.filter((p) => p.replica === r).every(({ provider }) => provider.isSynced && provider.unsyncedChanges === 0);
  const differing = () =>
    docIds.flatMap((docId) => honestPresent.slice(1).flatMap((r) => (sameState(r.doc(docId), honestPresent[0].doc(docId)) ? [] : [`${r.name}/${shortId(docId)}`])));
  try {
    // Without refusals the honest participants must end alike. A host that refuses something (a
    // forgery, or what its rules do not let that participant pass on) may leave them apart: the
    // end of the schedule then checks that nothing refused got in anywhere.
    const start = Date.now();
    while (!(honestPresent.every(synced) && differing().length === 0)) {
      if (refused.size > 0 && Date.now() - start > 1_500) break;
      if (Date.now() - start > MEETING_MS) {
        throw new Error(`meeting: the honest participants did not converge within ${MEETING_MS} ms, and the host refused nothing; differing: ${differing().join(', ') || 'none'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return [...refused].map(([r, why]) => `${r.name} refused (${[...new Set(why)].join('; ').slice(0, 200)})`).join(', ');
  } finally {
    for (const { provider } of providers) provider.destroy();
    for (const socket of sockets) socket.destroy();
  }
}

const ENABLED = process.env.ENIGHED_IDENTITY_CONVERGENCE !== '0' || process.env.ENIGHED_TEST_SEED !== undefined;

describe.skipIf(!ENABLED)('verified statuses converge over server, meeting and bundles, forgeries included', () => {
  for (const seed of seeds) {
    it(`schedule ${seed}`, () => runSchedule(seed), CONVERGE_MS * 2 + MEETING_MS * 4 + 20_000);
  }
});
