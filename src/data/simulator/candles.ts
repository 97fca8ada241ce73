/**
 * Per-market one-minute candle series, the single source of /kline and the WS `candle`
 * channel: the generated history and the live trades write into the same minutes, and every
 * interval is aggregated from them, so history and live candles agree wherever they overlap.
 */

/** One-minute OHLCV in grid units (price ticks, amount lots). */
export interface Minute {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
}

/** Candles indexed by minute since `baseMs`. */
export interface MinuteSeries {
  readonly baseMs: number;
  readonly items: Array<Minute | undefined>;
}

/** Interval label to milliseconds (venue intervals, pacifica-api.md §1.3 / §2.3). */
export const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '8h': 28_800_000, '12h': 43_200_000, '1d': 86_400_000,
};

const MINUTE = 60_000;

/** Empty series starting at the (minute-aligned) `baseMs`. */
export function createSeries(baseMs: number): MinuteSeries {
  return { baseMs, items: [] };
}

/** Fold one trade (or one generated minute) into the series. */
export function addToMinute(series: MinuteSeries, time: number, priceTicks: number, lots: number, count = 1): void {
  const index = Math.floor((time - series.baseMs) / MINUTE);
  if (index < 0) return;
  const m = series.items[index];
  if (!m) {
    series.items[index] = { o: priceTicks, h: priceTicks, l: priceTicks, c: priceTicks, v: lots, n: count };
    return;
  }
  if (priceTicks > m.h) m.h = priceTicks;
  if (priceTicks < m.l) m.l = priceTicks;
  m.c = priceTicks;
  m.v += lots;
  m.n += count;
}

/** Store a whole generated minute. */
export function putMinute(series: MinuteSeries, time: number, minute: Minute): void {
  const index = Math.floor((time - series.baseMs) / MINUTE);
  if (index >= 0) series.items[index] = minute;
}

/** Aggregate the minutes of [start, start + intervalMs); undefined when no trade fell in it. */
export function aggregate(series: MinuteSeries, start: number, intervalMs: number): Minute | undefined {
  const first = Math.max(0, Math.floor((start - series.baseMs) / MINUTE));
  const last = Math.min(series.items.length, Math.ceil((start + intervalMs - series.baseMs) / MINUTE));
  let out: Minute | undefined;
  for (let i = first; i < last; i++) {
    const m = series.items[i];
    if (!m) continue;
    if (!out) out = { ...m };
    else {
      out.h = Math.max(out.h, m.h);
      out.l = Math.min(out.l, m.l);
      out.c = m.c;
      out.v += m.v;
      out.n += m.n;
    }
  }
  return out;
}

/** Candles with start in [startTime, endTime), oldest first, at most `limit` rows. */
export function klines(series: MinuteSeries, intervalMs: number, startTime: number, endTime: number, limit: number): Array<{ t: number; m: Minute }> {
  const out: Array<{ t: number; m: Minute }> = [];
  const dataEnd = series.baseMs + series.items.length * MINUTE;
  let t = Math.max(Math.ceil(startTime / intervalMs), Math.floor(series.baseMs / intervalMs)) * intervalMs;
  for (; t < endTime && t < dataEnd && out.length < limit; t += intervalMs) {
    const m = aggregate(series, t, intervalMs);
    if (m) out.push({ t, m });
  }
  return out;
}
