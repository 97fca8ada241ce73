/**
 * Bucket math for candles. Buckets are aligned to the Unix epoch in UTC, exactly like
 * TimescaleDB's `time_bucket(interval, ts)` with its default origin for intervals of a
 * day or less (every timeframe here divides a day, so 4h buckets start at 00/04/08...
 * UTC and 1d buckets at 00:00 UTC).
 */
import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from './types.js';
import { assertFinite } from './guards.js';

const KNOWN: ReadonlySet<string> = new Set(TIMEFRAMES);

/** Throws a TypeError for anything that is not one of TIMEFRAMES. */
export function assertTimeframe(tf: string): Timeframe {
  if (!KNOWN.has(tf)) throw new TypeError(`unknown timeframe ${JSON.stringify(tf)}`);
  return tf as Timeframe;
}

/** Length of a timeframe in ms. */
export function timeframeMs(tf: Timeframe): number {
  return TIMEFRAME_MS[assertTimeframe(tf)];
}

/** Start (ms) of the bucket holding `time`. Floors, so negative times work too. */
export function bucketStart(time: number, tf: Timeframe): number {
  assertFinite(time, 'time');
  const ms = timeframeMs(tf);
  return Math.floor(time / ms) * ms;
}

/** Exclusive end (ms) of the bucket holding `time`. */
export function bucketEnd(time: number, tf: Timeframe): number {
  return bucketStart(time, tf) + timeframeMs(tf);
}
