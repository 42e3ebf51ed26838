// Wrong meeting codes are throttled per address and globally: first as plain rules with a clock we
// step, then against a real meeting host, counting how many guesses it compared in a time window
// while a script sent thousands (before: about 33,000 a second, all compared).
import { afterEach, describe, expect, it } from 'vitest';
import { GuessThrottle } from '../../electron/sync/meeting/throttle.ts';
import { startMeeting, THROTTLED_REASON, WRONG_CODE_REASON, guestToken, type Meeting } from '../../electron/sync/meeting/host.ts';
import { newJoinCode, normaliseCode } from '../../electron/sync/meeting/code.ts';
import { authMessage, rawSocket, type RawSocket } from '../helpers/meetingWire.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** One guess: true if it was compared (and wrong), false if turned away unseen. */
function guess(throttle: GuessThrottle, address: string): boolean {
  const code = normaliseCode(newJoinCode());
  if (!throttle.admit(address, code).ok) return false;
  throttle.failed(address, code);
  return true;
}

describe('guess throttle (rules)', () => {
  it('lets an address make a few wrong guesses, then doubles its wait each time', () => {
    const c = clock();
    const t = new GuessThrottle({ now: c.now, globalBurst: 1000 });
    let compared = 0;
    for (let i = 0; i < 100; i++) compared += Number(guess(t, '10.0.0.7'));
    expect(compared).toBe(5);
    c.advance(999);
    expect(guess(t, '10.0.0.7')).toBe(false);
    c.advance(1);
    expect(guess(t, '10.0.0.7')).toBe(true); // 6th after 1 s
    c.advance(1999);
    expect(guess(t, '10.0.0.7')).toBe(false);
    c.advance(1);
    expect(guess(t, '10.0.0.7')).toBe(true); // 7th after 2 more s
    // Another address is not held back by this one.
    expect(guess(t, '10.0.0.8')).toBe(true);
  });

  it('over a minute, one address gets fewer than a dozen guesses', () => {
    const c = clock();
    const t = new GuessThrottle({ now: c.now, globalBurst: 1000 });
    let compared = 0;
    for (let ms = 0; ms < 60_000; ms += 10, c.advance(10)) compared += Number(guess(t, '10.0.0.7'));
    expect(compared).toBeLessThanOrEqual(11); // 5 free, then at 1, 3, 7, 15, 31 s
  });

  it('caps all addresses together: many addresses cannot add up to a fast guesser', () => {
    const c = clock();
    const t = new GuessThrottle({ now: c.now });
    let compared = 0;
    for (let ms = 0; ms < 10_000; ms += 10, c.advance(10)) {
      for (let a = 0; a < 50; a++) compared += Number(guess(t, `10.0.${a}.1`));
    }
    // The first guess of each of the 50 addresses, then the bucket: a burst of 20, 2 a second for 10 s.
    expect(compared).toBeLessThanOrEqual(50 + 20 + 2 * 10 + 1);
    expect(t.counts.refused).toBeGreaterThan(40_000);
  });

  it('never holds back the first code of an address: the right code gets in while others guess', () => {
    const c = clock();
    const t = new GuessThrottle({ now: c.now });
    for (let i = 0; i < 200; i++) guess(t, `10.1.${i % 40}.1`);
    // The bucket is empty: a known guesser is turned away…
    expect(t.admit('10.1.0.1', normaliseCode(newJoinCode())).ok).toBe(false);
    // …while a guest's first code is compared (and, being right, forgives nothing it had not done).
    expect(t.admit('10.2.0.9', 'RIGHTCODE').ok).toBe(true);
    t.succeeded('10.2.0.9');
    expect(t.admit('10.2.0.9', 'RIGHTCODE').ok).toBe(true);
  });

  it('does not charge a guest twice for one typo sent for every document, and forgives it once right', () => {
    const c = clock();
    const t = new GuessThrottle({ now: c.now });
    for (let doc = 0; doc < 22; doc++) {
      expect(t.admit('10.0.0.9', 'TYPO').ok).toBe(true);
      t.failed('10.0.0.9', 'TYPO');
    }
    for (let i = 0; i < 4; i++) expect(guess(t, '10.0.0.9')).toBe(true); // 1 + 4 = 5 free
    expect(guess(t, '10.0.0.9')).toBe(false);
    t.succeeded('10.0.0.9');
    expect(guess(t, '10.0.0.9')).toBe(true);
  });
});

