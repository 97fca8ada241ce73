/**
 * Internal state of the candle book: per symbol, per timeframe, the forming bucket and
 * a bounded, ascending history of closed buckets; per symbol, the trade keys seen
 * recently (duplicate filter). Shared by candle-book.ts and candle-seed.ts only.
 */
import type { Timeframe } from './types.js';
import type { CandleAcc } from './candle-acc.js';

/** Options of a candle book. */
export interface CandleBookOptions {
  /** Timeframes maintained. Fewer timeframes = less work per trade. */
  readonly timeframes: readonly Timeframe[];
  /**
   * How long after its close a bucket still accepts a late trade (ms). Later trades
   * are reported with `late-trade-dropped-from-candle`; the writer still stores the
   * tick and the app reloads that candle from SQL (a stored candle wins over live).
   */
  readonly graceMs: number;
  /**
   * How long trade keys are remembered to drop duplicates (ms, >= graceMs). A trade
   * older than this is dropped from every timeframe, because it can no longer be told
   * apart from a replay; the app reloads the candle from SQL as above.
   */
  readonly dedupWindowMs: number;
  /** Closed candles kept per symbol and timeframe. */
  readonly historyLimit: number;
}

export interface SeriesState {
  forming: CandleAcc | undefined;
  /** Closed buckets, ascending by time, at most historyLimit. */
  readonly history: CandleAcc[];
}

export interface SymbolState {
  readonly series: Map<Timeframe, SeriesState>;
  /**
   * Trades seen recently, trade id -> trade time: a tick is a duplicate when its id was seen
   * at the same time. Numbers, not `time:id` strings: at 1,000 trades/s a 60 s window holds
   * 60k entries, and string keys cost about three times the memory.
   */
  readonly seen: Map<number, number>;
  /** The rare trade whose id `seen` already holds at another time, as `time:id`. */
  readonly seenOther: Set<string>;
  /** Times and ids in arrival order (parallel arrays), for pruning `seen`; entries before `head` are gone. */
  readonly seenTimes: number[];
  readonly seenIds: number[];
  head: number;
}

/**
 * The candle book. Mutated in place by `reduceCandles` (see candle-book.ts for why);
 * treat it as opaque and read it through the exported accessors.
 */
export interface CandleBook {
  readonly options: CandleBookOptions;
  /** Candle clock: max of clock events and trade times seen (ms). */
  now: number;
  readonly symbols: Map<string, SymbolState>;
}

/** The symbol's state, created on first use. */
export function symbolState(book: CandleBook, symbol: string): SymbolState {
  let s = book.symbols.get(symbol);
  if (s === undefined) {
    s = { series: new Map(), seen: new Map(), seenOther: new Set(), seenTimes: [], seenIds: [], head: 0 };
    for (const tf of book.options.timeframes) s.series.set(tf, { forming: undefined, history: [] });
    book.symbols.set(symbol, s);
  }
  return s;
}

/** Index of the closed bucket at `time` in history, or -1. Searches from the end: late data is recent. */
export function findClosed(series: SeriesState, time: number): number {
  for (let i = series.history.length - 1; i >= 0; i--) {
    const t = series.history[i]?.time ?? Number.NaN;
    if (t === time) return i;
    if (t < time) return -1;
  }
  return -1;
}

/**
 * Insert a closed bucket in time order and trim to the limit. Returns false when the
 * history is full and the bucket is older than everything kept (nothing to do with it).
 */
export function insertClosed(series: SeriesState, acc: CandleAcc, limit: number): boolean {
  const h = series.history;
  let i = h.length;
  while (i > 0 && (h[i - 1]?.time ?? 0) > acc.time) i--;
  if (i === 0 && h.length >= limit) return false;
  h.splice(i, 0, acc);
  if (h.length > limit) h.splice(0, h.length - limit);
  return true;
}
