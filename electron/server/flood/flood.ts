// The sync server under a bounded flood, in one command (`npm run flood -- [--seconds N]
// [--ceiling-mb M] [--seed S] [--attacks bytes,sockets,tokens,awareness,huge,slow]`): starts a real server on loopback in a child process, floods it for
// N seconds (default 20) with unauthenticated bytes, many sockets, wrong tokens, awareness floods
// (from a read-only and from a writable connection), huge updates and a client that reads nothing
// of the answers it asks for, while two honest clients edit
// the same section throughout. Prints the server's peak memory against the ceiling, what it
// refused by cause, whether the honest clients converged with nothing lost (also in what the
// server stored), and their propagation p50/p99. Exits 1 if the ceiling was broken, they diverged
// or something was lost; 2 for bad arguments. Stops by itself.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prng from 'lib0/prng';
import { sectionDocId, structureDocId } from '../../../shared/structure/docIds.ts';
import { Store } from '../../store/store.ts';
import { SERVER_WORKSPACE_FILE } from '../options.ts';
import { REFUSAL_CAUSES } from '../refusals.ts';
import { awarenessFlood, hugeUpdates, manySockets, slowReader, unauthenticatedBytes, wrongTokens, type Attack } from './attackers.ts';
import { FIXTURE_AGREEMENT, seedFixture } from './fixture.ts';
import { HonestPair, percentile } from './honest.ts';
import { paragraphTexts } from './sectionText.ts';
import type { ServerReport } from './serverChild.ts';