describe('guess throttle (a real meeting host)', () => {
  async function meeting(): Promise<Meeting> {
    const m = await startMeeting({ address: '127.0.0.1' });
    cleanups.push(() => m.close());
    return m;
  }

  interface Tally {
    /** Guesses the host compared with its code (answered "forkert mødekode"). */
    compared: number;
    /** Guesses refused unseen: throttled by the meeting, or by the server's own address guard
     *  (its answer, a closed socket, or an upgrade refused with 429). */
    refused: number;
  }

  /**
   * Guesses from `address` for `ms`, the way a script would against the server's limits: a socket,
   * three wrong codes on it (the server closes a socket after three), then the next socket.
   */
  async function guessFor(url: string, address: string, ms: number, tally: Tally): Promise<void> {
    const until = Date.now() + ms;
    let n = 0;
    while (Date.now() < until) {
      let raw: RawSocket;
      try {
        raw = await rawSocket(url, address);
      } catch {
        tally.refused += 3; // the upgrade itself was refused (the address must wait)
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const names = [0, 1, 2].map(() => `mode/section/g${n++}`);
      for (const name of names) raw.socket.send(authMessage(name, guestToken(newJoinCode(), { name: 'Angriber', side: null })));
      await Promise.race([raw.closed, expect.poll(() => raw.answers.size, { timeout: 20_000, interval: 10 }).toBe(3)]);
      raw.socket.terminate();
      for (const name of names) {
        if (raw.answers.get(name) === WRONG_CODE_REASON) tally.compared++;
        else tally.refused++;
      }
    }
  }

  it('compares only a handful of guesses from one address in 3 s, however fast they come', async () => {
    const m = await meeting();
    const tally: Tally = { compared: 0, refused: 0 };
    await guessFor(m.url, '127.0.0.1', 3000, tally);
    // 5 free, then 1 s, 2 s, … apart: 7 in 3 s.
    expect(tally.compared).toBeLessThanOrEqual(7);
    expect(tally.compared).toBeGreaterThanOrEqual(5);
    expect(tally.refused).toBeGreaterThan(3 * tally.compared);

    // The right code from another address still gets in.
    const guest = await rawSocket(m.url, '127.0.0.2');
    cleanups.push(() => guest.socket.terminate());
    guest.socket.send(authMessage('mode/section/ok', guestToken(m.code, { name: 'Åse Øster', side: 'kommune' })));
    await expect.poll(() => guest.answers.get('mode/section/ok'), { timeout: 20_000 }).toBe('ok');
  });

  it('says why a throttled guess is refused', async () => {
    const m = await meeting();
    const raw = await rawSocket(m.url, '127.0.0.3');
    cleanups.push(() => raw.socket.terminate());
    // One socket may send three wrong codes (the server's rule), so guesses 4–9 come on new sockets.
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      const socket = round === 0 ? raw : await rawSocket(m.url, '127.0.0.3');
      const names = [0, 1, 2].map((i) => `mode/section/r${round}-${i}`);
      for (const name of names) socket.socket.send(authMessage(name, guestToken(newJoinCode(), { name: 'Angriber', side: null })));
      await Promise.race([socket.closed, expect.poll(() => socket.answers.size, { timeout: 20_000 }).toBe(3)]);
      answers.push(...names.map((n) => socket.answers.get(n) ?? 'lukket'));
      socket.socket.terminate();
    }
    expect(answers.slice(0, 5)).toEqual(Array(5).fill(WRONG_CODE_REASON));
    expect(answers[5]).toMatch(new RegExp(`^${THROTTLED_REASON} – vent \\d+ s`));
  });

  it('caps guesses from many addresses together', async () => {
    const m = await meeting();
    const started = Date.now();
    const tally: Tally = { compared: 0, refused: 0 };
    await Promise.all(Array.from({ length: 30 }, (_, a) => guessFor(m.url, `127.0.1.${a + 2}`, 2000, tally)));
    const seconds = (Date.now() - started) / 1000;
    // 30 addresses × 5 free would be 150; the meeting compares each address's first code, and then
    // its bucket allows 20 at once and 2 a second.
    expect(tally.compared).toBeLessThanOrEqual(30 + 20 + Math.ceil(2 * seconds) + 1);
    expect(tally.compared).toBeGreaterThanOrEqual(10); // the flood did reach the code check
  });
});
