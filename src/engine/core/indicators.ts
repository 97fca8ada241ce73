/**
 * Indicators over closed candles (pacifica-api.md §4.5). Each returns null when the
 * input cannot support it, so the strategy can say why instead of trading on NaN.
 */
import type { Candle } from './types.js';

/** True range of candle i: max(h−l, |h−c_prev|, |l−c_prev|); h−l for the first candle. */
export function trueRange(candles: readonly Candle[], i: number): number {
  const c = candles[i];
  if (c === undefined) throw new RangeError(`no candle at ${i}`);
  const prev = candles[i - 1];
  if (prev === undefined) return c.high - c.low;
  return Math.max(c.high - c.low, Math.abs(c.high - prev.close), Math.abs(c.low - prev.close));
}

/**
 * ATR as the simple mean of the last `period` true ranges (the surviving Nexwave code
 * used a simple mean, not Wilder's smoothing). Needs period + 1 candles so every true
 * range has a previous close; null otherwise.
 */
export function atr(candles: readonly Candle[], period = 14): number | null {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`ATR period must be a positive integer, got ${period}`);
  if (candles.length < period + 1) return null;
  let sum = 0;
  for (let i = candles.length - period; i < candles.length; i++) sum += trueRange(candles, i);
  return sum / period;
}

/**
 * VWAP over a window of candles as Σ(close·volume)/Σvolume, the formula Nexwave
 * documented. Not Σ(vwap·volume): both are defensible, but close-weighted keeps signals
 * comparable with the old system and with /kline backfill, which has no vwap column.
 * Null when the window traded nothing.
 */
export function windowVwap(candles: readonly Candle[]): number | null {
  let pv = 0;
  let v = 0;
  for (const c of candles) {
    pv += c.close * c.volume;
    v += c.volume;
  }
  return v > 0 ? pv / v : null;
}

/** Mean candle volume over the window; null for an empty window. */
export function meanVolume(candles: readonly Candle[]): number | null {
  if (candles.length === 0) return null;
  return candles.reduce((s, c) => s + c.volume, 0) / candles.length;
}