const ATTACKS = ['bytes', 'sockets', 'tokens', 'awareness', 'huge', 'slow'] as const;
const { values } = (() => {
  try {
    return parseArgs({
      options: {
        seconds: { type: 'string', default: '20' },
        'ceiling-mb': { type: 'string', default: '600' },
        seed: { type: 'string' },
        attacks: { type: 'string', default: ATTACKS.join(',') },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\nBrug: npm run flood -- [--seconds N] [--ceiling-mb M] [--seed S]`);
    process.exit(2);
  }
})();
const seconds = Number(values.seconds);
const ceilingMb = Number(values['ceiling-mb']);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const chosen = new Set(values.attacks.split(',').filter(Boolean));
if (!(seconds > 0 && seconds <= 600) || !(ceilingMb > 0) || !Number.isInteger(seed) || [...chosen].some((a) => !(ATTACKS as readonly string[]).includes(a))) {
  console.error(`Ugyldige valg: --seconds skal være 1–600, --ceiling-mb positivt, --seed et heltal og --attacks blandt ${ATTACKS.join(',')}.`);
  process.exit(2);
}

const MB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enighed-flood-'));
const fixture = seedFixture(path.join(dir, SERVER_WORKSPACE_FILE));
const accessFile = path.join(dir, 'access.json');
fs.writeFileSync(accessFile, JSON.stringify(fixture.access));

const child = fork(path.join(import.meta.dirname, 'serverChild.ts'), [dir, accessFile], { execArgv: ['--import', 'tsx', ...(process.env.FLOOD_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FLOOD_CPU_PROF}`] : [])], stdio: 'inherit' });
const replies: { type: string; url?: string; report?: ServerReport }[] = [];
child.on('message', (m: { type: string }) => replies.push(m));
const reply = async (type: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = replies.findIndex((m) => m.type === type);
    if (i >= 0) return replies.splice(i, 1)[0];
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serveren svarede ikke (${type})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const hardStop = setTimeout(() => {
  console.error('Flodtesten stoppede ikke til tiden.');
  child.kill('SIGKILL');
  process.exit(1);
}, (seconds + 120) * 1000);
hardStop.unref();

let exitCode = 0;
try {
  const { url } = (await reply('ready')) as { url: string };
  console.log(`Server: ${url} (egen proces, pid ${child.pid}); flod i ${seconds} s; seed ${seed}; loft ${ceilingMb} MiB RSS.`);
  const honest = new HonestPair(url, sectionDocId(FIXTURE_AGREEMENT, 's1'), [
    { name: 'alice', token: fixture.tokens.alice },
    { name: 'bob', token: fixture.tokens.bob },
  ], prng.create(seed));
  await honest.ready(30_000);
  honest.start(100);

  let stopped = false;
  const isStopped = () => stopped;
  // Each attacker from its own loopback address (per-address limits apply to it, not to the honest
  // clients on 127.0.0.1).
  const starts: Record<(typeof ATTACKS)[number], () => Attack[]> = {
    bytes: () => [unauthenticatedBytes(url, '127.0.0.2', isStopped), unauthenticatedBytes(url, '127.0.0.2', isStopped)],
    sockets: () => ['127.0.0.3', '127.0.0.4', '127.0.0.5'].flatMap((a) => Array.from({ length: 100 }, () => manySockets(url, a, isStopped))),
    tokens: () => [wrongTokens(url, '127.0.0.6', isStopped), wrongTokens(url, '127.0.0.7', isStopped)],
    awareness: () => [
      // The observer reads the structure only (it may comment on sections, so those are writable).
      awarenessFlood(url, '127.0.0.8', fixture.tokens.observer, 1000, isStopped, structureDocId(FIXTURE_AGREEMENT)),
      awarenessFlood(url, '127.0.0.9', fixture.tokens.ghost, 200, isStopped),
    ],
    huge: () => [hugeUpdates(url, '127.0.0.10', fixture.tokens.mallory, isStopped)],
    slow: () => [slowReader(url, '127.0.0.11', fixture.tokens.observer, isStopped)],
  };
  const attacks = ATTACKS.filter((a) => chosen.has(a)).flatMap((a) => starts[a]());
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  stopped = true;
  honest.stop();
  const result = await honest.settle(30_000);
  child.send({ type: 'report' });
  const { report } = (await reply('report')) as { report: ServerReport };
  // The attackers' sockets are closed by the server's close below if they are still open.
  child.send({ type: 'close' });
  await reply('closed');
  await Promise.race([Promise.all(attacks.map((a) => a.done)), new Promise((resolve) => setTimeout(resolve, 5000))]);
  honest.destroy();

  const store = Store.open(path.join(dir, SERVER_WORKSPACE_FILE));
  const stored = paragraphTexts(store.loadYDoc(sectionDocId(FIXTURE_AGREEMENT, 's1'))).join('\n');
  store.close();

  console.log('\nServerens hukommelse:');
  console.log(`  højeste RSS ${(report.peakRssBytes / MB).toFixed(0)} MiB (loft ${ceilingMb} MiB), højeste heap ${(report.peakHeapBytes / MB).toFixed(0)} MiB`);
  console.log(`  længste blokering af event-loopet ${report.longestBlockMs.toFixed(0)} ms; ${report.appendedUpdates} ændringer gemt`);
  console.log('Afvist af serveren, efter årsag:');
  for (const cause of REFUSAL_CAUSES) if (report.refusals[cause] > 0) console.log(`  ${cause.padEnd(22)} ${report.refusals[cause]}`);
  console.log('Angriberne så:');
  const byName = new Map<string, { sockets: number; messages: number; bytes: number; refused: Record<string, number>; closes: Record<string, number> }>();
  for (const { view } of attacks) {
    const sum = byName.get(view.name) ?? { sockets: 0, messages: 0, bytes: 0, refused: {}, closes: {} };
    sum.sockets += view.sockets;
    sum.messages += view.messages;
    sum.bytes += view.bytes;
    for (const [k, v] of Object.entries(view.refusedUpgrades)) sum.refused[k] = (sum.refused[k] ?? 0) + v;
    for (const [k, v] of Object.entries(view.closes)) sum.closes[k] = (sum.closes[k] ?? 0) + v;
    byName.set(view.name, sum);
  }
  for (const [name, s] of byName) {
    console.log(`  ${name}: ${s.sockets} forbindelser, ${s.messages} beskeder (${(s.bytes / MB).toFixed(1)} MiB); afviste opgraderinger ${JSON.stringify(s.refused)}; lukket med ${JSON.stringify(s.closes)}`);
  }
  const p50 = percentile(result.latenciesMs, 0.5);
  const p99 = percentile(result.latenciesMs, 0.99);
  console.log('De to ærlige klienter:');
  console.log(`  ${result.written} markører skrevet; ${result.latenciesMs.length} målt hos modparten; udbredelse p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
  const storedMissing = [...result.text.matchAll(/⟦\w+:\d+⟧/g)].filter((m) => !stored.includes(m[0])).length;
  console.log(`  ens: ${result.converged ? 'ja' : 'NEJ'}; mangler: ${result.missing.length}; serverens gemte tekst ${stored === result.text ? 'er den samme' : `AFVIGER (${storedMissing} markører mangler)`}`);

  if (report.peakRssBytes > ceilingMb * MB) {
    console.error(`FEJL: serverens RSS nåede ${(report.peakRssBytes / MB).toFixed(0)} MiB, over loftet på ${ceilingMb} MiB.`);
    exitCode = 1;
  }
  if (!result.converged || result.missing.length > 0 || stored !== result.text) {
    console.error(`FEJL: de ærlige klienter endte ikke ens med alt bevaret (seed ${seed}).`);
    exitCode = 1;
  }
  if (result.latenciesMs.length === 0) {
    console.error('FEJL: ingen markør nåede modparten under floden.');
    exitCode = 1;
  }
  console.log(exitCode === 0 ? '\nOK: loftet holdt, og de ærlige klienter er ens uden tab.' : '\nFEJLET.');
} catch (error) {
  console.error(`Flodtesten fejlede: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);
