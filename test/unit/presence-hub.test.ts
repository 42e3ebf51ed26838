// The Node side's presence relay (electron/sync/presence.ts) with real Yjs awareness: what a window
// may say (its cursor only, one bounded entry), who it is (the profile), what reaches the windows
// (the others, never the own state), and removal when a window or the sync client goes away.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { PRESENCE_RENEW_MS, PRESENCE_STALE_MS, PresenceHub } from '../../electron/sync/presence.ts';
import { readAwarenessEntries } from '../../shared/presence/awarenessEntries.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';

const S1 = sectionDocId('a1', 's1');

function setup() {
  const sent: { docId: string; update: Uint8Array }[] = [];
  let profile: { name: string; side: 'region' | 'kommune' | null } | null = { name: 'Søren Ærø', side: 'region' };
  const hub = new PresenceHub<{ id: string }>(
    () => profile,
    (docId, update) => sent.push({ docId, update }),
  );
  const doc = new Y.Doc();
  const provider = hub.awarenessFor(S1, doc)!;
  const setProfile = (p: typeof profile) => (profile = p);
  return { hub, doc, provider, sent, setProfile };
}

/** What a window's awareness sends: its own entry. */
function windowUpdate(state: unknown): Uint8Array {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(state as Record<string, unknown> | null);
  const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.destroy();
  return update;
}

const cursor = { anchor: { type: null, tname: 'prosemirror', item: { client: 1, clock: 4 }, assoc: 0 }, head: { type: null, tname: 'prosemirror', item: { client: 1, clock: 9 }, assoc: 0 } };

