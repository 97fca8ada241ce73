/**
 * Seeding the candle book with stored candles (SQL, at start or to reload a bucket after
 * a late trade) and backfill candles (venue /kline, warm-up).
 *
 * Merge rule for one closed bucket: stored > live > backfill, and an equal rank
 * replaces (a reload from SQL supersedes the earlier stored copy). So a live candle
 * with trades wins over backfill, and stored wins over both, because SQL holds every
 * stored tick, including those the live path dropped as too late.
 *
 * The forming bucket is seeded only while it has no candle yet: after a restart the
 * stored part of the current bucket becomes the start of the forming candle and live
 * trades add to it (the stored open stays the open). Once live trades exist, a seed
 * for the forming bucket is ignored: adding it would count those trades twice.
 */
import type { Candle, CandleSource } from './types.js';
import { assertFinite, assertNonNegative, assertPositive } from './guards.js';
import { assertTimeframe, timeframeMs } from './buckets.js';
import { accFromCandle } from './candle-acc.js';
import { findClosed, insertClosed, symbolState, type CandleBook } from './candle-series.js';

const RANK: Readonly<Record<CandleSource, number>> = { backfill: 0, live: 1, stored: 2 };

/** Throws on a candle that cannot be real (NaN, high below low, unknown timeframe...). */
export function assertCandle(c: Candle): void {
  assertTimeframe(c.timeframe);
  if (typeof c.symbol !== 'string' || c.symbol.length === 0) throw new TypeError('candle without symbol');
  assertFinite(c.time, 'candle.time');
  if (c.time % timeframeMs(c.timeframe) !== 0) throw new RangeError(`candle.time ${c.time} not aligned to ${c.timeframe}`);
  for (const k of ['open', 'high', 'low', 'close', 'vwap'] as const) assertPositive(c[k], `candle.${k}`);
  for (const k of ['volume', 'trades', 'buyVolume', 'sellVolume'] as const) assertNonNegative(c[k], `candle.${k}`);
  if (c.low > Math.min(c.open, c.close) || c.high < Math.max(c.open, c.close)) {
    throw new RangeError(`candle ${c.symbol} ${c.timeframe} ${c.time}: open/close outside low..high`);
  }
  if (!(c.source in RANK)) throw new TypeError(`unknown candle source ${String(c.source)}`);
}

/** Merge seed candles into the book; returns the summary intent. */
export function applySeed(
  book: CandleBook,
  candles: readonly Candle[],
): { readonly type: 'candles.seeded'; readonly accepted: number; readonly ignored: number } {
  candles.forEach(assertCandle);
  if (book.now === Number.NEGATIVE_INFINITY && candles.length > 0) {
    throw new RangeError('seeding needs the candle clock: send a clock event first or pass now');
  }
  let accepted = 0;
  for (const c of candles) if (seedOne(book, c)) accepted++;
  return { type: 'candles.seeded', accepted, ignored: candles.length - accepted };
}

function seedOne(book: CandleBook, c: Candle): boolean {
  // A timeframe this book does not track is ignored, not an error: the store may hold more.
  if (!book.options.timeframes.includes(c.timeframe)) return false;
  const series = symbolState(book, c.symbol).series.get(c.timeframe);
  if (series === undefined) return false;
  if (c.time + timeframeMs(c.timeframe) > book.now) {
    if (series.forming !== undefined || c.time < (series.history.at(-1)?.time ?? Number.NEGATIVE_INFINITY)) return false;
    series.forming = accFromCandle(c);
    return true;
  }
  const i = findClosed(series, c.time);
  const existing = series.history[i];
  if (existing === undefined) return insertClosed(series, accFromCandle(c), book.options.historyLimit);
  if (RANK[c.source] < RANK[existing.source]) return false;
  series.history[i] = accFromCandle(c);
  return true;
}
