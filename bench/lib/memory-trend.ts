/**
 * Memory trend for the soak: the slope of a least-squares line through the low points of a
 * series of samples, in MB per minute. Low points (the minimum of each window of samples)
 * follow the floor that a leak raises, not the garbage that a GC takes back.
 */
export interface MemorySample {
  /** Wall-clock ms. */
  readonly at: number;
  /** Bytes. */
  readonly bytes: number;
}

/** The minimum of each run of `window` consecutive samples (the last run may be shorter). */
export function lowPoints(samples: readonly MemorySample[], window: number): MemorySample[] {
  const out: MemorySample[] = [];
  for (let i = 0; i < samples.length; i += window) {
    const run = samples.slice(i, i + window);
    out.push(run.reduce((lo, s) => (s.bytes < lo.bytes ? s : lo)));
  }
  return out;
}

/** Least-squares slope of `samples` in MB (1e6 bytes) per minute; 0 with fewer than two. */
export function slopeMbPerMin(samples: readonly MemorySample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const x = samples.map((s) => s.at / 60_000);
  const y = samples.map((s) => s.bytes / 1e6);
  const mx = x.reduce((a, v) => a + v, 0) / n;
  const my = y.reduce((a, v) => a + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((x[i] ?? 0) - mx) * ((y[i] ?? 0) - my);
    den += ((x[i] ?? 0) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Slope of the low points over the last `fraction` of the samples (after warm-up). */
export function floorSlope(samples: readonly MemorySample[], fraction = 2 / 3, window = 2): number {
  return slopeMbPerMin(lowPoints(samples.slice(Math.floor(samples.length * (1 - fraction))), window));
}
