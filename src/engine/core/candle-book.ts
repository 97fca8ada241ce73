/**
 * Live candle aggregator: ticks in, OHLCV + vwap + trade count + buy
 * and sell volume out, per symbol and timeframe, aligned like `time_bucket` (UTC).
 *
 * Shape: `reduceCandles(book, event) -> { state, intents }`. Deterministic, no I/O, no
 * clock of its own (time arrives in `clock` events and trade times). Unlike the other
 * reducers in core, the book is mutated in place and the same object returned: at
 * 20k trades/s across six timeframes, copying histories per trade would cost more
 * than everything else on the tick path. Callers own one book and never share it.
 *
 * Rules:
 * - A bucket closes when the candle clock (max of clock events and trade times) passes
 *   its end: by a `clock` event or by a trade of the same symbol in a later bucket.
 * - Out-of-order trades inside a bucket are exact: open/close go by (time, tradeId).
 * - A closed bucket still takes a late trade until graceMs after its end and emits
 *   `candle.updated` with closed: true; later, `late-trade-dropped-from-candle`.
 * - A duplicate trade (same symbol, time, tradeId) within dedupWindowMs is ignored.
 * - A bucket without trades has no candle (as in SQL); readiness reports it as a hole.
 */
import type { Candle, Tick, Timeframe } from './types.js';
import { TIMEFRAMES } from './types.js';
import { assertFinite, assertNonNegative, assertPositive } from './guards.js';
import { assertTimeframe, bucketStart, timeframeMs } from './buckets.js';
import { accAddTick, accFromTick, accToCandle } from './candle-acc.js';
import {
  findClosed,
  insertClosed,
  symbolState,
  type CandleBook,
  type CandleBookOptions,
  type SeriesState,
  type SymbolState,
} from './candle-series.js';
import { applySeed } from './candle-seed.js';

export type { CandleBook, CandleBookOptions } from './candle-series.js';

/** Events the candle book understands. */
export type CandleEvent =
  | { readonly type: 'trade'; readonly tick: Tick }
  | { readonly type: 'clock'; readonly now: number }
  /** Stored (SQL) or backfill (/kline) candles; see candle-seed.ts for the merge rule. */
  | { readonly type: 'seed'; readonly candles: readonly Candle[]; readonly now?: number };

/** What the app should do after an event. */
export type CandleIntent =
  /** A candle changed: the forming one (closed: false) or a closed one taking a late trade. */
  | { readonly type: 'candle.updated'; readonly candle: Candle; readonly closed: boolean }
  | { readonly type: 'candle.closed'; readonly candle: Candle }
  /** The tick is still stored by the writer; reload this bucket from SQL once it is closed. */
  | {
      readonly type: 'late-trade-dropped-from-candle';
      readonly tick: Tick;
      readonly timeframe: Timeframe;
      readonly bucket: number;
      readonly reason: 'past-grace' | 'past-dedup-window';
    }
  | { readonly type: 'candles.seeded'; readonly accepted: number; readonly ignored: number };

export const DEFAULT_CANDLE_OPTIONS: CandleBookOptions = {
  timeframes: TIMEFRAMES,
  graceMs: 5_000,
  dedupWindowMs: 60_000,
  historyLimit: 500,
};

/** A new, empty book. Throws on nonsensical options. */
export function createCandleBook(options: Partial<CandleBookOptions> = {}): CandleBook {
  const o = { ...DEFAULT_CANDLE_OPTIONS, ...options };
  o.timeframes.forEach(assertTimeframe);
  assertNonNegative(o.graceMs, 'graceMs');
  assertNonNegative(o.dedupWindowMs, 'dedupWindowMs');
  if (o.dedupWindowMs < o.graceMs) throw new RangeError('dedupWindowMs must be >= graceMs');
  if (!Number.isInteger(o.historyLimit) || o.historyLimit < 1) throw new RangeError('historyLimit must be a positive integer');
  return { options: o, now: Number.NEGATIVE_INFINITY, symbols: new Map() };
}

/** Apply one event. Returns the (same, updated) book and the intents. */
export function reduceCandles(book: CandleBook, event: CandleEvent): { state: CandleBook; intents: CandleIntent[] } {
  const intents: CandleIntent[] = [];
  if (event.type === 'trade') onTrade(book, event.tick, intents);
  else if (event.type === 'clock') onClock(book, assertFinite(event.now, 'now'), intents);
  else {
    if (event.now !== undefined) onClock(book, assertFinite(event.now, 'now'), intents);
    intents.push(applySeed(book, event.candles));
  }
  return { state: book, intents };
}

/** Throws on a tick no parser should have let through. */
export function assertTick(t: Tick): void {
  if (typeof t.symbol !== 'string' || t.symbol.length === 0) throw new TypeError('tick without symbol');
  assertFinite(t.time, 'tick.time');
  assertPositive(t.price, 'tick.price');
  assertNonNegative(t.volume, 'tick.volume');
  if (!Number.isSafeInteger(t.tradeId)) throw new RangeError(`tick.tradeId must be an integer, got ${t.tradeId}`);
  if (t.side !== 'buy' && t.side !== 'sell') throw new TypeError(`tick.side must be buy|sell, got ${String(t.side)}`);
}

