/** Order statistics for benchmark samples (nearest-rank, so a p99 is a value that was measured). */

/** The p-th percentile (0..100) of `values` by nearest rank; NaN for no samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Median, p99 and max of a sample set, as a benchmark reports them. */
export interface Spread {
  readonly samples: number;
  readonly median: number;
  readonly p99: number;
  readonly max: number;
}

/** Summarise samples (one sort). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { samples: 0, median: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number;
  return { samples: sorted.length, median: at(50), p99: at(99), max: sorted[sorted.length - 1] as number };
}

/** Round for display and JSON (benchmarks are not more precise than this). */
export const round = (x: number, digits = 2): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
