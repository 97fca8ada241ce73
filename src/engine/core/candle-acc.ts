/**
 * One candle under construction. Keeps the (time, tradeId) of its open and close trades
 * so trades may arrive in any order: open = earliest by (time, tradeId), close = latest
 * by (time, tradeId), the same order the store uses for ticks. `pv` is Σ(price·amount),
 * so vwap = pv / volume at any point.
 *
 * Mutable on purpose and never exported out of the candle book: the hot path updates
 * six timeframes per trade and must not allocate six candles for it.
 */
import type { Candle, CandleSource, Tick, Timeframe } from './types.js';

/** Internal accumulator; see file comment. */
export interface CandleAcc {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly time: number;
  open: number;
  openT: number;
  openId: number;
  high: number;
  low: number;
  close: number;
  closeT: number;
  closeId: number;
  volume: number;
  pv: number;
  trades: number;
  buyVolume: number;
  sellVolume: number;
  source: CandleSource;
}

const before = (t1: number, id1: number, t2: number, id2: number): boolean => t1 < t2 || (t1 === t2 && id1 < id2);

/** A fresh accumulator holding one trade. */
export function accFromTick(tick: Tick, timeframe: Timeframe, bucket: number): CandleAcc {
  const buy = tick.side === 'buy';
  return {
    symbol: tick.symbol,
    timeframe,
    time: bucket,
    open: tick.price,
    openT: tick.time,
    openId: tick.tradeId,
    high: tick.price,
    low: tick.price,
    close: tick.price,
    closeT: tick.time,
    closeId: tick.tradeId,
    volume: tick.volume,
    pv: tick.price * tick.volume,
    trades: 1,
    buyVolume: buy ? tick.volume : 0,
    sellVolume: buy ? 0 : tick.volume,
    source: 'live',
  };
}

/** Fold one (already validated, not duplicate) trade into the accumulator. */
export function accAddTick(acc: CandleAcc, tick: Tick): void {
  if (before(tick.time, tick.tradeId, acc.openT, acc.openId)) {
    acc.open = tick.price;
    acc.openT = tick.time;
    acc.openId = tick.tradeId;
  }
  if (before(acc.closeT, acc.closeId, tick.time, tick.tradeId)) {
    acc.close = tick.price;
    acc.closeT = tick.time;
    acc.closeId = tick.tradeId;
  }
  if (tick.price > acc.high) acc.high = tick.price;
  if (tick.price < acc.low) acc.low = tick.price;
  acc.volume += tick.volume;
  acc.pv += tick.price * tick.volume;
  acc.trades += 1;
  if (tick.side === 'buy') acc.buyVolume += tick.volume;
  else acc.sellVolume += tick.volume;
  acc.source = 'live';
}

/**
 * Accumulator from a stored or backfill candle. Its open is pinned as the earliest
 * possible trade of the bucket and its close as the earliest too, so a later live trade
 * in the same bucket becomes the close but never the open (the stored open really was
 * the first trade we know of).
 */
export function accFromCandle(c: Candle): CandleAcc {
  return {
    symbol: c.symbol,
    timeframe: c.timeframe,
    time: c.time,
    open: c.open,
    openT: Number.NEGATIVE_INFINITY,
    openId: Number.NEGATIVE_INFINITY,
    high: c.high,
    low: c.low,
    close: c.close,
    closeT: Number.NEGATIVE_INFINITY,
    closeId: Number.NEGATIVE_INFINITY,
    volume: c.volume,
    pv: c.vwap * c.volume,
    trades: c.trades,
    buyVolume: c.buyVolume,
    sellVolume: c.sellVolume,
    source: c.source,
  };
}

/** Immutable snapshot of the accumulator. vwap equals close when volume is 0. */
export function accToCandle(acc: CandleAcc): Candle {
  return {
    symbol: acc.symbol,
    timeframe: acc.timeframe,
    time: acc.time,
    open: acc.open,
    high: acc.high,
    low: acc.low,
    close: acc.close,
    volume: acc.volume,
    vwap: acc.volume > 0 ? acc.pv / acc.volume : acc.close,
    trades: acc.trades,
    buyVolume: acc.buyVolume,
    sellVolume: acc.sellVolume,
    source: acc.source,
  };
}
