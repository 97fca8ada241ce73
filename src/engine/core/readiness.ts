/**
 * Warm-up readiness of one pair: how many contiguous closed candles
 * end at the bucket that closed last on the candle clock, how many are missing, and
 * when the window will be complete.
 *
 * A hole (two consecutive closed candles whose bucket starts are not one timeframe
 * apart, or candles that stop before the last closed bucket) is reported and never
 * bridged: only the contiguous run ending at the last closed bucket counts, so after a
 * hole the strategy waits until `required` contiguous candles exist again. A bucket
 * without any trade has no candle (as in SQL), so on an illiquid pair it is a hole too.
 */
import type { Candle, Timeframe } from './types.js';
import { assertFinite } from './guards.js';
import { bucketStart, timeframeMs } from './buckets.js';

/** A run of missing buckets [from, to) (ms). */
export interface CandleHole {
  readonly from: number;
  readonly to: number;
}

export interface Readiness {
  readonly timeframe: Timeframe;
  /** Candles needed. */
  readonly required: number;
  /** Contiguous closed candles ending at the last closed bucket (capped at required). */
  readonly available: number;
  readonly missing: number;
  readonly ready: boolean;
  /** When the window will be complete if no hole appears (ms); now when ready. */
  readonly readyAt: number;
  /** Holes found in the given candles, oldest first. */
  readonly holes: readonly CandleHole[];
  /** The latest hole when it lies inside the lookback window (why it is not ready). */
  readonly holeInWindow: CandleHole | null;
}

/**
 * Readiness from closed candles (ascending, one series) at candle-clock time `now`.
 * Example: 7 of 20 on 15m at 12:07 -> the 8th closes at 12:15, the 20th at 15:15.
 */
export function readiness(closed: readonly Candle[], tf: Timeframe, required: number, now: number): Readiness {
  assertFinite(now, 'now');
  if (!Number.isInteger(required) || required < 1) throw new RangeError(`required must be a positive integer, got ${required}`);
  const ms = timeframeMs(tf);
  const forming = bucketStart(now, tf);
  const lastClosed = forming - ms;
  const holes = findHoles(closed, ms);
  const last = closed.at(-1);
  if (last !== undefined && last.time < lastClosed) holes.push({ from: last.time + ms, to: forming });
  let run = 0;
  if (last?.time === lastClosed) {
    run = 1;
    for (let i = closed.length - 1; i > 0 && run < required; i--) {
      if ((closed[i]?.time ?? 0) - (closed[i - 1]?.time ?? 0) !== ms) break;
      run++;
    }
  }
  const available = Math.min(run, required);
  const missing = required - available;
  const latest = holes.at(-1);
  return {
    timeframe: tf,
    required,
    available,
    missing,
    ready: missing === 0,
    readyAt: missing === 0 ? now : forming + missing * ms,
    holes,
    holeInWindow: latest !== undefined && latest.to > forming - required * ms ? latest : null,
  };
}

function findHoles(closed: readonly Candle[], ms: number): CandleHole[] {
  const holes: CandleHole[] = [];
  for (let i = 1; i < closed.length; i++) {
    const prev = closed[i - 1]?.time ?? 0;
    const cur = closed[i]?.time ?? 0;
    if (cur <= prev) throw new RangeError(`candles not strictly ascending at ${new Date(cur).toISOString()}`);
    if (cur - prev !== ms) holes.push({ from: prev + ms, to: cur });
  }
  return holes;
}

/**
 * Trader-readable reason when not ready: a hole inside the lookback window wins over
 * the plain count ("hole in candles at 2026-03-02T10:15:00.000Z (7/20 contiguous)"),
 * else "warming up 7/20".
 */
export function readinessReason(r: Readiness): string | null {
  if (r.ready) return null;
  if (r.holeInWindow !== null) {
    return `hole in candles at ${new Date(r.holeInWindow.from).toISOString()} (${r.available}/${r.required} contiguous)`;
  }
  return `warming up ${r.available}/${r.required}`;
}