describe('the presence relay', () => {
  it('carries presence on sections only', () => {
    const { hub } = setup();
    expect(hub.awarenessFor(structureDocId('a1'), new Y.Doc())).toBeNull();
  });

  it("announces the window's cursor under the profile's name, whatever the window claims", () => {
    const { hub, provider, setProfile } = setup();
    const win = { id: 'w1' };
    expect(provider.getLocalState()).toBeNull();
    hub.set(win, S1, windowUpdate({ cursor, user: { name: 'Direktøren', side: 'kommune' } }));
    expect(provider.getLocalState()).toEqual({ user: { name: 'Søren Ærø', side: 'region', color: '#2c5f9e' }, cursor });
    setProfile({ name: 'Søren Ærø Holm', side: 'region' });
    hub.refresh();
    expect((provider.getLocalState() as { user: { name: string } }).user.name).toBe('Søren Ærø Holm');
    // Another window cannot take it away; the window itself, closing the section, does.
    hub.clear({ id: 'w2' }, S1);
    expect(provider.getLocalState()).not.toBeNull();
    hub.set(win, S1, windowUpdate(null));
    expect(provider.getLocalState()).toBeNull();
    hub.set(win, S1, windowUpdate({ cursor: null }));
    hub.forget(win);
    expect(provider.getLocalState()).toBeNull();
  });

  it('refuses what is not one small, well-formed state', () => {
    const { hub } = setup();
    const win = { id: 'w1' };
    const two = new Awareness(new Y.Doc());
    const other = new Awareness(new Y.Doc());
    other.setLocalState({ cursor: null }); // clock 1: a first state (clock 0) is not taken from another client
    applyAwarenessUpdate(two, encodeAwarenessUpdate(other, [other.clientID]), 'x');
    expect(two.getStates().size).toBe(2);
    expect(() => hub.set(win, S1, encodeAwarenessUpdate(two, [...two.getStates().keys()]))).toThrow(UserFacingError);
    expect(() => hub.set(win, S1, windowUpdate({ cursor: { anchor: 'x', head: 3 } }))).toThrow(/ugyldig form/);
    expect(() => hub.set(win, S1, windowUpdate({ cursor: { ...cursor, extra: 'x'.repeat(5000) } }))).toThrow(/fylder for meget/);
    expect(() => hub.set(win, S1, new Uint8Array([1, 2, 3]))).toThrow(/kunne ikke læses/);
    for (const a of [two, other]) a.destroy();
  });

  it('passes the others on to the windows, never the own state, and removes them when the sync client goes', () => {
    const { hub, provider, sent } = setup();
    hub.set({ id: 'w1' }, S1, windowUpdate({ cursor }));
    expect(sent).toHaveLength(0); // the own state stays here
    // Åse's state arrives from the server.
    const ase = new Awareness(new Y.Doc());
    ase.setLocalState({ user: { name: 'Åse Øster', side: 'kommune', verified: true }, cursor });
    applyAwarenessUpdate(provider, encodeAwarenessUpdate(ase, [ase.clientID]), 'server');
    expect(sent).toHaveLength(1);
    expect(readAwarenessEntries(sent[0].update, 10)!.map((e) => [e.clientID, e.state])).toEqual([[ase.clientID, { user: { name: 'Åse Øster', side: 'kommune', verified: true }, cursor }]]);
    expect(readAwarenessEntries(hub.snapshot(S1), 10)!.map((e) => e.clientID)).toEqual([ase.clientID]);
    expect(hub.sectionsWithOthers()).toEqual([S1]);
    // The sync client is replaced: the windows are told she is gone (a null state, same clock).
    hub.detach(S1);
    const removal = readAwarenessEntries(sent[1].update, 10)!;
    expect(removal).toEqual([expect.objectContaining({ clientID: ase.clientID, state: null })]);
    const view = new Awareness(new Y.Doc());
    applyAwarenessUpdate(view, sent[0].update, 'relay');
    expect(view.getStates().has(ase.clientID)).toBe(true);
    applyAwarenessUpdate(view, sent[1].update, 'relay');
    expect(view.getStates().has(ase.clientID)).toBe(false);
    expect(hub.snapshot(S1)).toEqual(new Uint8Array([0]));
    for (const a of [ase, view, provider]) a.destroy();
  });

  it('renews the own state every second, and drops another not renewed for a few seconds (a machine gone silent)', () => {
    const { hub, provider, sent } = setup();
    const sentByProvider: number[][] = [];
    provider.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => sentByProvider.push([...added, ...updated, ...removed]));
    hub.set({ id: 'w1' }, S1, windowUpdate({ cursor }));
    const clock = () => provider.meta.get(provider.clientID)!.clock;
    const before = clock();
    const t0 = Date.now();
    hub.sweep(t0);
    expect(clock()).toBe(before); // just announced: not due yet
    hub.sweep(t0 + PRESENCE_RENEW_MS);
    expect(clock()).toBe(before + 1);
    expect(provider.getLocalState()).toEqual({ user: { name: 'Søren Ærø', side: 'region', color: '#2c5f9e' }, cursor });
    expect(sentByProvider.at(-1)).toEqual([provider.clientID]); // what the provider sends on

    // Åse's state arrives, and is renewed once; then her machine goes silent.
    const ase = new Awareness(new Y.Doc());
    ase.setLocalState({ user: { name: 'Åse Øster', side: 'kommune', verified: true }, cursor });
    applyAwarenessUpdate(provider, encodeAwarenessUpdate(ase, [ase.clientID]), 'server');
    ase.setLocalState(ase.getLocalState());
    applyAwarenessUpdate(provider, encodeAwarenessUpdate(ase, [ase.clientID]), 'server');
    const heard = provider.meta.get(ase.clientID)!.lastUpdated;
    const view = new Awareness(new Y.Doc());
    for (const { update } of sent) applyAwarenessUpdate(view, update, 'relay');
    let viewChanges = 0;
    view.on('change', () => viewChanges++);
    expect(view.getStates().has(ase.clientID)).toBe(true);
    hub.sweep(heard + PRESENCE_STALE_MS);
    expect(provider.getStates().has(ase.clientID)).toBe(true);
    const relayed = sent.length;
    hub.sweep(heard + PRESENCE_STALE_MS + 1);
    expect(provider.getStates().has(ase.clientID)).toBe(false);
    // The windows are told (a null state at her clock), and a late copy of her old state (a
    // snapshot, the server's echo) does not bring her back.
    expect(sent.length).toBe(relayed + 1);
    expect(readAwarenessEntries(sent.at(-1)!.update, 10)).toEqual([expect.objectContaining({ clientID: ase.clientID, state: null })]);
    applyAwarenessUpdate(view, sent.at(-1)!.update, 'relay');
    expect(view.getStates().has(ase.clientID)).toBe(false);
    expect(viewChanges).toBe(1);
    applyAwarenessUpdate(provider, encodeAwarenessUpdate(ase, [ase.clientID]), 'server');
    expect(provider.getStates().has(ase.clientID)).toBe(false);
    // She comes back (her next renewal): she is there again.
    ase.setLocalState(ase.getLocalState());
    applyAwarenessUpdate(provider, encodeAwarenessUpdate(ase, [ase.clientID]), 'server');
    expect(provider.getStates().has(ase.clientID)).toBe(true);
    hub.detach(S1);
    for (const a of [ase, view, provider]) a.destroy();
  });

  it('renews only while the connection is open (the provider would queue every renewal)', () => {
    const hub = new PresenceHub<{ id: string }>(
      () => ({ name: 'Søren Ærø', side: 'region' }),
      () => {},
    );
    let online = false;
    const provider = hub.awarenessFor(S1, new Y.Doc(), () => online)!;
    hub.set({ id: 'w1' }, S1, windowUpdate({ cursor }));
    const clock = provider.meta.get(provider.clientID)!.clock;
    hub.sweep(Date.now() + 5 * PRESENCE_RENEW_MS);
    expect(provider.meta.get(provider.clientID)!.clock).toBe(clock);
    online = true;
    hub.sweep(Date.now() + 5 * PRESENCE_RENEW_MS);
    expect(provider.meta.get(provider.clientID)!.clock).toBe(clock + 1);
    hub.detach(S1);
    provider.destroy();
  });

  it('renews nothing and sweeps nothing once no provider is attached', () => {
    const { hub, provider } = setup();
    hub.set({ id: 'w1' }, S1, windowUpdate({ cursor }));
    hub.detach(S1);
    const clock = provider.meta.get(provider.clientID)!.clock;
    hub.sweep(Date.now() + 10 * PRESENCE_RENEW_MS);
    expect(provider.meta.get(provider.clientID)!.clock).toBe(clock);
    provider.destroy();
  });
});
