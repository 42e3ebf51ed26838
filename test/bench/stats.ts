// Summaries of timing samples for the benchmarks' reports. Percentiles are nearest-rank: p95 of 200
// samples is the 190th smallest, a value that was actually measured.

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return {
    count: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** "p50 1.23  p95 4.56  p99 7.89  max 9.99  mean 2.00 ms (n=200)". */
export function formatSummary(s: Summary, digits = 2): string {
  const f = (x: number) => x.toFixed(digits).padStart(7);
  return `p50 ${f(s.p50)}  p95 ${f(s.p95)}  p99 ${f(s.p99)}  max ${f(s.max)}  mean ${f(s.mean)} ms (n=${s.count})`;
}

export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
