/**
 * Events (or rows) per second over a short sliding window of one-second buckets, so a
 * display shows a steady figure instead of one that flickers with each frame. Time comes
 * in as an argument: the meter never reads a clock.
 */
export interface RateMeter {
  /** Count `n` (default 1) at `now` (epoch ms). */
  mark(now: number, n?: number): void;
  /** Mean rate over the last `windowSeconds` complete seconds. */
  perSecond(now: number): number;
}

export function createRateMeter(windowSeconds = 5): RateMeter {
  const buckets = new Map<number, number>();
  const prune = (sec: number): void => {
    for (const k of buckets.keys()) if (k < sec - windowSeconds) buckets.delete(k);
  };
  return {
    mark(now, n = 1) {
      const sec = Math.floor(now / 1000);
      buckets.set(sec, (buckets.get(sec) ?? 0) + n);
      if (buckets.size > windowSeconds + 2) prune(sec);
    },
    perSecond(now) {
      const sec = Math.floor(now / 1000);
      prune(sec);
      let total = 0;
      for (const [k, v] of buckets) if (k < sec) total += v;
      return total / windowSeconds;
    },
  };
}
