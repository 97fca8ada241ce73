/**
 * REST `/trades` -> RestTrade[] (pacifica-api.md §2.3). Each fill is listed once per side
 * (`fulfill_taker` and `fulfill_maker`); only the taker row is kept so a fill is not counted
 * twice, and its `side` gives the aggressor. The rows carry no history id.
 */
import { z } from 'zod';
import type { RestTrade } from '../../engine/ports/market-rest.js';
import { takerSide, venueTradeSide } from './parse-trades.js';
import { epochMs, parseEach, positiveDecimal, type ParsedList } from './schema-primitives.js';

const restTradeSchema = z.object({
  event_type: z.string(),
  price: positiveDecimal,
  amount: positiveDecimal,
  side: venueTradeSide,
  created_at: epochMs,
});

/*
 * Sample (pacifica-api.md §2.3 field list, GET /trades?symbol=BTC):
 * {"success":true,"data":[{"event_type":"fulfill_taker","price":"104721","amount":"0.0001",
 *  "side":"close_long","cause":"normal","created_at":1765018379085}],
 *  "error":null,"code":null,"last_order_id":1559885104}
 */
/** Parse `/trades` rows for `sym`: taker fills only, oldest first. */
export function parseRestTrades(data: unknown, sym: string): ParsedList<RestTrade> | null {
  const parsed = parseEach(data, restTradeSchema, (r) => r);
  if (!parsed) return null;
  const items = parsed.items
    .filter((r) => r.event_type === 'fulfill_taker')
    .map((r): RestTrade => ({ time: r.created_at, symbol: sym, price: r.price, amount: r.amount, side: takerSide(r.side) }))
    .sort((a, b) => a.time - b.time);
  return { items, invalid: parsed.invalid, sample: parsed.sample };
}
