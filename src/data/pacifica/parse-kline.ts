/**
 * REST `/kline` rows -> Candle (pacifica-api.md §2.3, same fields as the WS `candle` push).
 * The venue gives no VWAP and no taker split, so:
 * - `vwap` is the typical price (h+l+c)/3, a standard stand-in that always lies in [l, h];
 *   it is the close when the candle has no volume, as the Candle type requires.
 * - `buyVolume` and `sellVolume` are 0: unknown, not "no buyers". Live candles built from
 *   trades carry the real split.
 */
import { z } from 'zod';
import type { Candle, Timeframe } from '../../engine/core/types.js';
import { epochMs, nonNegativeDecimal, parseEach, positiveDecimal, symbol, type ParsedList } from './schema-primitives.js';

const klineSchema = z
  .object({
    t: epochMs,
    T: epochMs,
    s: symbol,
    i: z.string(),
    o: positiveDecimal,
    c: positiveDecimal,
    h: positiveDecimal,
    l: positiveDecimal,
    v: nonNegativeDecimal,
    n: z.number().int().min(0),
  })
  .refine((k) => k.l <= Math.min(k.o, k.c) && k.h >= Math.max(k.o, k.c), 'low/high do not bound open/close');

/*
 * Sample (pacifica-api.md §1.3 candle / §2.3 kline, GET /kline?symbol=SOL&interval=1m&start_time=...):
 * {"success":true,"data":[{"t":1749052260000,"T":1749052320000,"s":"SOL","i":"1m",
 *  "o":"157.3","c":"157.32","h":"157.32","l":"157.3","v":"1.22","n":8}],"error":null,"code":null}
 */
/** Parse kline rows of one interval; rows of another interval or with corrupt OHLC are invalid. */
export function parseKlines(data: unknown, timeframe: Timeframe): ParsedList<Candle> | null {
  const schema = klineSchema.refine((k) => k.i === timeframe, 'unexpected interval');
  return parseEach(data, schema, (k): Candle => ({
    symbol: k.s,
    timeframe,
    time: k.t,
    open: k.o,
    high: k.h,
    low: k.l,
    close: k.c,
    volume: k.v,
    vwap: k.v > 0 ? (k.h + k.l + k.c) / 3 : k.c,
    trades: k.n,
    buyVolume: 0,
    sellVolume: 0,
    source: 'backfill',
  }));
}
