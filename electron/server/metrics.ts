// /metrics in Prometheus' text format (prom-client), one registry per server: open connections,
// loaded documents, updates appended, refusals by cause (read from the server's own counters when
// scraped, so nothing is counted twice) and how long each append took until durable.
import client from 'prom-client';
import { REFUSAL_CAUSES } from './refusals.ts';
import type { SyncServerStats } from './options.ts';

export interface ServerMetrics {
  registry: client.Registry;
  /** Seconds one append took until it was durable. */
  observeAppend(seconds: number): void;
  /** Prometheus' text format. */
  text(): Promise<string>;
  /** Append latency quantiles measured so far (seconds), for tests and the benchmark. */
  appendQuantiles(): Promise<{ p50: number; p99: number; count: number }>;
}

export function createMetrics(stats: () => SyncServerStats, store: string): ServerMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ store });
  client.collectDefaultMetrics({ register: registry, prefix: 'enighed_process_' });
  new client.Gauge({
    name: 'enighed_connections',
    help: 'Open WebSocket connections',
    registers: [registry],
    collect() {
      this.set(stats().openConnections);
    },
  });
  new client.Gauge({
    name: 'enighed_documents_loaded',
    help: 'Documents loaded in memory',
    registers: [registry],
    collect() {
      this.set(stats().loadedDocuments);
    },
  });
  new client.Gauge({
    name: 'enighed_updates_appended_total',
    help: 'Updates appended to the store since start',
    registers: [registry],
    collect() {
      this.set(stats().appendedUpdates);
    },
  });
  new client.Gauge({
    name: 'enighed_refusals_total',
    help: 'Refusals since start, by cause',
    labelNames: ['cause'],
    registers: [registry],
    collect() {
      const refusals = stats().refusals;
      for (const cause of REFUSAL_CAUSES) this.set({ cause }, refusals[cause]);
    },
  });
  const append = new client.Summary({
    name: 'enighed_append_seconds',
    help: 'Time from handing an update to the store until it was durable',
    percentiles: [0.5, 0.9, 0.99],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'enighed_append_latency_seconds',
    help: 'Append latency until durable',
    buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return {
    registry,
    observeAppend(seconds) {
      append.observe(seconds);
      latency.observe(seconds);
    },
    text: () => registry.metrics(),
    async appendQuantiles() {
      const { values } = await append.get();
      const q = (quantile: number) => values.find((v) => v.labels.quantile === quantile)?.value ?? NaN;
      const count = values.find((v) => v.metricName === 'enighed_append_seconds_count')?.value ?? 0;
      return { p50: q(0.5), p99: q(0.99), count };
    },
  };
}
