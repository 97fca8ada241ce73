/**
 * WS `trades` channel -> domain ticks (pacifica-api.md §1.3).
 */
import { z } from 'zod';
import type { Side, Tick, TradeCause, Venue, VenueTradeSide } from '../../engine/core/types.js';
import { epochMs, parseEach, positiveDecimal, symbol, type ParsedList } from './schema-primitives.js';

const TRADE_SIDES = ['open_long', 'open_short', 'close_long', 'close_short'] as const;
const CAUSES: readonly TradeCause[] = ['normal', 'market_liquidation', 'backstop_liquidation', 'settlement'];

/** Venue trade side, shared with REST `/trades` (`side`). */
export const venueTradeSide = z.enum(TRADE_SIDES);

/**
 * Taker side from the venue direction: opening a long or closing a short lifts the ask
 * (a buy); opening a short or closing a long hits the bid (a sell). pacifica-api.md §1.3 [I].
 */
export function takerSide(d: VenueTradeSide): Side {
  return d === 'open_long' || d === 'close_short' ? 'buy' : 'sell';
}

/**
 * An unknown cause keeps the trade (cause left undefined): price, amount and side are what
 * candles need, and a new venue cause value must not silently drop ticks.
 */
function toCause(tc: string | undefined): TradeCause | undefined {
  return CAUSES.find((c) => c === tc);
}

const tradeSchema = z.object({
  h: z.number().int().min(0),
  s: symbol,
  a: positiveDecimal,
  p: positiveDecimal,
  d: venueTradeSide,
  tc: z.string().optional(),
  t: epochMs,
});

/*
 * Sample (pacifica-api.md §1.3, DOCS subscriptions/trades.md):
 * {"channel":"trades","data":[{"h":80062522,"s":"BTC","a":"0.00001","p":"89471",
 *  "d":"close_short","tc":"normal","t":1765018379085,"li":1559885104,"it":0}]}
 */
/** Parse the `data` array of a trades push; invalid elements are counted, not thrown. */
export function parseTrades(data: unknown, venue: Venue, receivedAt: number): ParsedList<Tick> | null {
  return parseEach(data, tradeSchema, (r): Tick => {
    const cause = toCause(r.tc);
    return {
      time: r.t,
      symbol: r.s,
      tradeId: r.h,
      price: r.p,
      volume: r.a,
      side: takerSide(r.d),
      venue,
      receivedAt,
      ...(cause === undefined ? {} : { cause }),
    };
  });
}
