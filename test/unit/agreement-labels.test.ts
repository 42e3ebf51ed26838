// The picker tells agreements with one title apart by what differs between them.
import { describe, expect, it } from 'vitest';
import { agreementLabels, serverName } from '../../renderer/src/lib/agreementLabels.ts';
import type { AgreementMeta } from '../../shared/domain/agreement.ts';

const meta = (id: string, over: Partial<AgreementMeta> = {}): AgreementMeta => ({
  id,
  title: 'Sundhedsaftale',
  generation: 2,
  period: { from: 2011, to: 2014 },
  regionPartyId: 'r',
  createdAt: '2026-11-30T10:00:00.000Z',
  ...over,
});
const detail = (agreementId: string, region: string | null, server: string | null) => ({ agreementId, region, server, participantId: null });

describe('agreement picker labels', () => {
  it('shows a unique title as it is', () => {
    const labels = agreementLabels([meta('a'), meta('b', { title: 'Andet' })], []);
    expect(labels.get('a')).toBe('Sundhedsaftale');
    expect(labels.get('b')).toBe('Andet');
  });

  it('adds only the facets that differ: generation and period, region, server', () => {
    const labels = agreementLabels(
      [meta('a'), meta('b', { generation: 3, period: { from: 2015, to: 2018 } })],
      [detail('a', 'Region Midtjylland', null), detail('b', 'Region Midtjylland', null)],
    );
    expect(labels.get('a')).toBe('Sundhedsaftale (2. generation, 2011–2014)');
    expect(labels.get('b')).toBe('Sundhedsaftale (3. generation, 2015–2018)');

    const byServer = agreementLabels([meta('a'), meta('b')], [detail('a', 'Region Midtjylland', 'wss://aftaler.rm.dk/'), detail('b', 'Region Midtjylland', null)]);
    expect(byServer.get('a')).toBe('Sundhedsaftale (aftaler.rm.dk)');
    expect(byServer.get('b')).toBe('Sundhedsaftale (kun på denne computer)');

    const byRegion = agreementLabels([meta('a'), meta('b')], [detail('a', 'Region Midtjylland', null), detail('b', 'Region Syddanmark', null)]);
    expect(byRegion.get('b')).toBe('Sundhedsaftale (Region Syddanmark)');
  });

  it('falls back to when each was made when nothing else differs', () => {
    const labels = agreementLabels([meta('a'), meta('b', { createdAt: '2026-12-01T09:30:00.000Z' })], []);
    expect(labels.get('a')).not.toBe(labels.get('b'));
    expect(labels.get('b')).toMatch(/^Sundhedsaftale \(oprettet 1\. dec\. 2026/);
  });

  it('names a server by its host', () => {
    expect(serverName('ws://127.0.0.1:4455')).toBe('127.0.0.1:4455');
  });
});