function onClock(book: CandleBook, now: number, intents: CandleIntent[]): void {
  if (now > book.now) book.now = now;
  for (const s of book.symbols.values()) {
    for (const [tf, series] of s.series) closeIfEnded(book, series, tf, intents);
    pruneSeen(s, book.now - book.options.dedupWindowMs);
  }
}

function onTrade(book: CandleBook, tick: Tick, intents: CandleIntent[]): void {
  assertTick(tick);
  if (tick.time > book.now) book.now = tick.time;
  const s = symbolState(book, tick.symbol);
  const tooOld = tick.time < book.now - book.options.dedupWindowMs;
  if (!tooOld && wasSeen(s, tick.time, tick.tradeId)) return;
  if (!tooOld) remember(s, tick.time, tick.tradeId);
  for (const [tf, series] of s.series) {
    closeIfEnded(book, series, tf, intents);
    const bucket = bucketStart(tick.time, tf);
    if (tooOld) intents.push({ type: 'late-trade-dropped-from-candle', tick, timeframe: tf, bucket, reason: 'past-dedup-window' });
    else addToSeries(book, series, tf, tick, bucket, intents);
  }
  if (s.seenTimes.length - s.head > 4096) pruneSeen(s, book.now - book.options.dedupWindowMs);
}

function addToSeries(book: CandleBook, series: SeriesState, tf: Timeframe, tick: Tick, bucket: number, intents: CandleIntent[]): void {
  const end = bucket + timeframeMs(tf);
  if (end > book.now) {
    // The current bucket: after closeIfEnded, `forming` is this bucket or empty.
    if (series.forming === undefined) series.forming = accFromTick(tick, tf, bucket);
    else accAddTick(series.forming, tick);
    intents.push({ type: 'candle.updated', candle: accToCandle(series.forming), closed: false });
    return;
  }
  if (book.now >= end + book.options.graceMs) {
    intents.push({ type: 'late-trade-dropped-from-candle', tick, timeframe: tf, bucket, reason: 'past-grace' });
    return;
  }
  const i = findClosed(series, bucket);
  const acc = series.history[i];
  if (acc !== undefined) accAddTick(acc, tick);
  else if (!insertClosed(series, accFromTick(tick, tf, bucket), book.options.historyLimit)) return;
  const changed = acc ?? series.history[findClosed(series, bucket)];
  if (changed !== undefined) intents.push({ type: 'candle.updated', candle: accToCandle(changed), closed: true });
}

function closeIfEnded(book: CandleBook, series: SeriesState, tf: Timeframe, intents: CandleIntent[]): void {
  const f = series.forming;
  if (f === undefined || f.time + timeframeMs(tf) > book.now) return;
  series.forming = undefined;
  if (insertClosed(series, f, book.options.historyLimit)) intents.push({ type: 'candle.closed', candle: accToCandle(f) });
}

/** True when the trade (time, id) is in the duplicate filter. */
function wasSeen(s: SymbolState, time: number, id: number): boolean {
  return s.seen.get(id) === time || (s.seenOther.size > 0 && s.seenOther.has(`${time}:${id}`));
}

/** Add the trade (time, id) to the duplicate filter. */
function remember(s: SymbolState, time: number, id: number): void {
  if (s.seen.has(id)) s.seenOther.add(`${time}:${id}`);
  else s.seen.set(id, time);
  s.seenTimes.push(time);
  s.seenIds.push(id);
}

function pruneSeen(s: SymbolState, horizon: number): void {
  const times = s.seenTimes;
  while (s.head < times.length && (times[s.head] ?? horizon) < horizon) {
    const id = s.seenIds[s.head] ?? 0;
    const time = times[s.head] ?? 0;
    if (s.seen.get(id) === time) s.seen.delete(id);
    else if (s.seenOther.size > 0) s.seenOther.delete(`${time}:${id}`);
    s.head++;
  }
  if (s.head > 1024 && s.head * 2 > times.length) {
    times.splice(0, s.head);
    s.seenIds.splice(0, s.head);
    s.head = 0;
  }
}

/** Closed candles of a series, ascending; the last `n` when given. */
export function closedCandles(book: CandleBook, symbol: string, tf: Timeframe, n?: number): Candle[] {
  const h = book.symbols.get(symbol)?.series.get(tf)?.history ?? [];
  const from = n === undefined ? 0 : Math.max(0, h.length - n);
  return h.slice(from).map(accToCandle);
}

/** The forming (not yet closed) candle, if any trade or seed fell in the current bucket. */
export function formingCandle(book: CandleBook, symbol: string, tf: Timeframe): Candle | undefined {
  const f = book.symbols.get(symbol)?.series.get(tf)?.forming;
  return f === undefined ? undefined : accToCandle(f);
}
