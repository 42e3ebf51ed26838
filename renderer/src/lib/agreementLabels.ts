// The agreement picker's labels: an agreement is shown by its title, and agreements that share a
// title are told apart by what differs between them — generation, period, region, the server
// they came from — and, when nothing does, by when they were made.
import type { AgreementMeta } from '../../../shared/domain/agreement.ts';
import type { AgreementDetails } from '../../../shared/api/participantsContract.ts';
import { formatDanishDateTime } from '../../../shared/domain/labels.ts';

type Facet = (a: AgreementMeta, d: AgreementDetails | undefined) => string;

const facets: Facet[] = [
  (a) => `${a.generation}. generation`,
  (a) => `${a.period.from}–${a.period.to}`,
  (_, d) => d?.region ?? '',
  (_, d) => (d?.server ? serverName(d.server) : 'kun på denne computer'),
];

/** The host (and port) of a server address: "sync.example.dk" from "wss://sync.example.dk/". */
export function serverName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A label per agreement id: the title, plus what tells it apart from others of the same title. */
export function agreementLabels(agreements: readonly AgreementMeta[], details: readonly AgreementDetails[]): Map<string, string> {
  const byId = new Map(details.map((d) => [d.agreementId, d]));
  const labels = new Map<string, string>();
  const byTitle = new Map<string, AgreementMeta[]>();
  for (const a of agreements) byTitle.set(a.title, [...(byTitle.get(a.title) ?? []), a]);
  for (const group of byTitle.values()) {
    if (group.length === 1) {
      labels.set(group[0].id, group[0].title);
      continue;
    }
    // Only the facets on which the group's agreements differ say anything.
    const telling = facets.filter((f) => new Set(group.map((a) => f(a, byId.get(a.id)))).size > 1);
    for (const a of group) {
      const parts = telling.map((f) => f(a, byId.get(a.id))).filter(Boolean);
      const distinct = telling.length > 0 && new Set(group.map((b) => telling.map((f) => f(b, byId.get(b.id))).join('|'))).size === group.length;
      if (!distinct) parts.push(`oprettet ${formatDanishDateTime(a.createdAt)}`);
      labels.set(a.id, `${a.title} (${parts.join(', ')})`);
    }
  }
  return labels;
}

/** The picker's tooltip: every facet, whatever the others are. */
export function agreementTooltip(a: AgreementMeta, d: AgreementDetails | undefined): string {
  return [a.title, ...facets.map((f) => f(a, d)).filter(Boolean), `id ${a.id}`].join(' · ');
}
